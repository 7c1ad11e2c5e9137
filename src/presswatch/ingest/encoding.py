"""Turn bytes into text: BOM, declared charset (HTTP header, <meta>), UTF-8, then detection.

Russian pages still come in windows-1251 and KOI8-R, often with no declaration or a wrong one.
Statistical detectors confuse the single-byte Cyrillic code pages on short texts, so the candidates
are ranked by a property real Russian text has: most of its letters are lower-case Cyrillic. Text
decoded with the wrong Cyrillic code page is mostly upper-case or mixed.
"""

from __future__ import annotations

import codecs
import re

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
_CYRILLIC_CODECS = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp866")
_CYR = re.compile(r"[\u0400-\u04FF]")
_CYR_LOWER = re.compile(r"[\u0430-\u045F]")


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


def _plausibility(text: str) -> float:
    """How much ``text`` reads like Cyrillic prose: per non-ASCII character, +1 for a lower-case
    Cyrillic letter, +0.5 for an upper-case one that starts a word, -1 for anything else (an upper-case
    letter inside a word, a stray symbol). A wrong code page turns case around or letters into symbols."""
    score = 0.0
    prev = " "
    for ch in text:
        if ord(ch) >= 128:
            if "\u0430" <= ch <= "\u045f":
                score += 1.0
            elif "\u0400" <= ch <= "\u042f" and not prev.isalpha():
                score += 0.5
            else:
                score -= 1.0
        prev = ch
    return score


def _best_cyrillic(data: bytes) -> str:
    best, best_score = "cp1251", float("-inf")
    sample = data[:100_000]
    for enc in _CYRILLIC_CODECS:
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score > best_score:
            best, best_score = enc, score
    return best


def decode(data: bytes, *, header_charset: str | None = None, source: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_used)``.

    Raises :class:`UnsupportedContentError` for binary data and :class:`EncodingError` when no
    encoding gives readable text.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise EncodingError(f"starts with a {enc} byte-order mark but is not {enc}: {e}",
                                    source=source) from None
    if looks_binary(data):
        raise UnsupportedContentError(
            "binary content, not HTML or text (give an .html, .txt or .warc file)", source=source
        )
    candidates: list[str] = []
    for enc in (normalise_charset(header_charset), declared_charset(data)):
        if enc and enc not in candidates:
            candidates.append(enc)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        # A page declared as one Cyrillic code page but written in another decodes without error:
        # check that the result reads like Cyrillic text before trusting the declaration.
        if enc.replace("-", "_") in _CYRILLIC_CODECS and _CYR.search(text) and cyrillic_score(text) < 0.5:
            better = _best_cyrillic(data)
            return data.decode(better, errors="replace"), better
        return text, enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported lazily: it is only needed for odd inputs

    match = from_bytes(data[:200_000]).best()
    if match is None:
        raise EncodingError(
            "cannot tell the text encoding (not UTF-8, no charset declared, detection failed)",
            source=source,
        )
    enc = normalise_charset(match.encoding) or match.encoding
    if enc.replace("-", "_") in _CYRILLIC_CODECS or _CYR.search(str(match)):
        enc = _best_cyrillic(data)
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        return data.decode(enc, errors="replace"), enc
