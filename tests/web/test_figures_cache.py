"""The places and per-source figures are kept per store connection until the store changes (``PRAGMA
data_version`` for another connection's commits, ``total_changes`` for its own): a repeated call reads nothing
but the pragma, a new document is counted at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.store.base import DocumentQuery, Store
from presswatch.web import data
from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings


def invented(n: int, place: int | None = None) -> Document:
    p = n if place is None else place
    text = f"Dispatch {n}. Crowds gathered in Town{p} at noon, a witness said.\n\nThe council said nothing."
    doc = Document(text=text, source=f"Desk {n % 2}", title=f"Dispatch {n}", published=f"2024-02-{1 + n:02d}")
    at = text.index(f"Town{p}")
    attrs = {"place_id": f"gn:{p}", "name": f"Town{p}", "lat": 40.0 + p / 10, "lon": 20.0}
    doc.spans.append(Span(at, at + len(f"Town{p}"), "PLACE", "places", attrs))
    doc.analyzers = {"places": "1"}
    return doc


@pytest.fixture
def db(tmp_path: Any) -> str:
    path = str(tmp_path / "press.sqlite")
    with open_store(path) as store:
        for n in range(4):
            store.put(invented(n))
    return path


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with open_store(db) as s:
        yield s


class Counting:
    """Counts the calls of one of a store's methods (on that store object only)."""

    def __init__(self, store: Store, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        method = getattr(store, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return method(*args, **kwargs)

        monkeypatch.setattr(store, name, counted)


def test_repeated_places_are_kept_until_another_connection_stores(
    store: Store, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = Counting(store, "place_stats", monkeypatch)
    first = data.places(store, DocumentQuery())
    again = data.places(store, DocumentQuery(), limit=2)
    assert stats.calls == 1 and first["total"] == again["total"] == 4 and again["items"] == first["items"][:2]
    data.places(store, DocumentQuery(source="Desk 1"))  # another query is another entry
    assert stats.calls == 2
    with open_store(db) as other:  # a writer elsewhere (ingest, the watcher)
        other.put(invented(7, place=2))
    after = data.places(store, DocumentQuery())
    assert stats.calls == 3
    town2 = next(p for p in after["items"] if p["place_id"] == "gn:2")
    assert after["total"] == 4 and town2["documents"] == 2 and town2["mentions"] == 2


def test_a_document_stored_on_the_same_connection_invalidates(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    stats = Counting(store, "source_stats", monkeypatch)
    before = data.sources(store)
    assert data.sources(store) == before and stats.calls == 1
    store.put(invented(9))
    after = data.sources(store)
    assert stats.calls == 2
    docs = {s["source"]: s["documents"] for s in after["sources"]}
    assert docs == {"Desk 0": 2, "Desk 1": 3}
    assert {s["source"]: s["documents"] for s in before["sources"]} == {"Desk 0": 2, "Desk 1": 2}


def test_kept_figures_are_not_changed_by_a_caller(store: Store) -> None:
    first = data.sources(store)
    first["sources"][0]["health"] = "changed"
    first["sources"].clear()
    again = data.sources(store)
    assert len(again["sources"]) == 2 and all(s["health"] is None for s in again["sources"])


def test_a_store_without_a_stamp_is_asked_each_time(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "data_stamp", lambda s: None)  # as a PostgreSQL store
    stats = Counting(store, "place_stats", monkeypatch)
    data.places(store, DocumentQuery())
    data.places(store, DocumentQuery())
    assert stats.calls == 2


@pytest.mark.parametrize("processes", [0, 1])
def test_the_api_counts_a_new_document_at_once(db: str, processes: int) -> None:
    with TestClient(create_app(ServeSettings(db=db, search_processes=processes))) as c:
        places = c.get("/api/places").json()
        sources = c.get("/api/sources").json()
        assert c.get("/api/places").json() == places and c.get("/api/sources").json() == sources
        with open_store(db) as other:
            other.put(invented(11, place=3))
        places_after = c.get("/api/places").json()
        sources_after = c.get("/api/sources").json()
    counts = {p["place_id"]: p["documents"] for p in places_after["items"]}
    assert counts["gn:3"] == 2 and {p["place_id"]: p["documents"] for p in places["items"]}["gn:3"] == 1
    assert sum(s["documents"] for s in sources_after["sources"]) == 5
    assert sum(s["documents"] for s in sources["sources"]) == 4


@pytest.mark.parametrize("processes", [0, 1])
def test_the_pages_show_a_new_source_at_once(db: str, processes: int) -> None:
    """The search page's facets, the store's map and the sources page are kept until the store changes."""
    with TestClient(create_app(ServeSettings(db=db, search_processes=processes))) as c:
        pages = ("/search", "/map", "/sources")
        before = [c.get(p).text for p in pages]
        assert [c.get(p).text for p in pages] == before
        doc = invented(12, place=40)
        doc.source = "Night Desk"
        with open_store(db) as other:
            other.put(doc)
        search, worldmap, sources = (c.get(p).text for p in pages)
    assert all("Night Desk" not in page for page in before) and "Town40" not in before[1]
    assert '<option value="Night Desk"' in search or ">Night Desk<" in search
    assert "Town40" in worldmap
    assert "Night Desk" in sources
