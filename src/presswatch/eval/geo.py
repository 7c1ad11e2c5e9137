"""Geoparsing evaluation on LGL, TR-News and GeoVirus.

``presswatch eval geo --corpus lgl|trnews|geovirus [--data DIR] [--mode gold|e2e|both] [--limit N]``

- gold spans (resolution only): exact GeoNames id (where the gold gives one and only over those),
  accuracy@161 km, mean error km, AUC of the log error (Gritta et al. 2018: area under the sorted
  ``log(1 + error)`` curve, scaled so that 0 is perfect and 1 is every toponym on the far side of the
  earth). A gold toponym with no candidate counts as a miss at 20,039 km.
- end-to-end: toponym recognition precision / recall / F1 (exact span match, and overlap match) and
  accuracy@161 km over the correctly found toponyms; documents per second for the places analyzer
  alone, as a ratio to spaCy's parse of the same texts.
- ``--train``: learn the ranker's weights on the other corpora (hold ``--corpus`` out) and evaluate on
  it, in memory (:func:`presswatch.train.geo.fit_weights`). ``--weights FILE``: score the weights in FILE
  (as ``presswatch train geo --out FILE`` writes them) instead of the shipped ones. Evaluating never writes
  what ships: ``presswatch train geo`` fits the shipped weights (``gazetteer/data/ranker.json``) and collects
  the annotated GeoNames points.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

from presswatch.corpora.geo import DEFAULT_DATA, FILES, Article, read_corpus
from presswatch.errors import ConfigError, DataMissingError
from presswatch.learn.metrics import prf

MAX_KM = 20039.0


class _Bar:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.n, self.t0 = total, label, 0, time.time()

    def step(self) -> None:
        self.n += 1
        if self.n == self.total or self.n % 10 == 0:
            w = 30
            k = int(w * self.n / max(1, self.total))
            print(f"\r{self.label} [{'#' * k}{'.' * (w - k)}] {self.n}/{self.total} {time.time() - self.t0:.0f}s",
                  end="" if self.n < self.total else "\n", file=sys.stderr, flush=True)


def _metrics(errors: list[float]) -> dict[str, float]:
    if not errors:
        return {"n": 0}
    le = sorted(math.log1p(e) for e in errors)
    if len(le) > 1:
        auc = sum((le[i] + le[i + 1]) / 2 for i in range(len(le) - 1)) / ((len(le) - 1) * math.log1p(MAX_KM))
    else:
        auc = le[0] / math.log1p(MAX_KM)
    return {"n": len(errors), "acc161": sum(e <= 161 for e in errors) / len(errors),
            "mean_km": sum(errors) / len(errors), "median_km": sorted(errors)[len(errors) // 2], "auc": auc}


def eval_gold(arts: list[Article], gaz, analyzer) -> dict[str, float]:
    from presswatch.analyzers.places import outlet_country
    from presswatch.gazetteer.index import haversine_km
    from presswatch.train.geo import gold_mentions

    errors: list[float] = []
    exact_n = exact_ok = covered = cover_n = 0
    bar = _Bar(len(arts), "gold-span resolution")
    for art in arts:
        ms = gold_mentions(art, gaz)
        res = analyzer.resolve(art.text, ms, gaz, outlet_country(art.domain), art.domain)
        for g, (i, _s) in zip(art.gold, res, strict=True):
            c = gaz.coords(i) if i is not None else None
            errors.append(MAX_KM if c is None else haversine_km(c[0], c[1], g.lat, g.lon))
            if g.geonameid is not None:
                exact_n += 1
                exact_ok += int(i is not None and gaz.ids[i] == f"gn:{g.geonameid}")
                cover_n += 1
                covered += int(gaz.index_of(f"gn:{g.geonameid}") is not None)
        bar.step()
    out = _metrics(errors)
    out["unresolved"] = sum(e == MAX_KM for e in errors) / max(1, len(errors))
    if exact_n:
        out["exact_id"] = exact_ok / exact_n
        out["gold_id_in_gazetteer"] = covered / cover_n
    return out


def eval_e2e(arts: list[Article], gaz, analyzer, labels: tuple[str, ...] = ("PLACE", "DEMONYM")
             ) -> dict[str, float]:
    from presswatch.analyzers import Resources
    from presswatch.gazetteer.index import haversine_km
    from presswatch.model import Document
    from presswatch.nlp.pipelines import get_nlp

    nlp = get_nlp("en")
    docs = [Document(a.text, id=f"eval-{a.id}-{n}", language="en", source_domain=a.domain)
            for n, a in enumerate(arts)]
    t0 = time.time()
    parses = list(nlp.pipe((d.text for d in docs), batch_size=16))
    t_parse = time.time() - t0
    res = Resources()
    for d, p in zip(docs, parses, strict=True):
        res._parses[d.id] = p
    tp = fp = fn = otp = 0
    errors: list[float] = []
    bar = _Bar(len(arts), "end-to-end")
    t_places = 0.0
    for art, d in zip(arts, docs, strict=True):
        t1 = time.time()
        spans = [s for s in analyzer.annotate(d, res) if s.label in labels]
        t_places += time.time() - t1
        gold = {(g.start, g.end): g for g in art.gold}
        found = {(s.start, s.end): s for s in spans}
        for k, s in found.items():
            g = gold.get(k)
            if g is None:
                fp += 1
                continue
            tp += 1
            la, lo = s.attrs.get("lat"), s.attrs.get("lon")
            errors.append(MAX_KM if la is None else haversine_km(la, lo, g.lat, g.lon))
        fn += sum(1 for k in gold if k not in found)
        otp += sum(1 for g in art.gold if any(s.start < g.end and g.start < s.end for s in spans))
        bar.step()
    p, r, f = prf(tp, fp, fn)
    orec = otp / max(1, len([g for a in arts for g in a.gold]))
    m = _metrics(errors)
    return {"precision": p, "recall": r, "f1": f, "overlap_recall": orec,
            "acc161_found": m.get("acc161", 0.0), "mean_km_found": m.get("mean_km", 0.0),
            "docs_per_s_places": len(arts) / max(1e-9, t_places), "docs_per_s_spacy": len(arts) / t_parse,
            "places_time_vs_spacy": t_places / max(1e-9, t_parse)}


def run(
    *,
    corpus: str = "lgl",
    data: Path = DEFAULT_DATA,
    mode: str = "both",
    limit: int = 0,
    train_first: bool = False,
    weights: Path | None = None,
    as_json: bool = False,
    no_annotated_points: bool = False,
) -> int:
    """``presswatch eval geo``: score ``corpus`` (a key of :data:`FILES`) in ``mode`` gold, e2e or both and
    print the figures; with ``train_first``, fit the ranker's weights on the other corpora first, in memory; with
    ``weights``, score the weights of that file (``ranker.json``'s form: ``weights``, ``weights_pass1``) instead of
    the shipped ones."""
    if train_first and weights is not None:
        raise ConfigError("give --train or --weights, not both")
    if weights is not None and not weights.is_file():
        raise DataMissingError(f"{weights} is not a file; pass --weights FILE (as presswatch train geo --out writes)")
    if not data.is_dir():
        raise DataMissingError(f"{data} is not a folder; pass --data DIR (the shared geo/corpora folder)")
    from presswatch.analyzers.places import FEATURES, PlacesAnalyzer
    from presswatch.gazetteer import get_gazetteer
    from presswatch.gazetteer.index import withhold_annotated_points

    arts = read_corpus(corpus, data)
    if limit:
        arts = arts[:limit]
    gaz = get_gazetteer()
    analyzer = PlacesAnalyzer(weights)
    result: dict[str, object] = {"corpus": corpus, "articles": len(arts),
                                 "gold_toponyms": sum(len(a.gold) for a in arts),
                                 # points learnt from the scored corpus' own annotations are never used on it
                                 "annotated_points_withheld": withhold_annotated_points(
                                     gaz, None if no_annotated_points else corpus)}
    if train_first:
        from presswatch.train.geo import fit_weights

        others = [c for c in FILES if c != corpus]
        w1, w = fit_weights([read_corpus(c, data) for c in others], gaz)
        analyzer._w1 = [w1[f] for f in FEATURES]
        analyzer._w = [w[f] for f in FEATURES]
        result["trained_on"] = others
    elif weights is not None:
        result["weights"] = str(weights)
    if mode in ("gold", "both"):
        result["gold_spans"] = eval_gold(arts, gaz, analyzer)
    if mode in ("e2e", "both"):
        result["end_to_end"] = eval_e2e(arts, gaz, analyzer)
    if as_json:
        print(json.dumps(result, indent=1))
    else:
        print(f"corpus {corpus}: {result['articles']} articles, {result['gold_toponyms']} gold toponyms")
        for part in ("gold_spans", "end_to_end"):
            if part in result:
                vals = result[part]
                assert isinstance(vals, dict)
                print(f"  {part}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                                for k, v in vals.items()))
    return 0
