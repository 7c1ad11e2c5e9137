"""Character n-gram TF-IDF features and the linear model over them, shared by the light models (numpy only).

:func:`char_wb_ngrams` makes the n-grams scikit-learn's ``analyzer="char_wb"`` makes, so that a model fitted
with scikit-learn (or with the numpy fitters of :mod:`presswatch.train.persuasion_light`) is applied here
without it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s\s+")


def char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams scikit-learn's ``analyzer="char_wb"`` makes (after lowercasing), in its order."""
    out: list[str] = []
    for w in _words(text):
        _word_ngrams(w, min_n, max_n, out)
    return out


def _words(text: str) -> list[str]:
    """The words :func:`char_wb_ngrams` reads, in order."""
    return _WS.sub(" ", text.lower()).split()


def _word_ngrams(w: str, min_n: int, max_n: int, out: list[str]) -> None:
    """Append the n-grams of word ``w`` (padded with a space each side) to ``out``, in :func:`char_wb_ngrams`' order."""
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

        # the n-grams of each distinct word, counted as often as the word occurs: a word's n-grams come in one
        # order, and the words in the order of their first occurrence give each n-gram's first occurrence in the
        # order char_wb_ngrams gives it, so that the weights are summed in the same order
        counts: dict[int, int] = {}
        get = self.vocab.get
        grams: list[str] = []
        for w, k in Counter(_words(text)).items():
            grams.clear()
            _word_ngrams(w, self.min_n, self.max_n, grams)
            for g in grams:
                j = get(g)
                if j is not None:
                    counts[j] = counts.get(j, 0) + k
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
