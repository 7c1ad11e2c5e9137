"""Absolute dates of incidents: explicit dates, and relative ones resolved against the publication date.

"on 12 June", "June 12, 2023", "12.06.2023" are ``explicit``; "yesterday", "over the past day", "late on
Tuesday", "last night" are ``relative`` to the document's publication date; an incident that gives no date
takes the publication date (``document``). A period without a day ("this week", "last month", "over the past
few days") is a ``DateRange`` [first, last] (:func:`find_ranges`); it does not change the date. A weekday is the
latest such day on or before publication ("on Monday" in a Monday paper is that day). A day-and-month without
a year takes the year that puts it nearest before (or on) the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType

from presswatch.nlp.literals import Gate, fold, may_match

# the word before a weekday that says it is a week back when it is the day of publication ("last Monday")
_LAST = re.compile(r"^last$", re.I)


@dataclass(slots=True)
class DateMention:
    date: date
    start: int
    end: int
    kind: str  # explicit | relative


@dataclass(slots=True)
class DateRange:
    """A period stated without a day ("this week", "over the past few days"): first and last day, both included."""

    first: date
    last: date
    start: int
    end: int


def period(kind: str, n: int | None, pub: date) -> tuple[date, date]:
    """The days of a period named relative to the publication date ``pub``: ``this_week`` (Monday to ``pub``),
    ``last_week`` (the Monday to Sunday before), ``this_month``, ``last_month``, ``weekend`` (the latest Saturday and
    Sunday that end on or before ``pub``), ``past_days`` (the ``n`` days before ``pub``, and ``pub``; three when the
    text says "few"), ``past_weeks`` and ``past_months`` (``n`` times 7 or 30 days; one when no number is said)."""
    if kind == "this_week":
        return pub - timedelta(days=pub.weekday()), pub
    if kind == "last_week":
        monday = pub - timedelta(days=pub.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if kind == "this_month":
        return pub.replace(day=1), pub
    if kind == "last_month":
        last = pub.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if kind == "weekend":
        sunday = pub - timedelta(days=(pub.weekday() + 1) % 7)
        return sunday - timedelta(days=1), sunday
    days = {"past_days": 1, "past_weeks": 7, "past_months": 30}[kind]
    return pub - timedelta(days=(n or (3 if kind == "past_days" else 1)) * days), pub


def find_ranges(text: str, start: int, end: int, pub: date | None, lex: ModuleType) -> list[DateRange]:
    """Periods stated in ``text[start:end]`` (``lex.RELATIVE_RANGES``: a pattern with an optional ``n`` group, and
    the :func:`period` it names), in text order; none without a publication date or without such words."""
    if pub is None:
        return []
    out: list[DateRange] = []
    for pat, kind in getattr(lex, "RELATIVE_RANGES", ()):
        for m in pat.finditer(text, start, end):
            n = None
            if "n" in pat.groupindex and m.group("n"):
                w = " ".join(m.group("n").lower().split())
                n = int(w) if w.isdigit() else lex.NUMBER_WORDS.get(w) or getattr(lex, "VAGUE_NUMBERS", {}).get(w, 3)
            first, last = period(kind, n, pub)
            out.append(DateRange(first, last, m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


def publication_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _year_for(day: int, month: int, pub: date | None) -> date | None:
    if pub is None:
        return None
    for y in (pub.year, pub.year - 1):
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        if d <= pub + timedelta(days=1):
            return d
    return None


_NEVER = re.compile(r"(?!)")


def _finditer(pat: re.Pattern[str], seg: str, folded: str | None) -> Iterator[re.Match[str]]:
    """``pat.finditer(seg)``, not run when ``seg`` (folded: :func:`~presswatch.nlp.literals.fold`) holds none of the
    words that every match of ``pat`` holds."""
    return pat.finditer(seg) if may_match(pat, folded) else iter(())


_gates: dict[str, Gate] = {}


_DIGIT = re.compile(r"\d")


def _wordy_patterns(lex: ModuleType) -> list[re.Pattern[str]]:
    """The date patterns of ``lex`` that may match without a digit (a month, "yesterday", a weekday); every other one
    (a day of a month, a year) holds one."""
    return [
        getattr(lex, "MONTH_ONLY", _NEVER), *(p for p, _ in lex.RELATIVE_DAYS), lex.WEEKDAY, *getattr(lex, "AGO", ())
    ]


def _may_hold_a_date(seg: str, lex: ModuleType) -> bool:
    """False only when ``seg`` holds no digit and none of the words of the date patterns that need none (one scan
    for all of them): most sentences."""
    if _DIGIT.search(seg):
        return True
    g = _gates.get(lex.__name__)
    if g is None:
        g = _gates[lex.__name__] = Gate(_wordy_patterns(lex))
    return bool(g.open(seg))


def _ago_number(word: str, lex: ModuleType) -> int | None:
    """How many days, weeks, months or years "... ago" counts: digits, a number word, or a vague one ("a few": 3)."""
    w = word.lower().removeprefix("a ").strip() if word.lower() not in ("a", "an") else word.lower()
    if w.isdigit():
        return int(w)
    vague = getattr(lex, "VAGUE_NUMBERS", {})
    return vague[w] if w in vague else lex.NUMBER_WORDS.get(w)


def find_dates(text: str, start: int, end: int, pub: date | None, lex: ModuleType) -> list[DateMention]:
    """Dates stated in ``text[start:end]``, in text order (offsets in ``text``)."""
    seg = text[start:end]
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    if not _may_hold_a_date(seg, lex):
        return out  # no word any date pattern needs: most sentences
    folded = fold(seg)  # a pattern none of whose words the sentence holds is not run (nlp.literals)
    m = lex.NIGHT_OF.search(seg) if may_match(lex.NIGHT_OF, folded) else None
    if m:
        d = _year_for(int(m.group("d")), lex.MONTHS[m.group("mon").lower()], pub)
        if d:
            out.append(DateMention(d, start + m.start(), start + m.end(), "explicit"))
            taken.append((m.start(), m.end()))
    for pat in lex.EXPLICIT_DATES:
        for m in _finditer(pat, seg, folded):
            if not free(m.start(), m.end()):
                continue
            gd = m.groupdict()
            month = int(gd["m"]) if gd.get("m") else lex.MONTHS[gd["mon"].lower()]
            day = int(gd["d"])
            try:
                d = date(int(gd["y"]), month, day) if gd.get("y") else _year_for(day, month, pub)
            except ValueError:
                d = None
            if d is not None:
                out.append(DateMention(d, start + m.start(), start + m.end(), "explicit"))
                taken.append((m.start(), m.end()))
    for m in _finditer(getattr(lex, "MONTH_YEAR", _NEVER), seg, folded):
        if free(m.start(), m.end()):
            out.append(DateMention(date(int(m.group("y")), lex.MONTHS[m.group("mon").lower()], 1), start + m.start(),
                                   start + m.end(), "explicit"))
            taken.append((m.start(), m.end()))
    for m in _finditer(getattr(lex, "MONTH_ONLY", _NEVER), seg, folded):
        # "in April" in a piece of May: a month before the publication's (its first day), background to the analyzer;
        # the publication's own month or a later one says no day and is left alone
        if pub is None or not free(m.start(), m.end()):
            continue
        month = lex.MONTHS[m.group("mon").lower()]
        year = pub.year if month < pub.month else pub.year - 1 if month > pub.month else None
        if year is not None:
            out.append(DateMention(date(year, month, 1), start + m.start(), start + m.end(), "explicit"))
            taken.append((m.start(), m.end()))
    for m in _finditer(getattr(lex, "YEAR_ONLY", _NEVER), seg, folded):
        y = int(m.group("y"))
        if free(m.start(), m.end()) and pub is not None and y < pub.year:  # a past year only: "in 2020"
            out.append(DateMention(date(y, 1, 1), start + m.start(), start + m.end(), "explicit"))
            taken.append((m.start(), m.end()))
    if pub is not None:
        for pat, delta in lex.RELATIVE_DAYS:
            for m in _finditer(pat, seg, folded):
                if free(m.start(), m.end()):
                    out.append(DateMention(pub + timedelta(days=delta), start + m.start(), start + m.end(), "relative"))
                    taken.append((m.start(), m.end()))
        for pat in getattr(lex, "AGO", ()):  # "a year ago", "it has been five weeks since"
            for m in _finditer(pat, seg, folded):
                n = _ago_number(m.group("n"), lex)
                if n is not None and free(m.start(), m.end()):
                    days = n * lex.AGO_UNITS[m.group("unit").lower().rstrip("s")]
                    out.append(DateMention(pub - timedelta(days=days), start + m.start(), start + m.end(), "relative"))
                    taken.append((m.start(), m.end()))
        for m in _finditer(lex.WEEKDAY, seg, folded):
            if not free(m.start(), m.end()):
                continue
            wd = lex.WEEKDAYS[m.group("wd").lower()]
            back = (pub.weekday() - wd) % 7
            if getattr(lex, "LAST_BEFORE", _LAST).search(m.group("pre").strip()) and back == 0:
                back = 7
            out.append(DateMention(pub - timedelta(days=back), start + m.start(), start + m.end(), "relative"))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out
