"""Incidents in Russian (invented sentences): types, Russian dates, counts and places."""

from __future__ import annotations

from datetime import date

import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.incidents.analyzer import classify, find_counts, lexicon
from presswatch.analyzers.incidents.dates import find_dates
from presswatch.model import Document

RU = lexicon("ru")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Ночью у села Кармир зафиксировано нарушение режима прекращения огня.", "ceasefire_violation"),
        ("Позиции на высоте подверглись обстрелу из минометов.", "shelling"),
        ("Над постом пролетел беспилотник, сбросивший гранату.", "air_or_drone_strike"),
        ("Саперы разминировали поле у дороги и уничтожили две мины.", "mine_clearance"),
        ("Гуманитарная колонна из восьми машин прибыла в город утром.", "aid_delivery"),
        ("На въезде в город перекрыли дорогу для всех машин.", "checkpoint_or_road_closure"),
        ("Пограничники задержали двух мужчин на мосту.", "arrest"),
    ],
)
def test_types(sentence: str, kind: str):
    assert classify(sentence, RU)[0] == kind


def test_what_cancels_an_incident():
    assert classify("Нарушений режима прекращения огня не зафиксировано.", RU)[0] in (None, "ceasefire_violation")
    doc = Document(
        "За прошедшие сутки нарушений режима прекращения огня не зафиксировано.", language="ru", published="2024-05-08"
    )
    run(["incidents"], doc, Resources())
    assert doc.spans_by("incidents") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Это случилось 13 июня.", date(2024, 6, 13)),
        ("За прошедшие сутки ничего не изменилось.", date(2024, 6, 18)),
        ("Вчера вечером было тихо.", date(2024, 6, 18)),
        ("В прошлую среду прошёл дождь.", date(2024, 6, 12)),  # publication: Wednesday 19 June 2024
        ("Во вторник открыли мост.", date(2024, 6, 18)),
        ("Встреча назначена на 05.06.2024.", date(2024, 6, 5)),
    ],
)
def test_russian_dates(phrase: str, expected: date):
    got = find_dates(phrase, 0, len(phrase), date(2024, 6, 19), RU)
    assert [d.date for d in got] == [expected]


def test_counts_with_a_decimal_comma_and_people():
    text = "Ранены двое военнослужащих, саперы очистили 3,5 гектара и нашли 12 снарядов."
    counts, _ = find_counts(text, 0, len(text), RU)
    assert counts["wounded"] == 2
    assert counts["munitions"] == 12
    assert "hectares" not in counts  # 3,5 is no whole count


def test_an_incident_with_its_place_and_date():
    text = (
        "За прошедшие сутки в Аскеранском районе зафиксировано три нарушения режима прекращения огня. "
        "По информации местных властей, ранен один фермер."
    )
    doc = Document(text, language="ru", published="2024-05-08")
    run(["sourcing", "places", "incidents"], doc, Resources())
    (inc,) = doc.spans_by("incidents")
    assert inc.attrs["type"] == "ceasefire_violation"
    assert inc.attrs["date"] == "2024-05-07"
    assert inc.attrs["counts"]["violations"] == 3
    assert inc.attrs["counts"]["wounded"] == 1
    assert [p["place_id"] for p in inc.attrs["places"]] == ["gn:148450"]
