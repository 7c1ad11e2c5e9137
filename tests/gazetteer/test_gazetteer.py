"""Gazetteer: normalised keys, name records, curated layer (invented inputs only)."""

from __future__ import annotations

import pytest

from presswatch.errors import ConfigError
from presswatch.gazetteer import get_gazetteer
from presswatch.gazetteer.index import load_curated
from presswatch.gazetteer.normalize import keys, script_of


@pytest.fixture(scope="session")
def gaz():
    return get_gazetteer(progress=False)


@pytest.mark.parametrize("a,b", [
    ("Xankəndi", "Khankendi"), ("Ханкенди", "Khankendi"), ("Ստեփանակերտ", "Stepanakert"),
    ("Степанакерт", "Stepanakert"), ("Şuşa", "Shusha"), ("Laçın", "Lachin"), ("Բերձոր", "Berdzor"),
    ("NAGORNO–KARABAKH", "Nagorno-Karabakh"),
    ("Zǝngilan", "Zəngilan"), ("Tǝrtǝr", "Tərtər"),  # the turned e (U+01DD) GeoNames writes folds like the schwa
])
def test_keys_fold_scripts_and_letters(a, b):
    assert set(keys(a)) & set(keys(b))


def test_keys_keep_distinct_names_apart():
    assert not set(keys("Texas")) & set(keys("Tekhas"))
    assert keys("Karabakh region") != keys("Nagorno-Karabakh")
    assert keys("") == ()


def test_script_of():
    assert script_of("Goris") == "Latn"
    assert script_of("Горис") == "Cyrl"
    assert script_of("Գորիս") == "Armn"


@pytest.mark.parametrize("surface", ["Khankendi", "Xankəndi", "Ханкенди", "Stepanakert", "Ստեփանակերտ"])
def test_variants_land_on_one_place(gaz, surface):
    assert "gn:146970" in [p.id for p in gaz.lookup(surface)]


def test_name_records_carry_kind_language_and_dates(gaz):
    p = gaz.get("gn:146970")
    assert p is not None and p.basis
    n = gaz.matched_name(p, "Ստեփանակերտ")
    assert (n.name, n.lang) == ("Ստեփանակերտ", "hy")
    assert n.valid_from == "1923"
    nk = gaz.matched_name(p, "Xankəndi")
    assert (nk.lang, nk.kind) == ("az", "official")
    nkao = gaz.get("cau:nkao")
    assert (nkao.valid_from, nkao.valid_to) == ("1923-07-07", "1991-11-26")
    assert {n.kind for n in nkao.names} >= {"historical", "abbreviation"}


def test_curated_entries_cite_a_basis(gaz):
    curated = [p for p in gaz.rich.values() if p.source.startswith("curated")]
    assert len(curated) >= 10
    assert all(p.basis for p in curated)


def test_generic_head_is_a_separate_place_choice(gaz):
    assert [p.id for p in gaz.lookup("Karabakh region")] == ["cau:karabakh"]
    assert "cau:nagorno-karabakh" in [p.id for p in gaz.lookup("Nagorno-Karabakh")]


def test_countries_admin_units_and_abbreviations(gaz):
    assert gaz.search("Georgia")[0].feature in ("PCLI", "ADM1")
    assert {p.feature for p in gaz.search("Georgia")} >= {"PCLI", "ADM1"}
    ky = gaz.lookup("Ky.")
    assert [p.name for p in ky] == ["Kentucky"]
    # the abbreviation needs its full stop
    assert "Kentucky" not in [p.name for p in gaz.lookup("Ky")]
    assert any(p.feature == "ADM2" for p in gaz.lookup("Fulton County"))


def test_demonyms_are_known(gaz):
    assert gaz.demonyms[keys("Azerbaijani")[0]] == "AZ"
    assert gaz.demonyms[keys("Armenian")[0]] == "AM"


def test_malformed_curated_file_names_the_line(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("places:\n  - id: a\n    names: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"x.yaml line \d+"):
        load_curated(bad)


@pytest.mark.parametrize("surface,pid,kind", [
    ("Basarkechar", "gn:616108", "exonym"), ("Vardenis", "gn:616108", "official"),
    ("Zod", "gn:616041", "exonym"), ("Sotk", "gn:616041", "official"),
    ("Varanda", "gn:148106", "alternate"), ("Karyagino", "gn:148106", "historical"),
    ("Terter", "gn:584871", "alternate"), ("Mirbashir", "gn:584871", "historical"),
])
def test_names_of_border_towns_each_with_its_kind(gaz, surface, pid, kind):
    # the other side's names of a place (and its former ones) are names of that same place, recorded with their kind
    assert pid in [p.id for p in gaz.lookup(surface)]
    p = gaz.get(pid)
    assert p.basis
    assert gaz.matched_name(p, surface).kind == kind


def test_former_names_carry_their_dates(gaz):
    p = gaz.get("gn:148106")
    assert gaz.matched_name(p, "Karyagino").valid_to == "1959"
    tartar = gaz.get("gn:584871")
    n = gaz.matched_name(tartar, "Mirbashir")
    assert (n.valid_from, n.valid_to) == ("1949", "1991")


def test_a_village_within_a_district_takes_its_point_and_says_so(gaz):
    village, town = gaz.get("cau:taghavard"), gaz.get("gn:146969")
    assert village.within == "gn:146969" and village.coarse
    assert (village.lat, village.lon, village.admin1) == (town.lat, town.lon, town.admin1)
    assert village.to_dict()["within"] == "gn:146969"
    istisu = gaz.get("gn:147969")  # a GeoNames village: the district is recorded, its own point kept
    assert istisu.within == "gn:586268" and not istisu.coarse
    assert (istisu.lat, istisu.lon) != (gaz.get("gn:586268").lat, gaz.get("gn:586268").lon)
    assert gaz.get("gn:146970").within is None


def test_curated_villages_are_named_from_both_sides(gaz):
    place = gaz.get("cau:madagiz")
    kinds = {(n.name, n.lang): n.kind for n in place.names}
    assert kinds[("Sugovushan", "en")] == "official" and kinds[("Mataghis", "en")] == "alternate"
    assert kinds[("Madagiz", "en")] == "historical"
    assert all(p.basis for p in (gaz.get(i) for i in ("cau:taghavard", "cau:parukh", "cau:kashatagh")))


def test_the_cache_is_keyed_by_the_curated_layer(tmp_path, monkeypatch):
    # an edit of a curated file (a new village) gives a new cache name, so the index is rebuilt
    import presswatch.gazetteer.index as index

    (tmp_path / "caucasus.yaml").write_text("places: []\n", encoding="utf-8")
    monkeypatch.setattr(index, "DATA", tmp_path)
    before = index._inputs_fingerprint()
    (tmp_path / "caucasus.yaml").write_text("places:\n  - id: cau:x\n", encoding="utf-8")
    assert index._inputs_fingerprint() != before


def test_second_batch_villages_take_their_units_point(gaz):
    for pid, unit in [("cau:kut", "gn:828261"), ("cau:kemerli", "gn:586087"), ("cau:karki", "gn:147282"),
                      ("cau:hin-shen", "gn:147105"), ("cau:charektar", "cau:aghdara")]:
        village, u = gaz.get(pid), gaz.get(unit)
        assert village.within == unit and village.coarse and village.feature == "PPL", pid
        assert (village.lat, village.lon, village.admin1) == (u.lat, u.lon, u.admin1), pid


def test_third_batch_villages_take_their_units_point(gaz):
    for pid, unit in [("cau:sos", "gn:146969"), ("cau:dahrav", "gn:148450"), ("cau:kolatak", "cau:aghdara"),
                      ("cau:ukhtadzor", "cau:hadrut"), ("cau:tsav", "gn:409314"), ("cau:vahidli", "gn:584861"),
                      ("cau:gunnut", "gn:146858"), ("cau:yusifjanli", "gn:148619")]:
        village, u = gaz.get(pid), gaz.get(unit)
        assert village.within == unit and village.coarse and village.feature == "PPL", pid
        assert (village.lat, village.lon, village.admin1) == (u.lat, u.lon, u.admin1), pid
        assert "unverified" in village.basis, pid


def test_zangilan_district_is_the_first_level_unit(gaz):
    # GeoNames spells the unit "Zǝngilan" (turned e): its names now meet the town's and the English form
    district = gaz.get("gn:146900")
    assert {"Zangilan district", "Zəngilan rayonu"} <= {n.name for n in district.names}
    assert "gn:146900" in [gaz.ids[i] for i in gaz.lookup_ids("Zangilan district")]
    assert "gn:146900" in [gaz.ids[i] for i in gaz.lookup_ids("Zəngilan")]
