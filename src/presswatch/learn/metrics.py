"""Precision, recall and F1 (pure Python), shared by every evaluation: from counts (:func:`prf`, :func:`prf_dict`,
:func:`f1_counts`) or from a precision and a recall (:func:`f1`); for single-label classification the confusion
matrix, per-class figures and macro-F1; for multi-label sets micro- and macro-F1; and the weighted score of the
Fake News Challenge (FNC-1) stance task.

Each function keeps the arithmetic the evaluations used before they shared it (``2 * p * r / (p + r)`` from a
precision and a recall, ``2 * tp / (2 * tp + fp + fn)`` from counts), so that their printed figures stay the same
to the last digit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def ratio(num: float, den: float) -> float:
    """``num / den``, 0 when ``den`` is 0."""
    return num / den if den else 0.0


def f1(p: float, r: float) -> float:
    """The harmonic mean of a precision and a recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives, false positives and false negatives (0 where undefined)."""
    p = ratio(tp, tp + fp)
    r = ratio(tp, tp + fn)
    return p, r, f1(p, r)


def prf_dict(tp: int, fp: int, fn: int, *, digits: int = 4, short: bool = False) -> dict[str, float | int]:
    """:func:`prf` rounded to ``digits``, with the counts: keys ``precision``, ``recall``, ``f1`` (``p``, ``r``,
    ``f1`` when ``short``), ``tp``, ``fp``, ``fn``."""
    p, r, f = prf(tp, fp, fn)
    names = ("p", "r") if short else ("precision", "recall")
    return {names[0]: round(p, digits), names[1]: round(r, digits), "f1": round(f, digits),
            "tp": tp, "fp": fp, "fn": fn}


def f1_counts(tp: float, fp: float, fn: float, *, empty: float = 0.0) -> float:
    """F1 as ``2 tp / (2 tp + fp + fn)``; ``empty`` when there is nothing to count (no gold, no prediction): 0, or 1
    where a class neither in the gold nor predicted counts as perfect (the SemEval-2023 Task 3 scorers)."""
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if denom else empty


def multilabel_micro_f1(Y: Any, P: Any) -> float:
    """Micro-F1 of binary indicator matrices (gold ``Y``, predicted ``P``; numpy arrays, items x labels)."""
    tp = float((Y * P).sum())
    fp = float(((1 - Y) * P).sum())
    fn = float((Y * (1 - P)).sum())
    return f1_counts(tp, fp, fn)


def multilabel_macro_f1(Y: Any, P: Any) -> float:
    """Mean per-label F1 of binary indicator matrices (a label neither in the gold nor predicted counts 1, as the
    SemEval-2023 Task 3 scorer)."""
    out = []
    for j in range(Y.shape[1]):
        tp = float((Y[:, j] * P[:, j]).sum())
        fp = float(((1 - Y[:, j]) * P[:, j]).sum())
        fn = float((Y[:, j] * (1 - P[:, j])).sum())
        out.append(f1_counts(tp, fp, fn, empty=1.0))
    return sum(out) / len(out)


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """``m[i][j]``: how many items of gold class ``labels[i]`` were predicted ``labels[j]``."""
    ix = {lab: i for i, lab in enumerate(labels)}
    m = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        m[ix[g]][ix[p]] += 1
    return m


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each class (0 where undefined)."""
    m = confusion(gold, pred, labels)
    out = {}
    for i, lab in enumerate(labels):
        tp = m[i][i]
        fp = sum(m[r][i] for r in range(len(labels))) - tp
        fn = sum(m[i]) - tp
        p, r, f = prf(tp, fp, fn)
        out[lab] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    """Mean F1 over ``labels``."""
    per = per_class(gold, pred, labels)
    return sum(v["f1"] for v in per.values()) / len(labels)


def fnc_score(gold: Sequence[str], pred: Sequence[str], unrelated: str = "unrelated") -> tuple[float, float]:
    """FNC-1's weighted score as its official scorer computes it, and its maximum for ``gold``: per pair, +0.25
    when gold and prediction are both ``unrelated`` or both related (any other label); +0.75 more when the gold
    is related and the prediction equals it. The competition reports ``100 * score / maximum``."""
    score = 0.0
    best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == unrelated else 1.0
        if (g == unrelated) == (p == unrelated):
            score += 0.25
            if g != unrelated and g == p:
                score += 0.75
    return score, best


def summary(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """FNC score (raw, maximum, relative %), accuracy, macro-F1, per-class figures and the confusion matrix."""
    score, best = fnc_score(gold, pred)
    per = per_class(gold, pred, labels)
    n = len(gold)
    return {
        "pairs": n,
        "fnc_score": round(score, 2),
        "fnc_max": round(best, 2),
        "fnc_relative": round(100.0 * score / best, 2) if best else 0.0,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per.values()) / len(labels), 4),
        "per_class": {k: {m: round(x, 4) if isinstance(x, float) else x for m, x in v.items()} for k, v in per.items()},
        "labels": list(labels),
        "confusion": confusion(gold, pred, labels),
    }
