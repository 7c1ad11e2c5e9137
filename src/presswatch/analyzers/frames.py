"""Framing: which of the 14 SemEval-2023 frames (Economic, Security and defense, Political, ...) an article
uses, per language (en, fr, de, it, pl, ru), as a document-level summary (no spans).

The models (``models/frames/frames-<lang>.npz`` + ``.json``) are character n-gram TF-IDF logistic
regressions trained by ``presswatch train frames``; ``presswatch eval frames`` scores them. A language
without a model is reported as not analysed, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from presswatch.analyzers import DocumentAnalyzer
from presswatch.model import Document

EXPLANATIONS = {
    "Economic": "costs, benefits, money, jobs, markets",
    "Capacity_and_resources": "whether there is enough of something (people, money, equipment, time)",
    "Morality": "right and wrong, religious or ethical duty",
    "Fairness_and_equality": "who gets what, equal or unequal treatment",
    "Legality_Constitutionality_and_jurisprudence": "laws, courts, rights, what is legal",
    "Policy_prescription_and_evaluation": "what should be done, whether a policy works",
    "Crime_and_punishment": "breaking the law, policing, sentences",
    "Security_and_defense": "threats, war, the military, protection",
    "Health_and_safety": "health care, disease, accidents, safety",
    "Quality_of_life": "how people live, well-being, daily life",
    "Cultural_identity": "traditions, language, customs, who a people are",
    "Public_opinion": "what the public or voters think, polls, protests",
    "Political": "parties, politicians, elections, political manoeuvres",
    "External_regulation_and_reputation": "a country's standing abroad, foreign relations, international bodies",
}


class FramesModel:
    """One language's frames model, loaded once per file."""

    _cache: dict[str, FramesModel] = {}

    def __init__(self, npz: Path, meta: dict[str, Any]) -> None:
        from presswatch.nlp.charngram import CharNgramModel

        self.base = CharNgramModel(npz, meta)  # the char n-gram TF-IDF + linear layer the light models share
        self.labels: list[str] = list(meta["labels"])
        self.threshold = float(meta["threshold"])
        self.lang = meta.get("lang", "")

    @classmethod
    def load(cls, lang: str, model_dir: Path | None = None) -> FramesModel | None:
        import json

        from presswatch.resources import find_model

        mf = model_dir / f"frames-{lang}.json" if model_dir else find_model("frames", f"frames-{lang}.json")
        npz = mf.with_suffix(".npz")
        if not npz.is_file() or not mf.is_file():
            return None
        key = str(npz.resolve())
        if key not in cls._cache:
            cls._cache[key] = cls(npz, json.loads(mf.read_text(encoding="utf-8")))
        return cls._cache[key]

    def predict(self, text: str) -> dict[str, Any]:
        import numpy as np

        p = 1.0 / (1.0 + np.exp(-self.base.logits(text)))
        chosen = [j for j in np.argsort(-p) if p[j] >= self.threshold] or [int(p.argmax())]
        return {
            "labels": "; ".join(self.labels[j] for j in chosen),  # one string: CSV exports and report tables
            "frames": [{"frame": self.labels[j], "confidence": round(float(p[j]), 4),
                        "explanation": EXPLANATIONS.get(self.labels[j], "")} for j in chosen],
            "scores": {f: round(float(x), 4) for f, x in zip(self.labels, p, strict=True)},
            "threshold": self.threshold,
        }


class FramesAnalyzer(DocumentAnalyzer):
    name = "frames"
    version = "0.1.0"

    def summarize(self, doc: Document) -> dict[str, Any]:
        lang = doc.language or "en"
        if not doc.text.strip():
            return {"analysed": False, "reason": "empty text"}
        m = FramesModel.load(lang, self._model_dir)
        if m is None:
            return {"analysed": False, "reason": f"no frames model for language {lang!r}"}
        return {"analysed": True, "model": f"frames-{lang}", **m.predict(doc.text)}
