"""Fit what the places analyzer ships from the geoparsing corpora (``presswatch train geo``; scipy).

``presswatch train geo --held-out trnews --data ../shared/data/geo/corpora`` fits the candidate ranker's
weights (both passes, :func:`fit_weights`: a conditional logit, :mod:`presswatch.learn.linear`) on the
corpora other than ``--held-out`` (LGL, TR-News, GeoVirus) and writes them to ``gazetteer/data/ranker.json``
(``--out`` elsewhere). The points of the annotated GeoNames records that come only from the held-out corpus
are withheld while fitting, as ``presswatch eval geo --corpus C --train`` withholds them; that command fits
the same weights in memory to score them on C, and writes nothing (``--weights FILE`` scores a file's).

``presswatch train geo --derive-points`` instead collects GeoNames' points for countries and admin units
from the LGL and TR-News annotations into ``gazetteer/data/annotated_points.json`` (``--out`` elsewhere).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from presswatch.corpora.geo import DEFAULT_DATA, FILES, Article, Gold, read_corpus
from presswatch.errors import DataMissingError


def gold_mentions(art: Article, gaz):
    """The gold toponyms of ``art`` as mentions with their gazetteer candidates (what the ranker ranks)."""
    from presswatch.analyzers.places import Mention, candidates

    out = []
    for g in art.gold:
        m = Mention(g.start, g.end, g.text)
        m.cands = candidates(gaz, g.text, demonyms=True)
        out.append(m)
    return out


def gold_label(gaz, m, g: Gold) -> int | None:
    """Which of ``m``'s candidates the gold ``g`` names: the one with its GeoNames id, else the nearest within
    161 km; None where there is none."""
    from presswatch.gazetteer.index import haversine_km

    best, bd = None, 1e9
    for j, i in enumerate(m.cands):
        if g.geonameid is not None and gaz.ids[i] == f"gn:{g.geonameid}":
            return j
        c = gaz.coords(i)
        if c is not None:
            d = haversine_km(c[0], c[1], g.lat, g.lon)
            if d < bd:
                best, bd = j, d
    return best if bd <= 161 else None


def fit_weights(corpora: list[list[Article]], gaz, l2: float = 1e-3) -> tuple[dict[str, float], dict[str, float]]:
    """Both passes' weights: the first pass is fitted on features without the first pass' choices, the
    second on features computed from the fitted first pass' choices (as :meth:`PlacesAnalyzer.resolve`)."""
    from presswatch.analyzers.places import FEATURES, choose, features, outlet_country, with_outlet

    data = []
    for arts in corpora:
        for art in arts:
            ms = gold_mentions(art, gaz)
            home = outlet_country(art.domain)
            labels = [gold_label(gaz, m, g) for m, g in zip(ms, art.gold, strict=True)]
            ms = with_outlet(ms, gaz, art.domain)
            labels += [None] * (len(ms) - len(labels))
            data.append((art, ms, home, labels, features(art.text, ms, gaz, home)))
    w1 = _fit([(ms, labels, fs) for _, ms, _, labels, fs in data], l2)
    w1l = [w1[f] for f in FEATURES]
    second = []
    for art, ms, home, labels, fs in data:
        prev = [i for i, _ in choose(ms, fs, w1l)]
        second.append((ms, labels, features(art.text, ms, gaz, home, prev)))
    w2 = _fit(second, l2)
    return w1, w2


def _fit(items, l2: float) -> dict[str, float]:
    """The conditional logit over each ambiguous mention's candidates
    (:func:`presswatch.learn.linear.fit_conditional_logit`)."""
    from presswatch.analyzers.places import FEATURES
    from presswatch.learn.linear import fit_conditional_logit

    rows: list[list[float]] = []
    starts: list[int] = []
    ys: list[int] = []
    for ms, labels, fs in items:
        for m, y, f in zip(ms, labels, fs, strict=True):
            if len(m.cands) >= 2 and y is not None:
                starts.append(len(rows))
                ys.append(len(rows) + y)
                rows.extend(f)
    if not starts:
        return {f: 0.0 for f in FEATURES}
    w, loss = fit_conditional_logit(rows, starts, ys, l2=l2)
    print(f"trained on {len(starts)} ambiguous mentions; final loss {loss:.4f} (with the L2 term)", file=sys.stderr)
    return {f: round(float(v), 5) for f, v in zip(FEATURES, w, strict=True)}


def fit_ranker(data: Path, held_out: str, out: Path | None = None) -> dict[str, object]:
    """Fit both passes' weights on every corpus but ``held_out`` and write them, with what they were
    trained on and the command, to ``out`` (default: the shipped ``gazetteer/data/ranker.json``)."""
    from presswatch.analyzers.places import WEIGHTS
    from presswatch.gazetteer import get_gazetteer
    from presswatch.gazetteer.index import withhold_annotated_points

    gaz = get_gazetteer()
    withhold_annotated_points(gaz, held_out)
    others = [c for c in FILES if c != held_out]
    w1, w = fit_weights([read_corpus(c, data) for c in others], gaz)
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
    from presswatch.gazetteer.index import ANNOTATED_POINTS, haversine_km, withhold_annotated_points

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
