"""Evaluate same-incident document clustering on ECB+ (documents grouped by seminal event).

    presswatch eval clustering --data ../shared/data/clustering/ecbplus [--level subtopic] [--json]

Every ECB+ topic holds two seminal events of the same kind (two rehab check-ins, two earthquakes); the task is to
cluster the documents by event (``subtopic``; ``--level topic`` is the easy variant). Measure: B-cubed precision,
recall and F1 against the gold events (per document: |own cluster & gold cluster| / |own cluster| for P, / |gold
cluster| for R, each averaged over documents; F1 of the two averages).

The first sentence of every ``ecbplus`` document is its source URL; it is dropped (it alone would separate the two
halves of a topic). Three methods, all agglomerative with average linkage, computed in one run:

* **tfidf** (baseline): cosine of TF-IDF word unigrams (sublinear tf, English stop words) fitted on the documents
  being clustered; the threshold is tuned on train+val (772 documents clustered together);
* **one_stage**: ``w * e5 cosine + (1 - w) * TF-IDF cosine``, the e5 vector of each document's first 200 words
  (``story_text``); ``w`` and the threshold tuned together on train+val;
* **ours**: ``presswatch.comparison.similarity.cluster_stories``: topic groups by TF-IDF cosine, then each group of
  4 or more documents split on its own similarity (e5 vectors centred on the group's mean, TF-IDF refitted on the
  group); the topic threshold, the e5 weight and the split threshold are tuned together on train+val.

All are then applied to the test split (210 documents, 20 events) with the tuned settings. ``--cv K`` adds a
K-fold cross-validation by topic inside train+val (tune on K-1 folds, cluster the held-out fold alone), which
estimates the figures without the test split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError
from presswatch.learn.metrics import f1

DEFAULT_DATA = Path("../shared/data/clustering/ecbplus")
WEIGHTS = tuple(round(0.05 * k, 2) for k in range(21))  # one-stage e5 weight
TOPIC_GRID = tuple(round(0.03 + 0.01 * k, 2) for k in range(18))  # 0.03 ... 0.20
SPLIT_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SPLIT_GRID = tuple(round(-0.3 + 0.025 * k, 3) for k in range(29))  # -0.3 ... 0.4


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
    return p, r, f1(p, r)


def _thresholds(merges: list[tuple[int, int, float]]) -> list[float]:
    """Every distinct cut of a dendrogram: each merge height (cutting there applies that merge and all higher ones),
    plus one above the highest merge (all singletons)."""
    hs = sorted({h for _, _, h in merges}, reverse=True)
    return [(hs[0] + 1.0) if hs else 1.0, *hs]


def tune_threshold(sim, gold: list) -> tuple[float, tuple[float, float, float]]:
    """The threshold that maximises B-cubed F1 of average-linkage clusters of ``sim`` (ties: the higher one)."""
    from presswatch.comparison.similarity import average_linkage, cut

    n = len(gold)
    merges = average_linkage(sim)
    best: tuple[float, tuple[float, float, float]] = (1.0, (0.0, 0.0, -1.0))
    for t in _thresholds(merges):
        score = bcubed(cut(merges, n, t), gold)
        if score[2] > best[1][2]:
            best = (t, score)
    return _mid(merges, best[0]), best[1]


def _fmt(s: tuple[float, float, float]) -> dict[str, float]:
    return {"p": round(s[0], 3), "r": round(s[1], 3), "f1": round(s[2], 3)}


def _mid(merges: list[tuple[int, int, float]], t: float) -> float:
    """A cut between the chosen merge height ``t`` and the next lower one (rounded), so it reads as one number."""
    lower = [h for _, _, h in merges if h < t]
    return round((t + max(lower)) / 2, 4) if lower else round(t, 4)


def tune_one_stage(lex, e5, gold: list) -> tuple[float, float, tuple[float, float, float]]:
    """(w, threshold, score) of ``w * e5 + (1 - w) * lex`` with the best B-cubed F1 (w over WEIGHTS)."""
    best: tuple[float, float, tuple[float, float, float]] | None = None
    for w in WEIGHTS:
        t, score = tune_threshold(w * e5 + (1 - w) * lex, gold)
        if best is None or score[2] > best[2][2] + 1e-12:
            best = (w, t, score)
    assert best is not None
    return best


def tune_two_stage(
    texts: list[str], vectors, gold: list, *, min_split: int
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """((topic_threshold, split_weight, split_threshold), score) of ``cluster_stories`` with the best B-cubed F1
    over the grids TOPIC_GRID x SPLIT_WEIGHTS x SPLIT_GRID (ties: the first in that order)."""
    from presswatch.comparison.similarity import average_linkage, cut, lexical_similarity, split_similarity

    n = len(texts)
    m1 = average_linkage(lexical_similarity(texts))
    cache: dict[tuple[tuple[int, ...], float], list[tuple[int, int, float]]] = {}
    best: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    for t1 in TOPIC_GRID:
        top = cut(m1, n, t1)
        groups: dict[int, list[int]] = {}
        for i, g in enumerate(top):
            groups.setdefault(g, []).append(i)
        for w in SPLIT_WEIGHTS:
            for idx in groups.values():
                key = (tuple(idx), w)
                if len(idx) >= min_split and key not in cache:
                    cache[key] = average_linkage(split_similarity([texts[i] for i in idx], vectors[idx], w))
            for t2 in SPLIT_GRID:
                labels: list[tuple[int, int]] = [(0, 0)] * n
                for g, idx in groups.items():
                    sub = cut(cache[(tuple(idx), w)], len(idx), t2) if len(idx) >= min_split else [0] * len(idx)
                    for i, s in zip(idx, sub, strict=True):
                        labels[i] = (g, s)
                score = bcubed(labels, gold)
                if best is None or score[2] > best[1][2] + 1e-12:
                    best = ((float(t1), float(w), float(t2)), score)
    assert best is not None
    return best


def _sims(part: list[dict[str, Any]], vec: dict[str, Any]):
    import numpy as np

    from presswatch.comparison.similarity import lexical_similarity

    V = np.stack([vec[d["doc_id"]] for d in part])
    return lexical_similarity([d["text"] for d in part]), (V @ V.T).astype(np.float64), V


def run_methods(
    train: list[dict[str, Any]], test: list[dict[str, Any]], vec: dict[str, Any], level: str, min_split: int
) -> dict[str, Any]:
    """Tune the three methods on ``train`` (clustered together), apply them to ``test``; return settings, scores
    and the test labels."""
    from presswatch.comparison.similarity import cluster, cluster_stories

    lex_tr, e5_tr, V_tr = _sims(train, vec)
    gold_tr = [d[level] for d in train]
    lex_te, e5_te, V_te = _sims(test, vec)
    gold_te = [d[level] for d in test]

    base_t, base_tr = tune_threshold(lex_tr, gold_tr)
    base_pred = cluster(lex_te, base_t)
    w, one_t, one_tr = tune_one_stage(lex_tr, e5_tr, gold_tr)
    one_pred = cluster(w * e5_te + (1 - w) * lex_te, one_t)
    (t1, w2, t2), ours_tr = tune_two_stage([d["text"] for d in train], V_tr, gold_tr, min_split=min_split)
    ours_pred = cluster_stories([d["text"] for d in test], vectors=V_te, topic_threshold=t1, split_weight=w2,
                                split_threshold=t2, min_split=min_split)
    return {
        "tfidf": {"threshold": base_t, "tuned": base_tr, "pred": base_pred},
        "one_stage": {"w_e5": w, "threshold": one_t, "tuned": one_tr, "pred": one_pred},
        "ours": {"topic_threshold": t1, "split_e5_weight": w2, "split_threshold": t2, "min_split": min_split,
                 "tuned": ours_tr, "pred": ours_pred},
        "gold": gold_te,
    }


def evaluate(
    root: Path, *, level: str = "subtopic", keep_url: bool = False, disk_cache: bool = True, progress: bool = True,
    cv: int = 0, seed: int = 0,
) -> dict[str, Any]:
    import numpy as np

    from presswatch.comparison.similarity import MIN_SPLIT, story_text
    from presswatch.eval.similarity import embed_texts

    docs = load_documents(root, keep_url=keep_url)
    tv = [d for d in docs if d["split"] in ("train", "val")]
    test = [d for d in docs if d["split"] == "test"]
    if not tv or not test:
        raise DataMissingError(f"{root}/documents.jsonl lacks train/val or test documents")
    E, secs = embed_texts([story_text(d["text"]) for d in docs], disk_cache=disk_cache, progress=progress,
                          label="e5 documents")
    vec = {d["doc_id"]: E[i] for i, d in enumerate(docs)}
    methods = ("tfidf", "one_stage", "ours")
    rep: dict[str, Any] = {
        "level": level,
        "url_sentence": "kept" if keep_url else "dropped",
        "documents": {"train+val": len(tv), "test": len(test)},
        "gold_clusters": {"train+val": len({d[level] for d in tv}), "test": len({d[level] for d in test})},
    }
    if cv:
        # topic folds inside train+val: tune on the other folds, cluster the held-out fold on its own
        topics = sorted({d["topic"] for d in tv}, key=lambda t: int(t) if t.isdigit() else t)
        perm = [topics[i] for i in np.random.default_rng(seed).permutation(len(topics))]
        pooled: dict[str, list] = {m: [] for m in methods}
        gold: list = []
        folds = []
        for k in range(cv):
            held = set(perm[k::cv])
            r = run_methods([d for d in tv if d["topic"] not in held], [d for d in tv if d["topic"] in held], vec,
                            level, MIN_SPLIT)
            for m in methods:
                pooled[m].extend((k, x) for x in r[m]["pred"])
            gold.extend(r["gold"])
            folds.append({m: _fmt(bcubed(r[m]["pred"], r["gold"])) for m in methods})
        rep["cv_train+val"] = {"folds": cv, "seed": seed, "by_fold": folds,
                               "pooled": {m: _fmt(bcubed(pooled[m], gold)) for m in methods}}
    r = run_methods(tv, test, vec, level, MIN_SPLIT)
    for m in methods:
        settings = {k: v for k, v in r[m].items() if k not in ("tuned", "pred")}
        rep[m] = {**settings, "train+val": _fmt(r[m]["tuned"]), "test": _fmt(bcubed(r[m]["pred"], r["gold"])),
                  "test_clusters": len(set(r[m]["pred"]))}
    g = r["gold"]
    rep["trivial_test"] = {"one_cluster": _fmt(bcubed([0] * len(g), g)),
                           "singletons": _fmt(bcubed(list(range(len(g))), g))}
    rep["embed_seconds"] = round(secs, 1)
    return rep


def run(
    *,
    data: Path = DEFAULT_DATA,
    level: str = "subtopic",
    keep_url: bool = False,
    no_cache: bool = False,
    cv: int = 0,
    seed: int = 1,
    as_json: bool = False,
) -> int:
    """``presswatch eval clustering``: tune on ECB+ train+val, score on test (and ``cv``-fold cross-validation
    by topic if ``cv``) at ``level`` subtopic or topic, and print the figures."""
    if not data.exists():
        raise DataMissingError(f"ECB+ data folder not found: {data} (pass --data PATH)")
    rep = evaluate(data, level=level, keep_url=keep_url, disk_cache=not no_cache, cv=cv, seed=seed)
    if as_json:
        print(json.dumps(rep, indent=1))
        return 0
    print(f"ECB+ clustering by {rep['level']} (URL sentence {rep['url_sentence']}): tuned on train+val "
          f"({rep['documents']['train+val']} docs, {rep['gold_clusters']['train+val']} clusters), test "
          f"{rep['documents']['test']} docs, {rep['gold_clusters']['test']} clusters; B-cubed")
    print(f"{'method':<10} {'settings':<34} {'train+val P':>11} {'R':>6} {'F1':>6}   {'test P':>6} {'R':>6} {'F1':>6}")
    for name in ("tfidf", "one_stage", "ours"):
        r = rep[name]
        if name == "tfidf":
            settings = f"t={r['threshold']}"
        elif name == "one_stage":
            settings = f"w_e5={r['w_e5']} t={r['threshold']}"
        else:
            settings = f"t1={r['topic_threshold']} w={r['split_e5_weight']} t2={r['split_threshold']}"
        tv, te = r["train+val"], r["test"]
        print(f"{name:<10} {settings:<34} {tv['p']:>11.3f} {tv['r']:>6.3f} {tv['f1']:>6.3f}   "
              f"{te['p']:>6.3f} {te['r']:>6.3f} {te['f1']:>6.3f}")
    tr = rep["trivial_test"]
    print(f"trivial on test: one cluster F1 {tr['one_cluster']['f1']:.3f}, singletons F1 {tr['singletons']['f1']:.3f}")
    if "cv_train+val" in rep:
        cvr = rep["cv_train+val"]
        print(f"{cvr['folds']}-fold CV by topic inside train+val (pooled held-out B-cubed): " + "; ".join(
            f"{m} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f}" for m, v in cvr["pooled"].items()))
    return 0
