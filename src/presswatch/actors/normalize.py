"""Tokens of names, folded and stripped of inflection, one small normaliser per language.

The registry matches aliases as token sequences: a name in a text matches an alias when their tokens
normalise alike. Normalising folds case and diacritics (Azerbaijani ``ə`` and ``ı`` included) and strips the
inflectional endings a name takes in running text, by general suffix rules per language, never per name:

* ``en``: the possessive (``Azerbaijan's``, ``ministries'``) and the plural (``forces``, ``authorities``);
* ``ru``: one case or adjective ending (``Министерства обороны Азербайджана`` ~ ``Министерство обороны
  Азербайджан``);
* ``az``: stacked case, possessive and plural suffixes (``Nazirliyinin`` ~ ``Nazirliyi`` ~ ``Nazirlik``), with
  the ``k``/``y`` and ``q``/``ğ`` alternation they cause;
* ``hy``: the article, case and plural endings (``նախարարության``, ``նախարարությունը`` ~ ``նախարարություն``).

Acronyms (``MoD``, ``ICRC``, ``ОБСЕ``) match in their exact case, so that ``un`` is not the ``UN``; a case
suffix glued to an acronym with a hyphen (``BMT-nin``, ``ՄԱԿ-ի``) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LANGUAGES = ("en", "ru", "az", "hy")

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_FOLD = str.maketrans({"ə": "e", "ı": "i", "ʼ": "'", "’": "'"})


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (word lists read better that way)."""
    return frozenset(text.split())


_RU_ENDINGS = sorted(
    _words(
        """иями ями ами ого его ому ему ыми ими ией иях ах ях ов ев ей ой ий ый ых их ая яя ое ее ые ие ую юю ом
        ем ам ию ия ии а я о е у ю ы и ь"""
    ),
    key=len,
    reverse=True,
)
_AZ_SUFFIXES = sorted(
    _words("""lerinin lerine lerini lerin leri ler nin nun dan den nda nde na ne da de si su in un a e i u"""),
    key=len,
    reverse=True,
)
_HY_ENDINGS = sorted(
    _words("""ներից ներին ներով ներում ների ներն ները ներ երից երին երի երը եր ից ին ով ում ի ը"""),
    key=len,
    reverse=True,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: where it is, its exact form (possessive removed) and its folded form."""

    start: int
    end: int
    raw: str
    folded: str


def fold(text: str) -> str:
    """Case and diacritics folded (``Azərbaycan`` -> ``azerbaycan``, ``ё`` -> ``е``, ``İ`` -> ``i``)."""
    out = []
    for ch in text.translate(_FOLD).casefold().translate(_FOLD):
        if ch == "й":  # a letter of its own in Russian, not и with a mark
            out.append(ch)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(out)


def is_acronym(raw: str) -> bool:
    """Two or more capitals in a short word (``UN``, ``MoD``, ``ECtHR``, ``ОБСЕ``, ``ԵԱՀԿ``): matched exactly."""
    return 2 <= len(raw) <= 6 and sum(c.isupper() for c in raw) >= 2


def _strip_possessive(word: str) -> str:
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail) and len(word) > len(tail):
            return word[: -len(tail)]
    return word


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets (a case suffix glued to an acronym by a hyphen dropped)."""
    out: list[Token] = []
    for m in _WORD.finditer(text):
        word = _strip_possessive(m.group(0))
        caps = next((k for k, c in enumerate(word) if not c.isupper()), len(word))
        raw = word[:caps] if caps >= 2 and 1 <= len(word) - caps <= 3 and word[caps:].islower() else word  # МИДа
        if (
            out
            and m.start() == out[-1].end + 1
            and text[out[-1].end] == "-"
            and is_acronym(out[-1].raw)
            and raw.islower()
            and len(raw) <= 5
        ):
            continue  # BMT-nin, ՄԱԿ-ի: the acronym's case ending
        out.append(Token(m.start(), m.start() + len(word), raw, fold(raw)))
    return out


def _stem_en(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _stem_ru(w: str) -> str:
    for e in _RU_ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w


def _stem_az(w: str) -> str:
    stripped = False
    while True:
        for s in _AZ_SUFFIXES:
            if w.endswith(s) and len(w) - len(s) >= 3:
                w, stripped = w[: -len(s)], True
                break
        else:
            break
    if stripped and w[-1] in "yg":  # nazirlik -> nazirliyi, bayraq -> bayrağı (folded: g)
        w = w[:-1] + ("k" if w[-1] == "y" else "q")
    return w


def _stem_hy(w: str) -> str:
    for tail in ("ությանը", "ության"):
        if w.endswith(tail):
            return w[: -len(tail)] + "ություն"
    for e in _HY_ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            return w[: -len(e)]
    return w


_STEMMERS = {"en": _stem_en, "ru": _stem_ru, "az": _stem_az, "hy": _stem_hy}


def stem(tok: Token, lang: str) -> str:
    """A token's folded form stripped of its inflection in ``lang``."""
    return _STEMMERS[lang](tok.folded)


def keys(text: str, lang: str) -> tuple[str, ...]:
    """The comparison keys of a name's words (how an alias is indexed): ``=`` and the exact form for an
    acronym, else the stem."""
    return tuple("=" + t.raw if is_acronym(t.raw) else stem(t, lang) for t in tokens(text))
