"""The units a text is read in for stance: its sentences, lines kept apart, with character offsets."""

from __future__ import annotations

import re

from presswatch.nlp.sentences import split_sentences

MAX_UNITS = 80  # a longer text is read up to its 80th sentence
_LINE = re.compile(r"[^\n]+")


def sentences(text: str, max_units: int = MAX_UNITS) -> list[tuple[int, int]]:
    """(start, end) of the first ``max_units`` sentences of ``text``: each line is split into sentences
    (:func:`presswatch.nlp.sentences.split_sentences`); a line break always ends a sentence."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        base = m.start()
        for a, b in split_sentences(m.group()):
            out.append((base + a, base + b))
            if len(out) >= max_units:
                return out
    return out
