"""Title, date and byline from the head of a plain-text document.

Text copied from a web page or a bulletin often opens with a few short lines before the first real
paragraph: a date (sometimes the day the page was saved, sometimes the publication date with its time),
the headline, the headline again, a byline ("By ..."/"Автор: ..."). :func:`read_header` reads those
lines and tells where the body begins, so that they neither pollute the text nor get lost.

Dates are read day-first where ambiguous (07.03.2024 is 7 March), in English and Russian month names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "окт": 10, "ноя": 11, "дек": 12,
}
_MONTH = r"(?P<mon>[A-Za-zА-Яа-яё]{3,10})\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)"),  # 8 March 2022, 8 марта 2022
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),  # March 8, 2022 / June 29 2022
    re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-{_DAY}(?!\d)"),  # 2022-03-08
    re.compile(rf"\b{_DAY}[./](?P<m>[01]?\d)[./]{_YEAR}(?!\d)"),  # 08.03.2022 (day first)
]
_TIME = re.compile(r"\b[0-2]?\d:[0-5]\d(?::[0-5]\d)?\b")
_FILLER = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"utc|gmt|msk|am|pm|updated|published|posted|года?|г)\b|[()+\-–—,.:|/\d\s]",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|from|автор|источник)\s*:?\s+(?P<who>.{2,80})$", re.IGNORECASE)
_MAX_HEADER_LINES = 8
_BODY_MIN = 160  # a line this long (or a sentence that ends a long line) begins the body


@dataclass(slots=True)
class TextHeader:
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    body_start: int = 0  # character offset of the body in the text


def find_date(line: str) -> tuple[str | None, bool]:
    """ISO date in ``line`` (or None) and whether the line is nothing but a date (and time, weekday)."""
    for rx in _DATE_PATTERNS:
        m = rx.search(line)
        if not m:
            continue
        month = int(m["m"]) if "m" in m.groupdict() and m["m"] else _MONTHS.get(m["mon"].lower()[:3])
        if month is None:
            continue
        try:
            d = date(int(m["y"]), month, int(m["d"]))
        except ValueError:
            continue
        rest = _FILLER.sub("", _TIME.sub("", line[: m.start()] + line[m.end():]))
        return d.isoformat(), len(rest) <= 3
    return None, False


def read_header(text: str) -> TextHeader:
    """Read the short lines that open ``text`` (see the module's docstring)."""
    h = TextHeader()
    dated: list[tuple[str, bool]] = []  # (date, line had a time)
    pos = 0
    n = 0
    while pos < len(text) and n < _MAX_HEADER_LINES:
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        raw = text[pos:end]
        line = " ".join(raw.split())
        if not line:
            pos = end + 1
            continue
        if len(line) >= _BODY_MIN or (len(line) > 80 and line.endswith((".", "!", "?", "»", '"', "”"))):
            break
        d, only_date = find_date(line)
        m = _BYLINE.match(line)
        if d and only_date:
            dated.append((d, bool(_TIME.search(line))))
        elif m and not h.authors:
            h.authors = [a.strip(" .,") for a in re.split(r"\s*(?:,|;|\band\b|\bи\b)\s*", m["who"]) if a.strip(" .,")]
        elif h.title is None:
            if line.endswith((".", ";", ",", ":")) and not line.endswith("..."):
                break  # a sentence, not a headline: there is no header
            h.title = line
        elif line.casefold() != h.title.casefold():
            break  # a second, different short line: the body has begun (a lead or subheading)
        n += 1
        pos = end + 1
    if h.title is None and not dated and not h.authors:
        return TextHeader()
    # the publication date is the one given with a time if there is one (a bare date above the
    # headline is often the day the page was saved), else the last date of the header
    with_time = [d for d, t in dated if t]
    h.published = with_time[0] if with_time else (dated[-1][0] if dated else None)
    while pos < len(text) and text[pos].isspace():
        pos += 1
    h.body_start = pos
    if h.body_start >= len(text):  # nothing but short lines: keep the text whole
        return TextHeader(published=h.published)
    return h
