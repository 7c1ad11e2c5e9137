"""Azerbaijani (Latin script): lower-casing, tokens, sentences and the words of dates, without a model.

Azerbaijani has a dotted and a dotless i: "İ" lower-cases to "i" and "I" to "ı" (Python's ``str.lower`` turns "İ"
into "i" plus a combining dot and "I" into "i"); :func:`lower` and :func:`upper` follow the language. Dates: "13
iyun 2023-cü il", "iyunun 13-də", "2023-cü il iyunun 13-ü", "13.06.2023"; "dünən", "bu gün", "ötən sutka ərzində";
weekdays ("çərşənbə axşamı", "ötən cümə"). The date patterns have the names the incidents analyzer's date finder
reads (:func:`presswatch.analyzers.incidents.dates.find_dates`), so that this module can be passed to it as is.
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.nlp.light import Language, LightParse
from presswatch.nlp.light import parse as _parse

_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_UPPER = str.maketrans({"i": "İ", "ı": "I"})
LETTERS = "a-zA-ZəƏıIİöÖüÜğĞşŞçÇ"


def lower(s: str) -> str:
    """``s`` in lower case by Azerbaijani rules: "İ" -> "i", "I" -> "ı" ("İRƏVAN" -> "irəvan", "ILISU" -> "ılısu")."""
    return s.translate(_LOWER).lower().replace("\u0307", "")


def upper(s: str) -> str:
    """``s`` in upper case by Azerbaijani rules: "i" -> "İ", "ı" -> "I"."""
    return s.translate(_UPPER).upper()


def capitalize(s: str) -> str:
    return upper(s[:1]) + s[1:]


class AzKeys(dict):
    """A table of lower-case words that also answers for a key Python lower-cased ("i̇yun" for "İyun")."""

    def __missing__(self, k: str) -> Any:
        k2 = lower(k)
        if k2 == k:
            raise KeyError(k)
        return self[k2]

    def get(self, k: str, default: Any = None) -> Any:
        try:
            return self[k]
        except KeyError:
            return default


ABBREVIATIONS = frozenset(
    {
        "və s",
        "s",
        "b",
        "məs",
        "prof",
        "dr",
        "gen",
        "akad",
        "km",
        "m",
        "sm",
        "kq",
        "nöm",
        "səh",
        "c",
        "küç",
        "ş",
        "r",
        "maj",
        "pol",
        "mr",
        "dos",
        "müav",
    }
)
LANGUAGE = Language(
    code="az",
    word=re.compile(rf"[{LETTERS}0-9]+(?:[-'’][{LETTERS}0-9]+)*"),
    terminals=".!?…",
    abbreviations=ABBREVIATIONS,
    lower=lower,
)


def parse(text: str) -> LightParse:
    """Tokens and sentences of an Azerbaijani ``text`` (no entities: presswatch ships no Azerbaijani model)."""
    return _parse(text, LANGUAGE)


def sentences(text: str) -> list[tuple[int, int]]:
    return parse(text).sentence_spans()


# ------------------------------------------------------------------------------------------------ dates
_I = re.IGNORECASE
MONTHS = AzKeys(
    {
        "yanvar": 1,
        "fevral": 2,
        "mart": 3,
        "aprel": 4,
        "may": 5,
        "iyun": 6,
        "iyul": 7,
        "avqust": 8,
        "sentyabr": 9,
        "oktyabr": 10,
        "noyabr": 11,
        "dekabr": 12,
    }
)
_W = rf"[{LETTERS}]"
_NB = rf"(?!{_W})"  # no letter after
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_MON_CASE = r"(?:[ıiuü]n|n[ıiuü]n|da|də|a|ə|ya|yə|dan|dən)?"  # "iyunun", "mayın", "iyunda", "iyuna"
_DAY_SUFFIX = rf"(?:-?(?:[ıiuü]nc[ıiuü]|c[ıiuü]|[ıiuü]|d[aə]|t[aə]|n[ıiuü]|y[ıiuü]|[aə]|ya|yə|dan|dən|tan|tən){_W}*)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?:-?(?:c[ıiuü]|nc[ıiuü]))?(?:\s+il(?:in|də|dən)?)?"
EXPLICIT_DATES = [
    # "13 iyun 2023-cü il", "13 iyunda", "13 iyun"
    re.compile(rf"(?<![\d{LETTERS}])(?P<d>[0-3]?\d)\s+{_MON}{_MON_CASE}(?:\s+{_YEAR})?{_NB}", _I),
    # "iyunun 13-də", "2023-cü il iyunun 13-ü"
    re.compile(rf"(?<!{_W})(?:{_YEAR}\s+)?{_MON}(?:[ıiuü]n|n[ıiuü]n)\s+(?P<d>[0-3]?\d){_DAY_SUFFIX}(?![\d])", _I),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
]
MONTH_YEAR = re.compile(rf"(?<!{_W}){_MON}{_MON_CASE}\s+(?P<y>(?:19|20)\d\d)(?!\d)", _I)  # "iyun 2023"
YEAR_ONLY = re.compile(r"(?<![\w])(?P<y>(?:19|20)\d\d)-?(?:c[ıiuü]|nc[ıiuü])\s+il(?:də|dən)(?![\w])", _I)
RELATIVE_DAYS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"(?<!{_W})srağagün{_W}*", _I), -2),
    (
        re.compile(
            rf"(?<!{_W})(?:dünən{_W}*|ötən gecə|keçən gecə|(?:ötən|keçən|son) sutka(?: ərzində)?|"
            rf"sutka ərzində){_NB}",
            _I,
        ),
        -1,
    ),
    (re.compile(rf"(?<!{_W})(?:bu gün{_W}*|bugün{_W}*|həmin gün){_NB}", _I), 0),
    (re.compile(rf"(?<!{_W})(?:iki|2) gün (?:əvvəl|öncə){_NB}", _I), -2),
    (re.compile(rf"(?<!{_W})(?:üç|3) gün (?:əvvəl|öncə){_NB}", _I), -3),
]
WEEKDAYS = AzKeys(
    {"bazar ertəsi": 0, "çərşənbə axşamı": 1, "çərşənbə": 2, "cümə axşamı": 3, "cümə": 4, "şənbə": 5, "bazar": 6}
)
# "bazar" is also the market: Sunday only as "bazar günü"
WEEKDAY = re.compile(
    rf"(?<!{_W})(?P<pre>(?:(?:ötən|keçən|bu) )?)(?P<wd>bazar ertəsi|çərşənbə axşamı|cümə axşamı|çərşənbə|cümə|şənbə|"
    rf"bazar(?= günü))(?P<post>(?: günü| axşam| səhər| gecə)?){_NB}",
    _I,
)
LAST_BEFORE = re.compile(r"(?:ötən|keçən)$", _I)
NIGHT_OF = re.compile(rf"(?P<d>[0-3]?\d)\s*-\s*[0-3]?\d\s+{_MON}\s+(?:tarixləri arasında\s+)?gecə", _I)
