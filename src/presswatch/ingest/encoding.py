"""Turn bytes into text: BOM, declared charset (HTTP header, <meta>), UTF-8, then detection.

Pages still come in single-byte code pages, often with no declaration or a wrong one: windows-1251 and
KOI8-R for Russian, windows-1252 (Latin-1) for French, German or Spanish, windows-1250 / ISO-8859-2 for
Polish or Czech, windows-1253 for Greek, windows-1255 for Hebrew. Any byte string decodes without error
in most of these, and statistical detectors
confuse them on short texts ("à Genève" read as windows-1250 or a DOS code page). So the candidates are
ranked by how much the decoded text reads like prose of a language the code page serves:

* each non-ASCII letter must belong to that language's alphabet (a common letter counts more than a rare
  one), be lower-case, start a word, or stand in a word written in capitals; a letter of another script
  inside a word ("Genиve") or a change of case inside a word ("пЕРЕГОВОРЫ") counts against it;
* punctuation and spaces are neutral, unless they sit inside a word ("Za¿ó³æ"); other symbols and
  control characters count against it.

The winner's score gives a confidence between 0 and 1, recorded on the document with the encoding used
(see :class:`Decoded`).
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from presswatch.errors import EncodingError, UnsupportedContentError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_CYR = re.compile(r"[\u0400-\u04FF]")
_CYR_LOWER = re.compile(r"[\u0430-\u045F]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
SAMPLE_BYTES = 20_000  # what the code pages are ranked on: thousands of letters, plenty to tell them apart

# language -> (common letters, rare letters), lower-case, beyond ASCII
_LATIN = {
    "fr": ("éèàçêâôîûù", "ëïüÿœæ"),
    "de": ("äöüß", "é"),
    "es": ("áéíóúñ", "ü"),
    "pt": ("ãõáéíóúâêôçà", "ü"),
    "it": ("àèéìòù", "íîóú"),
    "nl": ("éëïöü", "èáóú"),
    "ca": ("àèéíïòóúüç", "·"),
    "nordic": ("åäöæø", "éü"),
    "pl": ("ąćęłńóśźż", ""),
    "cs": ("áčďéěíňóřšťúůýž", ""),
    "sk": ("áčďéíľňóôšťúýž", "äĺŕ"),
    "hu": ("áéíóöőúüű", ""),
    "ro": ("ăâîșțşţ", ""),
    "hr": ("čćđšž", ""),
    "tr": ("çğıöşü", "âî"),
}
# the rarest Russian letters count as rare: other scripts read as Cyrillic (Greek, Hebrew) are full of them
_CYRILLIC_LETTERS = ("абвгдежзийклмнопрстухчшыья", "фцщъэюёіїєґўјљњћђџѓќѕ")
_GREEK_LETTERS = ("αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώ", "ϊϋΐΰ")
_HEBREW_LETTERS = ("אבגדהוזחטיכךלמםנןסעפףצץקרשת", "")
_WESTERN = ("fr", "de", "es", "pt", "it", "nl", "ca", "nordic")
_CENTRAL = ("pl", "cs", "sk", "hu", "ro", "hr", "de")
# single-byte code pages ranked for undeclared text -> the languages read in them; on a tie the first wins
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "cp1252": _WESTERN,
    "cp1250": _CENTRAL,
    "iso8859-2": _CENTRAL,
    "cp1251": ("cyrillic",),
    "koi8-r": ("cyrillic",),
    "koi8-u": ("cyrillic",),
    "iso8859-5": ("cyrillic",),
    "mac-cyrillic": ("cyrillic",),
    "cp866": ("cyrillic",),
    "cp1253": ("greek",),
    "iso8859-7": ("greek",),
    "cp1255": ("hebrew",),
    "cp1254": ("tr",),
    "iso8859-1": _WESTERN,  # Latin-1: decodes any byte; reached when cp1252 cannot decode one
}
# How much more often a page is in one code page than another, as a score bonus (natural log of a rough
# ratio, not measured here): it only decides between readings that are about equally plausible, such as
# "à Genève" (French, windows-1252) and "ŕ Genčve" (Slovak letters, windows-1250).
_LOG_PRIOR = {"cp1252": 0.0, "iso8859-1": 0.0, "cp1251": 0.0, "cp1250": -1.0, "iso8859-2": -1.5, "koi8-r": -1.0,
              "koi8-u": -2.0, "iso8859-5": -3.0, "mac-cyrillic": -3.0, "cp866": -2.0, "cp1253": -1.5,
              "iso8859-7": -2.0, "cp1255": -1.5, "cp1254": -1.0}
_CYRILLIC_CODECS = ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "mac-cyrillic", "cp866")
# letters that their language writes only before certain characters (Portuguese "ões", "ão", "mãe", "irmã")
_ONLY_BEFORE = {"õ": "e", "ã": "oes -.,;:!?'’\"\n\t\r\u00a0"}
_IN_WORD_PUNCT = "'’·\u00ad\u2010\u2011-׳״"
_NEUTRAL_SYMBOLS = "€£¥¢°§©®±×÷µ"
_ALPHABETS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **{lang: (frozenset(c), frozenset(r)) for lang, (c, r) in _LATIN.items()},
    "cyrillic": (frozenset(_CYRILLIC_LETTERS[0]), frozenset(_CYRILLIC_LETTERS[1])),
    "greek": (frozenset(_GREEK_LETTERS[0]), frozenset(_GREEK_LETTERS[1])),
    "hebrew": (frozenset(_HEBREW_LETTERS[0]), frozenset(_HEBREW_LETTERS[1])),
}


@dataclass(frozen=True, slots=True)
class _Reading:
    encoding: str
    score: float  # plausibility of the text
    ranked: float  # score plus the code page's prior
    counted: int  # characters scored
    text: str

    @property
    def quality(self) -> float:
        """Share of plausible characters, 0..1."""
        return max(0.0, min(1.0, self.score / self.counted)) if self.counted else 1.0


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the codec used (Python's canonical name) and how sure that choice is:
    1.0 for a byte-order mark, a declared charset that reads well, or valid UTF-8; for detected single-byte
    code pages, the share of plausible letters times how far the winner is ahead of the runner-up."""

    text: str
    encoding: str
    confidence: float


def canonical(name: str) -> str:
    """Python's canonical name of a codec (``koi8_r`` -> ``koi8-r``); the name itself if unknown."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def normalise_charset(name: str | None) -> str | None:
    """Python codec name for a declared charset, or None if Python does not know it."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    aliases = {"x-cp1251": "cp1251", "win-1251": "cp1251", "windows-1251": "cp1251", "koi8r": "koi8_r"}
    name = aliases.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters in the first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control / len(head) > 0.05


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return normalise_charset(m.group(1).decode("ascii", "ignore")) if m else None


def cyrillic_score(text: str) -> float:
    """Share of Cyrillic letters that are lower-case (0 when there are none)."""
    cyr = len(_CYR.findall(text))
    if cyr == 0:
        return 0.0
    return len(_CYR_LOWER.findall(text)) / cyr


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff":
        return "cyr"
    if ch.isascii() or "\u00c0" <= ch <= "\u024f":
        return "lat"
    if "\u0370" <= ch <= "\u03ff":
        return "greek"
    return "other"


def _plausibility(text: str, languages: tuple[str, ...]) -> tuple[float, int]:
    """``(score, weight)``: the best score of ``text`` over ``languages`` and the number of characters it
    counts (non-ASCII, neutral punctuation left out). Per character: +1 a common lower-case letter of the
    language (x0.5 a rare one, x0.5 a capital starting a word, x0.25 one in a word in capitals); -1 a letter
    outside the alphabet, next to a letter of another script or with its case turned, or a symbol."""
    fixed = 0.0  # what does not depend on the language
    counted = 0
    letters: Counter[tuple[str, float]] = Counter()  # (lower-case letter, case weight) -> how many
    padded = f" {text} "
    # each character is judged with its neighbours only: judge each distinct triple once
    triples = Counter(padded[m.start() - 1 : m.start() + 2] for m in _NON_ASCII.finditer(padded))
    for (prev, ch, nxt), k in triples.items():
        if ch.isalpha():
            counted += k
            script = _script(ch)
            if any(c.isalpha() and _script(c) != script for c in (prev, nxt)):
                fixed -= k  # "Genиve"
                continue
            if ch.islower() or not ch.isupper():
                weight = 1.0  # lower-case, or a script without case
            elif not prev.isalpha():
                weight = 0.5  # a capital starting a word
            elif prev.isupper() and not nxt.islower():
                weight = 0.25  # inside a word in capitals
            else:
                fixed -= k  # case turned inside a word
                continue
            low = ch.lower()
            if low in _ONLY_BEFORE and nxt.lower() not in _ONLY_BEFORE[low]:
                low = "?" + low  # not where the language writes it: "szóvivõ" is not Portuguese
            letters[(low, weight)] += k
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "PZ" or ch in _NEUTRAL_SYMBOLS:
            inside = cat[0] == "P" and ch not in _IN_WORD_PUNCT and prev.isalpha() and nxt.isalpha()
            if inside or (cat[0] == "S" and nxt.islower()):
                counted += k
                fixed -= k  # "Za¿ó³æ", "®enevě"
            continue
        counted += k
        fixed -= k  # symbols, control characters
    family = frozenset().union(*(_ALPHABETS[lang][0] | _ALPHABETS[lang][1] for lang in languages))
    best = -math.inf
    for lang in languages:
        common, rare = _ALPHABETS[lang]
        s = fixed
        for (low, weight), k in letters.items():
            if low in common:
                s += k * weight
            elif low in rare:
                s += k * 0.5 * weight
            elif low[-1] in family:
                s += k * 0.25 * weight  # a name from a neighbouring language: "Genève" in a Danish text
            else:
                s -= k
        best = max(best, s)
    return best, counted


def rank_single_byte(data: bytes, candidates: tuple[str, ...] | None = None) -> list[_Reading]:
    """A reading of the sample of ``data`` for each candidate code page that decodes it, best first: by
    plausibility plus the code page's prior (ties keep the candidates' order)."""
    first = _HIGH_BYTE.search(data)
    start = max(0, first.start() - 200) if first else 0
    sample = data[start : start + SAMPLE_BYTES]  # from the first non-ASCII byte: a page's head is often ASCII
    out = []
    for enc in candidates or tuple(_CANDIDATES):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        score, counted = _plausibility(text, _CANDIDATES[enc])
        out.append(_Reading(enc, score, score + _LOG_PRIOR.get(enc, 0.0), counted, text))
    out.sort(key=lambda r: -r.ranked)  # stable: ties keep the order of the candidates
    return out


def _confidence(ranked: list[_Reading]) -> float:
    """How sure the first reading of ``ranked`` is: its share of the ranking scores taken as log-odds
    (readings that give the same text pooled), times its share of plausible characters (0 when none reads
    well)."""
    first = ranked[0]
    if first.counted == 0:
        return 1.0  # nothing that the code pages read differently
    top = first.ranked
    mass: dict[str, float] = {}
    for r in ranked:
        mass[r.text] = mass.get(r.text, 0.0) + math.exp(r.ranked - top)
    posterior = mass[first.text] / sum(mass.values())
    return round(posterior * first.quality, 2)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ESCAPED = re.compile("[\udc80-\udcff]+")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A page in UTF-8 with a few stray single-byte characters (a template in UTF-8, one paragraph pasted in
    Latin-1): UTF-8 with the stray bytes read as windows-1252, when valid UTF-8 sequences are at least nine in
    ten of the non-ASCII runs; None otherwise."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(escaped))
    if valid < 3 or valid < 9 * stray:
        return None
    text = _ESCAPED.sub(lambda m: m.group(0).encode("utf-8", "surrogateescape").decode("cp1252", "replace"), escaped)
    return Decoded(text, "utf-8", round(valid / (valid + stray), 2))


def _best_cyrillic(data: bytes) -> Decoded:
    ranked = rank_single_byte(data, _CYRILLIC_CODECS)
    enc = ranked[0].encoding if ranked else "cp1251"
    return Decoded(data.decode(enc, errors="replace"), enc, _confidence(ranked) if ranked else 0.0)


def decode(data: bytes, *, header_charset: str | None = None, source: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_used)``. See :func:`decode_detail`."""
    d = decode_detail(data, header_charset=header_charset, source=source)
    return d.text, d.encoding


def decode_detail(data: bytes, *, header_charset: str | None = None, source: str | None = None) -> Decoded:
    """Decode ``data``: a byte-order mark, else a declared charset (``header_charset``, then ``<meta>``)
    that reads well, else UTF-8, else the most plausible single-byte code page (see the module's notes),
    else what charset-normalizer finds (multi-byte Asian encodings, other scripts).

    Raises :class:`UnsupportedContentError` for binary data and :class:`EncodingError` when no
    encoding gives readable text.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc, 1.0)
            except UnicodeDecodeError as e:
                raise EncodingError(f"starts with a {enc} byte-order mark but is not {enc}: {e}",
                                    source=source) from None
    if looks_binary(data):
        raise UnsupportedContentError(
            "binary content, not HTML or text (give an .html, .txt or .warc file)", source=source
        )
    candidates: list[str] = []
    for enc in (normalise_charset(header_charset), declared_charset(data)):
        # a page labelled ISO-8859-1 is read as windows-1252, as browsers do: its curly quotes and dashes
        # (bytes 0x80-0x9F) are otherwise invisible control characters
        for e in (("cp1252", enc) if enc == "iso8859-1" else (enc,)):
            if e and e not in candidates:
                candidates.append(e)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        # A page declared as one Cyrillic code page but written in another decodes without error:
        # check that the result reads like Cyrillic text before trusting the declaration.
        if canonical(enc) in _CYRILLIC_CODECS and _CYR.search(text) and cyrillic_score(text) < 0.5:
            return _best_cyrillic(data)
        return Decoded(text, canonical(enc), 1.0)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    ranked = rank_single_byte(data)
    best = ranked[0]
    if best.quality >= 0.5:
        return Decoded(data.decode(best.encoding, errors="replace"), best.encoding, _confidence(ranked))
    # no Western, Central European or Cyrillic code page reads well: another script, or a multi-byte encoding
    from charset_normalizer import from_bytes  # imported lazily: it is only needed for odd inputs

    match = from_bytes(data[:200_000]).best()
    if match is not None and canonical(match.encoding) not in _CANDIDATES:
        found = canonical(match.encoding)
        try:
            text = data.decode(found)
        except (UnicodeDecodeError, LookupError):
            text = data.decode(found, errors="replace")
        return Decoded(text, found, round(max(0.0, min(1.0, 1.0 - float(match.chaos))), 2))
    if best.quality > 0:
        return Decoded(data.decode(best.encoding, errors="replace"), best.encoding, _confidence(ranked))
    raise EncodingError(
        "cannot tell the text encoding (not UTF-8, no charset declared, detection failed)",
        source=source,
    )
