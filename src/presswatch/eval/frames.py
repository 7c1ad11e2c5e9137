"""Evaluate framing detection (SemEval-2023 Task 3 subtask 2: the frames an article uses, of 14).

``presswatch eval frames [--data DIR] [--langs en,fr,ge,it,po,ru] [--folds 5] [--json]``

The task's measure is micro-F1 over (article, frame) pairs (macro-F1 is given too, with ``zero_division=1``
as the official scorer). The shared data holds subtask-2 labels for the training articles only, so the score
is k-fold cross-validation over articles: each fold's model, vocabulary and decision threshold are fitted on
the other folds only (the threshold by a further 3-fold split inside them). A prior baseline is scored in the
same run: each fold's k most frequent training frames for every article.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from presswatch.corpora.semeval2023 import read_frame_docs
from presswatch.errors import DataMissingError
from presswatch.train.frames import DEFAULT_DATA, LANGS, cross_validate


def run(
    *,
    data: Path = DEFAULT_DATA,
    langs: str = ",".join(LANGS),
    folds: int = 5,
    seed: int = 13,
    max_features: int = 20000,
    as_json: bool = False,
) -> int:
    """``presswatch eval frames``: cross-validate the framing models of each folder in ``langs`` (comma-separated
    SemEval folders) and print the figures."""
    if not data.is_dir():
        raise DataMissingError(f"{data} is not a folder; pass --data (the shared persuasion folder)")
    results = {}
    for folder in [x.strip() for x in langs.split(",") if x.strip()]:
        _ids, texts, labels = read_frame_docs(data, folder)
        if not texts:
            print(f"{folder}: no subtask-2 training labels, skipped", file=sys.stderr)
            continue
        t0 = time.time()
        print(f"{folder}: {len(texts)} articles, {folds}-fold cross-validation", file=sys.stderr, flush=True)
        r = cross_validate(texts, labels, folds, seed, max_features)
        r["seconds"] = round(time.time() - t0, 1)
        results[LANGS.get(folder, folder)] = r
    if as_json:
        print(json.dumps(results, indent=1))
    else:
        print("lang  articles  micro-F1  macro-F1  baseline micro/macro  frames gold/pred")
        for lang, r in results.items():
            b = r["baseline_most_frequent"]
            print(f"{lang:4}  {r['articles']:8}  {r['micro_f1']:8.3f}  {r['macro_f1']:8.3f}  "
                  f"{b['micro_f1']:.3f} / {b['macro_f1']:.3f}         {r['mean_frames_gold']} / "
                  f"{r['mean_frames_predicted']}")
    return 0
