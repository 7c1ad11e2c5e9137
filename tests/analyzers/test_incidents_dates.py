"""Periods without a day ("this week", "last month", "over the past few days") as an incident's ``date_range``."""

from __future__ import annotations

from datetime import date

import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.incidents.analyzer import lexicon
from presswatch.analyzers.incidents.dates import find_ranges, period
from presswatch.model import Document

EN = lexicon("en")
WED = date(2024, 4, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("kind", "n", "first", "last"),
    [
        ("this_week", None, date(2024, 4, 8), WED),
        ("last_week", None, date(2024, 4, 1), date(2024, 4, 7)),
        ("this_month", None, date(2024, 4, 1), WED),
        ("last_month", None, date(2024, 3, 1), date(2024, 3, 31)),
        ("weekend", None, date(2024, 4, 6), date(2024, 4, 7)),
        ("past_days", None, date(2024, 4, 7), WED),
        ("past_days", 5, date(2024, 4, 5), WED),
        ("past_weeks", None, date(2024, 4, 3), WED),
        ("past_weeks", 2, date(2024, 3, 27), WED),
    ],
)
def test_period_days(kind, n, first, last):
    assert period(kind, n, WED) == (first, last)


def test_last_month_in_january_is_december_of_the_year_before():
    assert period("last_month", None, date(2025, 1, 3)) == (date(2024, 12, 1), date(2024, 12, 31))


def test_weekend_in_a_sunday_paper_is_that_weekend():
    assert period("weekend", None, date(2024, 4, 14)) == (date(2024, 4, 13), date(2024, 4, 14))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen shelled the outskirts of Varlo earlier this week.", ("2024-04-08", "2024-04-10")),
        ("Over the past few days, aid convoys delivered 40 tonnes of flour to Varlo.", ("2024-04-07", "2024-04-10")),
        ("Police arrested eleven smugglers near Varlo last month.", ("2024-03-01", "2024-03-31")),
        ("In the last two weeks sappers cleared 12 hectares of land near Varlo.", ("2024-03-27", "2024-04-10")),
    ],
)
def test_incident_gets_the_period_and_keeps_the_publication_date(sentence, expected):
    doc = Document(text=sentence, language="en", published="2024-04-10")
    run(["incidents"], doc, Resources())
    (span,) = doc.spans_by("incidents")
    assert span.attrs["date_range"] == list(expected)
    assert (span.attrs["date"], span.attrs["date_from"]) == ("2024-04-10", "document")
    a, b = span.attrs["date_range_span"]
    assert sentence[a:b].lower().endswith(("week", "month", "days", "weeks"))


def test_a_day_said_in_the_sentence_wins_over_the_period():
    doc = Document(text="Artillery hit the village on Monday of this week.", language="en", published="2024-04-10")
    run(["incidents"], doc, Resources())
    (span,) = doc.spans_by("incidents")
    assert (span.attrs["date"], span.attrs["date_range"]) == ("2024-04-08", None)


def test_no_period_no_range_and_none_without_a_publication_date():
    doc = Document(text="Government forces shelled the village.", language="en", published="2024-04-10")
    run(["incidents"], doc, Resources())
    assert doc.spans_by("incidents")[0].attrs["date_range"] is None
    text = "Artillery hit the village this week."
    assert find_ranges(text, 0, len(text), None, EN) == []
    assert [(r.first, r.last) for r in find_ranges(text, 0, len(text), WED, EN)] == [(date(2024, 4, 8), WED)]


def test_russian_periods():
    ru = lexicon("ru")
    text = "На этой неделе обстрелы продолжались; за последние несколько дней и в прошлом месяце тоже."
    got = [(r.first, r.last, text[r.start : r.end]) for r in find_ranges(text, 0, len(text), WED, ru)]
    assert got == [
        (date(2024, 4, 8), WED, "На этой неделе"),
        (date(2024, 4, 7), WED, "за последние несколько дней"),
        (date(2024, 3, 1), date(2024, 3, 31), "в прошлом месяце"),
    ]
