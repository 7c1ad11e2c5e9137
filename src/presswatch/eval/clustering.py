"""Evaluate same-incident document clustering on ECB+ (documents grouped by seminal event).

    presswatch eval clustering --data ../shared/data/clustering/ecbplus [--level subtopic] [--json]

Every ECB+ topic holds two seminal events of the same kind (two rehab check-ins, two earthquakes); the task is to
cluster the documents by event (``subtopic``; ``--level topic`` is the easy variant). Measure: B-cubed precision,
recall and F1 against the gold events (per document: |own cluster & gold cluster| / |own cluster| for P, / |gold
cluster| for R, each averaged over documents; F1 of the two averages).

The first sentence of every ``ecbplus`` document is its source URL; it is dropped (it alone would separate the two
halves of a topic). Two methods, both agglomerative with average linkage, computed in one run:

* **tfidf** (baseline): cosine of TF-IDF word unigrams (sublinear tf, English stop words) fitted on the documents
  being clustered; the threshold is tuned on train+val (772 documents clustered together);
* **ours**: ``w * e5 cosine + (1 - w) * TF-IDF cosine``, the e5 vector of each document's first 200 words
  (``story_text``); ``w`` and the threshold are tuned together on train+val.

Both are then applied once to the test split (210 documents, 20 events) with the tuned settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

DEFAULT_DATA = Path("../shared/data/clustering/ecbplus")
WEIGHTS = tuple(round(0.05 * k, 2) for k in range(21))


def load_documents(root: Path, *, keep_url: bool = False) -> list[dict[str, Any]]:
    path = root / "documents.jsonl"
    if not path.is_file():
        raise DataMissingError(f"ECB+ documents not found: {path} (pass --data PATH to the ecbplus folder)")
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            sents = d["sentences"]
            if d.get("half") == "ecbplus" and not keep_url:
                sents = sents[1:]  # the tokenised source URL
            docs.append({
                "doc_id": d["doc_id"], "topic": d["topic"], "subtopic": d["subtopic"], "split": d["split"],
                "text": "\n".join(" ".join(s) for s in sents),
            })
    if not docs:
        raise DataMissingError(f"no documents in {path}")
    return docs


def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (labels per item) against gold labels."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold must label the same items")
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    from collections import Counter

    both = Counter(zip(pred, gold, strict=True))
    size_p, size_g = Counter(pred), Counter(gold)
    p = sum(both[(a, b)] / size_p[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / size_g[b] for a, b in zip(pred, gold, strict=True)) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _thresholds(merges: list[tuple[int, int, float]]) -> list[float]:
    """Every distinct cut of a dendrogram: each merge height (cutting there applies that merge and all higher ones),
    plus one above the highest merge (all singletons)."""
    hs = sorted({h for _, _, h in merges}, reverse=True)
    return [(hs[0] + 1.0) if hs else 1.0, *hs]


def tune_threshold(sim, gold: list) -> tuple[float, tuple[float, float, float]]:
    """The threshold that maximises B-cubed F1 of average-linkage clusters of ``sim`` (ties: the higher one)."""
    from presswatch.compare.similarity import average_linkage, cut

    n = len(gold)
    merges = average_linkage(sim)
    best: tuple[float, tuple[float, float, float]] = (1.0, (0.0, 0.0, -1.0))
    for t in _thresholds(merges):
        score = bcubed(cut(merges, n, t), gold)
        if score[2] > best[1][2]:
            best = (t, score)
    # report the cut as a round number between the chosen merge and the next lower one
    t, score = best
    lower = [h for _, _, h in merges if h < t]
    mid = (t + max(lower)) / 2 if lower else t
    return round(mid, 4), score


def _fmt(s: tuple[float, float, float]) -> dict[str, float]:
    return {"p": round(s[0], 3), "r": round(s[1], 3), "f1": round(s[2], 3)}


def evaluate(
    root: Path, *, level: str = "subtopic", keep_url: bool = False, disk_cache: bool = True, progress: bool = True,
) -> dict[str, Any]:
    import numpy as np

    from presswatch.compare.similarity import cluster, story_text, tfidf_matrix
    from presswatch.eval.similarity import embed_texts

    docs = load_documents(root, keep_url=keep_url)
    parts = {
        "train+val": [d for d in docs if d["split"] in ("train", "val")],
        "test": [d for d in docs if d["split"] == "test"],
    }
    if not parts["train+val"] or not parts["test"]:
        raise DataMissingError(f"{root}/documents.jsonl lacks train/val or test documents")
    stories = [story_text(d["text"]) for d in docs]
    E, secs = embed_texts(stories, disk_cache=disk_cache, progress=progress, label="e5 documents")
    vec = {d["doc_id"]: E[i] for i, d in enumerate(docs)}

    def sims(part: list[dict[str, Any]]):
        X = tfidf_matrix([d["text"] for d in part])
        lex = X @ X.T
        np.fill_diagonal(lex, 1.0)
        V = np.stack([vec[d["doc_id"]] for d in part])
        return lex.astype(np.float64), (V @ V.T).astype(np.float64)

    lex_tv, e5_tv = sims(parts["train+val"])
    gold_tv = [d[level] for d in parts["train+val"]]
    base_t, base_tv = tune_threshold(lex_tv, gold_tv)
    grid = []
    best = None
    for w in WEIGHTS:
        t, score = tune_threshold(w * e5_tv + (1 - w) * lex_tv, gold_tv)
        grid.append({"w": w, "threshold": t, **_fmt(score)})
        if best is None or score[2] > best[2][2] + 1e-12:
            best = (w, t, score)
    assert best is not None
    w, ours_t, ours_tv = best

    lex_te, e5_te = sims(parts["test"])
    gold_te = [d[level] for d in parts["test"]]
    base_te = bcubed(cluster(lex_te, base_t), gold_te)
    pred = cluster(w * e5_te + (1 - w) * lex_te, ours_t)
    ours_te = bcubed(pred, gold_te)
    return {
        "level": level,
        "url_sentence": "kept" if keep_url else "dropped",
        "documents": {k: len(v) for k, v in parts.items()},
        "gold_clusters": {k: len({d[level] for d in v}) for k, v in parts.items()},
        "tfidf": {"threshold": base_t, "train+val": _fmt(base_tv), "test": _fmt(base_te)},
        "ours": {"w_e5": w, "threshold": ours_t, "train+val": _fmt(ours_tv), "test": _fmt(ours_te),
                 "test_clusters": len(set(pred))},
        "tuning_grid": grid,
        "trivial_test": {"one_cluster": _fmt(bcubed([0] * len(gold_te), gold_te)),
                         "singletons": _fmt(bcubed(list(range(len(gold_te))), gold_te))},
        "embed_seconds": round(secs, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="presswatch eval clustering", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ecbplus folder (documents.jsonl)")
    ap.add_argument("--level", choices=["subtopic", "topic"], default="subtopic",
                    help="gold clusters: seminal events (subtopic, default) or topics")
    ap.add_argument("--keep-url", action="store_true", help="keep the URL first sentence of ecbplus documents")
    ap.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk embedding cache")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not args.data.exists():
        raise DataMissingError(f"ECB+ data folder not found: {args.data} (pass --data PATH)")
    rep = evaluate(args.data, level=args.level, keep_url=args.keep_url, disk_cache=not args.no_cache)
    if args.json:
        print(json.dumps(rep, indent=1))
        return 0
    print(f"ECB+ clustering by {rep['level']} (URL sentence {rep['url_sentence']}): tuned on train+val "
          f"({rep['documents']['train+val']} docs, {rep['gold_clusters']['train+val']} clusters), test "
          f"{rep['documents']['test']} docs, {rep['gold_clusters']['test']} clusters; B-cubed")
    print(f"{'method':<7} {'settings':<22} {'train+val P':>11} {'R':>6} {'F1':>6}   {'test P':>6} {'R':>6} {'F1':>6}")
    for name in ("tfidf", "ours"):
        r = rep[name]
        settings = f"t={r['threshold']}" + (f" w_e5={r['w_e5']}" if name == "ours" else "")
        tv, te = r["train+val"], r["test"]
        print(f"{name:<7} {settings:<22} {tv['p']:>11.3f} {tv['r']:>6.3f} {tv['f1']:>6.3f}   "
              f"{te['p']:>6.3f} {te['r']:>6.3f} {te['f1']:>6.3f}")
    tr = rep["trivial_test"]
    print(f"trivial on test: one cluster F1 {tr['one_cluster']['f1']:.3f}, singletons F1 {tr['singletons']['f1']:.3f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
