"""Places in Russian texts (invented sentences): inflected, multiword and adjectival names, function words."""

from __future__ import annotations

from presswatch.analyzers import Resources, run
from presswatch.analyzers.places_ru import adjective_bases, nominative
from presswatch.model import Document


def places_ru(text: str) -> dict[str, dict]:
    doc = run(["places"], Document(text, language="ru"), Resources())
    return {text[s.start : s.end]: s.attrs for s in doc.spans if s.label == "PLACE"}


def test_inflected_forms_land_on_the_place():
    text = "Колонна вышла из Степанакерта, миновала Шушу и остановилась под Агдамом. Вечером мы вернулись в Ханкенди."
    got = places_ru(text)
    assert got["Степанакерта"]["place_id"] == "gn:146970"
    assert got["Ханкенди"]["place_id"] == "gn:146970"
    assert got["Шушу"]["place_id"] == "gn:147105"
    assert got["Агдамом"]["place_id"] == "gn:148619"
    # the name used is the gazetteer's Russian name, not its case ending
    assert got["Степанакерта"]["matched_name"] == "Степанакерт"
    assert got["Степанакерта"]["name_lang"] == "ru"


def test_multiword_names_in_any_case():
    text = "Наблюдатели работают в Нагорном Карабахе; движение по Лачинскому коридору восстановлено."
    got = places_ru(text)
    assert got["Нагорном Карабахе"]["place_id"] == "cau:nagorno-karabakh"
    assert got["Нагорном Карабахе"]["matched_name"] == "Нагорный Карабах"
    assert got["Лачинскому коридору"]["place_id"] == "cau:lachin-corridor"


def test_adjectival_district_keeps_its_head():
    text = "В Аскеранском районе и в Мартакертском районе было тихо."
    got = places_ru(text)
    assert got["Аскеранском районе"]["place_id"] == "gn:148450"
    assert got["Аскеранском районе"]["head"] == "район"
    assert got["Мартакертском районе"]["place_id"] == "cau:aghdara"


def test_function_words_are_never_places():
    text = "По данным наблюдателей, Во время обстрела никто не пострадал. По дороге в Горис было тихо."
    got = places_ru(text)
    assert set(got) == {"Горис"}


def test_a_surname_is_not_a_place_and_a_country_is():
    text = "Об этом сообщил Пётр Париж. Армения и Азербайджан обменялись нотами."
    got = places_ru(text)
    assert "Париж" not in got
    assert got["Армения"]["place_id"] == "gn:174982"
    assert got["Азербайджан"]["place_id"] == "gn:587116"


def test_nominative_and_adjective_bases():
    assert nominative("Южной", "Gen") == "южная"
    assert nominative("Степанакертом", "Ins") == "степанакерт"
    assert "шуша" in adjective_bases("шушинский")
    assert "мартуни" in adjective_bases("мартунинский")
    assert adjective_bases("большой") == []
