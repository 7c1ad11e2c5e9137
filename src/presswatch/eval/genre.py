"""Evaluate genre (``presswatch eval genre``): accuracy, macro-F1, per-class F1 and the confusion.

1. **SemEval-2023 Task 3 subtask 1** (opinion / reporting / satire), by nested cross-validation over the
   **training** articles of each language asked for (the shared data has no subtask-1 dev or test labels): the
   recipe ``presswatch train genre`` ships (:mod:`presswatch.learn.genre`), refitted fold by fold, each fold's
   model and decision offsets fitted without it. ``--baseline`` adds the recipe shipped before (character
   3-5-gram TF-IDF and a class-balanced softmax regression on the language's own articles, arg-max decision) on
   the same folds.
2. **The shipped analyzer** (models and the ``official`` rule) on the genres written in a scenario's
   ``truth.yaml`` (invented English documents: news -> reporting, correction -> reporting, opinion -> opinion,
   bulletin and statement -> official). No model is fitted there.

Reads the data and the shipped models; writes nothing but the e5 vector cache (``--no-cache``: none).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from presswatch.analyzers.genre import GENRES, OFFICIAL
from presswatch.learn.genre import FOLDERS, scores, stratified_folds

DEFAULT_DATA = Path("../shared/data/persuasion")
DEFAULT_EXTRA_DATA = Path("../shared/data/quotes/polnear")
SCENARIO_GENRES = {
    "news": "reporting",
    "correction": "reporting",
    "opinion": "opinion",
    "bulletin": OFFICIAL,
    "statement": OFFICIAL,
}


def baseline_scores(data: Path, folder: str, folds: int = 5, seed: int = 13) -> dict[str, Any]:
    """The recipe shipped before (char n-gram TF-IDF + class-balanced softmax, own language, arg-max) on the
    same stratified folds as :func:`presswatch.learn.genre.cross_validate`."""
    import numpy as np

    from presswatch.corpora.semeval2023 import read_genre_articles
    from presswatch.learn.linear import fit_softmax, ngram_counts, tfidf_fit, tfidf_matrix

    arts = read_genre_articles(data, folder)
    y = np.asarray([GENRES.index(g) for _, _, g in arts])
    docs = [ngram_counts(t) for _, t, _ in arts]
    fold = stratified_folds(y, folds, seed)
    pred = [""] * len(arts)
    for f in range(folds):
        tr = np.flatnonzero(fold != f)
        te = np.flatnonzero(fold == f)
        vocab, idf = tfidf_fit([docs[i] for i in tr], 20000)
        W, b = fit_softmax(tfidf_matrix([docs[i] for i in tr], vocab, idf), y[tr], len(GENRES))
        for i, k in zip(te, (tfidf_matrix([docs[i] for i in te], vocab, idf) @ W + b).argmax(1), strict=True):
            pred[int(i)] = GENRES[int(k)]
    return scores([g for _, _, g in arts], pred)


def scenario_scores(root: Path, model_dir: Path | None = None) -> dict[str, Any]:
    """The shipped genre analyzer on a scenario's documents (all languages), against their truth genres."""
    from presswatch.analyzers.genre import classify
    from presswatch.comparison.scenario import load_truth, scenario_documents

    truth = load_truth(root)
    genre_of = {d["file"]: d.get("genre") for d in truth["documents"]}
    gold, pred, rows = [], [], []
    for file, doc in scenario_documents(root, truth, languages=None):
        g = SCENARIO_GENRES.get(str(genre_of.get(file)))
        if g is None:
            continue
        doc.language = doc.language or "en"
        s = classify(doc, model_dir)
        p = s.get("label", "not analysed") if s.get("analysed") else "not analysed"
        gold.append(g)
        pred.append(p)
        rows.append({"file": file, "gold": g, "predicted": p, "method": s.get("method")})
    classes = [c for c in (*GENRES, OFFICIAL) if c in gold]
    return {**scores(gold, pred, classes), "folder": root.name, "documents_by_file": rows}


def _print_scores(title: str, s: dict[str, Any]) -> None:
    print(f"{title}: {s['documents']} documents; accuracy {s['accuracy']:.3f}, macro-F1 {s['macro_f1']:.3f}")
    print(
        "  per class  F1 (P / R, gold): "
        + "; ".join(
            f"{c} {v['f1']:.3f} ({v['precision']:.2f} / {v['recall']:.2f}, {v['support']})"
            for c, v in s["per_class"].items()
        )
    )
    labels = list(next(iter(s["confusion"].values())))
    print("  confusion (rows gold, columns predicted): " + " ".join(f"{c[:9]:>9}" for c in labels))
    for g, row in s["confusion"].items():
        print(f"  {g:>41}: " + " ".join(f"{row[c]:>9}" for c in labels))


def run(
    *,
    data: Path = DEFAULT_DATA,
    langs: str = "en",
    folds: int = 5,
    seed: int = 13,
    story_words: int = 0,
    baseline: bool = False,
    scenario: Path | None = None,
    no_scenario: bool = False,
    model: Path | None = None,
    no_cache: bool = False,
    as_json: bool = False,
    extra_reporting: str = "",
    extra_data: Path = DEFAULT_EXTRA_DATA,
    extra_weight: float = 0.3,
    extra_cap: int = 0,
) -> int:
    """``presswatch eval genre``: nested cross-validation of the shipped recipe on the SemEval-2023 subtask-1
    training articles of ``langs`` (SemEval folders; ``''`` for none), and the shipped analyzer on a scenario.
    ``story_words``: the length of the embedded story text (0: the shipped recipe's; 200 was version 1.0's).
    ``extra_reporting``: an external corpus (``polnear``, its training articles in ``extra_data``) whose articles
    are added as "reporting" to the English training folds only, each weighing ``extra_weight`` (at most
    ``extra_cap`` of them where > 0)."""
    from presswatch.analyzers.genre import STORY_WORDS
    from presswatch.comparison.scenario import SCENARIO
    from presswatch.corpora.semeval2023 import task3_dir
    from presswatch.errors import InputError
    from presswatch.learn.genre import cross_validate, load_corpus, with_extra_reporting

    folders = [f.strip() for f in langs.split(",") if f.strip()]
    unknown = [f for f in folders if f not in FOLDERS]
    if unknown:
        raise InputError(f"unknown SemEval folder(s) {', '.join(unknown)}; known: {', '.join(FOLDERS)}")
    res: dict[str, Any] = {"semeval2023_subtask1_train_cv": {}, "baseline_char_ngrams": {}}
    if folders:
        for f in FOLDERS:
            task3_dir(data, f)  # a clear error first if the data is missing

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty() or done == total:
                sys.stderr.write(f"\r  featurised {done}/{total} training articles" + ("\n" if done == total else ""))

        corpus = load_corpus(
            data, list(FOLDERS), story_words=story_words or None, disk_cache=not no_cache, progress=progress
        )
        options: dict[str, Any] = {}
        if extra_reporting:
            corpus, res["extra_reporting"] = with_extra_reporting(
                corpus, extra_reporting, extra_data, weight=extra_weight, cap=extra_cap, seed=seed,
                story_words=story_words or None, disk_cache=not no_cache)
            options["extra_weight"] = extra_weight
        for f in folders:
            fold_f1: list[float] = []
            _, gold, pred = cross_validate(corpus, FOLDERS[f], folds=folds, seed=seed, per_fold=fold_f1, **options)
            res["semeval2023_subtask1_train_cv"][FOLDERS[f]] = {**scores(gold, pred), "fold_macro_f1": fold_f1}
            if baseline:
                res["baseline_char_ngrams"][FOLDERS[f]] = baseline_scores(data, f, folds, seed)
    if not no_scenario:
        res["scenario"] = scenario_scores(scenario or SCENARIO, model)
    if as_json:
        print(json.dumps(res, indent=2))
        return 0
    ex = res.get("extra_reporting")
    for iso, s in res["semeval2023_subtask1_train_cv"].items():
        _print_scores(
            f"SemEval-2023 T3 subtask 1, {iso} train, nested {folds}-fold CV (shipped recipe, e5 of the first "
            f"{story_words or STORY_WORDS} words"
            + (
                f"; {ex['articles']} {ex['corpus']} articles as reporting, weight {ex['weight']}, in the training "
                "folds"
                if ex and iso == "en"
                else ""
            )
            + ")",
            s,
        )
        ff = s["fold_macro_f1"]
        print(f"  macro-F1 per fold: {' '.join(f'{v:.3f}' for v in ff)} (spread {min(ff):.3f}-{max(ff):.3f})")
        if iso in res["baseline_char_ngrams"]:
            _print_scores(
                f"  baseline: the previous recipe (char n-grams, arg-max), {iso}, same folds",
                res["baseline_char_ngrams"][iso],
            )
    if "scenario" in res:
        _print_scores(
            f"Shipped analyzer on scenario '{res['scenario']['folder']}' truth genres (invented texts)", res["scenario"]
        )
    return 0
