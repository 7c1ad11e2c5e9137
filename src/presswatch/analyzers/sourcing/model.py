"""Trained cue scorer for the ``sourcing`` analyzer: does this verb head an attribution cue?

A logistic regression over sparse features of the spaCy parse (lemma, tag, dependency label, head,
dependents, subject type, quotation context, lexicon membership), trained on PolNeAR train by
``presswatch train sourcing`` (see ``models/sourcing/MODEL_CARD.md``). The weights are a small JSON
file; scoring is a dictionary look-up per feature (no numpy needed at run time).

``$PRESSWATCH_SOURCING_MODEL`` names the weights file; otherwise ``models/sourcing/cue_model.json`` of
the source tree. When it is missing the analyzer falls back to its word lists.
"""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any

from presswatch.analyzers.sourcing.lexicon import CUE_LEMMAS, SPEECH_VERBS, THOUGHT_VERBS

MODEL_ENV = "PRESSWATCH_SOURCING_MODEL"
MODEL_FILE = "cue_model.json"
CANDIDATE_POS = frozenset(("VERB", "AUX"))

_KEEP_CHILD_LEMMA = frozenset(("prep", "mark", "prt", "advmod", "aux", "auxpass", "neg", "agent", "dative"))


def default_model_path() -> Path:
    """``$PRESSWATCH_SOURCING_MODEL`` if set, else the shipped ``models/sourcing/cue_model.json``."""
    from presswatch.resources import find_model

    return find_model("sourcing", MODEL_FILE, env=MODEL_ENV)


def _ent_class(t: Any) -> str:
    if t.ent_type_:
        return t.ent_type_
    if t.pos_ == "PRON":
        return "PRON:" + t.lower_
    return t.pos_


def features(t: Any, in_quote: bool, quote_near: str) -> list[str]:
    """Feature strings of candidate token ``t`` (a spaCy Token)."""
    lemma = t.lemma_.lower()
    head = t.head
    f = [
        "b",
        "l=" + lemma,
        "w=" + t.lower_,
        "t=" + t.tag_,
        "d=" + t.dep_,
        "ld=" + lemma + "|" + t.dep_,
        "lt=" + lemma + "|" + t.tag_,
        "hl=" + head.lemma_.lower(),
        "hp=" + head.pos_,
        "dhp=" + t.dep_ + "|" + head.pos_,
        "hd=" + head.dep_,
        "q=" + str(in_quote),
        "qn=" + quote_near,
        "lq=" + lemma + "|" + str(in_quote),
        "lqn=" + lemma + "|" + quote_near,
    ]
    if lemma in CUE_LEMMAS:
        f.append("lex")
    if lemma in SPEECH_VERBS:
        f.append("lex:speech")
    if lemma in THOUGHT_VERBS:
        f.append("lex:thought")
    if t.dep_ in ("xcomp", "ccomp", "advcl", "conj") and head.lemma_.lower() in CUE_LEMMAS:
        f.append("headlex|" + t.dep_)
    deps = set()
    subj = None
    for c in t.children:
        deps.add(c.dep_)
        f.append("c=" + c.dep_)
        f.append("lc=" + lemma + "|" + c.dep_)
        if c.dep_ in _KEEP_CHILD_LEMMA:
            f.append("cl=" + c.dep_ + "|" + c.lower_)
            if c.dep_ == "prep":
                f.append("lprep=" + lemma + "|" + c.lower_)
        if c.dep_ in ("nsubj", "nsubjpass", "csubj") and subj is None:
            subj = c
        if c.dep_ in ("ccomp", "xcomp"):
            mark = next((g.lower_ for g in c.children if g.dep_ in ("mark", "aux")), "-")
            f.append("comp=" + c.dep_ + "|" + mark)
            f.append("lcomp=" + lemma + "|" + c.dep_ + "|" + mark)
    for dep in ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep"):
        if dep not in deps:
            f.append("no=" + dep)
    if subj is not None:
        sc = _ent_class(subj)
        f.append("s=" + sc)
        f.append("ls=" + lemma + "|" + sc)
        f.append("sl=" + subj.lemma_.lower())
    else:
        f.append("s=none")
    prev = t.doc[t.i - 1].lower_ if t.i > 0 else "<s>"
    nxt = t.doc[t.i + 1].lower_ if t.i + 1 < len(t.doc) else "</s>"
    f.append("p=" + prev)
    f.append("n=" + nxt)
    f.append("ln=" + lemma + "|" + nxt)
    return f


def quote_context(i: int, q_tok: list[tuple[int, int]]) -> str:
    """Where token ``i`` sits relative to the direct quotes (token ranges): near the end of one, before one."""
    for a, b in q_tok:
        if 0 <= i - b <= 4:
            return "after"
        if 0 <= a - i <= 4:
            return "before"
    return "-"


class CueModel:
    _cache: dict[str, CueModel | None] = {}
    _lock = threading.Lock()

    def __init__(self, weights: dict[str, float], threshold: float, meta: dict[str, Any]) -> None:
        self.weights = weights
        self.threshold = threshold
        self.meta = meta

    @classmethod
    def load(cls, path: Path | None = None) -> CueModel | None:
        """The model at ``path`` (default :func:`default_model_path`), or None when there is none."""
        p = path or default_model_path()
        key = str(p)
        if key in cls._cache:
            return cls._cache[key]
        with cls._lock:
            if key not in cls._cache:
                model = None
                if p.is_file():
                    data = json.loads(p.read_text(encoding="utf-8"))
                    model = cls(data["weights"], float(data["threshold"]), data.get("meta", {}))
                cls._cache[key] = model
        return cls._cache[key]

    def prob(self, feats: list[str]) -> float:
        w = self.weights
        z = sum(w.get(x, 0.0) for x in feats)
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def is_cue(self, feats: list[str]) -> bool:
        return self.prob(feats) >= self.threshold
