"""Fit what the places analyzer ships from the geoparsing corpora (``presswatch train geo``; numpy only).

``presswatch train geo --held-out trnews --data ../shared/data/geo/corpora`` fits the candidate ranker's
weights (both passes, :func:`presswatch.eval.geo.train`) on the corpora other than ``--held-out`` (LGL,
TR-News, GeoVirus) and writes them to ``gazetteer/data/ranker.json`` (``--out`` elsewhere). The points of
the annotated GeoNames records that come only from the held-out corpus are withheld while fitting, as
``presswatch eval geo --corpus C --train`` withholds them; that command fits the same weights in memory
to score them on C, and writes nothing.

``presswatch train geo --derive-points`` instead collects GeoNames' points for countries and admin units
from the LGL and TR-News annotations into ``gazetteer/data/annotated_points.json`` (``--out`` elsewhere).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from presswatch.corpora.geo import DEFAULT_DATA, FILES, read_corpus
from presswatch.errors import DataMissingError
from presswatch.eval.geo import train


def fit_ranker(data: Path, held_out: str, out: Path | None = None) -> dict[str, object]:
    """Fit both passes' weights on every corpus but ``held_out`` and write them, with what they were
    trained on and the command, to ``out`` (default: the shipped ``gazetteer/data/ranker.json``)."""
    from presswatch.analyzers.places import WEIGHTS
    from presswatch.gazetteer import get_gazetteer
    from presswatch.gazetteer.store import withhold_annotated_points

    gaz = get_gazetteer()
    withhold_annotated_points(gaz, held_out)
    others = [c for c in FILES if c != held_out]
    w1, w = train([read_corpus(c, data) for c in others], gaz)
    out = out or WEIGHTS
    record = {"trained_on": others, "held_out": held_out, "command": "presswatch train geo --held-out " + held_out,
              "weights": w, "weights_pass1": w1}
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(f"weights written to {out}", file=sys.stderr)
    return record


def derive_points(data: Path, out: Path | None = None) -> int:
    """Collect GeoNames' points for countries and admin units from the corpora that give GeoNames ids
    (LGL, TR-News) into ``out`` (default: the shipped ``gazetteer/data/annotated_points.json``), with the
    corpora each came from; only where the gazetteer's own point lies more than 1 km away."""
    from collections import Counter, defaultdict

    from presswatch.gazetteer import get_gazetteer
    from presswatch.gazetteer.store import ANNOTATED_POINTS, haversine_km, withhold_annotated_points

    gaz = get_gazetteer()
    withhold_annotated_points(gaz, None)  # compare with our own points, not with earlier annotated ones
    seen: dict[int, Counter] = defaultdict(Counter)
    where: dict[int, set[str]] = defaultdict(set)
    for c in ("lgl", "trnews"):
        for art in read_corpus(c, data):
            for g in art.gold:
                i = gaz.index_of(f"gn:{g.geonameid}") if g.geonameid else None
                if i is None or gaz.feature[i].startswith("PPL") or gaz.coords(i) is None:
                    continue
                seen[g.geonameid][(round(g.lat, 5), round(g.lon, 5))] += 1
                where[g.geonameid].add(c)
    points = {}
    for gid, cnt in sorted(seen.items()):
        (lat, lon), _ = cnt.most_common(1)[0]
        own = gaz.coords(gaz.index_of(f"gn:{gid}"))
        if own is not None and haversine_km(own[0], own[1], lat, lon) > 1.0:
            points[str(gid)] = {"name": gaz.canon[gaz.index_of(f"gn:{gid}")], "lat": lat, "lon": lon,
                                "from": sorted(where[gid])}
    head = json.dumps({
        "about": "GeoNames' points for countries and admin units, as recorded in the GeoNames annotations of "
                 "the LGL and TR-News corpora (GeoNames data, CC-BY 4.0, https://www.geonames.org); 'from' "
                 "names the corpora, so that evaluating on one withholds its points",
        "command": "presswatch train geo --derive-points"}, indent=1, ensure_ascii=False)
    rows = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in points.items())
    out = out or ANNOTATED_POINTS
    out.write_text(head[:-2] + ',\n "points": {\n' + rows + "\n }\n}\n", encoding="utf-8")
    print(f"{len(points)} points written to {out}", file=sys.stderr)
    return 0


def run(*, data: Path = DEFAULT_DATA, held_out: str = "trnews", points: bool = False, out: Path | None = None) -> int:
    """``presswatch train geo``: fit the ranker's weights on every corpus but ``held_out`` (a key of
    :data:`~presswatch.corpora.geo.FILES`), or with ``points`` collect the annotated GeoNames points instead; write
    them to ``out`` (default: the shipped file)."""
    if not data.is_dir():
        raise DataMissingError(f"{data} is not a folder; pass --data DIR (the shared geo/corpora folder)")
    if points:
        return derive_points(data, out)
    fit_ranker(data, held_out, out)
    return 0
