"""Character n-gram TF-IDF features and the linear model over them, shared by the light models (numpy only).

:func:`char_wb_ngrams` makes the n-grams scikit-learn's ``analyzer="char_wb"`` makes, so that a model fitted
with scikit-learn (or with the numpy fitters of :mod:`presswatch.train.persuasion_light`) is applied here
without it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s\s+")


def char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams scikit-learn's ``analyzer="char_wb"`` makes (after lowercasing), in its order."""
    text = _WS.sub(" ", text.lower())
    out: list[str] = []
    for w in text.split():
        w = " " + w + " "
        wl = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < wl:
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:
                break
    return out


class CharNgramModel:
    """A linear model over character n-grams: the n-grams of :func:`char_wb_ngrams` weighted by sublinear
    TF-IDF and L2-normalised (as scikit-learn's ``TfidfVectorizer(analyzer="char_wb", sublinear_tf=True)``),
    then one linear layer. Read from an ``.npz`` (``vocab``, ``idf``, ``coef`` of shape (features, outputs),
    ``intercept``) and its metadata (``ngram_range``, default 3-5). What the light technique models, the
    genre models (:mod:`presswatch.analyzers.techniques.light`) and the frames models
    (:mod:`presswatch.analyzers.frames`) share; numpy only."""

    def __init__(self, npz: Path, meta: dict[str, Any]) -> None:
        import numpy as np

        z = np.load(npz, allow_pickle=False)
        self.vocab = {str(t): i for i, t in enumerate(z["vocab"].tolist())}
        self.idf = z["idf"].astype(np.float32)
        self.coef = z["coef"].astype(np.float32)  # (features, outputs)
        self.intercept = z["intercept"].astype(np.float32)
        self.min_n, self.max_n = (int(x) for x in meta.get("ngram_range", (3, 5)))
        self.meta = meta

    def features(self, text: str) -> tuple[Any, Any]:
        """Column indices and TF-IDF weights (sublinear tf, L2-normalised) of ``text``."""
        import numpy as np

        counts: dict[int, int] = {}
        for g in char_wb_ngrams(text, self.min_n, self.max_n):
            j = self.vocab.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        w = (1.0 + np.log(tf)) * self.idf[cols]
        w /= float(np.linalg.norm(w)) or 1.0
        return cols, w

    def logits(self, text: str) -> Any:
        """The linear layer's outputs (one per label or class) for ``text``."""
        cols, w = self.features(text)
        return self.intercept + (w @ self.coef[cols] if len(cols) else 0.0)
