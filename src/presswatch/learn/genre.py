"""Fitting the genre models and estimating how they do: shared by ``presswatch train genre`` (which writes
``models/genre/genre-<lang>.json``) and ``presswatch eval genre`` (which refits them fold by fold and writes
nothing). Fitted with scikit-learn (:mod:`presswatch.learn.linear`), applied with numpy.

The recipe, for one target language: every SemEval-2023 Task 3 subtask-1 training article of the six languages
is a row of standardised register features (times ``register_weight``) next to its e5 story vector
(:mod:`presswatch.analyzers.genre`); a multinomial logistic regression is fitted with each class weighted by the
inverse of its (article-weighted) frequency, the target language's articles counting 1 and the others
``other_weight``. Per-class offsets added to the logits (the decision threshold of a multi-class model) are then
chosen to maximise the target language's macro-F1 over out-of-fold logits of a ``folds``-fold cross-validation
of its training articles (the other languages stay in every training fold). Dev is never read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswatch.analyzers.genre import GENRES
from presswatch.learn.metrics import f1_counts, prf

# SemEval-2023 Task 3 folder -> ISO 639-1
FOLDERS = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
OFFSET_GRID = [round(-3.0 + 0.25 * k, 2) for k in range(25)]  # -3 .. 3


@dataclass
class Corpus:
    """The training articles: ids, ISO language, gold class index, register features, e5 story vectors."""

    ids: list[str]
    lang: Any  # (n,) str
    y: Any  # (n,) int, index into GENRES
    register: Any  # (n, len(REGISTER_FEATURES)) float32
    vectors: Any  # (n, 384) float32
    # (n,) bool: rows of an external corpus (see :func:`add_extra`), never scored; None: none
    extra: Any = None

    def is_extra(self) -> Any:
        import numpy as np

        return np.zeros(len(self.ids), dtype=bool) if self.extra is None else self.extra


def load_corpus(
    data: Path,
    folders: list[str],
    *,
    story_words: int | None = None,
    disk_cache: bool | Path = True,
    progress: Any = None,
) -> Corpus:
    """Read and featurise the subtask-1 training articles of ``folders`` (SemEval folder names); the e5 vector is
    of each article's first ``story_words`` words (default: :data:`presswatch.analyzers.genre.STORY_WORDS`)."""
    import numpy as np

    from presswatch.analyzers.genre import STORY_WORDS, register_features, story_vector
    from presswatch.corpora.semeval2023 import read_genre_articles

    ids: list[str] = []
    langs: list[str] = []
    ys: list[int] = []
    texts: list[str] = []
    for folder in folders:
        iso = FOLDERS[folder]
        for art, text, label in read_genre_articles(data, folder):
            ids.append(f"{folder}/{art}")
            langs.append(iso)
            ys.append(GENRES.index(label))
            texts.append(text)
    register = np.asarray([register_features(t, lang) for t, lang in zip(texts, langs, strict=True)], dtype=np.float32)
    vectors = []
    for i in range(0, len(texts), 64):
        vectors.append(story_vector(texts[i : i + 64], max_words=story_words or STORY_WORDS, disk_cache=disk_cache))
        if progress:
            progress(min(i + 64, len(texts)), len(texts))
    return Corpus(
        ids,
        np.asarray(langs),
        np.asarray(ys),
        register,
        np.vstack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32),
    )


EXTRA_CORPORA = ("polnear",)
EXTRA_LANG = "en"  # the language of the external corpora


def add_extra(
    corpus: Corpus,
    texts: list[tuple[str, str]],
    label: str,
    *,
    cap: int = 0,
    seed: int = 13,
    story_words: int | None = None,
    disk_cache: bool | Path = True,
) -> Corpus:
    """The corpus with external English articles ``texts`` ((id, text)) added as weakly labelled ``label`` rows
    (at most ``cap`` of them, a seeded random choice, where ``cap`` > 0). They are only ever training rows: in
    every training fold of the English model, never in a scored fold, and left out of the other languages'
    models (see :func:`fit_language`)."""
    import numpy as np

    from presswatch.analyzers.genre import STORY_WORDS, register_features, story_vector

    texts = sorted(texts)
    if cap and len(texts) > cap:
        random.Random(seed).shuffle(texts)
        texts = sorted(texts[:cap])
    if not texts:
        return corpus
    register = np.asarray([register_features(t, EXTRA_LANG) for _, t in texts], dtype=np.float32)
    vectors = np.vstack(
        [
            story_vector([t for _, t in texts[i : i + 64]], max_words=story_words or STORY_WORDS, disk_cache=disk_cache)
            for i in range(0, len(texts), 64)
        ]
    )
    n = len(texts)
    return Corpus(
        corpus.ids + [f"extra/{i}" for i, _ in texts],
        np.concatenate([corpus.lang, np.full(n, EXTRA_LANG)]),
        np.concatenate([corpus.y, np.full(n, GENRES.index(label))]),
        np.vstack([corpus.register, register]).astype(np.float32),
        np.vstack([corpus.vectors, vectors]).astype(np.float32),
        np.concatenate([corpus.is_extra(), np.ones(n, dtype=bool)]),
    )


def with_extra_reporting(
    corpus: Corpus,
    name: str,
    root: Path,
    *,
    weight: float,
    cap: int,
    seed: int,
    story_words: int | None,
    disk_cache: bool | Path,
) -> tuple[Corpus, dict[str, Any]]:
    """The corpus with the external corpus ``name`` (folder ``root``) added as weak "reporting" rows
    (:func:`add_extra`), and what to record of it (corpus, articles added, their weight)."""
    corpus = add_extra(corpus, load_extra(name, root), "reporting", cap=cap, seed=seed, story_words=story_words,
                       disk_cache=disk_cache)
    return corpus, {"corpus": name, "articles": int(corpus.is_extra().sum()), "weight": weight}


def load_extra(name: str, root: Path) -> list[tuple[str, str]]:
    """The (id, text) of an external corpus' **training** articles: ``polnear`` (PolNeAR train, the folder
    ``root``; its dev and test are never read)."""
    from presswatch.errors import InputError

    if name == "polnear":
        from presswatch.corpora.polnear import read_texts

        return read_texts(root, "train")
    raise InputError(f"unknown extra corpus {name!r}; known: {', '.join(EXTRA_CORPORA)}")


def fit(
    register: Any,
    vectors: Any,
    y: Any,
    weights: Any,
    *,
    register_weight: float = 0.3,
    l2: float = 1e-3,
    iters: int = 400,
    seed: int = 13,
) -> dict[str, Any]:
    """A class-balanced, article-weighted softmax regression over [standardised register features x
    ``register_weight``, e5 vectors]: ``register_mean``, ``register_sd``, ``register_weight``, ``coef``,
    ``intercept`` (numpy arrays), with zero offsets. Fitted by lbfgs in at most ``iters`` iterations
    (deterministic: ``seed`` is accepted for the callers and not needed)."""
    import numpy as np

    from presswatch.learn.linear import fit_softmax

    mean = register.mean(0)
    sd = register.std(0) + 1e-6
    X = np.hstack([(register - mean) / sd * register_weight, vectors]).astype(np.float32)
    W, b = fit_softmax(X, y, len(GENRES), weights=weights, l2=l2, max_iter=iters)
    return {
        "register_mean": mean,
        "register_sd": sd,
        "register_weight": register_weight,
        "coef": W,
        "intercept": b,
        "offsets": np.zeros(len(GENRES), dtype=np.float32),
    }


def logits(params: dict[str, Any], register: Any, vectors: Any) -> Any:
    """Logits (without the offsets) of rows of register features and e5 vectors."""
    import numpy as np

    r = (register - params["register_mean"]) / params["register_sd"] * params["register_weight"]
    return np.hstack([r, vectors]) @ params["coef"] + params["intercept"]


def scores(gold: list[str], pred: list[str], classes: list[str] | tuple[str, ...] = GENRES) -> dict[str, Any]:
    """Accuracy, macro-F1 over ``classes``, per-class F1, precision, recall and support, and the confusion
    (gold -> predicted -> count)."""
    per: dict[str, dict[str, float]] = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        p, r, _ = prf(tp, fp, fn)
        per[c] = {"f1": f1_counts(tp, fp, fn), "precision": p, "recall": r, "support": tp + fn}
    labels = list(classes) + sorted({p for p in pred} - set(classes))
    confusion = {
        g: {p: sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p) for p in labels} for g in classes
    }
    return {
        "documents": len(gold),
        "accuracy": sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(len(gold), 1),
        "macro_f1": sum(v["f1"] for v in per.values()) / len(classes),
        "per_class": per,
        "confusion": confusion,
    }


def fit_offsets(z: Any, y: Any) -> Any:
    """Per-class offsets (opinion's fixed at 0) on :data:`OFFSET_GRID` maximising the macro-F1 of
    ``argmax(z + offsets)`` against ``y``; among equal ones, the smallest offsets."""
    import numpy as np

    gold = [GENRES[k] for k in y]
    best = (-1.0, 0.0, np.zeros(len(GENRES), dtype=np.float32))
    for a in OFFSET_GRID:
        for c in OFFSET_GRID:
            off = np.asarray([0.0, a, c], dtype=np.float32)
            m = scores(gold, [GENRES[k] for k in (z + off).argmax(1)])["macro_f1"]
            size = abs(a) + abs(c)
            if m > best[0] + 1e-9 or (abs(m - best[0]) <= 1e-9 and size < best[1]):
                best = (m, size, off)
    return best[2]


def stratified_folds(y: Any, k: int, seed: int = 13) -> Any:
    """Fold (0..k-1) of each row: each class's rows shuffled with ``seed`` and dealt in turn."""
    import numpy as np

    rng = random.Random(seed)
    fold = np.zeros(len(y), dtype=int)
    for c in sorted(set(int(v) for v in y)):
        idx = [int(i) for i in np.flatnonzero(y == c)]
        rng.shuffle(idx)
        for r, i in enumerate(idx):
            fold[i] = r % k
    return fold


def fit_language(
    corpus: Corpus,
    rows: Any,
    target: str,
    *,
    other_weight: float = 0.3,
    extra_weight: float = 0.3,
    register_weight: float = 0.3,
    l2: float = 1e-3,
    folds: int = 5,
    seed: int = 13,
) -> dict[str, Any]:
    """The model of language ``target`` fitted on ``rows`` of the corpus, with offsets from a ``folds``-fold
    cross-validation over the target language's rows among them (rows of other languages in every fold). Rows
    of an external corpus (:func:`add_extra`) weigh ``extra_weight`` and are in every fold where ``target`` is
    their language; the other languages' models leave them out."""
    import numpy as np

    rows = np.asarray(rows)
    extra = corpus.is_extra()
    if target != EXTRA_LANG:
        rows = rows[~extra[rows]]
    own = rows[(corpus.lang[rows] == target) & ~extra[rows]]
    other = rows[(corpus.lang[rows] != target) | extra[rows]]

    def fitted(train: Any) -> dict[str, Any]:
        w = np.where(extra[train], extra_weight, np.where(corpus.lang[train] == target, 1.0, other_weight))
        return fit(
            corpus.register[train],
            corpus.vectors[train],
            corpus.y[train],
            w,
            register_weight=register_weight,
            l2=l2,
            seed=seed,
        )

    fold = stratified_folds(corpus.y[own], folds, seed)
    z = np.zeros((len(own), len(GENRES)), dtype=np.float32)
    for f in range(folds):
        p = fitted(np.concatenate([own[fold != f], other]))
        te = own[fold == f]
        z[fold == f] = logits(p, corpus.register[te], corpus.vectors[te])
    params = fitted(rows)
    params["offsets"] = fit_offsets(z, corpus.y[own])
    return params


def cross_validate(
    corpus: Corpus,
    target: str,
    *,
    folds: int = 5,
    inner_folds: int = 3,
    seed: int = 13,
    per_fold: list[float] | None = None,
    **options: Any,
) -> tuple[list[str], list[str], list[str]]:
    """Out-of-fold predictions for the target language's articles: ``folds`` stratified folds; each fold's model
    (and its offsets, by an inner ``inner_folds``-fold cross-validation) sees the other folds and the other
    languages only. Returns (article ids, gold, predicted); each fold's macro-F1 is appended to ``per_fold``
    where given (their spread is the noise a difference between recipes must exceed)."""
    import numpy as np

    extra = corpus.is_extra()
    own = np.flatnonzero((corpus.lang == target) & ~extra)
    other = np.flatnonzero((corpus.lang != target) | extra)  # fit_language drops the extra rows where not wanted
    fold = stratified_folds(corpus.y[own], folds, seed)
    pred = [""] * len(own)
    for f in range(folds):
        params = fit_language(
            corpus, np.concatenate([own[fold != f], other]), target, folds=inner_folds, seed=seed, **options
        )
        te = own[fold == f]
        z = logits(params, corpus.register[te], corpus.vectors[te]) + params["offsets"]
        for j, k in zip(np.flatnonzero(fold == f), z.argmax(1), strict=True):
            pred[int(j)] = GENRES[int(k)]
        if per_fold is not None:
            fy = corpus.y[te]
            per_fold.append(
                scores([GENRES[int(k)] for k in fy], [pred[int(j)] for j in np.flatnonzero(fold == f)])["macro_f1"]
            )
    return [corpus.ids[i] for i in own], [GENRES[int(corpus.y[i])] for i in own], pred


def to_json(params: dict[str, Any], lang: str, story_words: int) -> dict[str, Any]:
    """The model file's content (what :class:`presswatch.analyzers.genre.GenreModel` reads); ``story_words``: the
    length of the story text the vectors were made of."""
    from presswatch.analyzers.genre import REGISTER_FEATURES

    def r(x: Any) -> Any:
        return [float(f"{v:.6g}") for v in x]

    return {
        "lang": lang,
        "classes": list(GENRES),
        "story_words": story_words,
        "register_features": list(REGISTER_FEATURES),
        "register_weight": params["register_weight"],
        "register_mean": r(params["register_mean"]),
        "register_sd": r(params["register_sd"]),
        "offsets": {c: float(v) for c, v in zip(GENRES, params["offsets"], strict=True)},
        "intercept": r(params["intercept"]),
        "coef": [r(row) for row in params["coef"]],
    }
