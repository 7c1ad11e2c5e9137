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


def _resolved(text: str) -> dict:
    """Each place mention of ``text`` (its words) with its attributes."""
    _, ps, _ = places_of(text)
    return {text[s.start:s.end]: s.attrs for s in ps}


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


def _calls_to_find_and_resolve(n: int) -> tuple[int, int]:
    """Mentions found in a text of ``n`` place names, and the Python function calls made inside presswatch to
    find and resolve them (a count, not a time: the same on a loaded machine)."""
    import sys

    from presswatch.analyzers.places import PlacesAnalyzer

    gaz = get_gazetteer(progress=False)
    analyzer = PlacesAnalyzer()
    analyzer.weights, analyzer.weights_pass1  # noqa: B018 - load the weights before counting
    text = " ".join(["Goris and Kapan and Yerevan, Armenia; Springfield, Illinois."] * (n // 6))
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call" and "presswatch" in frame.f_code.co_filename:
            calls += 1

    sys.setprofile(count)
    try:
        mentions, _ = recognise(text, None, gaz)
        res = analyzer.resolve(text, mentions, gaz)
    finally:
        sys.setprofile(None)
    assert len(res) == len(mentions) and all(i is not None for i, _ in res)
    return len(mentions), calls


def test_many_mentions_stay_linear():
    """A text of nothing but place-like capitalised words: every one is tried, none is compared to all others, so
    twice the mentions cost twice the work (a mention compared with every other would cost four times)."""
    found, work = _calls_to_find_and_resolve(600)
    found2, work2 = _calls_to_find_and_resolve(1200)
    assert found >= 540 and found2 == 2 * found
    assert work2 / work < 2.3, (work, work2)


def test_outlet_country_from_the_domain():
    from presswatch.analyzers.places import outlet_country

    assert outlet_country("bbc.co.uk") == "GB"
    assert outlet_country("https://www.lemonde.fr/international/article.html") == "FR"
    assert outlet_country("news.am") == "AM"
    assert outlet_country("example.com") is None
    assert outlet_country(None) is None


def test_outlet_country_is_a_ranking_feature():
    from presswatch.analyzers.places import FEATURES, Mention, candidates, features

    gaz = get_gazetteer(progress=False)
    m = Mention(0, 5, "Paris")
    m.cands = candidates(gaz, "Paris")
    col = FEATURES.index("outlet_country")
    (fs,) = features("Paris", [m], gaz, home="US")
    home = {gaz.country[i] for i, f in zip(m.cands, fs, strict=True) if f[col] == 1.0}
    assert home == {"US"}


def test_second_pass_uses_the_other_mentions_choices():
    # the first pass' choice for Rapides Parish (Louisiana) counts for the Louisiana Alexandria
    from presswatch.analyzers.places import FEATURES, Mention, candidates, features

    gaz = get_gazetteer(progress=False)
    text = "Alexandria police and the Rapides Parish sheriff"
    ms = [Mention(0, 10, "Alexandria"), Mention(26, 40, "Rapides Parish")]
    for m in ms:
        m.cands = candidates(gaz, m.text)
    parish = next(i for i in ms[1].cands if gaz.feature[i] == "ADM2")
    col = FEATURES.index("ctx_admin1")
    fs = features(text, ms, gaz, prev=[None, parish])[0]
    la = [f[col] for i, f in zip(ms[0].cands, fs, strict=True) if gaz.country[i] == "US" and gaz.admin1[i] == "LA"]
    others = [f[col] for i, f in zip(ms[0].cands, fs, strict=True) if gaz.admin1[i] != "LA"]
    assert la and max(la) > 0 and max(others) == 0
    assert all(f[col] == 0 for f in features(text, ms, gaz)[0])  # no first pass, no context


def test_words_inside_longer_names_are_not_places():
    text = "A fire broke out on Shamrock Street in Alexandria, Louisiana, the sheriff said."
    _, ps, _ = places_of(text)
    got = [text[s.start:s.end] for s in ps]
    assert "Street" not in got and "Alexandria" in got


def test_abbreviation_keeps_its_full_stop_and_possessive_stays_out():
    text = "Canada's envoy flew back to the U.S. on Monday."
    _, ps, _ = places_of(text)
    got = {text[s.start:s.end]: s.attrs["country"] for s in ps}
    assert got.get("Canada") == "CA"
    assert got.get("U.S.") == "US"


def test_common_words_that_name_towns_are_not_places():
    text = "Officer Jones told Police Chief Smith that the Leader of the council had left."
    _, ps, _ = places_of(text)
    assert [text[s.start:s.end] for s in ps] == []


def test_surnames_given_in_full_elsewhere_are_not_places():
    text = "Mayor John Brown met Sarah Clark in Chattanooga, Tennessee. Brown said Clark would answer on Friday."
    _, ps, _ = places_of(text)
    got = [text[s.start:s.end] for s in ps]
    assert "Brown" not in got and "Clark" not in got
    assert "Chattanooga" in got


@pytest.mark.parametrize("surface, expect_name, via", [
    ("South Ossetian", "South Ossetia", "South Ossetia"),      # demonym -> the region it derives from
    ("Ohioans", "Ohio", "Ohio"),
    ("Dagestani", "Dagestan", "Dagestan"),
    ("Port of Los Angeles", None, "Los Angeles"),              # generic words and modifiers dropped
    ("Akita Prefecture", "Akita", "Akita"),
    ("St. Kitts and Nevis", "Saint Kitts and Nevis", "Saint Kitts and Nevis"),  # "St." spelt out
    ("Calif", "California", "Calif."),                          # AP abbreviation without its full stop
    ("KY", "Kentucky", "Ky."),                                  # postal code
    ("L.A.", None, "Los Angeles"),
])
def test_fallback_finds_what_no_name_matches(surface, expect_name, via):
    from presswatch.analyzers.places import candidates, fallback

    gaz = get_gazetteer()
    assert candidates(gaz, surface) == []  # the fallback is only for mentions with no candidate at all
    ids, got_via = fallback(gaz, surface)
    assert ids and got_via == via
    if expect_name:
        assert expect_name in {gaz.canon[i] for i in ids}


def test_fallback_gives_nothing_for_words_that_name_no_place():
    from presswatch.analyzers.places import fallback

    gaz = get_gazetteer()
    assert fallback(gaz, "Qwzxv Lake") == ([], None)
    assert fallback(gaz, "Zzyzzyxian") == ([], None)


def test_mention_resolved_through_a_part_says_so():
    from presswatch.analyzers.places import Mention, PlacesAnalyzer, _attrs

    gaz = get_gazetteer()
    text = "Ships waited outside the Port of Los Angeles on Monday."
    a = text.index("Port")
    m = Mention(a, a + len("Port of Los Angeles"), "Port of Los Angeles")
    (i, _score), = PlacesAnalyzer().resolve(text, [m], gaz, "US")
    attrs = _attrs(gaz, m, i, _score)
    assert attrs["resolved_via"] == "Los Angeles"
    assert attrs["country"] == "US" and abs(attrs["lat"] - 34.05) < 0.6


def test_annotated_points_can_be_withheld():
    from presswatch.gazetteer.index import withhold_annotated_points

    gaz = get_gazetteer()
    if not gaz.annotated:
        pytest.skip("no annotated points in this gazetteer")
    i, (lat, lon, corpora) = next(iter(gaz.annotated.items()))
    assert gaz.coords(i) != (lat, lon)
    saved = (gaz.lat[i], gaz.lon[i])
    try:
        assert withhold_annotated_points(gaz, "no-such-corpus") == 0
        assert withhold_annotated_points(gaz, corpora[0]) >= (1 if len(corpora) == 1 else 0)
        if len(corpora) == 1:
            assert gaz.coords(i) == (lat, lon)
    finally:
        gaz.lat[i], gaz.lon[i] = saved
        if i in gaz.rich:
            gaz.rich[i].lat, gaz.rich[i].lon = saved


def test_outlet_town_from_the_domain():
    from presswatch.analyzers.places import outlet_town

    gaz = get_gazetteer()
    assert {gaz.canon[i] for i in outlet_town(gaz, "https://www.amarillo.com/news/1")} == {"Amarillo"}
    assert "Dallas" in {gaz.canon[i] for i in outlet_town(gaz, "dallasnews.com")}
    assert outlet_town(gaz, "timesdispatch.com") == []  # a masthead word, not the town it also names
    assert outlet_town(gaz, "www.bbc.com") == [] and outlet_town(gaz, None) == []


def test_outlet_town_is_context_not_a_finding():
    from presswatch.analyzers.places import Mention, PlacesAnalyzer, candidates

    gaz = get_gazetteer()
    text = "Police closed a road near Arlington on Friday."
    a = text.index("Arlington")
    m = Mention(a, a + 9, "Arlington", cands=candidates(gaz, "Arlington"))
    res = PlacesAnalyzer().resolve(text, [m], gaz, None, "dallasnews.com")
    assert len(res) == 1  # the outlet's town is never reported
    i = res[0][0]
    assert (gaz.country[i], gaz.admin1[i]) == ("US", "TX")


def test_place_entity_only_the_fallback_resolves_is_kept_and_marked():
    text = "Dockworkers at the Port of Los Angeles walked out on Monday, the union said."
    got = _resolved(text)
    if "Port of Los Angeles" not in got:
        pytest.skip("spaCy did not label the port as a place in this model version")
    assert got["Port of Los Angeles"]["resolved_via"] == "Los Angeles"
    assert got["Port of Los Angeles"]["country"] == "US"


def test_fallback_does_not_read_words_as_demonyms_or_doctors():
    from presswatch.analyzers.places import fallback

    gaz = get_gazetteer()
    assert fallback(gaz, "Easter")[1] != "East"
    assert fallback(gaz, "M.D.") == ([], None)
    assert fallback(gaz, "Veterans Park")[1] != "Veter"


# -- the headline and standfirst ------------------------------------------------------------------------------

def test_headline_places_are_found_with_their_field():
    title = "Peacekeepers report two ceasefire violations near Khankendi"
    doc = run(["places"], Document("The mission said shots were fired overnight. Nobody was hurt.",
                                   title=title, description="A quiet week ends near Goris.", language="en"),
              Resources())
    in_title = [s for s in doc.spans if s.label == "PLACE" and s.field == "title"]
    assert [(title[s.start:s.end], s.attrs["place_id"]) for s in in_title] == [("Khankendi", "gn:146970")]
    assert [doc.span_text(s) for s in doc.spans if s.field == "description"] == ["Goris"]
    assert all(s.attrs["field"] in ("title", "description") for s in doc.spans if s.field != "text")
    assert doc.spans_by("places") == []  # the body names no place; spans_by reads the body unless told


def test_a_headline_the_body_repeats_is_read_once():
    title = "Shots fired near Goris on the second night"
    doc = run(["places"], Document(f"{title}\nResidents stayed indoors.", title=title, language="en"), Resources())
    assert [s.field for s in doc.spans if s.label == "PLACE"] == ["text"]


def test_headline_names_what_the_body_names():
    body = ("Shelling hit the outskirts of Martuni overnight, the ministry said. Positions near Khankendi, "
            "Shusha and Aghdam were also fired on.")
    doc = run(["places"], Document(body, title="Night of shelling in Martuni", language="en"), Resources())
    got = {(s.field, doc.span_text(s)): s.attrs["place_id"] for s in doc.spans if s.label == "PLACE"}
    assert got[("title", "Martuni")] == got[("text", "Martuni")] == "gn:146969"


def test_analysing_again_replaces_the_headline_spans():
    doc = Document("Residents stayed indoors.", title="Shots near Goris", language="en")
    run(["places"], doc, Resources())
    run(["places"], doc, Resources())
    assert [doc.span_text(s) for s in doc.spans if s.label == "PLACE"] == ["Goris"]


# -- voice ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, voice", [
    ("Convoys crossed into Stepanakert at dawn.", "Stepanakert", "own"),
    ("Aid from “Stepanakert” was announced again, the agency sneered.", "Stepanakert", "scare_quoted"),
    ("The envoy spoke of the so-called Republic of Artsakh at length.", "Republic of Artsakh", "mentioned"),
    ("The ministry objected to referring to Khankendi as Stepanakert in bulletins.", "Stepanakert", "mentioned"),
    ("Farmers returned to what the separatists call Stepanakert last spring.", "Stepanakert", "mentioned"),
    ("Its old name Stepanakert was dropped in the decree.", "Stepanakert", "mentioned"),
    ("The bulletin kept the 'Nagorno-Karabakh' label for the region.", "Nagorno-Karabakh", "mentioned"),
    ("Stepanakert is the Armenian name of the town.", "Stepanakert", "mentioned"),
])
def test_voice_of_a_place_mention(text, name, voice):
    _, ps, _ = places_of(text)
    got = next(s for s in ps if text[s.start:s.end] == name)
    assert got.attrs["voice"] == voice, got.attrs


def test_quoted_names_carry_their_speaker_when_sourcing_ran():
    text = ('The defence minister said: "Our positions near Stepanakert were shelled overnight by the other side." '
            "Observers went to Goris.")
    doc = run(["sourcing", "places"], Document(text, language="en"), Resources())
    got = {text[s.start:s.end]: s.attrs for s in doc.spans if s.label == "PLACE"}
    assert got["Stepanakert"]["voice"] == "quoted"
    assert "minister" in got["Stepanakert"]["speaker"]
    assert got["Goris"]["voice"] == "own"
    _, ps, _ = places_of(text)  # without sourcing: the quote marks alone, no speaker
    alone = next(s for s in ps if text[s.start:s.end] == "Stepanakert")
    assert alone.attrs["voice"] == "quoted" and "speaker" not in alone.attrs


# -- places in context ------------------------------------------------------------------------------------------

def test_district_named_after_its_town_is_the_district():
    text = "Farmers returned to Pirlar village of the Khojaly district and to the Fuzuli district."
    got = _resolved(text)
    assert got["Khojaly district"]["feature"] == "ADM1" and got["Khojaly district"]["country"] == "AZ"
    assert got["Khojaly district"]["stated_type"] == "district"
    assert got["Fuzuli district"]["feature"] == "ADM1"
    assert got["Pirlar"]["lat"] is not None and got["Pirlar"]["stated_type"] == "village"


def test_the_document_places_decide_between_namesakes():
    karabakh = ("The ministry said the town of Martuni came under fire overnight. Positions near Khankendi, "
                "Shusha and Aghdam were also hit.")
    _, ps, _ = places_of(karabakh)
    assert next(s for s in ps if karabakh[s.start:s.end] == "Martuni").attrs["place_id"] == "gn:146969"
    armenia = "Fishermen from the town of Martuni on Lake Sevan sold their catch in Gavar and Yerevan."
    _, ps, _ = places_of(armenia)
    assert next(s for s in ps if armenia[s.start:s.end] == "Martuni").attrs["place_id"] == "gn:616438"


def test_every_curated_place_has_coordinates():
    gaz = get_gazetteer(progress=False)
    curated = [p for p in gaz.rich.values() if p.source.startswith("curated")]
    assert curated
    assert [p.id for p in curated if p.lat is None or p.lon is None] == []
    pirlar = gaz.get("cau:pirlar")
    unit = gaz.get("gn:148449")
    assert (pirlar.lat, pirlar.lon, pirlar.admin1) == (unit.lat, unit.lon, unit.admin1)


def test_headline_spans_survive_json_the_store_and_the_reports(tmp_path):
    import json
    from pathlib import Path

    import jsonschema

    from presswatch.report.export import span_rows
    from presswatch.report.html import report_html
    from presswatch.store import open_store

    doc = run(["places"], Document("Residents of Goris stayed indoors.", title="Shots near Stepanakert",
                                   language="en"), Resources())
    schema = json.loads((Path(__file__).parents[2] / "src/presswatch/schema/document.schema.json").read_text())
    d = doc.to_dict()
    jsonschema.validate(d, schema)
    assert Document.from_dict(json.loads(json.dumps(d))).spans == doc.spans
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.put(doc)
        back = store.get(doc.id)
    assert sorted((s.field, back.span_text(s)) for s in back.spans if s.label == "PLACE") == \
        [("text", "Goris"), ("title", "Stepanakert")]
    assert {r["text"] for r in span_rows(doc) if r["label"] == "PLACE"} == {"Goris", "Stepanakert"}
    page = report_html([doc])
    h2 = page[page.index("<h2>"):page.index("</h2>")]
    assert "<mark" in h2 and "Stepanakert" in h2
    gj = to_geojson(doc)
    title_mentions = [m for f in gj["features"] for m in f["properties"]["mentions"] if m.get("field") == "title"]
    assert [m["text"] for m in title_mentions] == ["Stepanakert"]


@pytest.mark.parametrize("text", [
    "In the long term, Stepanakert will need a new water main.",
    "He called Stepanakert home for a decade.",
    "The Armenian side named Stepanakert as the venue of the talks.",
    "The “election” in Stepanakert was held on Sunday.",
    'Residents said: "We left Stepanakert before dawn"',
])
def test_names_used_in_the_texts_own_words_or_quoted_are_not_mentions(text):
    _, ps, _ = places_of(text)
    got = next(s for s in ps if text[s.start:s.end] == "Stepanakert")
    assert got.attrs["voice"] == ("quoted" if text.startswith("Residents") else "own"), got.attrs


def test_a_possessive_country_opening_a_body_name_is_a_place():
    # the word token keeps its apostrophe: "Norway's" must be looked up as "Norway", also where spaCy calls it
    # nothing or a person
    text = "Norway's fisheries agency said the quota was cut. Later, Peru's navy said nothing."
    _, ps, _ = places_of(text)
    got = {text[s.start:s.end]: s.attrs["place_id"] for s in ps}
    assert got.get("Norway") == "gn:3144096" and got.get("Peru") == "gn:3932488"


def test_a_dateline_in_capitals_is_a_place():
    text = "OSLO, May 3 (Northern Desk) - Talks resumed on Tuesday.\nLIMA, May 4 - Nothing new."
    _, ps, _ = places_of(text)
    got = {text[s.start:s.end]: s.attrs["place_id"] for s in ps}
    assert got.get("OSLO") == "gn:3143244" and got.get("LIMA") == "gn:3936456"


def test_a_namesake_goes_to_the_place_named_beside_it():
    # the document names the other namesake's country and one of its towns, but further off in the text
    karabakh = ("A shell set fire to a barn in Martuni before dawn, the Artsakh rescue service said.\n\n"
                "Later, Armenia's foreign ministry dismissed as false a report from Azerbaijan that soldiers had "
                "fired towards Kalbajar from near Sotk.")
    _, ps, _ = places_of(karabakh)
    assert next(s for s in ps if karabakh[s.start:s.end] == "Martuni").attrs["place_id"] == "gn:146969"
    armenia = ("A new clinic opened in Martuni, not far from Gavar, on Monday.\n\nIn other news, Azerbaijan's "
               "ministry reported shots near Aghdam and Fuzuli, and Karabakh officials denied it.")
    _, ps, _ = places_of(armenia)
    assert next(s for s in ps if armenia[s.start:s.end] == "Martuni").attrs["place_id"] == "gn:616438"


def _feature_of(text: str, names: list[str], which: str, feature: str) -> dict[str, float]:
    """``feature`` of each candidate (by place id) of the mention ``which`` among ``names`` as found in ``text``."""
    from presswatch.analyzers.places import FEATURES, Mention, candidates, features

    gaz = get_gazetteer(progress=False)
    ms, at = [], 0
    for name in names:
        start = text.index(name, at)
        at = start + len(name)
        ms.append(Mention(start, at, name, cands=candidates(gaz, name)))
    fs = features(text, ms, gaz)
    k = names.index(which)
    return {gaz.ids[i]: f[FEATURES.index(feature)] for i, f in zip(ms[k].cands, fs[k], strict=True)}


def test_adjacent_agreement_reads_the_nearest_other_names_in_the_text():
    # Askeran (Karabakh) right before Martuni: only the Karabakh town lies within reach of it
    got = _feature_of("Fire near Askeran and Martuni.", ["Askeran", "Martuni"], "Martuni", "adj_agree")
    assert got["gn:146969"] == 1.0 and got["gn:616438"] == 0.0
    # a country holds its places by its code, whatever the distance from its point
    got = _feature_of("Rain fell on Martuni, Armenia.", ["Martuni", "Armenia"], "Martuni", "adj_agree")
    assert got["gn:616438"] == got["gn:616437"] == 1.0 and got["gn:146969"] == 0.0
    # a name further off than ADJ_CHARS does not count; nor does a second mention of the same name
    far = "Fire near Askeran." + " Nothing else happened." * 20 + " Martuni was calm; Martuni slept."
    got = _feature_of(far, ["Askeran", "Martuni", "Martuni"], "Martuni", "adj_agree")
    assert set(got.values()) == {0.0}


@pytest.mark.parametrize("text, name, pid, unit", [
    ("Azerbaijani forces shelled Taghavard in the Martuni region on Monday.", "Taghavard", "cau:taghavard",
     "gn:146969"),
    ("A farmer was wounded near Karmir Shuka, a village in the Khojavend district.", "Karmir Shuka",
     "cau:karmir-shuka", "gn:146969"),
    ("Shots were fired from Chayli at positions in the Tartar direction.", "Chayli", "cau:chayli", "cau:aghdara"),
    ("A lorry hit an anti-tank mine near Yukhari Ayrim in the Kalbajar district.", "Yukhari Ayrim",
     "cau:yukhari-ayrim", "gn:586268"),
    ("Residents of Khramort said the heights above Parukh were taken.", "Parukh", "cau:parukh", "gn:148450"),
    ("Mortar rounds hit the outskirts of Talish, north of Martakert.", "Talish", "cau:talish", "cau:aghdara"),
    ("Border guards in Nerkin Hand, near Kapan, reported fire overnight.", "Nerkin Hand", "cau:nerkin-hand",
     "gn:409314"),
    ("The road from Tegh towards Kornidzor was closed.", "Tegh", "gn:174743", "gn:409314"),
    ("Azerbaijani forces fired at houses in Kut, in Gegharkunik, on Monday.", "Kut", "cau:kut", "gn:828261"),
    ("A shepherd was wounded near Khoznavar, in Syunik, on Tuesday.", "Khoznavar", "cau:khoznavar", "gn:409314"),
    ("Windows were broken in Aygepar, in Tavush, by the night's gunfire.", "Aygepar", "cau:aygepar", "gn:828265"),
    ("The ministry said Kemerli, in the Gazakh district, came under fire.", "Kemerli", "cau:kemerli", "gn:586087"),
    ("Two civilians were killed in Alkhanli, in the Fuzuli district.", "Alkhanli", "cau:alkhanli", "gn:148106"),
    ("A farmer was wounded in Khnapat, in the Askeran region.", "Khnapat", "cau:khnapat", "gn:148450"),
    ("Residents of Mets Shen, near Shushi, were told to leave.", "Mets Shen", "cau:mets-shen", "gn:147105"),
    # a third batch
    ("A shepherd was wounded near Sos, in the Khojavend district, on Monday.", "Sos", "cau:sos", "gn:146969"),
    ("Shots were fired at Kherkhan, near Martuni, overnight.", "Kherkhan", "cau:kherkhan", "gn:146969"),
    ("Armenian positions near Kolatak and Janyatag fired at Azerbaijani posts, the ministry in Baku said.",
     "Janyatag", "cau:janyatag", "cau:aghdara"),
    ("Residents of Tumi and Ukhtadzor, in Hadrut, fled.", "Ukhtadzor", "cau:ukhtadzor", "cau:hadrut"),
    ("Aygestan, in the Askeran region, was shelled.", "Aygestan", "cau:aygestan-askeran", "gn:148450"),
    ("Tsav, near Kapan, came under fire.", "Tsav", "cau:tsav", "gn:409314"),
    ("Houses in Vahidli, in the Tovuz district, were damaged.", "Vahidli", "cau:vahidli", "gn:584861"),
    ("Shells hit Yusifjanli and Marzili in the Aghdam district.", "Marzili", "cau:marzili", "gn:148619"),
    ("A soldier was killed near Gunnut, in Nakhchivan's Sharur district.", "Gunnut", "cau:gunnut", "gn:146858"),
])
def test_villages_resolve_and_say_the_district_they_lie_in(text, name, pid, unit):
    got = _resolved(text)
    assert got[name]["place_id"] == pid
    assert got[name]["within"] == unit
    assert got[name]["coarse_point"] is pid.startswith("cau:")  # a GeoNames village keeps its own point


def test_both_sides_names_of_a_village_are_one_place():
    text = ("Azerbaijan's ministry said Sugovushan, Dashalti and Zabukh were quiet; Armenian outlets wrote of "
            "Madagiz, Mataghis, Karin Tak and Aghavno.")
    got = _resolved(text)
    assert got["Sugovushan"]["place_id"] == got["Madagiz"]["place_id"] == got["Mataghis"]["place_id"] == "cau:madagiz"
    assert got["Madagiz"]["name_kind"] == "historical" and got["Mataghis"]["name_kind"] == "alternate"
    assert got["Dashalti"]["place_id"] == got["Karin Tak"]["place_id"] == "cau:karin-tak"
    assert got["Zabukh"]["place_id"] == got["Aghavno"]["place_id"] == "cau:aghavno"
    assert got["Zabukh"]["name_kind"] == "official" and got["Aghavno"]["name_kind"] == "alternate"


def test_kut_is_the_gegharkunik_village_in_armenian_news_and_al_kut_in_iraqi_news():
    for text in ("Armenia's defence ministry said Azerbaijani forces fired at houses in Kut on Monday.",
                 "Azerbaijani forces fired at houses in Kut, near Vardenis, on Monday."):
        _, ps, _ = places_of(text)
        assert next(s for s in ps if text[s.start:s.end] == "Kut").attrs["place_id"] == "cau:kut", text
    text = "Iraqi police said a bomb exploded in Kut, south-east of Baghdad."
    _, ps, _ = places_of(text)
    assert next(s for s in ps if text[s.start:s.end] == "Kut").attrs["place_id"] == "gn:99131"


def test_zangilan_district_is_the_district_and_zangilan_the_town():
    text = "Farmers returned to the Fuzuli district and to the Zangilan district; Agali, near Zangilan, was rebuilt."
    got = _resolved(text)
    assert got["Fuzuli district"]["place_id"] == "gn:148107"
    assert got["Zangilan district"]["place_id"] == "gn:146900" and got["Zangilan district"]["feature"] == "ADM1"
    assert got["Zangilan"]["place_id"] == "gn:146901"
    assert got["Agali"]["place_id"] == "cau:agali"


def test_an_armenian_and_an_azerbaijani_name_of_a_martakert_village_are_one_place():
    text = "Baku spoke of Çıldıran, Armenian outlets of Chldran; Janyatagh lies nearby, in Martakert."
    got = _resolved(text)
    assert got["Çıldıran"]["place_id"] == got["Chldran"]["place_id"] == "cau:chldran"
    assert got["Chldran"]["name_kind"] == "alternate" and got["Çıldıran"]["name_kind"] == "official"
    assert got["Janyatagh"]["place_id"] == "cau:janyatag"


def test_an_exclave_village_under_both_names_is_one_place():
    text = "Azerbaijani texts speak of Karki, Armenian ones of Tigranashen; Baku also named Yukhari Askipara."
    got = _resolved(text)
    assert got["Karki"]["place_id"] == got["Tigranashen"]["place_id"] == "cau:karki"
    assert got["Karki"]["name_kind"] == "official" and got["Tigranashen"]["name_kind"] == "alternate"
    assert got["Yukhari Askipara"]["place_id"] == "cau:yukhari-askipara"


def test_istisu_is_the_kalbajar_village_and_jermuk_the_armenian_town():
    text = "The Kalbajar road reached Istisu this week, while talks were held in Jermuk, in Armenia."
    got = _resolved(text)
    assert got["Istisu"]["place_id"] == "gn:147969" and got["Istisu"]["within"] == "gn:586268"
    assert got["Jermuk"]["place_id"] == "gn:174884" and got["Jermuk"]["country"] == "AM"


def test_a_village_name_that_is_a_word_is_not_a_place_in_lower_case():
    text = "He said the plan was sus, and the officials in Goris agreed."
    _, ps, _ = places_of(text)
    assert [text[s.start:s.end] for s in ps] == ["Goris"]


def test_a_village_name_read_through_another_script_is_not_an_english_nickname():
    text = "It was built as a tribute to the Flying Tiger Tex Hill’s aircraft; later it was shown in Tegh."
    _, ps, _ = places_of(text)
    assert [text[s.start:s.end] for s in ps] == ["Tegh"]  # "Tex" is a GeoNames by-name of Tegh


def test_a_compass_word_before_a_common_noun_is_no_place():
    import presswatch.analyzers as analyzers
    from presswatch.model import Document

    text = "Three violations were registered in the North sector, and one south of Askeran. North Korea was silent."
    doc = analyzers.run(["places"], Document(id="x", text=text, language="en"), analyzers.Resources())
    names = [text[s.start:s.end] for s in doc.spans_by("places") if s.label == "PLACE"]
    assert "North" not in names and "Askeran" in names and "North Korea" in names


def test_a_village_is_not_the_city_of_the_same_name():
    # written for this test: "Kut" with no other place ranks the Iraqi city of 300,000 first; "the village of Kut" is
    # a village (which one, the other places of a text say)
    text = "Shots were fired towards the village of Kut on Monday."
    village = _resolved(text)["Kut"]
    assert village["place_id"] != "gn:99131" and village["feature"].startswith("PPL")
    assert _resolved(text.replace("the village of ", ""))["Kut"]["place_id"] == "gn:99131"  # without the word
    # a village already: unchanged
    assert _resolved("The village of Sotk was shelled.")["Sotk"]["place_id"] == "gn:616041"


def test_the_news_spelling_of_an_exclave_village_is_known():
    # written for this test: GeoNames spells it Sedarak; the curated layer adds the spelling of English news
    assert _resolved("Shots were fired near Sadarak on Monday.")["Sadarak"]["place_id"] == "gn:147282"


def test_gubadli_and_kubatly_are_the_town_and_with_district_the_district():
    # written for this test
    text = "Fire was reported in the Gubadli district, in the Kubatly district and near Gubadli itself."
    got = _resolved(text)
    assert got["Gubadli district"]["place_id"] == got["Kubatly district"]["place_id"] == "gn:147694"
    assert got["Gubadli"]["place_id"] == "gn:147305"


def test_the_villages_at_the_ends_of_a_border_section_are_places():
    # written for this test
    for dash in ("–", "-"):
        got = _resolved(f"Fire was reported on the Yeraskh{dash}Sadarak section of the border.")
        assert got["Yeraskh"]["place_id"] == "gn:391241" and got["Sadarak"]["place_id"] == "gn:147282"
    assert list(_resolved("Nagorno-Karabakh is a region.")) == ["Nagorno-Karabakh"]
