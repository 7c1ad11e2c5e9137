"""Named entities: spaCy's statistical NER in English (PERSON, ORG, GPE, LOC, DATE, ...), slovnet's in Russian,
presswatch's own model in Armenian (``models/ner-hy``, when shipped; loaded on the first Armenian text).

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
    version = "3"
    reads_parse = True  # reads Resources.spacy_doc: its headline is parsed with the batch (Resources.prepare)

    @property
    def languages(self) -> set[str]:
        """English and Russian; Armenian where its model is shipped (else Armenian texts say it was skipped)."""
        from presswatch.nlp.hy import model_available

        return {"en", "ru", "hy"} if model_available() else {"en", "ru"}

    def annotate(self, doc: Document, resources: Resources) -> list[Span]:
        if doc.language in ("ru", "hy"):
            parsed = resources.parse(doc)
            return [
                Span(e.start, e.end, RU_LABELS.get(e.label, e.label), self.name, {"text": e.text, "normal": e.normal})
                for e in parsed.ents
            ]
        parsed = resources.spacy_doc(doc)
        return [Span(ent.start_char, ent.end_char, ent.label_, self.name, {"text": ent.text}) for ent in parsed.ents]
