"""Experiment (issue 13): a span relabeller fitted on the SemEval-2023 English dev spans, cross-fitted by article.

The shipped token head and span rules give each flagged sentence its technique spans (technique-aware
partial-overlap F1 0.283 on dev). Here candidate spans (the shipped ones, word runs the token head marks at a
lower threshold, the whole sentence) get features that do not look at dev labels (token and sentence
probabilities over the span, lengths, a few lexical cues) and a logistic regression decides which to report
with which technique. The encoder never saw dev, so its outputs there are honest features; the relabeller is
fitted on 4 folds of dev articles and scored on the fifth (``crossfit_folds``), its decision threshold (and
the label share) chosen by an inner cross-fit on the 4 training folds. Designs (``--model``):

- ``multi``: one multinomial model over candidate spans: the technique of the gold span that overlaps most,
  or "none" (``--share``: none unless the overlap covers that share of the candidate or of the gold span);
- ``ovr``: one binary model per technique (multi-label);
- ``pairs`` (default, the best): one pooled binary model over (span, technique) pairs of the flagged
  sentences' techniques, with the technique's own features; "yes" when gold spans of that technique cover at
  least ``--share`` of the candidate's characters.

Decoding (``nms``): per sentence and technique, the most probable candidates at or above the threshold that
do not overlap one kept. Scored with :func:`presswatch.eval.persuasion.score_si` per (article, technique),
as ``presswatch eval persuasion --technique-spans`` scores the shipped spans (computed here too, from the
same cache). Figures and the conclusion: models/persuasion/MODEL_CARD.md, "A span relabeller fitted on dev".

    python benchmarks/relabel_spans.py --data PATH/persuasion --cache DIR/dev.pkl [--seeds 13 1 2]
        [--model pairs] [--bootstrap 1000] [--per-technique]

The first run reads every dev sentence once with the shipped model and writes the cache (a pickle of
probabilities and texts: keep it outside the repository); later runs reuse it. Needs scikit-learn (in the
dev extra); set OMP_NUM_THREADS=1 on a shared machine.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.eval.persuasion import crossfit_folds, score_si, technique_spans

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


# --- one pass over dev ---------------------------------------------------------------------------


def build_cache(data: Path, threads: int) -> dict:
    from presswatch.analyzers.techniques import TechniqueModel
    from presswatch.corpora.semeval2023 import paragraph_starts, read_paragraphs, read_technique_spans, task3_dir
    from presswatch.nlp.sentences import split_sentences

    paras = [p for p in read_paragraphs(data, "dev", "en") if p.text.strip()]
    bases = paragraph_starts(data, paras, "dev")
    model = TechniqueModel.load(None, threads=threads)
    assert model.single_pass and model.units == "sentences"
    units = []
    for p, base in zip(paras, bases, strict=True):
        units.extend((p.article, base + a, p.text[a:b]) for a, b in split_sentences(p.text) or [(0, len(p.text))])
    t0 = time.process_time()
    probs, toks = model.sentence_probs_and_tokens([t for _, _, t in units])
    cpu = time.process_time() - t0
    rows = []
    for (art, start, text), p, tp in zip(units, probs, toks, strict=True):
        enc = model.tokenizer.encode(text, add_special_tokens=False)
        rows.append({"article": art, "start": start, "text": text, "sent_probs": np.asarray(p, np.float32),
                     "token_probs": np.asarray(tp, np.float32), "offsets": list(enc.offsets),
                     "word_ids": list(enc.word_ids), "hits": [k for k, _ in model.decide(p)]})
    docs = {}
    for art in sorted({p.article for p in paras}):
        with open(task3_dir(data, "en") / "dev-articles-subtask-3" / f"article{art}.txt", encoding="utf-8",
                  newline="") as fh:
            docs[art] = fh.read()
    gold = {art: list(sp) for art, sp in read_technique_spans(data, "dev", "en").items()}
    return {"labels": list(model.labels), "units": rows, "docs": docs, "gold": gold, "encoder_cpu_s": cpu,
            "thresholds": model.thresholds.tolist(), "token_span_options": model.token_span_options}


def load_cache(path: Path, data: Path, threads: int) -> dict:
    if path.is_file():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    c = build_cache(data, threads)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump(c, fh)
    return c



# --- the shipped decoding, from the cache --------------------------------------------------------


def gold_by_technique(c: dict, arts: set[str] | None = None) -> dict[tuple[str, str], list[tuple[int, int]]]:
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for art, sp in c["gold"].items():
        if arts is not None and art not in arts:
            continue
        for tech, s, e in sp:
            out.setdefault((art, tech), []).append((s, e))
    return out


def shipped_spans(c: dict) -> list[dict[str, list[tuple[int, int, Any]]]]:
    """Per cached unit (flagged or not): the shipped spans per technique, relative to the unit."""
    from presswatch.analyzers.techniques import TechniqueModel

    model = TechniqueModel.load(None, threads=1)
    us = c["units"]
    return model.unit_spans([u["text"] for u in us], [u["hits"] for u in us], [u["token_probs"] for u in us],
                            [c["docs"][u["article"]] for u in us])


def score(c: dict, pred: dict[tuple[str, str], list[tuple[int, int]]], arts: set[str] | None = None) -> dict:
    gold = gold_by_technique(c, arts)
    if arts is not None:
        pred = {k: v for k, v in pred.items() if k[0] in arts}
    r = score_si(gold, pred)
    return {"f1": r["si_f1"], "p": r["si_precision"], "r": r["si_recall"], "pred": r["pred_spans"],
            "gold": r["gold_spans"]}


def bootstrap(c: dict, before: dict, after: dict, n: int, seed: int = 13) -> dict:
    """Paired bootstrap over articles of the F1 difference after - before: mean and 95 % interval."""
    rng = np.random.default_rng(seed)
    arts = sorted(c["docs"])
    gold = gold_by_technique(c)
    diffs = []
    for _ in range(n):
        pick = rng.choice(len(arts), len(arts))
        g: dict = {}
        pb: dict = {}
        pa: dict = {}
        for r, i in enumerate(pick):
            art = arts[i]
            for src, dst in ((gold, g), (before, pb), (after, pa)):
                for (x, k), v in src.items():
                    if x == art:
                        dst[(r, k)] = v
        diffs.append(score_si(g, pa)["si_f1"] - score_si(g, pb)["si_f1"])
    d = np.asarray(diffs)
    return {"mean": round(float(d.mean()), 4), "lo": round(float(np.percentile(d, 2.5)), 4),
            "hi": round(float(np.percentile(d, 97.5)), 4), "share_above_0": round(float((d > 0).mean()), 3)}


def per_technique(c: dict, pred: dict[tuple[str, str], list[tuple[int, int]]]) -> dict[str, tuple[float, int, int]]:
    gold = gold_by_technique(c)
    out = {}
    for key in sorted({k for _, k in gold} | {k for _, k in pred}):
        r = score_si({a: v for (a, k), v in gold.items() if k == key}, {a: v for (a, k), v in pred.items() if k == key})
        out[key] = (r["si_f1"], r["gold_spans"], r["pred_spans"])
    return out



# --- candidates, features, labels ----------------------------------------------------------------


def _logit(x: Any) -> Any:
    x = np.clip(np.asarray(x, np.float64), 1e-4, 1 - 1e-4)
    return np.log(x / (1 - x))


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def candidates(c: dict, ship: list[dict], low: float, gap: int, all_units_min: float | None,
               sources: tuple[str, ...] = ("shipped", "low", "whole")) -> list[dict]:
    """Candidate spans (document offsets) with their features. Units: the flagged ones, and with
    ``all_units_min`` also any sentence whose highest technique probability reaches it. Per unit: the
    shipped spans, the word runs marked at ``low`` for any technique (gap ``gap``) and the whole sentence."""
    from presswatch.analyzers.techniques.rules import document_counts, repeated
    from presswatch.analyzers.techniques.span_tagger import decode_spans

    labels = c["labels"]
    K = len(labels)
    counts = {art: document_counts(d) for art, d in c["docs"].items()}
    out = []
    for ui, (u, sh) in enumerate(zip(c["units"], ship, strict=True)):
        sp = u["sent_probs"]
        if not u["hits"] and (all_units_min is None or float(sp.max()) < all_units_min):
            continue
        text, tp, offs = u["text"], u["token_probs"], u["offsets"]
        cands: dict[tuple[int, int], dict] = {}

        def add(a: int, b: int, src: str, tech: str | None = None, text: str = text,
                cands: dict[tuple[int, int], dict] = cands) -> None:
            a, b = _strip(text, a, b)
            if b <= a:
                return
            e = cands.setdefault((a, b), {"src": set(), "shipped": set()})
            e["src"].add(src)
            if tech:
                e["shipped"].add(tech)

        for k, v in sh.items():
            for a, b, _ in v:
                add(a, b, "shipped", k)
        if "low" in sources:
            for j in range(K):
                for a, b, _ in decode_spans(offs, u["word_ids"], tp[:, j], low, gap):
                    add(a, b, "low")
        if "whole" in sources:
            add(0, len(text), "whole")
        n_words_sent = max(1, len(_WORD.findall(text)))
        ls = _logit(sp)
        for (a, b), e in cands.items():
            rows = [t for t, (x, y) in enumerate(offs) if y > a and x < b and y > x]
            m = tp[rows].mean(0) if rows else np.zeros(K)
            mx = tp[rows].max(0) if rows else np.zeros(K)
            seg = text[a:b]
            ws = _WORD.findall(seg)
            nw = len(ws)
            lex = [np.log1p(nw), np.log1p(b - a), nw / n_words_sent, float(a == 0 and b == len(text)),
                   float("!" in seg), float("?" in seg), float(any(q in seg for q in "\"“”‘’'")),
                   sum(1 for w in ws if w[:1].isupper()) / max(1, nw),
                   np.log1p(repeated(seg, c["docs"][u["article"]], counts[u["article"]])),
                   float(bool(u["hits"])), float(len(u["hits"])), float("low" in e["src"]),
                   float("shipped" in e["src"]), np.log1p(len(text))]
            shipped_oh = [float(k in e["shipped"]) for k in labels]
            feats = np.concatenate([_logit(m), _logit(mx), ls, np.asarray(shipped_oh), np.asarray(lex)])
            out.append({"unit": ui, "article": u["article"], "start": u["start"] + a, "end": u["start"] + b,
                        "x": feats, "shipped": sorted(e["shipped"])})
    return out


def pair_candidates(c: dict, ship: list[dict], low: float, gap: int, min_sent: float | None = None) -> list[dict]:
    """(span, technique) candidates of the flagged units: the shipped pairs, the word runs the token head marks at
    ``low`` for a technique the sentence is flagged for (with that technique), and the whole sentence with each of
    its flagged techniques. Features are the technique's own (so one pooled binary model serves all techniques)."""
    from presswatch.analyzers.techniques.rules import document_counts, repeated
    from presswatch.analyzers.techniques.span_tagger import decode_spans

    labels = c["labels"]
    K = len(labels)
    idx = {k: i for i, k in enumerate(labels)}
    th = np.asarray(c["thresholds"])
    counts = {art: document_counts(d) for art, d in c["docs"].items()}
    out = []
    for ui, (u, sh) in enumerate(zip(c["units"], ship, strict=True)):
        text, tp, offs, sp = u["text"], u["token_probs"], u["offsets"], u["sent_probs"]
        techs = list(u["hits"]) if min_sent is None else sorted(set(u["hits"]) | {labels[j] for j in
                                                                                 np.flatnonzero(sp >= min_sent)})
        if not techs:
            continue
        cands: dict[tuple[int, int, str], set[str]] = {}

        def add(a: int, b: int, k: str, src: str, text: str = text,
                cands: dict[tuple[int, int, str], set[str]] = cands) -> None:
            a, b = _strip(text, a, b)
            if b > a:
                cands.setdefault((a, b, k), set()).add(src)

        for k, v in sh.items():
            for a, b, _ in v:
                add(a, b, k, "shipped")
        for k in techs:
            for a, b, _ in decode_spans(offs, u["word_ids"], tp[:, idx[k]], low, gap):
                add(a, b, k, "low")
            add(0, len(text), k, "whole")
        n_words_sent = max(1, len(_WORD.findall(text)))
        srank = np.argsort(np.argsort(-sp))
        for (a, b, k), src in cands.items():
            j = idx[k]
            rows = [t for t, (x, y) in enumerate(offs) if y > a and x < b and y > x]
            m = tp[rows].mean(0) if rows else np.zeros(K)
            mx = tp[rows].max(0) if rows else np.zeros(K)
            seg = text[a:b]
            ws = _WORD.findall(seg)
            nw = len(ws)
            onehot = np.zeros(K)
            onehot[j] = 1.0
            own = [_logit(m[j]), _logit(mx[j]), _logit(sp[j]), _logit(sp[j]) - _logit(th[j]), float(srank[j]),
                   float((m > m[j]).sum()), _logit(m[j]) - _logit(m.max()), float(np.mean(tp[:, j] >= low)),
                   float("shipped" in src), float("low" in src), float("whole" in src),
                   float(any(k2 != k and (a, b, k2) in cands and "shipped" in cands[(a, b, k2)] for k2 in u["hits"])),
                   float(k in u["hits"]), float(bool(u["hits"]))]
            lex = [np.log1p(nw), np.log1p(b - a), nw / n_words_sent, float(a == 0 and b == len(text)),
                   float("!" in seg), float("?" in seg), float(any(q in seg for q in "\"“”‘’'")),
                   sum(1 for w in ws if w[:1].isupper()) / max(1, nw),
                   np.log1p(repeated(seg, c["docs"][u["article"]], counts[u["article"]])), float(len(u["hits"])),
                   np.log1p(len(text))]
            feats = np.concatenate([np.asarray(own + lex), onehot, onehot * _logit(m[j]), onehot * np.log1p(nw)]
                                   + ([_logit(m), _logit(sp)] if CONTEXT else []))
            out.append({"unit": ui, "article": u["article"], "start": u["start"] + a, "end": u["start"] + b,
                        "x": feats, "tech": k, "src": sorted(src)})
    return out


def pair_labels(c: dict, cands: list[dict], share: float) -> list[str]:
    """"yes" when gold spans of the candidate's technique cover at least ``share`` of its characters (the
    precision credit it would earn), else "none"."""
    from presswatch.eval.persuasion import merge_spans

    out = []
    for cd in cands:
        g = merge_spans([(s, e) for tech, s, e in c["gold"].get(cd["article"], []) if tech == cd["tech"]])
        cov = sum(max(0, min(cd["end"], e) - max(cd["start"], s)) for s, e in g)
        out.append("yes" if cov > 0 and cov / (cd["end"] - cd["start"]) >= share else "none")
    return out


def label(c: dict, cands: list[dict], share: float = 0.0) -> list[str]:
    """The technique of the gold span of the article that overlaps the candidate most, else "none"; with
    ``share`` > 0 also "none" when that overlap covers less than ``share`` of the candidate and of the gold span
    (a whole sentence around two loaded words would be mostly wrong if reported as Loaded_Language)."""
    out = []
    for cd in cands:
        best, lab = 0, "none"
        for tech, s, e in c["gold"].get(cd["article"], []):
            inter = min(cd["end"], e) - max(cd["start"], s)
            if inter > best and max(inter / (cd["end"] - cd["start"]), inter / (e - s)) >= share:
                best, lab = inter, tech
        out.append(lab)
    return out


def label_sets(c: dict, cands: list[dict], share: float) -> list[set[str]]:
    """Every technique with a gold span overlapping the candidate by at least ``share`` of either."""
    out = []
    for cd in cands:
        got = set()
        for tech, s, e in c["gold"].get(cd["article"], []):
            inter = min(cd["end"], e) - max(cd["start"], s)
            if inter > 0 and max(inter / (cd["end"] - cd["start"]), inter / (e - s)) >= share:
                got.add(tech)
        out.append(got)
    return out


class OneVsRest:
    """One binary logistic regression per technique (multi-label), same interface as the pipeline."""

    def __init__(self, C: float) -> None:
        self.C = C

    def fit(self, X: Any, Y: list[set[str]]) -> OneVsRest:
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        self.scaler = StandardScaler().fit(X)
        Z = self.scaler.transform(X)
        self.classes_ = sorted({k for ys in Y for k in ys})
        self.models = []
        for k in self.classes_:
            t = np.asarray([k in ys for ys in Y])
            self.models.append(LogisticRegression(C=self.C, max_iter=300, tol=1e-3).fit(Z, t) if 0 < t.sum() < len(t)
                               else None)
        return self

    def predict_proba(self, X: Any) -> Any:
        Z = self.scaler.transform(X)
        return np.stack([m.predict_proba(Z)[:, 1] if m is not None else np.zeros(len(Z)) for m in self.models], 1)


# --- the relabeller, cross-fitted ----------------------------------------------------------------


CLF = "lr"
CONTEXT = False  # pairs: add all techniques' mean token and sentence probabilities


def fit(X: Any, y: list, C: float) -> Any:
    if y and isinstance(y[0], set):
        return OneVsRest(C).fit(X, y)
    if CLF == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                              l2_regularization=1.0, random_state=0).fit(X, y)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    clf = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=300, tol=1e-3))
    clf.fit(X, y)
    return clf


def decode(cands: list[dict], idx: Any, proba: Any, classes: list[str], t: float, mode: str
           ) -> dict[tuple[str, str], list[tuple[int, int]]]:
    pred: dict[tuple[str, str], list[tuple[int, int]]] = {}
    none = classes.index("none") if "none" in classes else -1
    if mode == "nms":  # per unit and technique: the most probable candidates that do not overlap a kept one
        best: dict[tuple[int, str, str], list[tuple[float, int, int]]] = {}
        for i, pr in zip(idx, proba, strict=True):
            cd = cands[i]
            for j in range(len(pr)):
                if j != none and pr[j] >= t:
                    k = cd["tech"] if classes[j] == "yes" else classes[j]
                    best.setdefault((cd["unit"], cd["article"], k), []).append((float(pr[j]), cd["start"], cd["end"]))
        for (_, art, k), lst in best.items():
            kept: list[tuple[int, int]] = []
            for _, a, b in sorted(lst, reverse=True):
                if all(b <= x or a >= y for x, y in kept):
                    kept.append((a, b))
            pred.setdefault((art, k), []).extend(kept)
        return pred
    for i, pr in zip(idx, proba, strict=True):
        cd = cands[i]
        pr = pr.copy()
        if none >= 0:
            pr[none] = -1
        if mode == "argmax":
            j = int(pr.argmax())
            keep = [j] if pr[j] >= t else []
        else:
            keep = [j for j in range(len(pr)) if pr[j] >= t]
        for j in keep:
            pred.setdefault((cd["article"], classes[j]), []).append((cd["start"], cd["end"]))
    return pred


GRID = [round(x, 3) for x in np.arange(0.05, 0.8, 0.025)]


def oof(c: dict, cands: list[dict], X: Any, ys: dict[float, list], arts: list[str], k: int, seed: int, C: float,
        mode: str, inner: int = 4) -> tuple[dict, list[dict]]:
    """Out-of-fold predictions over all candidates: folds by article; each fold's threshold (and, when ``ys`` holds
    labels for several shares, the share) chosen by an inner cross-fit on its training folds."""
    fold_of = crossfit_folds(arts, k, seed)
    cf = np.asarray([fold_of[cd["article"]] for cd in cands])
    pred: dict[tuple[str, str], list[tuple[int, int]]] = {}
    info = []
    for f in range(k):
        tr = np.flatnonzero(cf != f)
        te = np.flatnonzero(cf == f)
        tr_arts = sorted({cands[i]["article"] for i in tr})
        tr_set = set(tr_arts)
        # inner cross-fit on the training folds: out-of-fold probabilities there, for the threshold
        in_fold = crossfit_folds(tr_arts, inner, seed + 1000 + f)
        icf = np.asarray([in_fold[cands[i]["article"]] for i in tr])
        best = (-1.0, GRID[0], next(iter(ys)))
        for share, y in ys.items():
            inner_p: list[tuple[Any, Any, list[str]]] = []
            for g in range(inner):
                itr, ite = tr[icf != g], tr[icf == g]
                m = fit(X[itr], [y[i] for i in itr], C)
                inner_p.append((ite, m.predict_proba(X[ite]), list(m.classes_)))
            for t in GRID:
                pr: dict[tuple[str, str], list[tuple[int, int]]] = {}
                for ite, pp, cls in inner_p:
                    for key, v in decode(cands, ite, pp, cls, t, mode).items():
                        pr.setdefault(key, []).extend(v)
                sc = score(c, pr, tr_set)["f1"]
                if sc > best[0]:
                    best = (sc, t, share)
        y = ys[best[2]]
        m = fit(X[tr], [y[i] for i in tr], C)
        for key, v in decode(cands, te, m.predict_proba(X[te]), list(m.classes_), best[1], mode).items():
            pred.setdefault(key, []).extend(v)
        info.append({"fold": f, "threshold": best[1], "share": best[2], "inner_f1": round(best[0], 4)})
    return pred, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/persuasion"))
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--low", type=float, default=0.05)
    ap.add_argument("--gap", type=int, default=5)
    ap.add_argument("--all-units-min", type=float, default=None)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[13, 1, 2])
    ap.add_argument("--C", type=float, default=0.1)
    ap.add_argument("--mode", choices=["argmax", "any", "nms"], default="nms")
    ap.add_argument("--share", type=float, nargs="+", default=[0.05, 0.1, 0.15, 0.2, 0.3],
                    help="label shares; with several, each fold chooses one by its inner cross-fit")
    ap.add_argument("--inner", type=int, default=4)
    ap.add_argument("--model", choices=["multi", "ovr", "pairs"], default="pairs",
                    help="multi: one multinomial model over candidate spans (technique or none); ovr: one binary "
                         "model per technique; pairs: one pooled binary model over (span, technique) pairs")
    ap.add_argument("--sources", default="shipped,low,whole")
    ap.add_argument("--min-sent", type=float, default=None)
    ap.add_argument("--clf", choices=["lr", "hgb"], default="lr")
    ap.add_argument("--context", action="store_true")
    ap.add_argument("--per-technique", action="store_true")
    ap.add_argument("--bootstrap", type=int, default=0, help="resamples of articles for the F1 difference")
    a = ap.parse_args(argv)
    global CLF, CONTEXT
    CLF, CONTEXT = a.clf, a.context
    c = load_cache(a.cache, a.data, a.threads)
    print(len(c["units"]), "units", sum(1 for u in c["units"] if u["hits"]), "flagged", c["encoder_cpu_s"])
    from presswatch.eval.persuasion import FlaggedUnit

    ship = shipped_spans(c)
    flagged = [FlaggedUnit(u["article"], u["start"], u["text"], u["hits"]) for u in c["units"] if u["hits"]]
    frags = [f for u, f in zip(c["units"], ship, strict=True) if u["hits"]]
    pred = technique_spans(flagged, frags, "keep")
    print("shipped", score(c, pred))
    t0 = time.process_time()
    if a.model == "pairs":
        cands = pair_candidates(c, ship, a.low, a.gap, a.min_sent)
        ys = {sh: pair_labels(c, cands, sh) for sh in a.share}
    else:
        cands = candidates(c, ship, a.low, a.gap, a.all_units_min, tuple(a.sources.split(",")))
        ys = {sh: label(c, cands, sh) if a.model == "multi" else label_sets(c, cands, sh) for sh in a.share}
    y = ys[a.share[0]]
    X = np.vstack([cd["x"] for cd in cands])
    arts = sorted(c["docs"])
    from collections import Counter

    flat = y if a.model != "ovr" else [k for s in y for k in s] + ["none"] * sum(1 for s in y if not s)
    print(len(cands), "candidates", Counter(flat).most_common(6), f"{time.process_time() - t0:.1f}s")
    for seed in a.seeds:
        t0 = time.process_time()
        pr, info = oof(c, cands, X, ys, arts, a.k, seed, a.C, a.mode, a.inner)
        print("seed", seed, score(c, pr), [(float(i["threshold"]), i["share"]) for i in info],
              f"{time.process_time() - t0:.1f}s", flush=True)
        if a.bootstrap:
            print("  paired bootstrap over articles:", bootstrap(c, pred, pr, a.bootstrap))
        if a.per_technique:
            before, after = per_technique(c, pred), per_technique(c, pr)
            for k in sorted(set(before) | set(after), key=lambda k: -before.get(k, (0, 0, 0))[1]):
                b0, b1 = before.get(k, (0.0, 0, 0)), after.get(k, (0.0, 0, 0))
                print(f"  {k:36s} gold {b0[1] or b1[1]:4d}  shipped {b0[0]:.3f} ({b0[2]:4d})  "
                      f"relabelled {b1[0]:.3f} ({b1[2]:4d})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
