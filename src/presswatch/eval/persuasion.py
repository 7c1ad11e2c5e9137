"""Evaluate the persuasion-technique model (``presswatch eval persuasion``).

SemEval-2023 Task 3 subtask 3 (paragraph-level multi-label technique detection), English dev set,
scored as the task's scorer does: every (article, paragraph) of the gold file, labels binarised over
the 23 techniques, micro-F1 and macro-F1 (macro with ``zero_division=1``: a technique that is neither
in the gold nor predicted counts 1, as in the official scorer).

Data layout (``--data`` = the ``persuasion`` folder): ``semeval2023-task3/<lang>/``
``{train,dev}-labels-subtask-3.txt`` (article TAB paragraph_no TAB comma-separated techniques) and
``{train,dev}-labels-subtask-3.template`` (article TAB paragraph_no TAB paragraph text), read by
:mod:`presswatch.corpora.semeval2023`.

It reads the model and never writes it: ``--crossfit-thresholds K`` reports what thresholds fitted on
dev would score; ``presswatch train persuasion --dev-thresholds K`` is what writes them into a model.
"""

from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswatch.corpora.ptc import article_lines, ptc_dir
from presswatch.corpora.semeval2023 import paragraph_starts, read_paragraphs, read_technique_spans, task3_dir
from presswatch.errors import InputError
from presswatch.learn.calibration import calibrate_thresholds
from presswatch.learn.metrics import f1, f1_counts, ratio

DEFAULT_DATA = Path("../shared/data/persuasion")


# --- scoring -------------------------------------------------------------------------------------


def score_multilabel(gold: list[list[str]], pred: list[list[str]], classes: list[str]) -> dict:
    """Micro- and macro-F1 over binarised label sets, as sklearn's ``f1_score`` with the official
    scorer's settings (micro: zero_division default; macro: ``zero_division=1``)."""
    idx = {c: i for i, c in enumerate(classes)}
    n = len(classes)
    tp = [0] * n
    fp = [0] * n
    fn = [0] * n
    for g, p in zip(gold, pred, strict=True):
        gs = {idx[x] for x in g if x in idx}
        ps = {idx[x] for x in p if x in idx}
        for i in gs & ps:
            tp[i] += 1
        for i in ps - gs:
            fp[i] += 1
        for i in gs - ps:
            fn[i] += 1
    TP, FP, FN = sum(tp), sum(fp), sum(fn)
    micro_p = ratio(TP, TP + FP)
    micro_r = ratio(TP, TP + FN)
    micro = f1_counts(TP, FP, FN)
    per = {}
    for c, i in idx.items():
        per[c] = {"f1": f1_counts(tp[i], fp[i], fn[i], empty=1.0), "support": tp[i] + fn[i],
                  "predicted": tp[i] + fp[i]}
    macro = sum(v["f1"] for v in per.values()) / n if n else 0.0
    return {"micro_f1": micro, "micro_precision": micro_p, "micro_recall": micro_r,
            "macro_f1": macro, "per_technique": per}


# --- span identification (SemEval-2020 Task 11 SI) ----------------------------------------------


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def score_si(gold: dict[str, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int]]]) -> dict:
    """SemEval-2020 Task 11 span identification: precision and recall with partial credit
    C(s, t, h) = |s ∩ t| / h, P = Σ_s Σ_t C(s, t, |s|) / |S|, R = Σ_s Σ_t C(s, t, |t|) / |T|,
    computed over all articles; overlapping spans of one article are merged first (gold and predicted)."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for art in set(gold) | set(pred):
        g = merge_spans(gold.get(art, []))
        s = merge_spans(pred.get(art, []))
        n_gold += len(g)
        n_pred += len(s)
        for a, b in s:
            for c, d in g:
                inter = min(b, d) - max(a, c)
                if inter > 0:
                    p_num += inter / (b - a)
                    r_num += inter / (d - c)
    prec = ratio(p_num, n_pred)
    rec = ratio(r_num, n_gold)
    return {"si_precision": prec, "si_recall": rec, "si_f1": f1(prec, rec), "gold_spans": n_gold, "pred_spans": n_pred}


@dataclass
class FlaggedUnit:
    """A unit (line, paragraph or sentence) the model flagged: its article, document offsets, text
    and hit techniques."""

    article: str
    start: int
    text: str
    techniques: list[str]
    token_probs: Any = None  # the unit's (tokens, techniques) probabilities, when read in the analyzer's single pass


def flag_units(model: Any, units: list[tuple[str, int, str]]) -> tuple[list[FlaggedUnit], int]:
    """Run the paragraph model over ``units`` ((article, start offset, text)) as the analyzer does: a
    sentence-unit model reads each unit's sentences one by one. Returns the flagged (sub)units and
    how many were read."""
    from presswatch.nlp.sentences import split_sentences

    parts: list[tuple[str, int, str]] = []
    for art, base, text in units:
        if getattr(model, "units", "paragraphs") == "sentences":
            parts.extend((art, base + a, text[a:b]) for a, b in split_sentences(text) or [(0, len(text))])
        else:
            parts.append((art, base, text))
    texts = [t for _, _, t in parts]
    toks: list[Any] = [None] * len(parts)
    if getattr(model, "single_pass", False):  # as the analyzer reads: sentence and token outputs of one run
        probs, toks = model.sentence_probs_and_tokens(texts)
    else:
        probs = model.predict_proba(texts)
    hits = [[k for k, _ in model.decide(p)] for p in probs]
    return [FlaggedUnit(a, b, t, h, tp) for (a, b, t), h, tp in zip(parts, hits, toks, strict=True) if h], len(parts)


def technique_spans(flagged: list[FlaggedUnit], fragments: list[Any], if_none: str = "keep",
                    by_technique: bool = True) -> dict[Any, list[tuple[int, int]]]:
    """Predicted spans keyed by (article, technique) (or by article, ``by_technique=False``):
    ``fragments[i]`` gives unit i's fragments (offsets relative to the unit) per technique (a dict)
    or for all its techniques (a list); a unit with none keeps its whole extent (``if_none`` "keep")
    or contributes nothing ("drop")."""
    from presswatch.analyzers.techniques.span_tagger import narrow

    pred: dict[Any, list[tuple[int, int]]] = {}
    for u, fr in zip(flagged, fragments, strict=True):
        for k in u.techniques:
            if isinstance(fr, dict) and k not in fr:  # dropped for this unit by the span rules
                continue
            got = narrow((u.start, u.start + len(u.text)), fr[k] if isinstance(fr, dict) else fr, if_none)
            if got:
                pred.setdefault((u.article, k) if by_technique else u.article, []).extend((s, e) for s, e, _ in got)
    return pred


def span_sources(model: Any, flagged: list[FlaggedUnit], model_dir: Path | None, threads: int | None,
                 use_tagger: bool = True, docs: dict[str, str] | None = None) -> tuple[str, list[Any], str]:
    """How the analyzer narrows flagged units, for the span evaluations: the token head's technique
    spans (when the model has one and its ``token_spans`` say ``use``; with ``token_spans.rules`` the
    rules of :mod:`presswatch.analyzers.techniques.rules`, ``docs`` giving each article's text), else the
    technique-blind span tagger, else whole units. Returns (description, fragments per unit, empty-unit rule)."""
    from presswatch.analyzers.techniques import default_model_dir
    from presswatch.analyzers.techniques.span_tagger import SpanTagger

    texts = [u.text for u in flagged]
    if use_tagger and model.single_pass:
        th, gap = model.token_span_options
        toks = [u.token_probs for u in flagged]
        if any(t is None for t in toks):
            _, toks = model.sentence_and_token_probs(texts)
        frags = model.unit_spans(texts, [u.techniques for u in flagged], toks,
                                 [docs[u.article] for u in flagged] if docs else None)
        rules = "; rules: own technique, Repetition needs repetition, length caps" if model.span_rules else ""
        return (f"token head: each technique on its own marked words (threshold {th}, gap {gap}, if nothing marked: "
                f"the whole unit{rules})", frags, "keep")
    tagger = SpanTagger.load(Path(model_dir) if model_dir else default_model_dir(), threads or 1) if use_tagger \
        else None
    if use_tagger and model.use_token_spans and model.has_token_output and \
            (model.token_span_mode == "token" or tagger is not None):
        th, gap = model.token_span_options
        blind = tagger.fragments(texts) if model.token_span_mode == "hybrid" and tagger is not None else None
        how = ("span tagger's fragments given to techniques by the token head, a technique without any on its own "
               "marked words" if blind is not None else "token head: each technique on its own marked words")
        return (f"{how} (threshold {th}, gap {gap}, if nothing marked: {model.token_span_if_none})",
                model.technique_fragments(texts, [u.techniques for u in flagged], blind), model.token_span_if_none)
    if tagger is not None:
        return (f"span tagger (technique-blind; if nothing found: {tagger.if_none}, threshold {tagger.threshold}, "
                f"gap {tagger.gap})", tagger.fragments(texts), tagger.if_none)
    return "whole flagged units", [[] for _ in flagged], "keep"


def eval_si(data: Path, model_dir: Path | None, threads: int | None, use_tagger: bool = True) -> dict:
    """Span identification on the PTC test articles (template spans are the gold). Every line (the
    PTC's one-sentence-per-line unit) is read as the ``techniques`` analyzer reads a paragraph; the
    flagged units are narrowed as the analyzer narrows them (:func:`span_sources`). The figure for
    whole flagged units is returned too (as ``line_level``)."""
    from presswatch.analyzers.techniques import TechniqueModel

    d = ptc_dir(data)
    gold: dict[str, list[tuple[int, int]]] = {}
    for line in (d / "test-task-TC-template.out").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 4:
            gold.setdefault(cols[0], []).append((int(cols[2]), int(cols[3])))
    units: list[tuple[str, int, str]] = []
    docs: dict[str, str] = {}
    for f in sorted((d / "test-articles").glob("article*.txt")):
        art = f.stem.removeprefix("article")
        with open(f, encoding="utf-8", newline="") as fh:
            text = fh.read()
        docs[art] = text
        units.extend((art, a, text[a:b]) for a, b in article_lines(text))
    model = TechniqueModel.load(model_dir, threads=threads)
    flagged, _ = flag_units(model, units)
    res = score_si(gold, technique_spans(flagged, [[] for _ in flagged], "keep", by_technique=False))
    res["articles"] = len({u[0] for u in units})
    res["spans_from"] = "paragraph model: every flagged unit"
    if not use_tagger:
        return res
    t1 = time.perf_counter()
    how, frags, if_none = span_sources(model, flagged, model_dir, threads, docs=docs)
    narrow_s = time.perf_counter() - t1
    tres = score_si(gold, technique_spans(flagged, frags, if_none, by_technique=False))
    tres.update({"articles": res["articles"], "line_level": res, "tagger_seconds": narrow_s,
                 "tagger_lines": len(flagged), "spans_from": how})
    return tres


def eval_technique_spans(data: Path, model_dir: Path | None, threads: int | None) -> dict:
    """Spans with their technique on the SemEval-2023 English dev articles (its span annotations are
    the gold): the SemEval-2020 Task 11 partial-overlap F1 where a predicted span counts only against
    gold spans of its own technique; the analyzer's narrowing (:func:`span_sources`) against whole
    flagged paragraphs. Also the technique-blind SI F1 on the same gold."""
    from presswatch.analyzers.techniques import TechniqueModel

    paras = [p for p in read_paragraphs(data, "dev", "en") if p.text.strip()]
    bases = paragraph_starts(data, paras, "dev")
    gold: dict[Any, list[tuple[int, int]]] = {}
    gold_si: dict[Any, list[tuple[int, int]]] = {}
    for art, sp in read_technique_spans(data, "dev", "en").items():
        for tech, a, b in sp:
            gold.setdefault((art, tech), []).append((a, b))
            gold_si.setdefault(art, []).append((a, b))
    model = TechniqueModel.load(model_dir, threads=threads)
    flagged, n_units = flag_units(model, [(p.article, b, p.text) for p, b in zip(paras, bases, strict=True)])
    docs = {}
    for art in sorted({p.article for p in paras}):
        with open(task3_dir(data, "en") / "dev-articles-subtask-3" / f"article{art}.txt", encoding="utf-8",
                  newline="") as fh:
            docs[art] = fh.read()
    how, frags, if_none = span_sources(model, flagged, model_dir, threads, docs=docs)
    out: dict[str, Any] = {"articles": len({p.article for p in paras}), "units_read": n_units,
                           "flagged_units": len(flagged), "gold_spans": sum(len(v) for v in gold.values())}
    for name, fr, rule in ((how, frags, if_none), ("whole flagged units", [[] for _ in flagged], "keep")):
        pred = technique_spans(flagged, fr, rule)
        r = score_si(gold, pred)
        r_si = score_si(gold_si, technique_spans(flagged, fr, rule, by_technique=False))
        per = {}
        for key in sorted({k for _, k in gold} | {k for _, k in pred}):
            rk = score_si({a: v for (a, k), v in gold.items() if k == key},
                          {a: v for (a, k), v in pred.items() if k == key})
            per[key] = {"f1": rk["si_f1"], "gold_spans": rk["gold_spans"], "pred_spans": rk["pred_spans"]}
        out.setdefault("results", []).append({
            "spans_from": name, "f1": r["si_f1"], "precision": r["si_precision"], "recall": r["si_recall"],
            "pred_spans": r["pred_spans"], "si_f1": r_si["si_f1"], "per_technique": per})
    return out


# --- cross-fitted thresholds ---------------------------------------------------------------------


def crossfit_folds(articles: list[str], k: int, seed: int = 13) -> dict[str, int]:
    """Article -> fold (0..k-1): the sorted distinct articles, shuffled with ``seed``, dealt in turn;
    every paragraph of an article sits in its article's fold."""
    import random

    arts = sorted(set(articles))
    if k < 2 or k > len(arts):
        raise ValueError(f"cross-fitting needs 2 <= K <= {len(arts)} articles, got K={k}")
    random.Random(seed).shuffle(arts)
    return {a: i % k for i, a in enumerate(arts)}


def crossfit_thresholds(articles: list[str], probs: list, gold: list[list[str]], labels: list[str], k: int,
                        seed: int = 13, min_pos: int = 25) -> dict:
    """Out-of-fold predictions with thresholds fitted on the other folds (the shipped calibration rule:
    a global threshold for micro-F1, a technique's own one only with >= ``min_pos`` positives and only
    if it raises micro-F1), from one set of probabilities; plus the thresholds fitted on all of them."""
    import numpy as np

    P = np.asarray(probs, dtype=np.float64)
    Y = [[int(lab in set(g)) for lab in labels] for g in gold]
    fold_of = crossfit_folds(articles, k, seed)
    folds = np.asarray([fold_of[a] for a in articles])
    pred: list[list[str]] = [[] for _ in articles]
    per_fold = []
    for f in range(k):
        tr = np.flatnonzero(folds != f)
        te = np.flatnonzero(folds == f)
        g, per, info = calibrate_thresholds(P[tr].tolist(), [Y[i] for i in tr], labels, min_pos)
        th = np.asarray([per[lab] for lab in labels])
        for i in te:
            pred[i] = [lab for j, lab in enumerate(labels) if P[i, j] >= th[j]]
        per_fold.append({"fold": f, "articles": sum(1 for v in fold_of.values() if v == f),
                         "paragraphs": int(len(te)), "global_threshold": g,
                         "own_thresholds": {lab: t for lab, t in per.items() if t != g}})
    g_all, per_all, info_all = calibrate_thresholds(P.tolist(), Y, labels, min_pos)
    # the micro-F1 of the thresholds actually kept (per-technique ones are dropped if they lower it)
    info_all["in_sample_micro_f1"] = (info_all["holdout_micro_f1_global"] if info_all.get("per_technique_dropped")
                                      else info_all["holdout_micro_f1_per_technique"])
    return {"pred": pred, "folds": per_fold, "k": k, "seed": seed, "min_pos": min_pos,
            "all_dev": {"global_threshold": g_all, "thresholds": per_all, **info_all}}


# --- command -------------------------------------------------------------------------------------


def eval_subtask3(data: Path, lang: str, model_dir: Path | None, threads: int | None,
                  out_pred: Path | None, crossfit: int = 0, crossfit_seed: int = 13) -> dict:
    from presswatch.analyzers.techniques import TechniqueModel
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUES

    paras = read_paragraphs(data, "dev", lang)
    if lang != "en":
        from presswatch.analyzers.techniques import default_model_dir
        from presswatch.analyzers.techniques.light import LightModel
        from presswatch.errors import ConfigError
        from presswatch.train.persuasion_light import LANGS

        light = LightModel.load(Path(model_dir) if model_dir else default_model_dir(), LANGS.get(lang, lang))
        if light is None:
            raise ConfigError(f"no light persuasion model for {lang!r}")
        model = light
        model.threads = 1  # type: ignore[attr-defined]
    else:
        model = TechniqueModel.load(model_dir, threads=threads)
        res_model = "minilm-l6-int8" + (f" + light-en (weight {model.light_weight})" if model.light else "")
    t0 = time.perf_counter()
    if lang == "en":
        from presswatch.progress import Progress

        with Progress("paragraphs", total=len(paras)) as bar:
            probs_all = model.predict_proba([p.text for p in paras], progress=bar.update)
    else:
        probs_all = model.predict_proba([p.text for p in paras])
    elapsed = time.perf_counter() - t0
    preds = [model.decide(pr) for pr in probs_all]
    gold = [p.labels for p in paras]
    classes = [t.key for t in TECHNIQUES]
    res = score_multilabel(gold, [[lab for lab, _ in pr] for pr in preds], classes)
    res.update({"model": res_model if lang == "en" else f"light-{lang}", "lang": lang,
                "paragraphs": len(paras), "articles": len({p.article for p in paras}),
                "seconds": elapsed, "paragraphs_per_s": len(paras) / elapsed if elapsed else 0.0,
                "threads": model.threads})
    if crossfit:
        if lang != "en":
            raise InputError("--crossfit-thresholds is for the English transformer model")
        cf = crossfit_thresholds([p.article for p in paras], probs_all, gold, model.labels, crossfit,
                                 crossfit_seed, int(model.meta_calibration.get("min_pos", 25)))
        oof = score_multilabel(gold, cf.pop("pred"), classes)
        res["crossfit"] = {**cf, "micro_f1": oof["micro_f1"], "micro_precision": oof["micro_precision"],
                           "micro_recall": oof["micro_recall"], "macro_f1": oof["macro_f1"],
                           "per_technique": oof["per_technique"]}
    cal = getattr(model, "meta_calibration", {}) if lang == "en" else {}
    if str(cal.get("fitted_on", "")).startswith("SemEval-2023 English dev"):
        res["dev_fitted_thresholds"] = cal.get("honest_dev_estimate", {})
    if out_pred:
        with open(out_pred, "w", encoding="utf-8") as f:
            for p, pr in zip(paras, preds, strict=True):
                f.write(f"{p.article}\t{p.number}\t{','.join(lab for lab, _ in pr)}\n")
    # speed against spaCy's parse of the same text, in the same process
    try:
        if lang != "en":
            raise RuntimeError("spaCy comparison only for English")
        from presswatch.nlp.pipelines import get_nlp

        nlp = get_nlp("en")
        texts = [p.text for p in paras]
        nlp("warm up")
        t1 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        spacy_s = time.perf_counter() - t1
        res["spacy_parse_seconds"] = spacy_s
        res["ratio_to_spacy"] = elapsed / spacy_s if spacy_s else None
    except Exception as e:  # noqa: BLE001 - the speed ratio is informative, not essential
        res["spacy_parse_error"] = str(e)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return res


def run(
    *,
    data: Path = DEFAULT_DATA,
    lang: str = "en",
    model: Path | None = None,
    threads: int | None = None,
    predictions: Path | None = None,
    as_json: bool = False,
    si: bool = False,
    crossfit_thresholds: int = 0,
    crossfit_seed: int = 13,
    technique_spans: bool = False,
    no_tagger: bool = False,
) -> int:
    """``presswatch eval persuasion``: score the model in ``model`` (default: the shipped one) on the dev set of
    ``lang`` and print the figures; ``si`` and ``technique_spans`` add the span scores (genre: ``presswatch eval
    genre``)."""
    task3_dir(data, lang)  # clear error first if the data is missing
    if si:
        ptc_dir(data)
    res = eval_subtask3(data, lang, model, threads, predictions,
                        crossfit_thresholds, crossfit_seed)
    if si:
        res["span_identification"] = eval_si(data, model, threads, not no_tagger)
    if technique_spans:
        res["technique_spans"] = eval_technique_spans(data, model, threads)
    if as_json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"SemEval-2023 Task 3 subtask 3, {res['lang']} dev: {res['articles']} articles, "
          f"{res['paragraphs']} paragraphs; model {res['model']}")
    print(f"  micro-F1 {res['micro_f1']:.3f} (P {res['micro_precision']:.3f} R {res['micro_recall']:.3f})"
          f"   macro-F1 {res['macro_f1']:.3f}")
    if res.get("dev_fitted_thresholds"):
        print("  NOTE: the model's thresholds were fitted on this dev set, so the figure above is in-sample; "
              "the honest estimate is the cross-fitted one (--crossfit-thresholds K, or thresholds.json "
              f"calibration.honest_dev_estimate: micro-F1 {res['dev_fitted_thresholds']['micro_f1']:.3f})")
    cf = res.get("crossfit")
    if cf:
        print(f"  cross-fitted thresholds ({cf['k']} folds of dev articles, seed {cf['seed']}, out-of-fold "
              f"predictions): micro-F1 {cf['micro_f1']:.3f} (P {cf['micro_precision']:.3f} "
              f"R {cf['micro_recall']:.3f})   macro-F1 {cf['macro_f1']:.3f}")
        for fo in cf["folds"]:
            print(f"    fold {fo['fold']}: {fo['articles']} articles, {fo['paragraphs']} paragraphs, global "
                  f"{fo['global_threshold']}, own {fo['own_thresholds']}")
        a = cf["all_dev"]
        print(f"    fitted on all dev: global {a['global_threshold']}, in-sample micro-F1 "
              f"{a['in_sample_micro_f1']:.3f}")
    print("  per technique (F1 / gold / predicted):")
    for k, v in sorted(res["per_technique"].items(), key=lambda kv: -kv[1]["support"]):
        print(f"    {k:34s} {v['f1']:.3f}  {v['support']:4d}  {v['predicted']:4d}")
    print(f"  speed: {res['paragraphs_per_s']:.1f} paragraphs/s with {res['threads']} thread(s); "
          f"peak RSS {res['peak_rss_mb']:.0f} MB")
    if res.get("ratio_to_spacy"):
        print(f"  spaCy parse of the same paragraphs: {res['spacy_parse_seconds']:.1f} s; "
              f"model/spaCy time ratio {res['ratio_to_spacy']:.2f}")
    sid = res.get("span_identification")
    for r in ([sid.get("line_level"), sid] if sid and sid.get("line_level") else [sid]) if sid else []:
        print(f"SemEval-2020 Task 11 SI on PTC test ({r['articles']} articles; {r['spans_from']}): "
              f"F1 {r['si_f1']:.3f} (P {r['si_precision']:.3f} R {r['si_recall']:.3f}; "
              f"{r['pred_spans']} predicted / {r['gold_spans']} gold merged spans)"
              + (f"; narrowing: {r['tagger_lines']} units, {r['tagger_seconds']:.1f} s" if "tagger_lines" in r else ""))
    ts = res.get("technique_spans")
    for r in ts["results"] if ts else []:
        print(f"Spans with their technique, SemEval-2023 English dev span annotations ({ts['articles']} articles, "
              f"{ts['gold_spans']} gold spans; {r['spans_from']}): technique-aware partial-overlap F1 {r['f1']:.3f} "
              f"(P {r['precision']:.3f} R {r['recall']:.3f}; {r['pred_spans']} predicted); technique-blind "
              f"{r['si_f1']:.3f}")
    return 0
