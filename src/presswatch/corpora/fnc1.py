"""FNC-1 (Fake News Challenge stage 1): headline / article-body pairs labelled agree, disagree, discuss or
unrelated.

Layout (``data`` = the ``stance/fnc1`` folder or the shared data folder above it): ``train_bodies.csv``
(``Body ID``, ``articleBody``) and ``train_stances.csv`` (``Headline``, ``Body ID``, ``Stance``), UTF-8, read
with the csv module (bodies hold newlines and quotes). Only the training split is there; a development split is
made from it by Body ID (:func:`split_bodies`), never by rows, as each body appears in about 30 pairs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from presswatch.errors import DataMissingError
from presswatch.stances import LABELS  # the stance classes, FNC-1's: defined once, where the model is


@dataclass(frozen=True)
class StancePair:
    headline: str
    body_id: str
    stance: str


def fnc1_dir(data: Path) -> Path:
    """The folder holding the two CSV files: ``data`` itself or ``data/stance/fnc1``."""
    d = Path(data)
    for cand in (d, d / "fnc1", d / "stance" / "fnc1"):
        if (cand / "train_bodies.csv").is_file() and (cand / "train_stances.csv").is_file():
            return cand
    raise DataMissingError(f"FNC-1 data (train_bodies.csv, train_stances.csv) not found under {d}; pass --data PATH")


def read_fnc1(data: Path) -> tuple[dict[str, str], list[StancePair]]:
    """Bodies by Body ID, and the labelled pairs in file order."""
    d = fnc1_dir(data)
    csv.field_size_limit(1 << 30)
    with (d / "train_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with (d / "train_stances.csv").open(encoding="utf-8", newline="") as fh:
        pairs = [StancePair(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(fh)]
    bad = {p.stance for p in pairs} - set(LABELS)
    if bad:
        raise DataMissingError(f"{d / 'train_stances.csv'}: unknown stance labels {sorted(bad)}")
    missing = {p.body_id for p in pairs} - set(bodies)
    if missing:
        raise DataMissingError(f"{d / 'train_stances.csv'}: {len(missing)} Body IDs without a body")
    return bodies, pairs


def split_bodies(body_ids: list[str], fraction: float, seed: int) -> set[str]:
    """The held-out Body IDs: a seeded sample of ``fraction`` of the distinct ids
    (:func:`presswatch.learn.calibration.split_articles`)."""
    from presswatch.learn.calibration import split_articles

    return split_articles(body_ids, fraction, seed) if fraction > 0 else set()


def claim_groups(pairs: list[StancePair]) -> dict[str, int]:
    """Headline -> group number: headlines joined by a related (not ``unrelated``) pair with a common body are in
    one group (about one group per claim of the Emergent data the pairs come from)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        find("h:" + p.headline)
        if p.stance != "unrelated":
            a, b = find("h:" + p.headline), find("b:" + p.body_id)
            if a != b:
                parent[b] = a
    roots: dict[str, int] = {}
    return {p.headline: roots.setdefault(find("h:" + p.headline), len(roots)) for p in pairs}
