"""Single-label classification measures (pure Python): confusion matrix, per-class precision / recall / F1,
macro-F1, and the weighted score of the Fake News Challenge (FNC-1) stance task."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}
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
