"""Invented documents with hand-made spans (no analyzer runs) for the alerts' tests."""

from __future__ import annotations

from typing import Any

from presswatch.model import Document, Span

SHIRVAN = "Shirvan Daily"
HARBOUR = "Harbour Gazette"
MISSION = "Mission bulletin"


def place(start: int, end: int, place_id: str, name: str, voice: str = "own", **attrs: Any) -> Span:
    return Span(
        start,
        end,
        "PLACE",
        "places",
        {"place_id": place_id, "name": name, "matched_name": name, "voice": voice, **attrs},
    )


def located(text: str, words: str, place_id: str, name: str, voice: str = "own", **attrs: Any) -> Span:
    i = text.index(words)
    return place(i, i + len(words), place_id, name, voice, **attrs)


def doc(
    text: str,
    *,
    source: str = SHIRVAN,
    title: str | None = None,
    published: str | None = "2026-03-02",
    spans: list[Span] | None = None,
    summaries: dict[str, Any] | None = None,
) -> Document:
    d = Document(text=text, title=title, source=source, published=published, language="en", kind="text")
    d.spans = spans or []
    d.summaries = summaries or {}
    d.analyzers = {"places": "1"} if spans else {}
    return d


def sourcing(anonymous: int, total: int) -> dict[str, Any]:
    """A sourcing profile as the analyzer summarises it (only the counts the alerts read)."""
    return {"sourcing": {"attributions": total, "by_kind": {"anonymous": anonymous, "named_person": total - anonymous}}}
