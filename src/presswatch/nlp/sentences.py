"""A light rule-based sentence splitter (no model): character offsets of the sentences of a text.

Used where a sentence is the unit a model was trained on (the persuasion model reads one sentence at
a time, as the SemEval gold of its evaluation does). A boundary is a run of ``.``, ``!``, ``?`` or
``…`` (optionally followed by closing quotes or brackets), then white space, then what can start a
sentence (a capital, a digit, an opening quote or bracket, a dash). Common abbreviations ("Mr.",
"U.S.", "Jan.") and single initials ("J. Smith") do not end a sentence; neither does a line break
alone. Works on Latin (Azerbaijani capitals included), Cyrillic and Armenian script (the Armenian full stop "։").
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(
    r"""(?:[.!?\u2026\u0589]+)["'\u201d\u2019\u00bb)\]]*(?=\s+["'\u201c\u2018\u00ab(\[\u2014\u2013-]*"""
    r"""[A-Z0-9\u0400-\u042f\u00c0-\u00de\u0130\u015e\u011e\u018f\u0531-\u0556])"""
)
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "st",
    "jr", "sr", "vs", "etc", "no", "nos", "inc", "ltd", "co", "corp", "dept", "est", "fig", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c",
}
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 64), dot)  # a bounded look back: linear on long texts
    if not m:
        return False
    word = m.group(1).strip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith"
    return word.lower() in _ABBREV


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped of surrounding white space; a text
    without a boundary is one sentence; an empty or blank text has none."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, m.start()):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    from presswatch.model import strip_range

    return [(a, b) for a, b in (strip_range(text, a0, b0) for a0, b0 in out) if b > a]
