"""``presswatch eval ner``: named entities on factRuEval-2016 or BSNLP 2019 (Russian: the entities analyzer's, as
``presswatch analyze`` reports them, beside raw slovnet as the baseline, in the same run), on pioNER dev and the
held-out part of ArmTDP-NER dev (Armenian: presswatch's model, see ``models/ner-hy/MODEL_CARD.md``), and places as
LOC on the small Azerbaijani set (``az``): token-level F1 as Natasha's naeval scores it, and exact-span F1.

Each corpus is a ``dev.jsonl`` of documents ``{"id", "text", "entities": [{"start", "end", "type"}]}`` (see the README
of each data folder: licences, conventions). Two measures, per type (PER, LOC, ORG) and micro over the three:

* ``token``: naeval's ``tag_f1``: every razdel token is tagged with the type of the entity it lies in (or none), and
  P/R/F1 of each type count tokens, summed over the corpus. slovnet's published factRuEval figures (PER .959, LOC .915,
  ORG .825) are this measure, on devset and testset together (the testset is held out here). One difference from
  naeval: naeval drops the entities whose bounds are not razdel token bounds before scoring (gold and predicted);
  they are kept here and only the tokens wholly inside them are tagged (1 of 2,351 gold entities in factRuEval dev,
  4 of 6,083 in BSNLP dev; slovnet's own entities are always on token bounds);
* ``exact``: an entity counts only when start, end and type all match a gold one.

For BSNLP, whose gold is a list of mention forms per document (offsets are derived), ``document`` scores the set
of (form, type) found in each document against that list, as the shared task did. EVT and PRO gold entities are
left out (slovnet tags neither).

Russian is scored twice over the same documents: ``presswatch`` (the text as a document: language identified,
paragraphs routed, the entities analyzer run, its labels mapped back to PER/LOC/ORG) and ``baseline_raw_slovnet``
(natasha's NewsNERTagger called straight on the text), so that what presswatch's layer adds or loses shows.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError
from presswatch.learn.metrics import prf_dict

TYPES = ("PER", "LOC", "ORG")
DATA = {
    "factrueval": Path("../shared/data/ner/factrueval-2016"),
    "bsnlp": Path("../shared/data/ner/bsnlp2019-ru"),
    "pioner": Path("../shared/data/ner/pioner"),
    "armtdp": Path("../shared/data/ner/armtdp-ner"),
    "az": Path("../shared/data/ner/az-ner-mnahmadov"),
}


ARMTDP_TYPES = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
PIONER_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
HELD_OUT_SHARE = 0.3


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise DataMissingError(f"{path}: no such file; pass --data (the NER data folder)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def armtdp_parts(docs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, held out) parts of ArmTDP's dev documents: by the sha1 of their id, the last 30 % held out."""
    ordered = sorted(docs, key=lambda d: hashlib.sha1(str(d["id"]).encode()).hexdigest())
    cut = round(len(ordered) * (1 - HELD_OUT_SHARE))
    return ordered[:cut], ordered[cut:]


def mapped(doc: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    """``doc`` with its entities' types mapped to PER/LOC/ORG (the others dropped)."""
    ents = [{**e, "type": types[e["type"]]} for e in doc["entities"] if e["type"] in types]
    return {**doc, "entities": ents}


def _table(counts: dict[str, list[int]]) -> dict[str, dict[str, float | int]]:
    out = {t: prf_dict(*counts[t], short=True) for t in TYPES}
    out["micro"] = prf_dict(*(sum(counts[t][k] for t in TYPES) for k in range(3)), short=True)
    return out


def _token_tags(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str | None]:
    """The type of the entity each token lies in (None outside every entity)."""
    tags: list[str | None] = [None] * len(tokens)
    for a, b, t in spans:
        for k, (x, y) in enumerate(tokens):
            if a <= x and y <= b:
                tags[k] = t
    return tags


def _razdel_tokens(text: str) -> list[tuple[int, int]]:
    from razdel import tokenize

    return [(s.start, s.stop) for s in tokenize(text)]


def score(docs: list[dict[str, Any]], predict: Any, tokens: Any = None) -> dict[str, Any]:
    """Token-level and exact-span figures of ``predict(text) -> [(start, end, type)]`` on ``docs``; ``document``
    figures too where the documents carry BSNLP's ``mentions``. ``tokens(text) -> [(start, end)]`` cuts the tokens
    of the token-level measure (razdel's by default)."""
    tokenize = tokens or _razdel_tokens

    exact = {t: [0, 0, 0] for t in TYPES}
    token = {t: [0, 0, 0] for t in TYPES}
    document = {t: [0, 0, 0] for t in TYPES}
    has_mentions = all("mentions" in d for d in docs)
    for d in docs:
        text = d["text"]
        gold = [(e["start"], e["end"], e["type"]) for e in d["entities"] if e["type"] in TYPES]
        pred = [(a, b, t) for a, b, t in predict(text) if t in TYPES]
        g, p = set(gold), set(pred)
        for t in TYPES:
            exact[t][0] += sum(1 for x in p & g if x[2] == t)
            exact[t][1] += sum(1 for x in p - g if x[2] == t)
            exact[t][2] += sum(1 for x in g - p if x[2] == t)
        toks = tokenize(text)
        for gt, pt in zip(_token_tags(toks, gold), _token_tags(toks, pred), strict=True):
            for t in TYPES:
                token[t][0] += gt == t and pt == t
                token[t][1] += pt == t and gt != t
                token[t][2] += gt == t and pt != t
        if has_mentions:
            gf = {(m["text"], m["type"]) for m in d["mentions"] if m["type"] in TYPES}
            pf = {(text[a:b], t) for a, b, t in pred}
            for t in TYPES:
                document[t][0] += sum(1 for x in pf & gf if x[1] == t)
                document[t][1] += sum(1 for x in pf - gf if x[1] == t)
                document[t][2] += sum(1 for x in gf - pf if x[1] == t)
    out = {"documents": len(docs), "token": _table(token), "exact": _table(exact)}
    if has_mentions:
        out["document"] = _table(document)
    return out


def load(corpus: str, data: Path | None) -> list[dict[str, Any]]:
    """The documents of ``corpus``'s dev.jsonl (``data``: its folder or the file itself)."""
    if corpus not in DATA:
        raise DataMissingError(f"unknown NER corpus {corpus!r}; known: {', '.join(DATA)}")
    path = data or DATA[corpus]
    if path.is_dir():
        path = path / "dev.jsonl"
    if not path.is_file():
        raise DataMissingError(f"{path}: no such file; pass --data (the {corpus} folder holding dev.jsonl)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _predictor(corpus: str) -> tuple[Any, Any, str]:
    """``(predict, tokens, what)`` for ``corpus``: slovnet for Russian, presswatch's Armenian model for pioNER and
    ArmTDP, presswatch's Azerbaijani place recognition (as LOC) for az."""
    if corpus in ("pioner", "armtdp"):
        from presswatch.nlp import hy

        if not hy.model_available():
            raise DataMissingError(f"{hy.model_dir()}: no Armenian entity model (`presswatch train ner_hy` makes it)")
        return hy.entities, hy.token_spans, "presswatch's Armenian entity model (models/ner-hy)"
    if corpus == "az":
        return az_places, az_tokens, "presswatch's Azerbaijani places as LOC (no PER/ORG model)"
    return presswatch_ru, None, "presswatch's entities analyzer (slovnet through the pipeline)"


# the entities analyzer's labels back to the corpora's (an English paragraph of a Russian page gets spaCy's)
PRESSWATCH_TYPES = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}
RUSSIAN = ("factrueval", "bsnlp")


def presswatch_ru(text: str) -> list[tuple[int, int, str]]:
    """The entities presswatch reports for a plain ``text``, as ``presswatch analyze`` gives them: the language
    identified, paragraphs routed, the entities analyzer run (slovnet's entities in Russian paragraphs)."""
    from presswatch import analyzers
    from presswatch.model import Document
    from presswatch.nlp.lang import identify

    lang, prob = identify(text, hint="ru")
    doc = Document(text=text, language=lang, language_score=prob)
    analyzers.run(["entities"], doc, analyzers.Resources())
    return [(s.start, s.end, PRESSWATCH_TYPES[s.label]) for s in doc.spans
            if s.analyzer == "entities" and s.field == "text" and s.label in PRESSWATCH_TYPES]


def raw_slovnet(text: str) -> list[tuple[int, int, str]]:
    """The baseline: natasha's NewsNERTagger called straight on ``text``, nothing of presswatch in between."""
    from presswatch.nlp.ru import entities

    return entities(text)


def az_places(text: str) -> list[tuple[int, int, str]]:
    """The places presswatch recognises in an Azerbaijani ``text``, as LOC entities."""
    from presswatch.analyzers.places_hyaz import recognise_hyaz
    from presswatch.gazetteer import get_gazetteer
    from presswatch.nlp import az

    mentions, _ = recognise_hyaz(text, az.parse(text), get_gazetteer())
    return [(m.start, m.end, "LOC") for m in mentions]


def az_tokens(text: str) -> list[tuple[int, int]]:
    from presswatch.nlp.az import LANGUAGE
    from presswatch.nlp.light import tokenize

    return [(a, b) for a, b, _ in tokenize(text, LANGUAGE)]


def run(*, corpus: str = "factrueval", data: Path | None = None, limit: int = 0, as_json: bool = False) -> int:
    """``presswatch eval ner``: score presswatch's entities on ``corpus`` (slovnet's in Russian, the shipped
    Armenian model on pioNER dev and on the held-out 30 % of ArmTDP-NER dev, places as LOC on the az set)."""
    docs = load(corpus, data)
    if corpus == "armtdp":
        docs = [mapped(d, ARMTDP_TYPES) for d in armtdp_parts(docs)[1]]
    if limit:
        docs = docs[:limit]
    predict, tokens, what = _predictor(corpus)
    t0 = time.time()
    predict({"pioner": "Երևան։", "armtdp": "Երևան։", "az": "Bakı."}.get(corpus, "Проверка."))  # load outside timing
    load_s = time.time() - t0
    t0 = time.time()
    r = score(docs, predict, tokens)
    if corpus in RUSSIAN:  # the baseline, same documents, same run
        r["baseline_raw_slovnet"] = score(docs, raw_slovnet)
    r.update(
        corpus=corpus,
        predictor=what,
        seconds=round(time.time() - t0, 1),
        model_load_seconds=round(load_s, 1),
        words=sum(len(d["text"].split()) for d in docs),
    )
    r["words_per_second"] = round(r["words"] / r["seconds"]) if r["seconds"] else None
    if as_json:
        print(json.dumps(r, indent=1))
        return 0
    print(
        f"{corpus}: {r['documents']} documents, {r['words']:,} words, {r['seconds']} s "
        f"({r['words_per_second']} words/s NER only; {what})",
        file=sys.stderr,
    )
    rows = [("presswatch", r)]
    if "baseline_raw_slovnet" in r:
        rows.append(("raw slovnet (baseline)", r["baseline_raw_slovnet"]))
    print("system                  measure    type   P      R      F1")
    for name, res in rows:
        for measure in ("token", "exact", "document"):
            for t, f in res.get(measure, {}).items():
                print(f"{name:22}  {measure:9}  {t:5}  {f['p']:.3f}  {f['r']:.3f}  {f['f1']:.3f}")
    return 0
