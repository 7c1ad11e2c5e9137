"""Sourcing: who says what. Attributions (source, cue, content), source kinds and unsourced claims.

Rules on spaCy's dependency parse (``resources.spacy_doc``); which verbs are cues is decided by a small
trained scorer (:mod:`presswatch.analyzers.sourcing.model`, weights in ``models/sourcing/``) and, when its
weights are missing, by the word lists of :mod:`presswatch.analyzers.sourcing.lexicon`; reporting nouns ("his claim
that ...", "her endorsement of ..."), "according to", hearsay adverbs, colons and signature dashes are found by
rules (:mod:`~presswatch.analyzers.sourcing.rules`). An attribution nested in another's content is resolved after
it, so the outer content stays whole (as PolNeAR's flattened annotation has it). A source is a noun phrase, never a
clause; chained cues share it ("X said ..., adding that ..."). The writer's own voice is no source: speculative
questions ("Maybe it wants ...?") and asides to the reader ("if we remember") are no attributions, and "it seems
that ..." is kept with the kind ``author``. For every attribution found the analyzer emits up to three kinds of
span sharing ``attrs["attribution"]`` (an integer, unique within the document):

* ``SOURCE``  who or what the content is attributed to; ``attrs["kind"]`` is one of
  named_person, named_organisation, role_only, anonymous, media_outlet, document, author (I / we outside
  quotes), and ``attrs["speaker"]`` the name it resolves to (:mod:`~presswatch.analyzers.sourcing.speakers`:
  pronouns, surnames, "the minister", "the ministry" linked to the person or organisation named before);
  ``attrs["speaker_span"]`` the character range of that earlier mention when the source is not itself the name;
  ``attrs["affiliation"]``, ``attrs["actor"]`` and ``attrs["actor_country"]`` whom the source belongs to, from
  the actors registry (:mod:`~presswatch.analyzers.sourcing.affiliation`; ``unknown`` when the registry does not
  say).
* ``CUE``     the reporting expression ("said", "according to", "reportedly", "is reported");
  ``attrs["type"]`` is direct / indirect / according_to / hearsay / passive / evidential ("it seems") and
  ``attrs["source_kind"]`` repeats the attribution's kind (``anonymous`` when no source is named).
* ``CONTENT`` what is attributed (one span per fragment; direct quotes keep their quotation marks), with the
  attribution's ``speaker`` and ``source_kind``; a direct quote with no cue of its own ("floating") continues the
  attribution before it, or, alone, takes the speaker of the source before it.

Sentences that make a claim with no attribution get an ``UNSOURCED_CLAIM`` span (``attrs["markers"]``
lists evidential phrases such as "there is evidence").

:func:`profile` turns the spans into a per-document sourcing profile (counts and shares by kind and by
affiliation).
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.analyzers import Resources
from presswatch.analyzers.sourcing.affiliation import affiliate
from presswatch.analyzers.sourcing.model import CueModel
from presswatch.analyzers.sourcing.quotes import find_quotes, quote_tokens
from presswatch.analyzers.sourcing.rules import (
    _according_attribution,
    _Att,
    _att_tokens,
    _colon_attribution,
    _cue_kind,
    _cut_at_paragraphs,
    _cut_trailing_asides,
    _depth,
    _end_char,
    _hearsay_attribution,
    _is_quote_mark,
    _looks_like_statement,
    _next_direct_att,
    _noun_attribution,
    _previous_att,
    _snap_to_quotes,
    _subtract,
    _text,
    _verb_attribution,
    is_verb_candidate,
)
from presswatch.analyzers.sourcing.speakers import _resolve_speakers
from presswatch.model import Document, Span

__all__ = [
    "KINDS",
    "NAME",
    "SourcingAnalyzer",
    "extract",
    "find_quotes",
    "is_verb_candidate",
    "profile",
    "quote_tokens",
]

AUTHOR = "author"  # the kind of the writer's own voice ("It seems that ...", "I believe ..." outside quotes)
KINDS = ("named_person", "named_organisation", "role_only", "anonymous", "media_outlet", "document")
NAME = "sourcing"


# languages with rules of their own over their own parse (``Resources.parse``), by import path (a language module
# imports this package's parts, never the other way round)
LANGUAGE_MODULES = {
    "ru": "presswatch.analyzers.sourcing.lang_ru:extract",
    "az": "presswatch.analyzers.sourcing.lang_az:extract",
    "hy": "presswatch.analyzers.sourcing.lang_hy:extract",
}


class SourcingAnalyzer:
    name = NAME
    version = "7"
    reads_parse = True  # reads Resources.spacy_doc: its headline is parsed with the batch (Resources.prepare)
    languages: set[str] | None = {"en", *LANGUAGE_MODULES}

    def annotate(self, doc: Document, resources: Resources) -> list[Span]:
        if not doc.text.strip():
            return []
        from presswatch.actors.registry import default_registry

        if (target := LANGUAGE_MODULES.get(doc.language or "en")) is not None:
            import importlib

            module, attr = target.split(":")
            spans = getattr(importlib.import_module(module), attr)(doc.text, resources.parse(doc))
        else:
            spans = extract(doc.text, resources.spacy_doc(doc), CueModel.load())
        affiliate(spans, doc, default_registry())
        return spans

    def summarize(self, doc: Document) -> dict[str, Any]:
        """The sourcing profile kept with the document (the unsourced claims themselves are spans)."""
        figures = profile(doc)
        figures.pop("unsourced_claims", None)
        return figures


def extract(text: str, sd: Any, model: CueModel | None = None) -> list[Span]:
    """All sourcing spans of a parsed text (``sd`` a spaCy Doc of ``text``).

    ``model`` (the trained cue scorer) decides which verbs are cues; without it the word lists do.
    """
    n = len(sd)
    if n == 0:
        return []
    q_tok, in_quote = quote_tokens(text, sd)
    used = [False] * n  # univocal: each token has at most one role in one attribution (sources may be shared)
    as_source = [False] * n
    atts: list[_Att] = []

    # cue candidates, shallow ones first so that an outer "X said that ..." wins over an inner verb
    cands = []
    for t in sd:
        kind = _cue_kind(t, model, in_quote, q_tok)
        if kind:
            cands.append((0 if kind == "according" else _depth(t), t.i, kind))
    cands.sort()
    raw: list[tuple[int, int, _Att]] = []
    for rank, (_, i, kind) in enumerate(cands):
        t = sd[i]
        if in_quote[i]:
            continue
        att = None
        if kind == "verb":
            att = _verb_attribution(t, sd, q_tok, in_quote)
        elif kind == "according":
            att = _according_attribution(t, sd)
        elif kind == "hearsay":
            att = _hearsay_attribution(t, sd)
        elif kind == "colon":
            att = _colon_attribution(t, sd)
        elif kind == "noun":
            att = _noun_attribution(t, sd)
        if att is None:
            continue
        _snap_to_quotes(att, q_tok)
        _cut_at_paragraphs(att, sd, in_quote)
        _cut_trailing_asides(att, sd, in_quote)
        raw.append((rank, i, att))
    # an attribution nested in the content of another ("X said that Y claimed Z") comes after it
    cover = [0] * (n + 1)  # how many contents cover each token (linear in the text)
    for _, _, att in raw:
        for a, b in att.content:
            cover[a] += 1
            cover[b] -= 1
    for k in range(1, n + 1):
        cover[k] += cover[k - 1]
    level = {i: cover[i] - sum(1 for a, b in att.content if a <= i < b) for _, i, att in raw}
    raw.sort(key=lambda x: (level[x[1]], x[0]))
    for _, i, att in raw:
        if used[i]:
            continue
        if att.type == "indirect" and any(_is_quote_mark(sd[a]) for a, _ in att.content):
            att.type = "direct"
        if att.source and any(used[k] and not as_source[k] for k in range(*att.source)):
            att.source = None  # the source lies in an earlier attribution's cue or content
        # a source may be shared ("X said ..., adding that ...": X said and X added); cue and content may not
        toks = [k for k in _att_tokens(att) if not (as_source[k] and att.source and att.source[0] <= k < att.source[1])]
        if not toks or any(used[k] for k in toks):
            # overlapping an earlier attribution: drop the parts already taken
            att.content = _subtract(att.content, used)
            if any(used[k] for a, b in att.cue for k in range(a, b)) or not att.content:
                continue
        for k in _att_tokens(att):
            used[k] = True
        if att.source:
            for k in range(*att.source):
                as_source[k] = True
        atts.append(att)

    # quotes nobody claimed: continue the previous direct quote, or float with the nearest speaker
    for a, b in q_tok:
        if any(used[k] for k in range(a, b)) or b - a < 5:
            continue
        if not _looks_like_statement(sd, a, b):
            continue
        prev = _previous_att(atts, a)
        nxt = _next_direct_att(atts, sd, b, used)
        if nxt is not None:
            nxt.content.insert(0, (a, b))
        elif prev is not None and prev.type in ("direct", "floating") and prev.content and a - prev.content[-1][1] < 60:
            prev.content.append((a, b))
        else:
            fl = _Att(content=[(a, b)], type="floating")
            if prev is not None:
                fl.speaker, fl.kind = prev.speaker, prev.kind
            atts.append(fl)
        for k in range(a, b):
            used[k] = True

    atts.sort(key=lambda x: min([r[0] for r in x.cue + x.content] or [0]))
    _resolve_speakers(atts, sd, in_quote)
    spans: list[Span] = []
    for k, att in enumerate(atts):
        for a, b in att.cue:
            spans.append(
                Span(
                    sd[a].idx,
                    _end_char(sd, b),
                    "CUE",
                    NAME,
                    {"attribution": k, "type": att.type, "source_kind": att.kind},
                )
            )
        if att.source:
            a, b = att.source
            attrs: dict[str, Any] = {"attribution": k, "kind": att.kind, "speaker": att.speaker or _text(sd, a, b)}
            if att.role:
                attrs["role"] = att.role
            if att.antecedent and att.antecedent != att.source:
                attrs["speaker_span"] = [sd[att.antecedent[0]].idx, _end_char(sd, att.antecedent[1])]
            spans.append(Span(sd[a].idx, _end_char(sd, b), "SOURCE", NAME, attrs))
        for a, b in sorted(att.content):
            spans.append(
                Span(
                    sd[a].idx,
                    _end_char(sd, b),
                    "CONTENT",
                    NAME,
                    {"attribution": k, "speaker": att.speaker, "source_kind": att.kind},
                )
            )
    spans.extend(_unsourced_claims(sd, used, in_quote))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


# ------------------------------------------------------------------ unsourced claims

_EVIDENTIAL = re.compile(
    r"\b(there is (?:no |clear |ample |growing )?evidence|it is (?:clear|known|obvious|evident|certain|a fact)|"
    r"in fact|clearly|obviously|undoubtedly|undeniably|it has been (?:established|proven|confirmed)|"
    r"proves?|proved|confirms?|confirmed)\b",
    re.I,
)


def _unsourced_claims(sd: Any, used: list[bool], in_quote: list[bool]) -> list[Span]:
    out = []
    for sent in sd.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        if any(used[t.i] or in_quote[t.i] for t in toks):
            continue
        words = [t for t in toks if t.is_alpha]
        if len(words) < 6 or len(words) > 150:
            continue
        last = toks[-1].text
        if last == "?" or last not in ".!" and not _EVIDENTIAL.search(sent.text):
            continue  # headings, captions and fragments
        if not any(t.pos_ in ("VERB", "AUX") for t in toks):
            continue
        if any(t.lower_ in ("i", "we", "my", "our", "you") for t in toks):
            continue  # first-person opinion or address, not a claim about the world
        markers = sorted({m.group(0).lower() for m in _EVIDENTIAL.finditer(sent.text)})
        out.append(Span(toks[0].idx, toks[-1].idx + len(toks[-1].text), "UNSOURCED_CLAIM", NAME, {"markers": markers}))
    return out


# ------------------------------------------------------------------ per-document profile


def profile(doc: Document) -> dict[str, Any]:
    """The sourcing profile of an analysed document.

    Counts and shares of attributions by source kind (``unattributed`` for attributions with no
    source named, such as "reportedly" or "it is reported"; a quote with no cue of its own counts as its
    speaker's kind), the named speakers with their counts, and the unsourced claims (character ranges and
    text). The writer's own voice (``kind`` ``author``: "it seems that ...", "I believe ..." outside quotes) is
    not sourcing: it is counted apart, as ``author_voice``, and left out of the shares.

    ``by_affiliation`` counts the attributions that name a source by the source's affiliation (``unknown``
    included; spans analysed before affiliations existed count as ``unknown``), and ``affiliation_shares`` are
    their shares of those attributions: whose sources the document cites.
    """
    spans = doc.spans_by(NAME)
    kinds: dict[int, str] = {}
    speakers: dict[str, int] = {}
    types: dict[str, int] = {}
    affiliations: dict[int, str] = {}
    for s in spans:
        if s.label == "CUE":
            kinds.setdefault(s.attrs["attribution"], s.attrs.get("source_kind") or "unattributed")
            types[s.attrs.get("type", "?")] = types.get(s.attrs.get("type", "?"), 0) + 1
        elif s.label == "SOURCE":
            kinds[s.attrs["attribution"]] = s.attrs.get("kind", "role_only")
            affiliations[s.attrs["attribution"]] = s.attrs.get("affiliation") or "unknown"
            sp = s.attrs.get("speaker")
            if sp:
                speakers[sp] = speakers.get(sp, 0) + 1
        elif s.label == "CONTENT":
            kinds.setdefault(s.attrs["attribution"], s.attrs.get("source_kind") or "unattributed")
    author_voice = sum(1 for kind in kinds.values() if kind == AUTHOR)
    kinds = {k: kind for k, kind in kinds.items() if kind != AUTHOR}
    has_source = {s.attrs["attribution"] for s in spans if s.label == "SOURCE"}
    for k, kind in list(kinds.items()):
        if k not in has_source and kind not in KINDS:
            kinds[k] = "unattributed"
    counts = {k: 0 for k in (*KINDS, "unattributed")}
    for kind in kinds.values():
        counts[kind if kind in counts else "unattributed"] += 1
    total = sum(counts.values())
    unsourced = [
        {"start": s.start, "end": s.end, "text": s.text_in(doc.text), "markers": s.attrs.get("markers", [])}
        for s in spans
        if s.label == "UNSOURCED_CLAIM"
    ]
    named = counts["named_person"] + counts["named_organisation"] + counts["media_outlet"] + counts["document"]
    by_affiliation: dict[str, int] = {}
    for k, label in affiliations.items():
        if k in kinds:  # the writer's own voice is no source
            by_affiliation[label] = by_affiliation.get(label, 0) + 1
    sourced = sum(by_affiliation.values())
    return {
        "attributions": total,
        "by_kind": counts,
        "shares": {k: round(v / total, 3) if total else 0.0 for k, v in counts.items()},
        "named_share": round(named / total, 3) if total else 0.0,
        "anonymous_share": round((counts["anonymous"] + counts["unattributed"]) / total, 3) if total else 0.0,
        "author_voice": author_voice,
        "by_type": types,
        "speakers": dict(sorted(speakers.items(), key=lambda kv: -kv[1])),
        "unsourced_claims": unsourced,
        "unsourced_count": len(unsourced),
        "by_affiliation": dict(sorted(by_affiliation.items(), key=lambda kv: (-kv[1], kv[0]))),
        "affiliation_shares": {k: round(v / sourced, 3) for k, v in sorted(by_affiliation.items())},
    }
