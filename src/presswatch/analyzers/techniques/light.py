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
import threading
from pathlib import Path
from typing import Any

from presswatch.nlp.charngram import CharNgramModel


class _LightFile(CharNgramModel):
    """A char n-gram model shipped as ``models/persuasion/light/<prefix><lang>.npz`` + ``.json``, loaded
    once per file."""

    prefix = ""
    _cache: dict[str, Any] = {}
    _lock = threading.Lock()

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


class LightModel(_LightFile):
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
