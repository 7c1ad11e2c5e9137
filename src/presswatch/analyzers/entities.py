"""Named entities: spaCy's statistical NER in English (PERSON, ORG, GPE, LOC, DATE, ...), slovnet's in Russian.

slovnet tags persons, organisations and locations only (PER, ORG, LOC); they are given spaCy's labels (PERSON,
ORG, LOC) so that the output reads the same in every language, with the name in the nominative in
``attrs["normal"]`` ("Нагорном Карабахе" -> "Нагорный Карабах").
"""

from __future__ import annotations

from presswatch.analyzers import Resources
from presswatch.model import Document, Span

RU_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


class EntitiesAnalyzer:
    name = "entities"
    version = "2"
    languages: set[str] | None = {"en", "ru"}

    def annotate(self, doc: Document, resources: Resources) -> list[Span]:
        if doc.language == "ru":
            parsed = resources.parse(doc)
            return [
                Span(e.start, e.end, RU_LABELS.get(e.label, e.label), self.name, {"text": e.text, "normal": e.normal})
                for e in parsed.ents
            ]
        parsed = resources.spacy_doc(doc)
        return [Span(ent.start_char, ent.end_char, ent.label_, self.name, {"text": ent.text}) for ent in parsed.ents]
