"""Train the sourcing analyzer's cue scorer on PolNeAR train (CPU, scikit-learn, a few minutes).

``presswatch train sourcing --data ../shared/data/quotes/polnear --out models/sourcing``

What it does, reproducibly (fixed seed, single process):

1. reads PolNeAR **train** (the dev split, which ``presswatch eval quotes`` scores, is never read here)
   and parses it with the project's spaCy pipeline (or reads parses cached by an earlier run with
   ``--parses FILE``, a spaCy DocBin of the same articles in the same order);
2. holds out a seeded 10 % of the articles for the decision threshold;
3. labels every candidate verb outside direct quotes: positive when it is the syntactic head of a
   gold cue span (gold flattened as the evaluation flattens it: each token in one attribution);
4. fits an L2-regularised logistic regression (scikit-learn, :func:`presswatch.learn.linear.fit_binary`;
   the analyzer applies the weights with plain Python) over the features of
   :func:`presswatch.analyzers.sourcing.model.features` seen at least ``--min-count`` times;
5. picks the threshold that maximises the sum of exact source, cue and content F1 of the whole
   analyzer on the held-out articles;
6. writes ``cue_model.json`` (weights, threshold, meta) and ``train-report.json``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

DEFAULT_DATA = Path("../shared/data/quotes/polnear")
DEFAULT_OUT = Path("models/sourcing")


def _candidates(text: str, sd: Any) -> list[tuple[int, list[str]]]:
    from presswatch.analyzers.sourcing import is_verb_candidate, quote_tokens
    from presswatch.analyzers.sourcing.model import features, quote_context

    q_tok, in_quote = quote_tokens(text, sd)
    out = []
    for t in sd:
        if is_verb_candidate(t) and not in_quote[t.i] and t.lower_ != "according":
            out.append((t.i, features(t, False, quote_context(t.i, q_tok))))
    return out


def _gold_heads(text: str, gold: list[Any], sd: Any) -> set[int]:
    from presswatch.eval.quotes import Tokens, role_tokens, token_runs

    toks = Tokens(text)
    heads = set()
    for a, b in token_runs(role_tokens(gold, toks)["cue"]):
        span = sd.char_span(toks.starts[a], toks.ends[b], alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def _score(arts: list[Any], docs: list[Any], model: Any) -> dict[str, Any]:
    from presswatch.analyzers.sourcing import extract
    from presswatch.eval.quotes import Scorer, attributions_from_spans

    sc = Scorer()
    for art, sd in zip(arts, docs, strict=True):
        sc.add(art.text, art.gold, attributions_from_spans(extract(art.text, sd, model)))
    return sc.report()


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    parses: Path | None = None,
    seed: int = 13,
    min_count: int = 5,
    l2: float = 1e-4,
    max_iter: int = 1000,
    prune: float = 0.02,
    limit: int | None = None,
) -> int:
    """``presswatch train sourcing``: fit the cue scorer on PolNeAR train and write ``cue_model.json`` and
    ``train-report.json`` to ``out``; ``parses``: a spaCy DocBin of the train articles, read if it exists, else
    written after parsing."""

    import numpy as np

    from presswatch.analyzers.sourcing.model import CueModel
    from presswatch.corpora.polnear import load_split
    from presswatch.learn.linear import fit_binary
    from presswatch.nlp.pipelines import get_nlp

    if not data.exists():
        raise DataMissingError(f"PolNeAR data folder not found: {data} (pass --data PATH)")
    t0 = time.perf_counter()
    arts = load_split(data, "train", limit)
    if not arts:
        raise DataMissingError(f"no PolNeAR train articles under {data}")
    nlp = get_nlp("en")
    from spacy.tokens import DocBin

    if parses and parses.exists():
        docs = list(DocBin().from_disk(parses).get_docs(nlp.vocab))[: len(arts)]
        if len(docs) != len(arts) or any(d.text != a.text for d, a in zip(docs, arts, strict=True)):
            raise DataMissingError(f"{parses} does not hold parses of these train articles; delete it")
    else:
        docs = []
        for i, d in enumerate(nlp.pipe((a.text for a in arts), batch_size=16)):
            docs.append(d)
            sys.stderr.write(f"\rparsing {i + 1}/{len(arts)}")
        sys.stderr.write("\n")
        if parses:
            db = DocBin(store_user_data=False)
            for d in docs:
                db.add(d)
            db.to_disk(parses)

    order = list(range(len(arts)))
    random.Random(seed).shuffle(order)
    n_hold = max(1, len(arts) // 10)
    hold, fit_ids = sorted(order[:n_hold]), sorted(order[n_hold:])

    feats: list[list[str]] = []
    labels: list[int] = []
    for k in fit_ids:
        heads = _gold_heads(arts[k].text, arts[k].gold, docs[k])
        for i, f in _candidates(arts[k].text, docs[k]):
            feats.append(f)
            labels.append(1 if i in heads else 0)
    counts: dict[str, int] = {}
    for f in feats:
        for x in f:
            counts[x] = counts.get(x, 0) + 1
    vocab = {x: j for j, x in enumerate(sorted(x for x, c in counts.items() if c >= min_count or x == "b"))}
    rows = [[vocab[x] for x in f if x in vocab] for f in feats]
    y = np.array(labels, dtype=float)
    sys.stderr.write(f"{len(rows)} candidates, {int(y.sum())} cues, {len(vocab)} features\n")
    w = fit_binary(rows, y, len(vocab), l2=l2, max_iter=max_iter)
    inv = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    weights = {x: round(float(w[j]), 4) for j, x in enumerate(inv) if abs(w[j]) >= prune or x == "b"}

    hold_arts, hold_docs = [arts[k] for k in hold], [docs[k] for k in hold]
    best = (-1.0, 0.5, {})
    grid = [round(0.2 + 0.05 * i, 2) for i in range(11)]
    for thr in grid:
        rep = _score(hold_arts, hold_docs, CueModel(weights, thr, {}))
        total = sum(rep["exact"][r]["f1"] for r in ("source", "cue", "content"))  # type: ignore[index]
        sys.stderr.write(f"threshold {thr}: exact F1 source/cue/content "
                         f"{[rep['exact'][r]['f1'] for r in ('source', 'cue', 'content')]}\n")  # type: ignore[index]
        if total > best[0]:
            best = (total, thr, rep)
    lexicon_rep = _score(hold_arts, hold_docs, None)

    meta = {
        "training_data": "PolNeAR train (no licence stated; research use)",
        "articles": len(fit_ids), "held_out_articles": len(hold), "candidates": len(rows),
        "positives": int(y.sum()), "features": len(weights), "seed": seed, "l2": l2,
        "fitter": "scikit-learn LogisticRegression (lbfgs, no intercept)", "max_iter": max_iter,
        "min_count": min_count, "prune": prune,
        "spacy_model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "cue_model.json").write_text(
        json.dumps({"threshold": best[1], "meta": meta, "weights": weights}, sort_keys=True, separators=(",", ":")),
        encoding="utf-8")
    report = {"meta": meta, "threshold": best[1], "held_out": best[2], "held_out_word_lists_only": lexicon_rep,
              "seconds": round(time.perf_counter() - t0, 1)}
    (out / "train-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"threshold": best[1], "held_out_exact": best[2].get("exact"),
                      "word_lists_exact": lexicon_rep.get("exact")}, indent=1))
    return 0
