"""A light, rule-based NLP layer for languages without a parser of their own (Azerbaijani, Armenian).

Tokens and sentences with character offsets, in the shape of :class:`presswatch.nlp.ru.RuParse` (``tokens``,
``sents`` as token ranges, ``ents``, :meth:`LightParse.sentence_spans`), so that analyzers read any language's
parse alike. A language module (:mod:`presswatch.nlp.az`, :mod:`presswatch.nlp.hy`) gives its word pattern, its
sentence-final marks, its abbreviations and its lower-casing; this module does the cutting. No model is loaded
here; Armenian entities come from an optional model (:mod:`presswatch.nlp.hy`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presswatch.model import strip_range

# quotes and brackets that may close a sentence after its final mark, and open the next one
CLOSERS = "\"'\u201d\u2019\u00bb)]"
OPENERS = "\"'\u201c\u201e\u2018\u00ab([\u2014\u2013-"


@dataclass(slots=True)
class LightToken:
    """One token: ``text[start:end]``; ``norm`` is the word lower-cased by its language's rules, less the marks
    written over a letter (Armenian ՛ ՜ ՞); ``sent`` the index of its sentence."""

    i: int
    text: str
    start: int
    end: int
    norm: str
    sent: int
    is_word: bool


@dataclass(slots=True)
class LightEntity:
    start: int
    end: int
    label: str  # PER, LOC or ORG
    text: str
    normal: str  # the name as written (no morphology here)


class Sentences:
    """What every parse of a text (light, Russian) offers on top of its ``tokens`` (with character ``start`` and
    ``end``) and ``sents`` (first token, end token): the sentences' character ranges."""

    __slots__ = ()
    tokens: list[Any]
    sents: list[tuple[int, int]]

    def sentence_spans(self) -> list[tuple[int, int]]:
        """Character ranges of the sentences."""
        return [(self.tokens[a].start, self.tokens[b - 1].end) for a, b in self.sents if b > a]


@dataclass(slots=True)
class LightParse(Sentences):
    """The analysis of one text; all offsets are character offsets into ``text``."""

    text: str
    lang: str
    tokens: list[LightToken] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)  # (first token, end token) of each sentence
    ents: list[LightEntity] = field(default_factory=list)

    def words(self) -> list[LightToken]:
        return [t for t in self.tokens if t.is_word]


@dataclass(frozen=True, slots=True)
class Language:
    """What :func:`parse` needs to know of a language."""

    code: str
    word: re.Pattern[str]  # a word (letters, digits, inner hyphens and apostrophes)
    terminals: str  # marks that end a sentence
    abbreviations: frozenset[str]  # lower-cased words that a full stop after does not end a sentence
    lower: Callable[[str], str]
    marks: str = ""  # marks written inside a word that ``norm`` drops
    soft_terminals: str = ""  # marks that end a sentence only before a capital (Armenian texts typed with ":")
    hard_terminals: str = ""  # marks that end a sentence whatever follows (the Armenian full stop)


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in OPENERS


def split_sentences(text: str, lang: Language) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: a run of final marks (and closing quotes) followed by white space
    and what can start a sentence (a capital, a digit, an opening quote or dash), or a blank line; a full stop after
    an abbreviation or a single capital (an initial) does not end one."""
    marks = re.escape(lang.terminals + lang.soft_terminals)
    boundary = re.compile(rf"[{marks}]+[{re.escape(CLOSERS)}]*(?=\s)|\n[ \t]*\n")
    out: list[tuple[int, int]] = []
    start = 0
    for m in boundary.finditer(text):
        if m.group().startswith("\n"):
            out.append((start, m.start()))
            start = m.end()
            continue
        k = m.end()
        while k < len(text) and text[k].isspace():
            k += 1
        run = m.group().rstrip(CLOSERS)
        if lang.hard_terminals and any(c in lang.hard_terminals for c in run):
            out.append((start, m.end()))
            start = m.end()
            continue
        if k < len(text) and not _starts_sentence(text[k]):
            continue
        if set(run) <= set(lang.soft_terminals) and not (k < len(text) and text[k].isupper()):
            continue
        if run == "." and _abbreviation(text, m.start(), lang):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in (strip_range(text, a, b) for a, b in out) if b > a]




_WORD_BEFORE = re.compile(r"(\w+)$")


def _abbreviation(text: str, dot: int, lang: Language) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 32), dot)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial
    return lang.lower(word) in lang.abbreviations


def tokenize(text: str, lang: Language) -> list[tuple[int, int, bool]]:
    """``(start, end, is_word)`` of every token: words by ``lang.word``, any other non-space character alone."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for m in lang.word.finditer(text):
        for k in range(pos, m.start()):
            if not text[k].isspace():
                out.append((k, k + 1, False))
        out.append((m.start(), m.end(), True))
        pos = m.end()
    for k in range(pos, len(text)):
        if not text[k].isspace():
            out.append((k, k + 1, False))
    return out


def norm(word: str, lang: Language) -> str:
    w = lang.lower(word)
    for c in lang.marks:
        w = w.replace(c, "")
    return w


def parse(text: str, lang: Language) -> LightParse:
    """Tokens and sentences of ``text``."""
    out = LightParse(text, lang.code)
    toks = tokenize(text, lang)
    k = 0
    for si, (a, b) in enumerate(split_sentences(text, lang)):
        first = len(out.tokens)
        while k < len(toks) and toks[k][1] <= b:
            s, e, w = toks[k]
            if s >= a:
                out.tokens.append(LightToken(len(out.tokens), text[s:e], s, e, norm(text[s:e], lang), si, w))
            k += 1
        if len(out.tokens) > first:
            out.sents.append((first, len(out.tokens)))
    for si, (a, b) in enumerate(out.sents):
        for t in out.tokens[a:b]:
            t.sent = si
    return out
