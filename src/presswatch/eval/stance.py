"""Evaluate the stance model on FNC-1 (headline / body stance): FNC score, macro-F1, per-class F1, confusion.

    presswatch eval stance [--data ../shared/data/stance/fnc1] [--model DIR] [--split bodies|claims] [--json]

* ``--split bodies`` (default): the shipped model (or ``--model``) on the pairs of the bodies it was not trained
  on: the Body ID split written into its ``stance.json`` (20 % of the bodies, seed 13). The headlines of these
  pairs were seen in training with other bodies: FNC-1's headlines are shared by many bodies.
* ``--split claims``: a stricter split, closer to the competition's test set (new claims and new bodies):
  headlines are grouped by claim (headlines joined through a related pair with a common body); a seeded 20 % of
  the groups and all bodies related to them are held out; a model is trained in memory on the remaining pairs
  with the shipped model's training options and scored on the held-out headlines x held-out bodies (unrelated
  pairs between the two sides are dropped). Nothing is written but the feature cache.

The FNC score is the official one (0.25 for related/unrelated right, 0.75 more for the exact related class),
reported as % of the maximum; the competition's reference figures (its test split, which is not in the shared
data) are printed beside it. Baselines on the same pairs: every pair ``unrelated``; the related / unrelated
stage alone with every related pair called ``discuss``. Evaluation never writes a model.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from presswatch.corpora.fnc1 import LABELS, StancePair, claim_groups, read_fnc1, split_bodies
from presswatch.learn.metrics import prf

DEFAULT_DATA = Path("../shared/data/stance/fnc1")
REFERENCE = {
    "Talos (1st, competition test)": 82.02,
    "UCL Machine Reading (competition test)": 81.72,
    "official baseline (competition test)": 75.20,
    "best macro-F1 (Hanselowski et al. 2018, competition test)": 0.607,
}


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def claims_split(pairs: list[StancePair], fraction: float, seed: int) -> tuple[list[StancePair], list[StancePair]]:
    """(train, held-out) pairs of the claim split (see the module docstring)."""
    from presswatch.learn.calibration import split_articles

    group = claim_groups(pairs)
    held_groups = split_articles([str(g) for g in set(group.values())], fraction, seed)
    held_heads = {h for h, g in group.items() if str(g) in held_groups}
    held_bodies = {p.body_id for p in pairs if p.headline in held_heads and p.stance != "unrelated"}
    train = [p for p in pairs if p.headline not in held_heads and p.body_id not in held_bodies]
    dev = [p for p in pairs if p.headline in held_heads and p.body_id in held_bodies]
    return train, dev


def score(
    model: Any, pairs: list[StancePair], bodies: dict[str, str], *, work: Path | None, cache: bool | Path, tag: str
) -> dict[str, Any]:
    """The model's figures on ``pairs``, its predictions and the time per pair."""
    from presswatch.learn.metrics import summary
    from presswatch.train.stance import cached_features

    t0 = time.time()
    S, V, _ = cached_features(tag, pairs, bodies, model.idf, work, cache)
    t1 = time.time()
    p1, p2 = model.probabilities(S, V.astype("float32"))
    pred = model.decide(p1, p2)
    gold = [p.stance for p in pairs]
    rep = summary(gold, pred, LABELS)
    rel_gold = [g != "unrelated" for g in gold]
    rel_pred = [p != "unrelated" for p in pred]
    tp = sum(g and p for g, p in zip(rel_gold, rel_pred, strict=True))
    rep["related_vs_unrelated"] = {
        "accuracy": round(sum(g == p for g, p in zip(rel_gold, rel_pred, strict=True)) / len(gold), 4),
        "related_f1": round(prf(tp, sum(rel_pred) - tp, sum(rel_gold) - tp)[2], 4),
    }
    rep["baselines"] = {
        "all_unrelated": {
            k: v
            for k, v in summary(gold, ["unrelated"] * len(gold), LABELS).items()
            if k in ("fnc_relative", "macro_f1")
        },
        "stage1_then_discuss": {
            k: v
            for k, v in summary(gold, ["discuss" if r else "unrelated" for r in rel_pred], LABELS).items()
            if k in ("fnc_relative", "macro_f1")
        },
    }
    rep["seconds"] = {"features": round(t1 - t0, 1), "model": round(time.time() - t1, 2)}
    rep["_pred"] = pred
    return rep


def evaluate(
    data: Path,
    *,
    model_path: Path | None = None,
    split: str = "bodies",
    work: Path | None = None,
    cache: bool | Path = True,
    limit: int | None = None,
) -> dict[str, Any]:
    from presswatch.stances import load_model

    bodies, pairs = read_fnc1(data)
    model = load_model(model_path)
    info = model.meta.get("split", {"holdout": 0.2, "seed": 13})
    holdout, seed = float(info["holdout"]), int(info["seed"])
    out: dict[str, Any] = {"data": "FNC-1 train_stances.csv", "split": split, "holdout": holdout, "seed": seed}
    if split == "bodies":
        held = split_bodies(list(bodies), holdout, seed)
        dev = [p for p in pairs if p.body_id in held]
        if limit:
            dev = dev[:limit]
        out["model"] = "shipped" if model_path is None else str(model_path)
        out["held_out_bodies"] = len(held)
        out["held_out_headlines_seen_in_training"] = round(
            len({p.headline for p in dev} & {p.headline for p in pairs if p.body_id not in held})
            / max(len({p.headline for p in dev}), 1),
            3,
        )
        out.update(score(model, dev, bodies, work=work, cache=cache, tag="dev-bodies"))
    else:
        from presswatch.train.stance import cached_features, fit_idf, fit_model, fold_keys

        train, dev = claims_split(pairs, holdout, seed)
        if limit:
            dev = dev[:limit]
        idf = fit_idf(bodies, [p.body_id for p in train])
        S, V, y = cached_features("train-claims", train, bodies, idf, work, cache)
        opts = {
            k: v
            for k, v in model.meta.get("training", {}).items()
            if k
            in (
                "folds",
                "seed",
                "hidden",
                "class_power",
                "dropout",
                "l2",
                "epochs",
                "blocks",
                "related_blocks",
                "folds_by",
            )
        }
        _say(f"claim split: training in memory on {len(train)} pairs with {opts}")
        m, rep = fit_model(S, V, y, fold_keys(train, opts.pop("folds_by", "bodies")), idf, **opts)
        out["model"] = "trained in memory on the claim split with the shipped model's options"
        out["train_pairs"] = len(train)
        out["out_of_fold_train"] = {k: rep["out_of_fold"][k] for k in ("fnc_relative", "macro_f1")}
        out.update(score(m, dev, bodies, work=work, cache=cache, tag="dev-claims"))
    out["reference"] = REFERENCE
    return out


def run(
    *,
    data: Path = DEFAULT_DATA,
    model: Path | None = None,
    split: str = "bodies",
    limit: int | None = None,
    work: Path | None = None,
    cache: Path | None = None,
    no_cache: bool = False,
    errors: Path | None = None,
    as_json: bool = False,
) -> int:
    """``presswatch eval stance``: score the stance model on FNC-1 pairs it was not trained on."""
    from presswatch.errors import DataMissingError

    if not Path(data).exists():
        raise DataMissingError(f"FNC-1 data folder not found: {data} (pass --data PATH)")
    work = work or Path(tempfile.gettempdir()) / "presswatch-stance"
    disk: bool | Path = False if no_cache else (cache or True)
    rep = evaluate(data, model_path=model, split=split, work=work, cache=disk, limit=limit)
    pred = rep.pop("_pred")
    if errors:
        bodies, pairs = read_fnc1(data)
        if split == "bodies":
            held = split_bodies(list(bodies), rep["holdout"], rep["seed"])
            dev = [p for p in pairs if p.body_id in held]
        else:
            dev = claims_split(pairs, rep["holdout"], rep["seed"])[1]
        with errors.open("w", encoding="utf-8") as fh:
            for p, q in zip(dev, pred, strict=False):
                if p.stance != q:
                    fh.write(
                        json.dumps(
                            {"headline": p.headline, "body_id": p.body_id, "gold": p.stance, "predicted": q},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    if as_json:
        print(json.dumps(rep, indent=1, ensure_ascii=False))
        return 0
    print(
        f"FNC-1, {rep['split']} split (held out {rep['holdout']:.0%}, seed {rep['seed']}): {rep['pairs']} pairs; "
        f"model: {rep['model']}"
    )
    if "held_out_headlines_seen_in_training" in rep:
        print(
            f"held-out bodies: {rep['held_out_bodies']}; share of their headlines also paired with training "
            f"bodies: {rep['held_out_headlines_seen_in_training']:.0%}"
        )
    print(
        f"FNC score {rep['fnc_score']} / {rep['fnc_max']} = {rep['fnc_relative']:.2f} %   "
        f"macro-F1 {rep['macro_f1']:.3f}   accuracy {rep['accuracy']:.3f}   related/unrelated accuracy "
        f"{rep['related_vs_unrelated']['accuracy']:.3f}"
    )
    print(
        f"{'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}   confusion (rows gold, columns predicted: "
        f"{' '.join(LABELS)})"
    )
    for lab, row in zip(LABELS, rep["confusion"], strict=True):
        c = rep["per_class"][lab]
        print(
            f"{lab:<10} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} {c['support']:>6}   "
            + " ".join(f"{x:>6}" for x in row)
        )
    b = rep["baselines"]
    print(
        f"baselines on these pairs: all unrelated {b['all_unrelated']['fnc_relative']:.2f} % (macro-F1 "
        f"{b['all_unrelated']['macro_f1']:.3f}); stage 1 + every related pair 'discuss' "
        f"{b['stage1_then_discuss']['fnc_relative']:.2f} % ({b['stage1_then_discuss']['macro_f1']:.3f})"
    )
    print(
        "reference (competition test split, not these pairs): "
        + "; ".join(f"{k} {v}" for k, v in rep["reference"].items())
    )
    return 0
