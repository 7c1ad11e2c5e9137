"""Whose sources: the affiliation of each SOURCE span, from the actors registry (:mod:`presswatch.actors`).

Each SOURCE span gains ``affiliation`` (a registry label, or ``unknown``), ``actor`` (the registry id, or None
when the phrase names only a side, as "Azerbaijani officials" does) and ``actor_country`` (ISO code or None).
The resolved speaker is read first (a pronoun or "the ministry" stands for the name before it), then the
source phrase itself; a source that names no body but speaks for a speaker already placed ("she", "Abbasov"
after "Tural Abbasov, the service's spokesman") takes that speaker's affiliation. The writer's own voice
(kind ``author``) is the outlet's: its affiliation is the outlet's when the registry knows the outlet. The
outlet's polity is also the home of bare body words: in an Azerbaijani outlet, "the Ministry of Defence" is
Azerbaijan's.

The same reading serves stored documents (:func:`affiliate_rows`): ``presswatch sources unknown`` and the
"whose sources" row of ``presswatch compare`` apply the registry in effect now, so that a user's new entries
count without analysing again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from presswatch.model import Document, Span

AUTHOR = "author"
Found = tuple[str, str | None, str | None]  # affiliation, actor id, country


def _place(sources: Iterable[tuple[dict[str, Any], str]], registry: Any, names: tuple[str | None, ...]) -> list[Found]:
    """The affiliation of each (SOURCE attrs, source words) of one document, in text order; ``names`` are the
    document's source name, domain and URL (its outlet)."""
    from presswatch.actors.registry import UNKNOWN

    outlet = registry.outlet(*names)
    home = outlet.polity if outlet is not None else None
    placed: dict[str, Found] = {}  # speaker -> what an earlier mention named
    out: list[Found] = []
    for attrs, words in sources:
        speaker = attrs.get("speaker")
        found: Found | None = None
        if attrs.get("kind") == AUTHOR:
            found = (outlet.affiliation, outlet.id, outlet.country) if outlet is not None else None
        else:
            for phrase in (speaker, words):
                m = registry.identify(phrase, home=home) if phrase else None
                if m is not None:
                    found = (m.affiliation, m.actor_id, m.country)
                    break
            if found is None and speaker:
                found = placed.get(speaker)
            elif found is not None and speaker:
                placed.setdefault(speaker, found)
        out.append(found or (UNKNOWN, None, None))
    return out


def affiliate(spans: list[Span], doc: Document, registry: Any) -> None:
    """Add ``affiliation``, ``actor`` and ``actor_country`` to the SOURCE spans of ``doc`` (in place)."""
    sources = sorted((s for s in spans if s.label == "SOURCE"), key=lambda s: s.start)
    found = _place(
        ((s.attrs, doc.text[s.start : s.end]) for s in sources), registry, (doc.source, doc.source_domain, doc.url)
    )
    for s, (affiliation, actor, country) in zip(sources, found, strict=True):
        s.attrs["affiliation"], s.attrs["actor"], s.attrs["actor_country"] = affiliation, actor, country


def affiliate_rows(rows: list[dict[str, Any]], registry: Any) -> list[tuple[dict[str, Any], Found]]:
    """Stored SOURCE spans (``Store.source_rows``: in document order) with their affiliation under
    ``registry``."""
    out: list[tuple[dict[str, Any], Found]] = []
    for _, group in groupby(rows, key=lambda r: r["document_id"]):
        items = list(group)
        attrs = [json.loads(r["attrs"]) if isinstance(r["attrs"], str) else r["attrs"] for r in items]
        first = items[0]
        found = _place(
            zip(attrs, (str(r["words"]) for r in items), strict=True),
            registry,
            (first.get("source"), first.get("source_domain"), first.get("url")),
        )
        out.extend(zip(items, found, strict=True))
    return out
