"""Evaluate framing detection (SemEval-2023 Task 3 subtask 2: the frames an article uses, of 14).

``presswatch eval frames [--data DIR] [--langs en,fr,ge,it,po,ru] [--folds 5] [--json]``

The task's measure is micro-F1 over (article, frame) pairs (macro-F1 is given too, with ``zero_division=1``
as the official scorer). The shared data holds subtask-2 labels for the training articles only, so the score
is k-fold cross-validation over articles: each fold's model, vocabulary and decision threshold are fitted on
the other folds only (the threshold by a further 3-fold split inside them). A prior baseline is scored in the
same run: each fold's k most frequent training frames for every article.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from presswatch.errors import DataMissingError


def main(argv: list[str] | None = None) -> int:
    from presswatch.train.frames import DEFAULT_DATA, LANGS, cross_validate, read_frame_docs

    ap = argparse.ArgumentParser(prog="presswatch eval frames", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the persuasion data folder")
    ap.add_argument("--langs", default=",".join(LANGS), help="SemEval folders (en,fr,ge,it,po,ru)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-features", type=int, default=20000)
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise DataMissingError(f"{args.data} is not a folder; pass --data (the shared persuasion folder)")
    results = {}
    for folder in [x.strip() for x in args.langs.split(",") if x.strip()]:
        _ids, texts, labels = read_frame_docs(args.data, folder)
        if not texts:
            print(f"{folder}: no subtask-2 training labels, skipped", file=sys.stderr)
            continue
        t0 = time.time()
        print(f"{folder}: {len(texts)} articles, {args.folds}-fold cross-validation", file=sys.stderr, flush=True)
        r = cross_validate(texts, labels, args.folds, args.seed, args.max_features)
        r["seconds"] = round(time.time() - t0, 1)
        results[LANGS.get(folder, folder)] = r
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print("lang  articles  micro-F1  macro-F1  baseline micro/macro  frames gold/pred")
        for lang, r in results.items():
            b = r["baseline_most_frequent"]
            print(f"{lang:4}  {r['articles']:8}  {r['micro_f1']:8.3f}  {r['macro_f1']:8.3f}  "
                  f"{b['micro_f1']:.3f} / {b['macro_f1']:.3f}         {r['mean_frames_gold']} / "
                  f"{r['mean_frames_predicted']}")
    return 0
