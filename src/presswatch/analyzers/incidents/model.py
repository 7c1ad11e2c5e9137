"""The learned incident-type classifier: a sentence's ACLED sub-event type from its words and letters (numpy only).

A multinomial logistic regression over hashed features of the lower-cased sentence: words, word pairs and the
3- to 5-letter pieces of each word (with its edges, as scikit-learn's ``char_wb``), each hashed with CRC-32 into
``dim`` buckets, binary, the vector scaled to unit length. Only the buckets seen in training are stored (sorted
bucket numbers and int8 weights with one scale per class), so the model is a few hundred kilobytes and a
sentence costs a set of CRC-32s, one ``searchsorted`` and one sum. ``presswatch train incident_types`` fits it
(:mod:`presswatch.train.incident_types`, scikit-learn there only); ``models/incident-types/MODEL_CARD.md`` says
on what.

The analyzer asks it only about sentences its word lists already call an incident, and lets it choose the type
among the types the words name, or alone where the words are unsure (:func:`combine`): the word lists decide
*whether* a sentence reports an incident, the model helps with *which* type. A second model of the same form, the
detector (:func:`detector`), can overrule an ambiguous trigger word in a sentence that reads as no report at all.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from presswatch.resources import find_model
from presswatch.settings import value as setting

MODEL_NAME = "incident-types"
ENV = "PRESSWATCH_INCIDENT_TYPES_MODEL"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=256)
def feature_ids(text: str, dim: int) -> np.ndarray:
    """The distinct hashed feature buckets of ``text`` (sorted ``int64``): words (``w``), word pairs (``b``) and
    the 3-, 4- and 5-letter pieces of each word padded with a space on each side (``c``).

    Each feature is the CRC-32 of its UTF-8 text ("w gunmen", "b gunmen abducted", "c gun"), computed by continuing
    the CRC of the prefix (``zlib.crc32(rest, crc32(prefix))`` equals ``crc32(prefix + rest)``), so that no string is
    built per feature. Remembered for the last 256 texts (a few kilobytes each): the detector and the type classifier
    read the same sentence one after the other (the array is shared: never change it)."""
    words = _WORD.findall(text.lower())
    mask = dim - 1
    crc = zlib.crc32
    encoded = [w.encode() for w in words]
    out = {crc(e, _W0) & mask for e in encoded}
    out.update(crc(b, crc(b" ", crc(a, _B0))) & mask for a, b in zip(encoded, encoded[1:], strict=False))
    for w in set(words):
        p = f" {w} "
        if p.isascii():  # a letter is a byte: the pieces are slices of the bytes
            pb = p.encode()
            out.update(crc(pb[i : i + n], _C0) & mask for n in (3, 4, 5) for i in range(len(pb) - n + 1))
        else:
            out.update(crc(p[i : i + n].encode(), _C0) & mask for n in (3, 4, 5) for i in range(len(p) - n + 1))
    return np.fromiter(sorted(out), dtype=np.int64)


_W0, _B0, _C0 = zlib.crc32(b"w "), zlib.crc32(b"b "), zlib.crc32(b"c")


@dataclass(slots=True)
class TypeModel:
    """The stored classifier: ``rows`` (sorted buckets with weights), ``weights`` (int8, rows × classes),
    ``scale`` (per class), ``bias``, ``labels`` (ACLED sub-event types) and the combination's settings."""

    dim: int
    rows: np.ndarray
    weights: np.ndarray
    scale: np.ndarray
    bias: np.ndarray
    labels: list[str]
    meta: dict[str, Any]

    def logits(self, text: str) -> np.ndarray:
        ids = feature_ids(text, self.dim)
        if not len(ids):
            return self.bias.astype(np.float64)
        at = np.searchsorted(self.rows, ids)
        inside = at < len(self.rows)
        at = at[inside]
        hit = at[self.rows[at] == ids[inside]]
        summed = self.weights[hit].sum(axis=0, dtype=np.float64) * self.scale if len(hit) else 0.0
        return self.bias + summed / np.sqrt(len(ids))

    def proba(self, text: str) -> dict[str, float]:
        """Probability of each ACLED sub-event type for ``text``."""
        z = self.logits(text)
        e = np.exp(z - z.max())
        p = e / e.sum()
        return {lab: float(v) for lab, v in zip(self.labels, p, strict=True)}

    def strongest_word(self, text: str, label: str) -> tuple[int, int] | None:
        """The span of the word of ``text`` whose own features (the word and its letter pieces) weigh most for
        ``label``: the words that state an incident the word lists do not know ("lobbed an explosive")."""
        j = self.labels.index(label)
        best: tuple[float, tuple[int, int]] | None = None
        for m in _WORD.finditer(text):
            ids = feature_ids(m.group(0), self.dim)
            at = np.searchsorted(self.rows, ids)
            inside = at < len(self.rows)
            at = at[inside]
            hit = at[self.rows[at] == ids[inside]]
            w = float(self.weights[hit, j].sum(dtype=np.float64)) if len(hit) else 0.0
            if best is None or w > best[0]:
                best = (w, (m.start(), m.end()))
        return best[1] if best is not None else None

    def save(self, folder: Path, stem: str = "incident_types") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / f"{stem}.npz", rows=self.rows.astype(np.int32), weights=self.weights,
                            scale=self.scale.astype(np.float32), bias=self.bias.astype(np.float32))
        (folder / f"{stem}.json").write_text(
            json.dumps({"dim": self.dim, "labels": self.labels, **self.meta}, indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, npz: Path) -> TypeModel:
        meta = json.loads(npz.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(npz) as z:
            return cls(int(meta.pop("dim")), z["rows"].astype(np.int64), z["weights"], z["scale"].astype(np.float64),
                       z["bias"].astype(np.float64), list(meta.pop("labels")), meta)


def quantize(dense: np.ndarray, bias: np.ndarray, labels: list[str], dim: int, meta: dict[str, Any]) -> TypeModel:
    """A model from full ``dim`` × classes weights: the non-zero rows, int8 with one scale per class."""
    rows = np.flatnonzero(np.abs(dense).max(axis=1) > 0)
    w = dense[rows]
    scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return TypeModel(dim, rows.astype(np.int64), q, scale, bias.astype(np.float64), labels, meta)


@lru_cache(maxsize=2)
def _load(path: str) -> TypeModel | None:
    p = Path(path)
    return TypeModel.load(p) if p.is_file() and p.with_suffix(".json").is_file() else None


def shipped() -> TypeModel | None:
    """The shipped model (or the one ``$PRESSWATCH_INCIDENT_TYPES_MODEL`` points at); None when absent: the analyzer
    then types by its word lists alone."""
    return _load(_path(setting("incident_types_model")))


@lru_cache(maxsize=8)
def _path(override: str | None) -> str:
    """Where the model is, for a value of ``$PRESSWATCH_INCIDENT_TYPES_MODEL`` (looked up once per value)."""
    return str(find_model(MODEL_NAME, "incident_types.npz", env=ENV))


def may_change(lexicon_sub: str, lexicon_subs: dict[str, float], meta: dict[str, Any]) -> bool:
    """Whether :func:`combine` can answer anything but None whatever the model says (if not, the model need not
    be asked): another type the words name within ``weight`` of the best, or words unsure enough to let the
    model decide alone."""
    top = max(lexicon_subs.values(), default=0.0)
    weight = meta.get("weight", 0.0)
    if top < meta.get("lexicon_sure", 0.0) and meta.get("min_proba", 1.1) <= 1.0:
        return True
    return any(s != lexicon_sub and v + weight > top for s, v in lexicon_subs.items())


def combine(
    lexicon_sub: str, lexicon_subs: dict[str, float], proba: dict[str, float], meta: dict[str, Any]
) -> str | None:
    """The ACLED sub-event type the model puts in place of the lexicon's ``lexicon_sub``, or None to keep it.

    ``lexicon_subs``: the best trigger score the word lists gave each sub-event type of the sentence. Each of them
    scores its trigger plus ``meta["weight"]`` times the model's probability, and the best wins (the model breaks
    near-ties between the types the words name). When the words are unsure (best trigger below
    ``meta["lexicon_sure"]``), the model's own best type wins if it is at least ``meta["min_proba"]`` sure."""
    cand = dict(lexicon_subs)
    cand[lexicon_sub] = max(cand.values(), default=0.0)
    weight = meta.get("weight", 0.0)
    best = max(cand, key=lambda s: (cand[s] + weight * proba.get(s, 0.0), s == lexicon_sub))
    if best != lexicon_sub:
        return best
    top = max(proba, key=lambda k: proba[k])
    if top != lexicon_sub and cand[lexicon_sub] < meta.get("lexicon_sure", 0.0) and proba[top] >= meta.get(
            "min_proba", 1.1):
        return top
    return None


# ------------------------------------------------------------------------------------- the incident detector
DETECTOR_FILE = "incident_detector.npz"
DETECTOR_ENV = "PRESSWATCH_INCIDENT_DETECTOR"


def detector() -> TypeModel | None:
    """The shipped incident detector (or the one ``$PRESSWATCH_INCIDENT_DETECTOR`` points at); None when absent:
    the word lists alone then decide whether a sentence reports an incident.

    It is a two-class model of the same form as the type classifier (labels ``incident`` and ``none``), fitted
    by ``presswatch train incident_detector`` on the type classifier's sentences and on sentences written to
    report no incident. The analyzer asks it about sentences whose trigger words are not unambiguous (best trigger
    score below ``meta["veto_below_score"]``) and drops the trigger when the probability of an incident is below
    ``meta["veto"]`` (:func:`presswatch.analyzers.incidents.analyzer.vetoed`)."""
    return _load(_detector_path(setting("incident_detector")))


@lru_cache(maxsize=8)
def _detector_path(override: str | None) -> str:
    return str(find_model(MODEL_NAME, DETECTOR_FILE, env=DETECTOR_ENV))


def incident_probability(m: TypeModel, text: str) -> float:
    """The detector's probability that ``text`` reports an incident."""
    return m.proba(text)["incident"]


def found_by_models(text: str, types: TypeModel, found_by: TypeModel) -> tuple[str, tuple[int, int]] | None:
    """(ACLED sub-event type, the words that state it) of a sentence in which the word lists find no trigger, when
    both models agree that it reports an incident: the detector's probability of an incident is at least its
    ``meta["find"]`` and the type classifier is at least ``meta["find_min_proba"]`` sure of one sub-event type
    other than ``Other`` (a catch-all of unlike situations the model cannot tell apart). None otherwise, and always
    with a detector whose metadata has no ``find`` (the finder is then off).

    Neither model alone is precise enough to find incidents in ordinary text (a lexical detector takes "according
    to", "said" and "police" for incident words); requiring both to agree is (see the model card)."""
    find = found_by.meta.get("find")
    if find is None or incident_probability(found_by, text) < find:
        return None
    proba = types.proba(text)
    sub = max(proba, key=lambda k: proba[k])
    if sub == "Other" or proba[sub] < found_by.meta.get("find_min_proba", 1.1):
        return None
    where = types.strongest_word(text, sub)
    return (sub, where) if where is not None else None
