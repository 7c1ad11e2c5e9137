"""Named entities from spaCy's statistical NER (PERSON, ORG, GPE, LOC, DATE, ...)."""

from __future__ import annotations

from presswatch.analyzers import Resources
from presswatch.model import Document, Span


class EntitiesAnalyzer:
    name = "entities"
    version = "1"
    languages: set[str] | None = {"en"}

    def annotate(self, doc: Document, resources: Resources) -> list[Span]:
        parsed = resources.spacy_doc(doc)
        return [
            Span(ent.start_char, ent.end_char, ent.label_, self.name, {"text": ent.text})
            for ent in parsed.ents
        ]
