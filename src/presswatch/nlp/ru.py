"""Russian: sentences, tokens with lemmas and parts of speech, a dependency parse and PER/LOC/ORG entities, offline.

Natasha 1.6 does the work: razdel cuts sentences and tokens, slovnet tags morphology, parses syntax and finds
entities with the navec embeddings (their weights ship inside the natasha wheel: nothing is downloaded), and
pymorphy3 lemmatises. Natasha imports pymorphy2, which no longer imports on Python 3.11; pymorphy3 is its
maintained fork with the same API, so it is registered under pymorphy2's name before natasha is imported.
Everything is loaded on the first Russian text (about five seconds, some 200 MB), never by ``import presswatch``.

:func:`parse` gives a :class:`RuParse` whose offsets are those of the text, as a spaCy ``Doc``'s are; analyzers
ask for it through ``Resources.parse`` and never see natasha's own objects.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from presswatch.nlp.light import Sentences

# parts of speech (Universal Dependencies, as slovnet tags them) that are never a name: prepositions, conjunctions,
# particles, pronouns, determiners, auxiliaries, numerals, punctuation
FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "PART", "PRON", "DET", "AUX", "NUM", "PUNCT", "SYM", "INTJ"})
# pymorphy3 (its UD readings: PREP -> ADP, CONJ -> CCONJ/SCONJ, PRCL -> PART, NPRO -> PRON) reads a few function
# words that open sentences as nouns first ("По" as the abbreviation ПО, software); these never name a place
_FUNCTION_WORDS = frozenset(
    {
        "по",
        "во",
        "со",
        "ко",
        "но",
        "да",
        "же",
        "ли",
        "бы",
        "ни",
        "не",
        "и",
        "а",
        "о",
        "об",
        "у",
        "к",
        "с",
        "в",
        "на",
        "из",
        "от",
        "до",
        "за",
        "для",
        "при",
        "про",
        "над",
        "под",
    }
)
_lock = threading.Lock()


@dataclass(slots=True)
class RuToken:
    """One token: ``text[start:end]``, its lemma, UD part of speech and features, syntactic head and relation."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    feats: dict[str, str]
    head: int  # index of the head token, -1 for a sentence's root
    rel: str
    sent: int  # index of the sentence
    kids: list[int] = field(default_factory=list)  # the tokens whose head this one is


@dataclass(slots=True)
class RuEntity:
    start: int
    end: int
    label: str  # PER, LOC or ORG
    text: str
    normal: str  # the name in the nominative ("Нагорном Карабахе" -> "Нагорный Карабах")


@dataclass(slots=True)
class RuParse(Sentences):
    """The analysis of one Russian text; all offsets are character offsets into ``text``."""

    text: str
    tokens: list[RuToken] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)  # (first token, end token) of each sentence
    ents: list[RuEntity] = field(default_factory=list)

    def children(self, i: int) -> list[RuToken]:
        return [self.tokens[k] for k in self.tokens[i].kids]

    def subtree(self, i: int) -> tuple[int, int]:
        """The token range ``[a, b)`` that token ``i`` and everything depending on it cover."""
        a = b = i
        stack = [i]
        seen = {i}  # the parser's heads may form a cycle
        while stack:
            k = stack.pop()
            a, b = min(a, k), max(b, k)
            for c in self.tokens[k].kids:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return a, b + 1


def _register_pymorphy3() -> None:
    import pymorphy3
    import pymorphy3.analyzer

    sys.modules.setdefault("pymorphy2", pymorphy3)
    sys.modules.setdefault("pymorphy2.analyzer", pymorphy3.analyzer)


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    with _lock:
        _register_pymorphy3()
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

        emb = NewsEmbedding()
        return {
            "segmenter": Segmenter(),
            "morph": NewsMorphTagger(emb),
            "syntax": NewsSyntaxParser(emb),
            "ner": NewsNERTagger(emb),
            "vocab": MorphVocab(),
        }


def loaded() -> bool:
    """Whether the Russian models are in memory (for measurements and tests of lazy loading)."""
    return _models.cache_info().currsize > 0


def morph_vocab() -> Any:
    """pymorphy3's analyser (through natasha's MorphVocab): ``.parse(word)`` lists the readings of a word."""
    return _models()["vocab"]


@lru_cache(maxsize=50_000)
def lemma_of(word: str) -> str:
    """The most likely normal form of ``word`` read alone (lower case); for words outside a parse."""
    forms = morph_vocab().parse(word)
    return forms[0].normal if forms else word.lower()


@lru_cache(maxsize=50_000)
def is_function_word(word: str) -> bool:
    """``word`` read alone is a preposition, conjunction, particle, pronoun, ... in its likeliest reading."""
    forms = morph_vocab().parse(word)
    return bool(forms) and forms[0].pos in FUNCTION_POS or word.lower() in _FUNCTION_WORDS


def entities(text: str) -> list[tuple[int, int, str]]:
    """slovnet's entities of ``text`` as ``(start, end, PER|LOC|ORG)``: natasha's NewsNERTagger called straight on
    the text, nothing of presswatch in between (the baseline of ``presswatch eval ner``; :func:`parse` gives the
    same entities, with morphology and syntax)."""
    if not text.strip():
        return []
    return [(s.start, s.stop, s.type) for s in _models()["ner"](text).spans]


def parse(text: str) -> RuParse:
    """Sentences, tokens (lemmas, parts of speech, syntax) and entities of a Russian ``text``."""
    m = _models()
    from natasha import Doc

    d = Doc(text)
    d.segment(m["segmenter"])
    d.tag_morph(m["morph"])
    d.parse_syntax(m["syntax"])
    d.tag_ner(m["ner"])
    out = RuParse(text)
    for si, sent in enumerate(d.sents):
        first = len(out.tokens)
        ids = {t.id: first + k for k, t in enumerate(sent.tokens)}
        for t in sent.tokens:
            t.lemmatize(m["vocab"])
            out.tokens.append(
                RuToken(
                    len(out.tokens),
                    t.text,
                    t.start,
                    t.stop,
                    (t.lemma or t.text).lower(),
                    t.pos or "X",
                    dict(t.feats or {}),
                    ids.get(t.head_id, -1),
                    t.rel or "",
                    si,
                )
            )
            if out.tokens[-1].head == out.tokens[-1].i:  # the parser now and then heads a token by itself
                out.tokens[-1].head = -1
        out.sents.append((first, len(out.tokens)))
    for t in out.tokens:
        if t.head >= 0:
            out.tokens[t.head].kids.append(t.i)
    for s in d.spans:
        s.normalize(m["vocab"])
        out.ents.append(RuEntity(s.start, s.stop, s.type, s.text, s.normal or s.text))
    return out


# case, number and gender endings and a few verb endings, longest first (after Snowball's Russian stemmer, without its
# regions and without the past-tense endings, which cut nouns: "обстрела" is "обстрел" + "а", not "обстр" + "ела"):
# enough for full-text search to meet "Степанакерта" with "Степанакерт" and "миротворческой" with "миротворческие"
_ENDINGS = sorted(
    {
        "иями", "ями", "ами", "иях", "ях", "ах", "ием", "ем", "ом", "ам", "ям", "ией", "ей", "ой", "ий", "ый", "ия",
        "ья", "ие", "ье", "ии", "ию", "ью", "ов", "ев", "ему", "ому", "его", "ого", "ими", "ыми", "ых", "их", "ая",
        "яя", "ое", "ее", "ые", "ую", "юю", "ою", "ею", "ешь", "ете", "ите", "ет", "ут", "ют", "ит", "ат", "ят",
        "ть", "ться", "ется", "ится", "ются", "ятся", "ась", "ись", "а", "я", "о", "е", "ы", "и",
        "у", "ю", "ь", "й",
    },
    key=len,
    reverse=True,
)
MIN_STEM = 4  # a shorter stem would meet too many other words


def stem(word: str) -> str:
    """``word`` (lower-cased, ё as е) less its inflectional ending, when at least MIN_STEM letters remain; a word of
    another script or of fewer letters is returned lower-cased as it is."""
    w = word.lower().replace("ё", "е")
    if len(w) <= MIN_STEM or not any("а" <= c <= "я" for c in w):
        return w
    for e in _ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= MIN_STEM:
            return w[: -len(e)]
    return w
