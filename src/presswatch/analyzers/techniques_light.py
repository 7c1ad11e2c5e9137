"""Light per-language persuasion-technique models (numpy only) for languages the transformer does not read.

One model per language: character n-grams (3-5, within word boundaries, lowercased) weighted by
sublinear TF-IDF and L2-normalised, then one logistic regression per technique, thresholds
calibrated on held-out training articles. Trained by :mod:`presswatch.train.persuasion_light` on the
SemEval-2023 Task 3 training paragraphs of that language; stored as
``models/persuasion/light/<lang>.npz`` (vocabulary, idf, weights) + ``<lang>.json`` (labels,
thresholds, scores). Far weaker than the English transformer (see the model card): it is a first
look for French, German, Italian, Polish and Russian texts, not a verdict.
"""

from __future__ import annotations

import json
import re
import threading
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


class _CharNgramModel:
    """What the technique and genre models share: a char n-gram TF-IDF vocabulary and linear weights,
    read from ``models/persuasion/light/<prefix><lang>.npz`` + ``.json`` and cached per file."""

    prefix = ""
    _cache: dict[str, Any] = {}
    _lock = threading.Lock()

    def __init__(self, npz: Path, meta: dict[str, Any]) -> None:
        import numpy as np

        z = np.load(npz, allow_pickle=False)
        self.vocab = {str(t): i for i, t in enumerate(z["vocab"].tolist())}
        self.idf = z["idf"].astype(np.float32)
        self.coef = z["coef"].astype(np.float32)  # (features, outputs)
        self.intercept = z["intercept"].astype(np.float32)
        self.min_n, self.max_n = (int(x) for x in meta.get("ngram_range", (3, 5)))
        self.meta = meta

    @classmethod
    def load(cls, model_dir: Path, lang: str) -> Any:
        """The model for ``lang`` under ``model_dir``, or None when it is not shipped."""
        npz = model_dir / "light" / f"{cls.prefix}{lang}.npz"
        mf = model_dir / "light" / f"{cls.prefix}{lang}.json"
        if not npz.is_file() or not mf.is_file():
            return None
        key = str(npz.resolve())
        with cls._lock:
            if key not in cls._cache:
                cls._cache[key] = cls(npz, json.loads(mf.read_text(encoding="utf-8")))
            return cls._cache[key]

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
        cols, w = self.features(text)
        return self.intercept + (w @ self.coef[cols] if len(cols) else 0.0)


class LightModel(_CharNgramModel):
    """Per-technique logistic regressions with calibrated thresholds."""

    def __init__(self, npz: Path, meta: dict[str, Any]) -> None:
        import numpy as np

        super().__init__(npz, meta)
        self.labels: list[str] = list(meta["labels"])
        self.thresholds = np.asarray([float(meta["thresholds"][k]) for k in self.labels], dtype=np.float32)
        self.lang = meta.get("lang", "")
        self.version = meta.get("version", "")

    def predict_proba(self, texts: list[str]) -> list[Any]:
        import numpy as np

        return [1.0 / (1.0 + np.exp(-self.logits(t))) for t in texts]

    def decide(self, probs: Any) -> list[tuple[str, float]]:
        hits = [(self.labels[i], float(p)) for i, p in enumerate(probs) if p >= self.thresholds[i]]
        return sorted(hits, key=lambda x: -x[1])


class GenreModel(_CharNgramModel):
    """Document genre (opinion / reporting / satire): character n-gram TF-IDF + softmax regression,
    trained on SemEval-2023 Task 3 subtask-1 labels (``models/persuasion/light/genre-<lang>.npz``)."""

    prefix = "genre-"

    def __init__(self, npz: Path, meta: dict[str, Any]) -> None:
        super().__init__(npz, meta)
        self.classes: list[str] = list(meta["classes"])

    def predict(self, text: str) -> dict[str, Any]:
        import numpy as np

        z = self.logits(text)
        p = np.exp(z - z.max())
        p /= p.sum()
        k = int(p.argmax())
        return {"label": self.classes[k], "confidence": round(float(p[k]), 4),
                "scores": {c: round(float(x), 4) for c, x in zip(self.classes, p, strict=True)}}
