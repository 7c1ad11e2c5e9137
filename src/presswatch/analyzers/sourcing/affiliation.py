"""Whose sources: the affiliation of each SOURCE span, from the actors registry (:mod:`presswatch.actors`).

Each SOURCE span gains ``affiliation`` (a registry label, or ``unknown``), ``actor`` (the registry id, or None
when the phrase names only a side, as "Azerbaijani officials" does) and ``actor_country`` (ISO code or None).
The resolved speaker is read first (a pronoun or "the ministry" stands for the name before it), then the
source phrase itself; a source that names no body but speaks for a speaker already placed ("she", "Abbasov"
after "Tural Abbasov, the service's spokesman") takes that speaker's affiliation. The writer's own voice (kind ``author``) is the outlet's: its affiliation is the
outlet's when the registry knows the outlet. The outlet's polity is also the home of bare body words: in an
Azerbaijani outlet, "the Ministry of Defence" is Azerbaijan's.
"""

from __future__ import annotations

from typing import Any

from presswatch.model import Document, Span

AUTHOR = "author"


def affiliate(spans: list[Span], doc: Document, registry: Any) -> None:
    """Add ``affiliation``, ``actor`` and ``actor_country`` to the SOURCE spans of ``doc`` (in place)."""
    from presswatch.actors.registry import UNKNOWN

    outlet = registry.outlet(doc.source, doc.source_domain, doc.url)
    home = outlet.polity if outlet is not None else None
    placed: dict[str, tuple[str, str | None, str | None]] = {}  # speaker -> what an earlier mention named
    for s in sorted(spans, key=lambda x: x.start):
        if s.label != "SOURCE":
            continue
        speaker = s.attrs.get("speaker")
        if s.attrs.get("kind") == AUTHOR:
            found = (outlet.affiliation, outlet.id, outlet.country) if outlet is not None else None
        else:
            found = None
            for phrase in (speaker, doc.text[s.start : s.end]):
                m = registry.identify(phrase, home=home) if phrase else None
                if m is not None:
                    found = (m.affiliation, m.actor_id, m.country)
                    break
            if found is None and speaker:
                found = placed.get(speaker)
            elif found is not None and speaker:
                placed.setdefault(speaker, found)
        s.attrs["affiliation"], s.attrs["actor"], s.attrs["actor_country"] = found or (UNKNOWN, None, None)
