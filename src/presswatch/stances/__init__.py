"""Stance of a text towards a claim: does it agree with it, deny it, discuss it, or is it about something else?

    >>> import presswatch
    >>> s = presswatch.stance("Forces shelled Tarvik", "The ministry called reports of shelling near Tarvik "
    ...                       "groundless and said its forces did not open fire.")
    >>> s.label, s.evidence.text  # doctest: +SKIP
    ('disagree', 'The ministry called reports of shelling ...')

Labels follow FNC-1: ``agree`` (the text says the claim is true), ``disagree`` (it refutes or denies it),
``discuss`` (it reports the claim without taking a side), ``unrelated``. The model (``models/stance``, see its
``MODEL_CARD.md``) reads the text's sentences most similar to the claim (TF-IDF, then multilingual-e5-small) and
cue words of the text's language (:mod:`presswatch.stances.lang_en`; a language without a list uses the English
one). :func:`stance_many` reads many pairs at once, each distinct text once, with one embedding batch.

Nothing heavy is imported with this package: numpy, the weights and the embedding model load on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.stances.model import StanceModel

__all__ = ["LABELS", "Evidence", "Stance", "load_model", "stance", "stance_many"]

LABELS = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True)
class Evidence:
    """The sentence of the text the decision rests on: ``text[start:end]``, and its e5 cosine with the claim."""

    text: str
    start: int
    end: int
    similarity: float


@dataclass(frozen=True)
class Stance:
    """``label``: agree, disagree, discuss or unrelated; ``scores``: a probability per label (they sum to 1);
    ``evidence``: for a related label, the sentence that decided it (for ``disagree``, the best-matching sentence
    holding a refuting cue, if one of the best three does), else None."""

    label: str
    scores: dict[str, float]
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_lock = threading.Lock()
_model: StanceModel | None = None


def load_model(path: Path | None = None) -> StanceModel:
    """The stance model (shipped by default), loaded once per process when ``path`` is None."""
    global _model
    from presswatch.stances.model import StanceModel

    if path is not None:
        return StanceModel.load(path)
    with _lock:
        if _model is None:
            _model = StanceModel.load()
        return _model


def stance(claim: str, text: str, *, lang: str | None = None, model: StanceModel | None = None) -> Stance:
    """The stance of ``text`` towards ``claim`` (any length; a text is read up to its 80th sentence).

    ``lang``: the text's ISO 639-1 code when the caller knows it (it picks the cue list), else identified.
    """
    return stance_many([(claim, text)], lang=lang, model=model)[0]


def stance_many(
    pairs: Iterable[tuple[str, str]],
    *,
    lang: str | None = None,
    model: StanceModel | None = None,
    disk_cache: bool | Path = False,
) -> list[Stance]:
    """:func:`stance` of each (claim, text) pair, in order. Each distinct text is read once and all claims and
    sentences are embedded in one batch; ``disk_cache`` as in :func:`presswatch.comparison.similarity.embed`."""
    import numpy as np

    from presswatch.stances.features import embed_pairs, pair_features, prepare

    pairs = [(c or "", t or "") for c, t in pairs]
    m = model or load_model()
    prepared: dict[str, Any] = {}
    for _, t in pairs:
        if t not in prepared:
            prepared[t] = prepare(t, lang)
    live = [i for i, (c, t) in enumerate(pairs) if c.strip() and prepared[t].spans]
    out: list[Stance] = [Stance("unrelated", {lab: float(lab == "unrelated") for lab in LABELS})] * len(pairs)
    if not live:
        return out
    claims = [pairs[i][0] for i in live]
    texts = [prepared[pairs[i][1]] for i in live]
    C, rows = embed_pairs(claims, texts, m.idf, disk_cache=disk_cache)
    feats = [pair_features(c, t, m.idf, C[k], rows[k]) for k, (c, t) in enumerate(zip(claims, texts, strict=True))]
    p1, p2 = m.probabilities(np.stack([f.scalars for f in feats]), np.stack([f.vectors for f in feats]))
    labels = m.decide(p1, p2)
    from presswatch.stances.features import CUE_CATEGORIES

    refute = CUE_CATEGORIES.index("refute")
    for k, i in enumerate(live):
        f, t, lab = feats[k], texts[k], labels[k]
        scores = {
            "agree": float(p1[k] * p2[k, 0]),
            "disagree": float(p1[k] * p2[k, 1]),
            "discuss": float(p1[k] * p2[k, 2]),
            "unrelated": float(1.0 - p1[k]),
        }
        ev = None
        if lab != "unrelated" and f.top:
            pick = 0
            if lab == "disagree":
                pick = next((j for j, u in enumerate(f.top) if t.cues[u][refute] > 0), 0)
            a, b = t.spans[f.top[pick]]
            ev = Evidence(t.text[a:b], a, b, round(f.e5[pick], 4))
        out[i] = Stance(lab, {k2: round(v, 4) for k2, v in scores.items()}, ev)
    return out
