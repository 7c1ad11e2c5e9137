"""The shared precision / recall / F1 (presswatch.learn.metrics): the figures the evaluations printed before they
shared it, to the last bit."""

from __future__ import annotations

import itertools

import pytest

from presswatch.learn.metrics import f1, f1_counts, per_class, prf, prf_dict, ratio

COUNTS = list(itertools.product(range(0, 7), range(0, 5), range(0, 5)))


def test_prf_from_counts():
    assert prf(3, 1, 2) == (0.75, 0.6, pytest.approx(2 * 0.75 * 0.6 / 1.35))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 4, 0) == (0.0, 0.0, 0.0)
    assert prf(5, 0, 0) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize(("tp", "fp", "fn"), COUNTS)
def test_prf_is_bit_for_bit_the_inline_arithmetic_it_replaced(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    assert prf(tp, fp, fn) == (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    # eval geo wrote tp / max(1, tp + fp) and 2pr / max(1e-9, p + r)
    assert prf(tp, fp, fn) == (tp / max(1, tp + fp), tp / max(1, tp + fn), 2 * p * r / max(1e-9, p + r))
    # eval extraction, learn.genre, eval persuasion: F1 from counts
    assert f1_counts(tp, fp, fn) == (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    assert f1_counts(tp, fp, fn, empty=1.0) == (2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 1.0)


def test_prf_dict_rounds_and_keeps_the_counts():
    assert prf_dict(2, 1, 0) == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0}
    assert prf_dict(2, 1, 0, short=True, digits=2) == {"p": 0.67, "r": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0}
    assert prf_dict(0, 0, 3)["f1"] == 0.0


def test_f1_and_ratio():
    assert f1(0.5, 0.5) == 0.5
    assert f1(0.0, 0.0) == 0.0
    assert f1(1.0, 0.0) == 0.0
    assert ratio(1, 4) == 0.25
    assert ratio(3, 0) == 0.0
    assert ratio(2.5, 5.0) == 0.5  # fractional counts (overlap credit)


def test_f1_counts_of_an_empty_class():
    assert f1_counts(0, 0, 0) == 0.0
    assert f1_counts(0, 0, 0, empty=1.0) == 1.0
    assert f1_counts(0, 2, 1, empty=1.0) == 0.0
    assert f1_counts(2, 0, 1) == 0.8


def test_per_class_uses_the_same_figures():
    gold = ["a", "a", "b", "c"]
    pred = ["a", "b", "b", "b"]
    per = per_class(gold, pred, ["a", "b", "c"])
    assert (per["b"]["precision"], per["b"]["recall"], per["b"]["f1"]) == prf(1, 2, 0)
    assert per["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
