"""Persuasion techniques (SemEval-2023 Task 3 taxonomy), offline on a CPU.

- :mod:`~presswatch.analyzers.techniques.analyzer`: the ``techniques`` analyzer and the per-document profile;
- :mod:`~presswatch.analyzers.techniques.sentence_model`: the English transformer (sentence and token heads);
- :mod:`~presswatch.analyzers.techniques.span_tagger`: the technique-blind span tagger and span decoding;
- :mod:`~presswatch.analyzers.techniques.rules`: the general rules over technique spans;
- :mod:`~presswatch.analyzers.techniques.light`: the light character-n-gram models (fr, de, it, pl, ru);
- :mod:`~presswatch.analyzers.techniques.taxonomy`: the 23 techniques, their families and explanations.
"""

from presswatch.analyzers.techniques.analyzer import (
    LIGHT_LANGUAGES,
    NAME,
    TechniquesAnalyzer,
    count_words,
    profile,
)
from presswatch.analyzers.techniques.sentence_model import MODEL_ENV, TechniqueModel, default_model_dir

__all__ = [
    "LIGHT_LANGUAGES",
    "MODEL_ENV",
    "NAME",
    "TechniqueModel",
    "TechniquesAnalyzer",
    "count_words",
    "default_model_dir",
    "profile",
]
