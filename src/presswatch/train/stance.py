"""Train the stance model (``presswatch train stance``) on FNC-1's training pairs, minus held-out bodies.

``presswatch train stance [--data DIR] [--out models/stance] [--holdout 0.2] [--seed 13] [--folds-by claims]``

1. The bodies are split by Body ID: a seeded ``holdout`` share of them (20 %) is never read here; it is what
   ``presswatch eval stance`` scores. The split's seed and share are written into ``stance.json``.
2. The idf is fitted on the sentences of the training bodies; the features of every training pair are computed
   as at inference (:mod:`presswatch.stances.features`); e5 vectors go through the embedding cache (``--cache``,
   default the user cache folder), the features into ``--work`` (a temporary folder by default) so that a second
   run with other learning options takes seconds.
3. The training pairs are dealt into ``folds`` folds by the claim group of their headline (``folds_by claims``,
   the default: a fold holds claims the other folds never saw) or by body. For each fold, a stage-1 network
   (related / unrelated: scalar features and the ``related_blocks`` e5 blocks) and a stage-2 network (agree /
   disagree / discuss, on related pairs: scalar features and the ``blocks`` e5 blocks, class weights
   ``(n / (3 * count)) ** class_power``) are fitted on the other folds and early-stopped on that fold. The
   shipped model stacks the fold networks (the mean of their logits). The out-of-fold probabilities choose the
   per-class factors of the second stage (maximising related accuracy plus the related classes' macro-F1); the
   related threshold stays 0.5.

numpy only (no scikit-learn); seconds once the vectors are cached (embedding FNC-1 once takes about an hour on
two cores).
numpy only (no scikit-learn); a few minutes once the vectors are cached.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from presswatch.corpora.fnc1 import LABELS, StancePair, read_fnc1, split_bodies

DEFAULT_DATA = Path("../shared/data/stance/fnc1")
DEFAULT_OUT = Path("models/stance")
VERSION = "0.1.0"
FEATURES_VERSION = 2  # bump when presswatch.stances.features changes what it computes
RELATED_HIDDEN = 32  # the first stage's hidden units and dropout
RELATED_DROPOUT = 0.2


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pair_matrices(
    pairs: list[StancePair], bodies: dict[str, str], idf: Any, *, disk_cache: bool | Path = True, progress: bool = True
) -> tuple[Any, Any, list[list[int]]]:
    """Scalar features (n, k), e5 blocks (n, blocks * 384, float16) and the best sentences of each pair."""
    import numpy as np

    from presswatch.progress import Progress
    from presswatch.stances.features import VECTOR_BLOCKS, embed_pairs, pair_features, prepare

    texts = {b: prepare(bodies[b], "en") for b in dict.fromkeys(p.body_id for p in pairs)}
    claims = [p.headline for p in pairs]
    tx = [texts[p.body_id] for p in pairs]
    with Progress("e5 claims and sentences", total=None, show=None if progress else False) as bar:
        C, rows = embed_pairs(claims, tx, idf, disk_cache=disk_cache, progress=bar.update)
    feats = [pair_features(c, t, idf, C[i], rows[i]) for i, (c, t) in enumerate(zip(claims, tx, strict=True))]
    S = np.stack([f.scalars for f in feats])
    V = np.zeros((len(pairs), len(VECTOR_BLOCKS) * C.shape[1]), dtype=np.float16)
    for i, f in enumerate(feats):
        V[i] = f.vectors.reshape(-1)
    return S, V, [f.top for f in feats]


def names(blocks: str) -> list[str]:
    """The block names of a comma-separated option."""
    return [b.strip() for b in blocks.split(",") if b.strip()]


def fold_keys(pairs: list[StancePair], by: str) -> Any:
    """Each pair's fold key: its Body ID (``bodies``) or its headline's claim group (``claims``: a fold then holds
    claims the other folds never saw, which is what early stopping and the class factors are tuned for)."""
    import numpy as np

    if by == "bodies":
        return np.array([p.body_id for p in pairs])
    if by == "claims":
        from presswatch.corpora.fnc1 import claim_groups

        g = claim_groups(pairs)
        return np.array([str(g[p.headline]) for p in pairs])
    raise ValueError(f"folds_by must be bodies or claims, not {by!r}")


def fit_idf(bodies: dict[str, str], body_ids: Any) -> Any:
    """The idf of the sentences of the given bodies."""
    from presswatch.stances.features import Idf, prepare

    return Idf.fit([t for b in sorted(set(body_ids)) for t in prepare(bodies[b], "en").unit_tokens])


def cached_features(
    tag: str,
    pairs: list[StancePair],
    bodies: dict[str, str],
    idf: Any,
    work: Path | None,
    cache: bool | Path,
    *,
    progress: bool = True,
) -> tuple[Any, Any, Any]:
    """(S, V, y) of ``pairs`` (:func:`pair_matrices`), kept in ``work`` under a name that depends on the pairs,
    the idf and the feature version."""
    import numpy as np

    y = np.array([LABELS.index(p.stance) for p in pairs])
    sig = hashlib.sha1(
        json.dumps(
            [
                FEATURES_VERSION,
                [(p.headline, p.body_id) for p in pairs],
                sorted(idf.weights.items())[:: max(1, len(idf.weights) // 500)],
                len(idf.weights),
            ]
        ).encode()
    ).hexdigest()[:12]
    f = work / f"stance-{tag}-{sig}.npz" if work else None
    if f is not None and f.is_file():
        z = np.load(f)
        return z["S"], z["V"], y
    t0 = time.time()
    S, V, _ = pair_matrices(pairs, bodies, idf, disk_cache=cache, progress=progress)
    if f is not None:
        f.parent.mkdir(parents=True, exist_ok=True)
        np.savez(f, S=S, V=V)
    _say(f"features of {len(pairs)} {tag} pairs in {time.time() - t0:.0f} s")
    return S, V, y


# ------------------------------------------------------------------------------------------------ fitting


def _objective(y3: Any, P: Any, priors: Any) -> float:
    """Score of stage-2 decisions on related pairs: related accuracy (the FNC score's part that stage 2
    decides) plus macro-F1 of the three related classes."""
    import numpy as np

    from presswatch.learn.metrics import macro_f1

    pred = np.argmax(P * priors, axis=1)
    names = ["agree", "disagree", "discuss"]
    return float((pred == y3).mean()) + macro_f1([names[i] for i in y3], [names[i] for i in pred], names)


def tune_priors(y3: Any, P: Any) -> list[float]:
    """Per-class factors (agree, disagree; discuss fixed at 1) maximising :func:`_objective`."""
    import numpy as np

    grid = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.7, 2.0, 2.5, 3.0]
    best = (-1.0, [1.0, 1.0, 1.0])
    for a in grid:
        for d in grid:
            pr = np.array([a, d, 1.0])
            sc = _objective(y3, P, pr)
            if sc > best[0] + 1e-9:
                best = (sc, [a, d, 1.0])
    return best[1]


def fit_folds(
    S: Any,
    V: Any,
    y: Any,
    group: Any,
    *,
    folds: int,
    seed: int,
    hidden: int,
    class_power: float,
    dropout: float,
    l2: float,
    epochs: int,
    blocks: str,
    related_blocks: str = "",
    batch_size: int = 128,
    lr: float = 1e-3,
    log: Any = _say,
) -> dict[str, Any]:
    """The fold networks of both stages and their out-of-fold probabilities."""
    import numpy as np

    from presswatch.learn import mlp
    from presswatch.learn.metrics import macro_f1
    from presswatch.stances.model import select_blocks

    unrel = LABELS.index("unrelated")
    rel = y != unrel
    y1 = rel.astype(np.int64)
    X1 = np.hstack([S, select_blocks(V, names(related_blocks))]).astype(np.float32)
    X2 = np.hstack([S, select_blocks(V, names(blocks))]).astype(np.float32)
    ids = sorted(set(group.tolist()))
    rng = np.random.default_rng(seed)
    perm = [ids[i] for i in rng.permutation(len(ids))]
    fold_of = {b: k % folds for k, b in enumerate(perm)}
    fold = np.array([fold_of[b] for b in group])
    oof1 = np.zeros(len(y), dtype=np.float32)
    oof2 = np.zeros((len(y), 3), dtype=np.float32)
    s1, s2, logs = [], [], []
    related = ["agree", "disagree", "discuss"]

    def f1score(yv: Any, P: Any) -> float:
        pred = P.argmax(1)
        return float((pred == yv).mean()) + macro_f1([related[i] for i in yv], [related[i] for i in pred], related)

    for k in range(folds):
        t0 = time.time()
        tr, va = fold != k, fold == k
        p1, l1 = mlp.fit(
            X1[tr],
            y1[tr],
            2,
            hidden=RELATED_HIDDEN,
            epochs=30,
            dropout=RELATED_DROPOUT,
            l2=1e-4,
            seed=seed + k,
            lr=lr,
            batch_size=batch_size,
            X_val=X1[va],
            y_val=y1[va],
            patience=5,
        )
        oof1[va] = mlp.predict_proba(p1, X1[va])[:, 1]
        tr2, va2 = tr & rel, va & rel
        w = mlp.class_weights(y[tr2], 3, class_power)
        p2, l2_ = mlp.fit(
            X2[tr2],
            y[tr2],
            3,
            hidden=hidden,
            epochs=epochs,
            dropout=dropout,
            l2=l2,
            weights=w,
            seed=seed + k,
            lr=lr,
            batch_size=batch_size,
            X_val=X2[va2],
            y_val=y[va2],
            score=f1score,
            patience=8,
        )
        oof2[va] = mlp.predict_proba(p2, X2[va])
        s1.append(p1)
        s2.append(p2)
        logs.append(
            {
                "fold": k,
                "stage1_best_epoch": l1["best_epoch"],
                "stage2_best_epoch": l2_["best_epoch"],
                "stage2_val": l2_["best_score"],
            }
        )
        log(
            f"  fold {k + 1}/{folds}: stage 1 epoch {l1['best_epoch']}, stage 2 epoch {l2_['best_epoch']} "
            f"(val {l2_['best_score']:.3f}), {time.time() - t0:.0f} s"
        )
    return {"stage1": s1, "stage2": s2, "oof1": oof1, "oof2": oof2, "logs": logs}


def average(params: list[dict[str, Any]]) -> dict[str, Any]:
    """One network whose output is the mean of the fold networks' probabilities is not a single MLP, so the
    folds are stacked: hidden layers side by side, output weights divided by the number of folds (the mean of
    the logits, a geometric mean of the probabilities)."""
    import numpy as np

    if len(params) == 1:
        return params[0]
    # inputs are standardised per network: fold the standardisation into the first layer
    W1 = np.hstack([p["W1"] / p["scale"][:, None] for p in params])
    b1 = np.concatenate([p["b1"] - (p["mean"] / p["scale"]) @ p["W1"] for p in params])
    W2 = np.vstack([p["W2"] for p in params]) / len(params)
    b2 = np.mean([p["b2"] for p in params], axis=0)
    d = W1.shape[0]
    return {
        "mean": np.zeros(d, dtype=np.float32),
        "scale": np.ones(d, dtype=np.float32),
        "W1": W1.astype(np.float32),
        "b1": b1.astype(np.float32),
        "W2": W2.astype(np.float32),
        "b2": b2.astype(np.float32),
    }


def fit_model(
    S: Any,
    V: Any,
    y: Any,
    group: Any,
    idf: Any,
    *,
    folds: int = 5,
    seed: int = 13,
    hidden: int = 64,
    class_power: float = 0.5,
    dropout: float = 0.3,
    l2: float = 1e-3,
    epochs: int = 40,
    blocks: str = "claim,top",
    related_blocks: str = "product,lead_product",
    batch_size: int = 128,
    lr: float = 1e-3,
    log: Any = _say,
) -> tuple[Any, dict[str, Any]]:
    """The stance model fitted on (S, V, y), and its out-of-fold figures; ``group``: each pair's fold key (a pair's
    body, or its headline's claim group: pairs with one key are in one fold)."""
    from presswatch.learn.metrics import summary
    from presswatch.stances.model import StanceModel

    fit = fit_folds(
        S,
        V,
        y,
        group,
        folds=folds,
        seed=seed,
        hidden=hidden,
        class_power=class_power,
        dropout=dropout,
        l2=l2,
        epochs=epochs,
        blocks=blocks,
        related_blocks=related_blocks,
        batch_size=batch_size,
        lr=lr,
        log=log,
    )
    rel = y != LABELS.index("unrelated")
    priors = tune_priors(y[rel], fit["oof2"][rel])
    model = StanceModel(
        idf,
        average(fit["stage1"]),
        average(fit["stage2"]),
        0.5,
        priors,
        {"vector_blocks": names(blocks), "related_blocks": names(related_blocks)},
    )
    oof = summary([LABELS[i] for i in y], model.decide(fit["oof1"], fit["oof2"]), LABELS)
    return model, {
        "folds": fit["logs"],
        "out_of_fold": {k: oof[k] for k in ("fnc_relative", "macro_f1", "per_class", "confusion")},
    }


def run(
    *,
    data: Path = DEFAULT_DATA,
    out: Path = DEFAULT_OUT,
    holdout: float = 0.2,
    seed: int = 13,
    folds: int = 5,
    hidden: int = 64,
    class_power: float = 0.75,
    dropout: float = 0.3,
    l2: float = 1e-3,
    epochs: int = 40,
    blocks: str = "claim,top",
    related_blocks: str = "product,lead_product",
    folds_by: str = "claims",
    work: Path | None = None,
    cache: Path | None = None,
    no_cache: bool = False,
) -> int:
    """``presswatch train stance``: fit the two-stage stance model on the training bodies and write it to
    ``out``."""
    options = dict(locals())
    import numpy as np

    from presswatch.stances.features import SCALAR_NAMES, VECTOR_BLOCKS
    from presswatch.train import command_line

    t0 = time.time()
    work = work or Path(tempfile.gettempdir()) / "presswatch-stance"
    disk: bool | Path = False if no_cache else (cache or True)
    bodies, pairs = read_fnc1(data)
    held = split_bodies(list(bodies), holdout, seed)
    train = [p for p in pairs if p.body_id not in held]
    body = np.array([p.body_id for p in train])
    idf = fit_idf(bodies, body.tolist())
    S, V, y = cached_features("train", train, bodies, idf, work, disk)
    t_feat = time.time() - t0
    _say(
        f"{len(y)} training pairs from {len(set(body.tolist()))} bodies ({len(held)} bodies held out); "
        f"fitting {folds} folds"
    )
    model, report = fit_model(
        S,
        V,
        y,
        fold_keys(train, folds_by),
        idf,
        folds=folds,
        seed=seed,
        hidden=hidden,
        class_power=class_power,
        dropout=dropout,
        l2=l2,
        epochs=epochs,
        blocks=blocks,
        related_blocks=related_blocks,
    )
    meta = {
        "version": VERSION,
        "features_version": FEATURES_VERSION,
        "data": "FNC-1 train_stances.csv / train_bodies.csv, minus the held-out bodies",
        "split": {
            "by": "Body ID",
            "holdout": holdout,
            "seed": seed,
            "held_out_bodies": len(held),
            "train_bodies": len(set(body.tolist())),
            "train_pairs": int(len(y)),
        },
        "scalar_features": list(SCALAR_NAMES),
        "vector_blocks": model.meta["vector_blocks"],
        "related_blocks": model.meta["related_blocks"],
        "all_vector_blocks": list(VECTOR_BLOCKS),
        "training": {k: v for k, v in options.items() if k not in ("data", "out", "work", "cache", "no_cache")},
        # the caches do not change the result: left out of the command that repeats the run
        "command": command_line("stance", run, {**options, "work": None, "cache": None, "no_cache": False}),
        **report,
        "seconds": {"features": round(t_feat), "total": round(time.time() - t0)},
    }
    model.save(out, meta)
    size = sum(f.stat().st_size for f in out.glob("stance.*"))
    oof = report["out_of_fold"]
    _say(
        f"out-of-fold on the training bodies: FNC {oof['fnc_relative']:.2f} %, macro-F1 {oof['macro_f1']:.3f}, "
        f"disagree F1 {oof['per_class']['disagree']['f1']:.3f}; priors {model.priors}"
    )
    _say(
        f"wrote {out} ({size / 1e6:.2f} MB) in {time.time() - t0:.0f} s; "
        "score the held-out bodies with `presswatch eval stance`"
    )
    return 0
