"""Decision thresholds for multi-label classifiers, and the held-out articles they are fitted on.

Shared by training (``presswatch train persuasion``, ``persuasion_light``, ``persuasion_spans``), which
fits the shipped thresholds, and by evaluation (``presswatch eval persuasion --crossfit-thresholds``),
which refits them fold by fold to estimate how they do on unseen articles.
"""

from __future__ import annotations

import random
from typing import Any


def split_articles(articles: list[str], fraction: float, seed: int) -> set[str]:
    """The held-out (calibration) articles: a seeded sample of ``fraction`` of them."""
    arts = sorted(set(articles))
    rng = random.Random(seed)
    rng.shuffle(arts)
    k = max(1, round(fraction * len(arts))) if fraction > 0 else 0
    return set(arts[:k])


def calibrate_thresholds(probs: list[list[float]], gold: list[list[int]], labels: list[str],
                         min_pos: int = 25) -> tuple[float, dict[str, float], dict[str, Any]]:
    """A global threshold maximising micro-F1, then one per technique maximising that technique's
    F1 where it has at least ``min_pos`` held-out positives (otherwise the global one)."""
    import numpy as np

    pm = np.asarray(probs, dtype=np.float64)
    ym = np.asarray(gold, dtype=np.int8)
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)

    def micro(th: np.ndarray) -> float:
        pred = pm >= th
        tp = float((pred & (ym == 1)).sum())
        fp = float((pred & (ym == 0)).sum())
        fn = float((~pred & (ym == 1)).sum())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    best_g, best_f = 0.5, -1.0
    for g in grid:
        f = micro(np.full(pm.shape[1], g))
        if f > best_f:
            best_g, best_f = float(g), f
    per: dict[str, float] = {}
    for j, lab in enumerate(labels):
        pos = int(ym[:, j].sum())
        if pos < min_pos:
            per[lab] = best_g
            continue
        bf, bt = -1.0, best_g
        for t in grid:
            pred = pm[:, j] >= t
            tp = float((pred & (ym[:, j] == 1)).sum())
            fp = float((pred & (ym[:, j] == 0)).sum())
            fn = float((~pred & (ym[:, j] == 1)).sum())
            f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f > bf + 1e-9:
                bf, bt = f, float(t)
        per[lab] = bt
    th_vec = np.asarray([per[lab] for lab in labels])
    info = {"global_threshold": best_g, "holdout_micro_f1_global": best_f,
            "holdout_micro_f1_per_technique": micro(th_vec)}
    # per-technique thresholds are kept only if they do not lower held-out micro-F1
    if info["holdout_micro_f1_per_technique"] < best_f:
        per = {lab: best_g for lab in labels}
        info["per_technique_dropped"] = True
    return best_g, per, info
