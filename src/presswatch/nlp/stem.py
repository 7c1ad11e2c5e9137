"""Light stemmers for full-text search in Azerbaijani and Armenian, and the choice of stemmer for a query word.

The stores look a Russian, Azerbaijani or Armenian word up by its stem as a prefix (``"Xankəndidə"`` finds
"Xankəndi", "Xankəndiyə", "Xankəndinin"), since their indexes stem English only. The stemmers strip endings
from the end of the word, longest first, a few times over (a plural, then a case: "kəndlərdə" -> "kəndlər" ->
"kənd"; "զինծառայողներին" -> "զինծառայողներ" -> "զինծառայող"), and never leave fewer than ``MIN_STEM``
letters. They are deliberately light: no vowel-harmony or consonant-alternation rules ("çörəyi" does not reach
"çörək"), no derivational suffixes. A prefix query forgives a stem one letter short, not one letter too long,
so a doubtful ending is taken off.

Which stemmer: a word in Cyrillic is Russian (:func:`presswatch.nlp.ru.stem`), a word in Armenian script is
Armenian, a Latin word holding a letter of the Azerbaijani alphabet that English lacks (ə, ı, ğ, ş, ç, ö, ü) is
Azerbaijani; any other word is left to the index's own (English) stemmer.
"""

from __future__ import annotations

import re

MIN_STEM = 4  # as presswatch.nlp.ru: a shorter stem would meet too many other words as a prefix

# Azerbaijani endings (vowel-harmony variants written out): the plural, the possessives, the cases (genitive -ın/-nın,
# dative -a/-ya, accusative -ı/-nı, locative -da/-ta, ablative -dan/-tan, instrumental -la/-yla), their
# compounds ("-larında", "-sındakı") and the copula/past endings most common in news ("-dır", "-ıb", "-miş")
_AZ_ENDINGS = sorted(
    {
        # plural
        "lar", "lər",
        # possessive 3rd person (+ buffer n before a case)
        "sı", "si", "su", "sü", "ı", "i", "u", "ü",
        "ları", "ləri",
        # possessives 1st and 2nd person ("mövqelərimiz", "kəndiniz")
        "ım", "im", "um", "üm", "ımız", "imiz", "umuz", "ümüz", "mız", "miz", "muz", "müz",
        "ınız", "iniz", "unuz", "ünüz", "nız", "niz", "nuz", "nüz",
        # genitive
        "ın", "in", "un", "ün", "nın", "nin", "nun", "nün",
        # dative
        "a", "ə", "ya", "yə", "na", "nə",
        # accusative
        "nı", "ni", "nu", "nü", "yı", "yi", "yu", "yü",
        # locative, ablative, and the attributive -kı/-ki
        "da", "də", "ta", "tə", "nda", "ndə", "dan", "dən", "tan", "tən", "ndan", "ndən",
        "dakı", "dəki", "ndakı", "ndəki",
        # instrumental
        "la", "lə", "yla", "ylə",
        # predicate endings
        "dır", "dir", "dur", "dür", "tır", "tir", "tur", "tür",
        "ıb", "ib", "ub", "üb", "yıb", "yib", "yub", "yüb",
        "mış", "miş", "muş", "müş",
    },
    key=len,
    reverse=True,
)

# Armenian endings: plural -ներ/-եր, articles -ը/-ն and possessives -ս/-դ, the cases (genitive-dative -ի/-ու/-ան/
# -վա, ablative -ից/-ուց, instrumental -ով/-ամբ, locative -ում) and their compounds ("-ների", "-ներից", "-ին")
_HY_ENDINGS = sorted(
    {
        # plural
        "ներ", "եր",
        # articles and possessives
        "ը", "ն", "ս", "դ",
        # genitive-dative (+ article: -ին)
        "ի", "ու", "ան", "վա", "ին", "ուն",
        # ablative
        "ից", "ուց",
        # instrumental
        "ով", "ամբ",
        # locative
        "ում",
    },
    key=len,
    reverse=True,
)
_HY_MARKS = str.maketrans("", "", "\u055b\u055c\u055e\u055f")  # ՛ ՜ ՞ ՟ sit over a vowel inside the word
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_AZ_ONLY = re.compile(r"[əƏıİğĞşŞçÇöÖüÜ]")  # letters of the Azerbaijani alphabet that English lacks
ROUNDS = 3  # endings taken off one after another at most (plural + possessive + case)


def _strip(word: str, endings: list[str]) -> str:
    w = word
    for _ in range(ROUNDS):
        for e in endings:
            if w.endswith(e) and len(w) - len(e) >= MIN_STEM:
                w = w[: -len(e)]
                break
        else:
            break
    return w


def stem_az(word: str) -> str:
    """``word`` lower-cased, less its inflectional endings ("Xankəndidə" -> "xankənd", "Şuşaya" -> "şuşa",
    "kəndlərdə" -> "kənd"); the part before an apostrophe ("Xankəndi'də"). "İ" is "i"; "I" is "i" too, not
    "ı": the indexes lower-case it so, whatever the language."""
    w = word.replace("İ", "i").lower().replace("\u0307", "").split("'")[0].split("’")[0]
    return _strip(w, _AZ_ENDINGS)


def stem_hy(word: str) -> str:
    """``word`` lower-cased, its stress and question marks dropped, less its endings ("Ստեփանակերտում" ->
    "ստեփանակերտ", "զինծառայողները" -> "զինծառայող", "Գորիսից" -> "գորիս")."""
    w = word.lower().translate(_HY_MARKS)
    return _strip(w, _HY_ENDINGS)


def language_of(word: str) -> str | None:
    """``ru``, ``hy`` or ``az`` for a word this module (or the Russian one) stems; None for any other word."""
    if _CYRILLIC.search(word):
        return "ru"
    if _ARMENIAN.search(word):
        return "hy"
    if _AZ_ONLY.search(word):
        return "az"
    return None


def search_stem(word: str) -> str | None:
    """The prefix a store looks ``word`` up by: its Russian, Armenian or Azerbaijani stem (lower case); None for a
    word of another language, and for a stem shorter than ``MIN_STEM`` (that word is looked up as it is)."""
    lang = language_of(word)
    if lang is None:
        return None
    if lang == "ru":
        from presswatch.nlp.ru import stem

        s = stem(word)
    elif lang == "hy":
        s = stem_hy(word)
    else:
        s = stem_az(word)
    return s if len(s) >= MIN_STEM else None
