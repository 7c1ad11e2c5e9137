"""Source kinds and speakers: what kind of source a SOURCE span is, and whom it names (light coreference)."""

from __future__ import annotations

import re
from typing import Any

from presswatch.analyzers.sourcing.lexicon import (
    ANONYMOUS_HEADS,
    ANONYMOUS_MODIFIERS,
    DOCUMENT_HEADS,
    MEDIA_HEADS,
    MEDIA_NAMES,
    ORG_HEADS,
    ROLE_HEADS,
)
from presswatch.analyzers.sourcing.rules import _Att, _subtree_range, _text

_MEDIA_RE = re.compile(
    r"\b(Times|Post|News|Journal|Herald|Tribune|Gazette|Telegraph|Guardian|Agency|Radio|TV|"
    r"Television|Press|Daily|Weekly|Magazine|Broadcasting|Network)\b"
)
_HE_SHE = {"he", "she", "him", "her", "i"}
_THEY = {"they", "we", "it", "them", "us"}
_REL = {"who", "which", "that", "whom"}


def _classify(sd: Any, a: int, b: int) -> tuple[str, str | None]:
    """(kind, role) of the source tokens a..b."""
    span = sd[a:b]
    head = span.root
    low = head.lower_
    lemma = head.lemma_.lower()
    toks = [t.lower_ for t in span]
    ents = [e for e in sd.ents if e.start >= a and e.end <= b]
    labels = {e.label_ for e in ents}
    role = None
    roles = [t.text for t in span if t.lemma_.lower() in ROLE_HEADS and t.pos_ in ("NOUN", "PROPN")]
    if roles:
        role = " ".join(roles)
    if "PERSON" not in labels and (
        low in MEDIA_NAMES
        or any(t in MEDIA_NAMES for t in toks)
        or (("ORG" in labels or head.pos_ == "PROPN") and _MEDIA_RE.search(span.text))
    ):
        return "media_outlet", None
    if lemma in MEDIA_HEADS and head.pos_ == "NOUN" and lemma not in ("post", "paper"):
        return "media_outlet", None
    if lemma in DOCUMENT_HEADS and head.pos_ == "NOUN" and "PERSON" not in labels:
        return "document", None
    if head.pos_ == "PRON" or low in _HE_SHE | _THEY | _REL:
        return "pronoun", None
    anon_mod = any(t.lower_ in ANONYMOUS_MODIFIERS for t in span if t.i != head.i)
    if lemma in ANONYMOUS_HEADS or low in ANONYMOUS_HEADS:
        return "anonymous", None
    if "PERSON" in labels or (
        head.pos_ == "PROPN" and not labels & {"ORG", "GPE", "NORP", "LOC", "FAC"} and lemma not in ORG_HEADS
    ):
        return "named_person", role
    if anon_mod and head.pos_ == "NOUN":
        return "anonymous", None
    if labels & {"ORG", "GPE", "NORP", "FAC", "LOC"} or lemma in ORG_HEADS:
        return "named_organisation", None
    if lemma in ROLE_HEADS or head.pos_ == "NOUN":
        return "role_only", role or head.text
    return "role_only", role


def _resolve_speakers(atts: list[_Att], sd: Any) -> None:
    persons = [e for e in sd.ents if e.label_ == "PERSON"]
    history: list[tuple[int, str, str]] = []  # (token, speaker, kind) of resolved sources so far
    for att in sorted(atts, key=lambda x: x.source[0] if x.source else (x.content[0][0] if x.content else 0)):
        if att.source is None:
            if att.type == "floating" and att.speaker is None and history:
                att.speaker, att.kind = history[-1][1], history[-1][2]
            continue
        a, b = att.source
        kind, role = _classify(sd, a, b)
        text = _text(sd, a, b)
        speaker = text
        head = sd[a:b].root
        if kind == "pronoun":
            low = head.lower_
            ant = None
            if low in _REL and head.head.dep_ == "relcl":
                noun = head.head.head
                na, nb = _subtree_range(noun)
                # the noun phrase without its relative clause
                nb = min(nb, head.head.left_edge.i)
                if nb > na:
                    k2, _ = _classify(sd, na, nb)
                    ant = (_full_name(sd, na, nb, persons), k2 if k2 != "pronoun" else "named_person")
            elif low in _HE_SHE:
                ant = next(((s, k) for (i, s, k) in reversed(history) if i < a and k == "named_person"), None)
                if ant is None:
                    prev = [e for e in persons if e.end <= a]
                    if prev:
                        ant = (_longest_form(prev[-1].text, persons), "named_person")
            else:
                ant = next(((s, k) for (i, s, k) in reversed(history) if i < a), None)
            if ant is not None:
                speaker, kind = ant
            else:
                kind = "named_person" if low in _HE_SHE else "role_only"
        elif kind == "named_person":
            speaker = _full_name(sd, a, b, persons)
        elif kind == "role_only" and sd[a].lower_ == "the" and role:
            # "the general": the last person introduced with that role
            for i, s, k in reversed(history):
                if k == "named_person" and i < a and role.lower() in s.lower():
                    speaker = s
                    break
            else:
                for e in reversed([e for e in persons if e.end <= a]):
                    before = sd[max(0, e.start - 4) : e.start].text.lower()
                    if role.lower() in before or role.lower() in e.text.lower():
                        speaker, kind = e.text, "named_person"
                        break
        att.kind, att.role, att.speaker = kind, role, speaker
        history.append((a, speaker, kind))


def _full_name(sd: Any, a: int, b: int, persons: list[Any]) -> str:
    inside = [e for e in persons if e.start >= a and e.end <= b]
    name = inside[0].text if inside else " ".join(t.text for t in sd[a:b] if t.pos_ == "PROPN") or sd[a:b].text
    return _longest_form(name, persons)


def _longest_form(name: str, persons: list[Any]) -> str:
    """ "Volkov" -> "Ivan Volkov" when the document names him in full somewhere."""
    last = name.split()[-1].lower() if name.split() else ""
    best = name
    for e in persons:
        words = e.text.split()
        if words and words[-1].lower().strip("'’s") == last.strip("'’s") and len(e.text) > len(best):
            best = e.text
    return best
