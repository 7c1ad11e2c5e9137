"""Normalised lookup keys for place names.

``keys(name)`` gives the keys under which a name is indexed (and looked up): Unicode NFKC, case folding,
diacritics stripped, Azerbaijani letters folded (``ə`` to ``e``, ``ı`` to ``i``; a second key spells
``ş ç ğ x q`` as ``sh ch gh kh g`` so that "Şuşa" meets "Shusha" and "Xankəndi" meets "Khankendi"),
Russian (Cyrillic) and Armenian letters transliterated to Latin, apostrophes and hyphens dropped or
turned into spaces. "Ханкенди", "Xankəndi" and "Khankendi" share the key ``khankendi``;
"Ստեփանակերտ" and "Степанакерт" share ``stepanakert`` with the English name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_HY = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y", "թ": "t", "ժ": "zh",
    "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m",
    "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v",
    "տ": "t", "ր": "r", "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}
# letters that mark a word as Azerbaijani Latin spelling
# (GeoNames spells some Azerbaijani units with the turned e "ǝ" U+01DD, not the schwa "ə" U+0259: "Zǝngilan",
# "Tǝrtǝr"; both are folded alike)
_AZ_MARK = set("əƏǝƎıİşŞğĞçÇ")
_AZ_PLAIN = str.maketrans({"ə": "e", "Ə": "e", "ǝ": "e", "Ǝ": "e", "ı": "i", "İ": "i"})
_AZ_SOUND = str.maketrans({"ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch", "ğ": "gh", "Ğ": "gh", "x": "kh",
                           "X": "kh", "q": "g", "Q": "g", "ə": "e", "Ə": "e", "ǝ": "e", "Ǝ": "e", "ı": "i",
                           "İ": "i"})
_APOS = re.compile(r"[\u0027\u2019\u2018\u02bb\u02bc\u02b9\u055a\u055b\u055c\u055d\u055e\u00b4`ʹ]")
_SEP = re.compile(r"[\s\-\u2010-\u2015./,]+")
_NONWORD = re.compile(r"[^\w ]+")


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _translit(s: str) -> str:
    if s.isascii():
        return s
    s = s.replace("ու", "u").replace("ՈՒ", "u")
    out = []
    for ch in s:
        low = ch.lower()
        if low in _CYR:
            out.append(_CYR[low])
        elif low in _HY:
            out.append(_HY[low])
        else:
            out.append(low)
    return "".join(out)


def _finish(s: str) -> str:
    s = _APOS.sub("", s)
    s = _translit(s.casefold())
    s = _strip_marks(s)
    s = _SEP.sub(" ", s)
    s = _NONWORD.sub("", s)
    return " ".join(s.split())


_ASCII_DROP = re.compile(r"['`]")
_ASCII_SEP = re.compile(r"[\s\-./,]+")
_ASCII_NONWORD = re.compile(r"[^a-z0-9_ ]+")


@lru_cache(maxsize=100_000)
def keys(name: str) -> tuple[str, ...]:
    """The lookup keys of ``name`` (one or two; empty when nothing is left)."""
    if name.isascii():
        k = _ASCII_NONWORD.sub("", _ASCII_SEP.sub(" ", _ASCII_DROP.sub("", name.lower()))).strip()
        return (" ".join(k.split()),) if k else ()
    s = unicodedata.normalize("NFKC", name)
    out = [_finish(s.translate(_AZ_PLAIN))]
    if any(c in _AZ_MARK for c in s):
        out.append(_finish(s.translate(_AZ_SOUND)))
    return tuple(k for k in dict.fromkeys(out) if k)


def key(name: str) -> str:
    """The main lookup key of ``name``."""
    k = keys(name)
    return k[0] if k else ""


def script_of(name: str) -> str:
    """ISO 15924 code of the main script of ``name`` (Latn, Cyrl, Armn, Geor, Arab, ... or Zyyy)."""
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            for word, code in (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARMENIAN", "Armn"),
                               ("GEORGIAN", "Geor"), ("ARABIC", "Arab"), ("GREEK", "Grek"),
                               ("HEBREW", "Hebr"), ("CJK", "Hani"), ("HANGUL", "Hang"),
                               ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"), ("DEVANAGARI", "Deva"),
                               ("THAI", "Thai")):
                if n.startswith(word):
                    return code
            return "Zyyy"
    return "Zyyy"


def guess_lang(name: str) -> str | None:
    """A guess at the language of a GeoNames alternate name (which carries none): hy for Armenian script,
    ru for Cyrillic, az for Latin with Azerbaijani letters; None otherwise."""
    sc = script_of(name)
    if sc == "Armn":
        return "hy"
    if sc == "Cyrl":
        return "ru"
    if sc == "Latn" and any(c in "əƏǝƎ" for c in name):
        return "az"
    return None
