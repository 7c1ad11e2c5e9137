"""The places analyzer on invented sentences: recognition, names used, resolution, demonyms, scale."""

from __future__ import annotations

import pytest

from presswatch.analyzers import Resources, run
from presswatch.analyzers.places import recognise
from presswatch.gazetteer import get_gazetteer
from presswatch.model import Document
from presswatch.report.geojson import to_geojson


def places_of(text: str, lang: str = "en"):
    doc = run(["places"], Document(text, language=lang), Resources())
    return doc, [s for s in doc.spans if s.label == "PLACE"], [s for s in doc.spans if s.label == "DEMONYM"]


def test_all_spellings_land_on_one_place():
    text = ("Khankendi, Xankəndi, Ханкенди, Stepanakert and Ստեփանակերտ are names the bulletin used "
            "for one town.")
    _, ps, _ = places_of(text)
    found = {text[s.start:s.end]: s.attrs for s in ps}
    for name in ("Khankendi", "Xankəndi", "Ханкенди", "Stepanakert", "Ստեփանակերտ"):
        assert found[name]["place_id"] == "gn:146970", name
    assert found["Ստեփանակերտ"]["name_lang"] == "hy"
    assert found["Xankəndi"]["name_lang"] == "az"
    assert found["Stepanakert"]["matched_name"] == "Stepanakert"


def test_generic_head_stays_in_the_mention():
    text = "The ministry spoke of the Karabakh region, not of Nagorno-Karabakh, and of the Lachin corridor."
    _, ps, _ = places_of(text)
    got = {text[s.start:s.end]: s.attrs["place_id"] for s in ps}
    assert got["Karabakh region"] == "cau:karabakh"
    assert got["Nagorno-Karabakh"] == "cau:nagorno-karabakh"
    assert got["Lachin corridor"] == "cau:lachin-corridor"


def test_demonyms_are_not_places():
    text = "Azerbaijani officials visited Armenian-populated villages near Goris."
    _, ps, ds = places_of(text)
    assert [text[s.start:s.end] for s in ds] == ["Azerbaijani", "Armenian-populated"]
    assert [d.attrs["country"] for d in ds] == ["AZ", "AM"]
    assert [text[s.start:s.end] for s in ps] == ["Goris"]


def test_place_attrs_are_complete_and_json_ready():
    import json

    _, ps, _ = places_of("Trucks waited at Kornidzor.")
    (s,) = ps
    for k in ("place_id", "name", "lat", "lon", "country", "feature", "matched_name", "name_kind",
              "name_lang", "score"):
        assert k in s.attrs
    assert s.attrs["country"] == "AM" and 39 < s.attrs["lat"] < 40
    json.dumps(s.attrs)


def test_context_picks_among_namesakes():
    _, ps, _ = places_of("The fair moved from Paris, Texas to Tyler, Texas last year.")
    paris = next(s for s in ps if s.attrs["matched_name"] == "Paris")
    assert paris.attrs["country"] == "US"
    _, ps, _ = places_of("Ministers met in Paris and Lyon, France.")
    paris = next(s for s in ps if s.attrs["matched_name"] == "Paris")
    assert paris.attrs["country"] == "FR"


def test_person_names_are_not_places():
    text = "George Washington wrote to Jackson about the harvest."
    _, ps, _ = places_of(text)
    assert "Washington" not in [text[s.start:s.end] for s in ps]


def test_geojson_groups_mentions_per_place():
    doc, _, _ = places_of("From Goris to Khankendi, and back to Goris.")
    gj = to_geojson([doc])
    assert gj["type"] == "FeatureCollection"
    by = {f["properties"]["place_id"]: f for f in gj["features"]}
    assert by["gn:174895"]["properties"]["count"] == 2
    lon, lat = by["gn:174895"]["geometry"]["coordinates"]
    assert 46 < lon < 47 and 39 < lat < 40


@pytest.mark.parametrize("n", [3000])
def test_many_mentions_stay_linear(n):
    # a text of nothing but place-like capitalised words: every one is tried, none is compared to all others
    gaz = get_gazetteer(progress=False)
    text = " ".join(["Goris and Kapan and Yerevan, Armenia; Springfield, Illinois."] * (n // 6))
    mentions, _ = recognise(text, None, gaz)
    assert len(mentions) >= n * 0.9
    from presswatch.analyzers.places import PlacesAnalyzer

    res = PlacesAnalyzer().resolve(text, mentions, gaz)
    assert len(res) == len(mentions) and all(i is not None for i, _ in res)
