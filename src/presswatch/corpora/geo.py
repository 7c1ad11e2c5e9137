"""Geoparsing corpora: LGL (Lieberman et al. 2010), TR-News (Kamalloo and Rafiei 2018) and GeoVirus (Gritta et
al. 2018), as the XML files of ``geo/corpora`` give them: articles with their gold toponyms (character offsets,
latitude and longitude, and for LGL and TR-News the GeoNames id). Scored by :mod:`presswatch.eval.geo`; the
gazetteer's ranker is fitted on them by :mod:`presswatch.train.geo`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from presswatch.errors import DataMissingError

FILES = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "geovirus": "GeoVirus.xml"}
DEFAULT_DATA = Path("../shared/data/geo/corpora")


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None


@dataclass(slots=True)
class Article:
    id: str
    text: str
    gold: list[Gold]
    domain: str | None = None


def read_corpus(name: str, data: Path) -> list[Article]:
    path = data / FILES[name]
    if not path.exists():
        raise DataMissingError(
            f"{path} not found; pass --data with the folder holding {FILES[name]} "
            "(the project's shared data: geo/corpora)"
        )
    root = ET.parse(path).getroot()
    arts: list[Article] = []
    for n, a in enumerate(root.iter("article")):
        text = a.findtext("text") or ""
        gold: list[Gold] = []
        if name == "geovirus":
            for loc in a.iter("location"):
                s, e = int(loc.findtext("start")), int(loc.findtext("end"))
                s, e = _realign(text, s, e, loc.findtext("name"))  # GeoVirus offsets are shifted by one
                gold.append(Gold(s, e, text[s:e], float(loc.findtext("lat")), float(loc.findtext("lon")), None))
        else:
            for t in a.iter("toponym"):
                g = t.find("gaztag")
                if g is None or g.findtext("lat") is None:
                    continue
                s, e = int(t.findtext("start")), int(t.findtext("end"))
                s, e = _realign(text, s, e, t.findtext("phrase"))
                gid = g.get("geonameid")
                gold.append(
                    Gold(
                        s,
                        e,
                        text[s:e],
                        float(g.findtext("lat")),
                        float(g.findtext("lon")),
                        int(gid) if gid and gid.isdigit() else None,
                    )
                )
        domain = (a.findtext("domain") or a.findtext("source") or "").strip() or None
        arts.append(Article(a.get("docid") or str(n), text, gold, domain))
    return arts


def _realign(text: str, s: int, e: int, phrase: str | None) -> tuple[int, int]:
    """Some TR-News offsets are shifted by a few characters: move them onto the nearest copy of the phrase."""
    if not phrase or text[s:e] == phrase:
        return s, e
    best = None
    for d in range(1, 40):
        for c in (s - d, s + d):
            if c >= 0 and text[c : c + len(phrase)] == phrase:
                best = c
                break
        if best is not None:
            break
    return (best, best + len(phrase)) if best is not None else (s, e)
