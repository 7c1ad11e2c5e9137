"""What the dashboard and the API show, as JSON-ready dicts: plain functions over a store, shared by both.

The selections run in the store's SQL (:meth:`~presswatch.store.base.Store.find` and its neighbours), so a page
of documents or a filter never reads every document; the comparison of sources is :mod:`presswatch.comparison`'s,
the one ``presswatch compare`` prints. Nothing heavy is imported here: analysing loads its models on first use.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from presswatch.store.base import DocumentQuery

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.ingest.fetch import FetchSettings
    from presswatch.model import Document
    from presswatch.store.base import Store

__all__ = [
    "DocumentQuery",
    "find_documents",
    "document",
    "document_json",
    "places",
    "incidents",
    "comparison",
    "sources",
    "alerts",
    "watch_health",
    "export_documents",
    "analyze_text",
    "analyze_url",
    "store_document",
]

UNKNOWN_SOURCE = "(unknown source)"  # what presswatch compare calls documents of no known outlet
# one linking of new incidents at a time: two requests linking the same documents would make twin incidents
_LINKING = threading.Lock()
# one analysis at a time: the analyzers' models are shared by the whole process and are not all safe to run from
# several threads at once; an analysis is CPU-bound anyway, and this bounds the memory a burst of requests takes
_ANALYSING = threading.Lock()


def _page(items: list[dict[str, Any]], total: int, offset: int, limit: int, **extra: Any) -> dict[str, Any]:
    nxt = offset + len(items)
    return {
        "items": items,
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": nxt if nxt < total else None,
        **extra,
    }


def find_documents(store: Store, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """One page of the documents ``query`` selects (metadata, no text): ``items``, ``total``, ``next_offset`` (None
    on the last page) and ``notes`` (words a full-text query left out)."""
    found = store.find(query, offset=offset, limit=limit)
    return _page(found.items, found.total, offset, limit, notes=found.notes)


def document(store: Store, document_id: str) -> dict[str, Any]:
    """One stored document in the JSON of ``presswatch analyze`` (``schema/document.schema.json``); a unique
    prefix of its id is enough. Raises NotFoundError."""
    return store.get(document_id).to_dict()


def json_bytes(value: Any) -> bytes:
    """``value`` as the API answers it (the bytes of Starlette's JSONResponse)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


class DocumentCache:
    """The JSON of recently asked documents, by store and id, each with the stamp it was made at
    (:meth:`~presswatch.store.base.Store.document_stamp`): an entry whose stamp differs from the stored document's
    is made again. Shared by the threads of a process; least recently used entries go first beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple[str, str], tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], stamp: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[str, str], stamp: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:  # a huge document would push out many others
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self._entries[key] = (stamp, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, gone) = self._entries.popitem(last=False)
                self.size -= len(gone)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


DOCUMENTS = DocumentCache()


def document_json(store: Store, document_id: str) -> bytes:
    """:func:`document` as the bytes of its JSON, kept in :data:`DOCUMENTS` while the document's stamp stays the
    same (one indexed row read to check it, instead of the document, its spans and their serialisation)."""
    did, stamp = store.document_stamp(document_id)
    if stamp is None:
        return json_bytes(store.get(did).to_dict())
    key = (store.location, did)
    body = DOCUMENTS.get(key, stamp)
    if body is None:
        body = json_bytes(store.get(did).to_dict())
        DOCUMENTS.put(key, stamp, body)
    return body


def data_stamp(store: Store) -> tuple[int, int] | None:
    """What changes whenever the data of the store changes, as its connection sees it: SQLite's ``PRAGMA
    data_version`` (changed by another connection's commit) with the connection's ``total_changes`` (its own
    writes). Only comparable with stamps of the same connection; None where the store gives no such stamp (a
    PostgreSQL store: its figures are not kept)."""
    conn = getattr(_backend(store), "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        return None
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes


MAX_FIGURES = 64  # figures kept per store connection (different queries); beyond, all are dropped
# per store (each has one connection): the connection and data stamp the figures were made at, and the figures by
# what they are and their query
_FIGURES: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int, int], dict[tuple[Any, ...], Any]]] = (
    weakref.WeakKeyDictionary()
)
_FIGURES_LOCK = threading.Lock()


def figures(store: Store, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()``, kept per store connection while :func:`data_stamp` stays the same: repeated places and per-source
    figures cost one pragma until a document (or anything else) is stored. What it returns is shared by the calls:
    read it, never change it. ``key`` says what ``make`` makes (its name and its query, hashable)."""
    backend = _backend(store)
    version = data_stamp(backend)
    if version is None:
        return make()
    stamp = (id(backend.conn), *version)  # type: ignore[attr-defined]
    with _FIGURES_LOCK:
        kept = _FIGURES.get(backend)
        if kept is None or kept[0] != stamp:
            kept = _FIGURES[backend] = (stamp, {})
        if key in kept[1]:
            return kept[1][key]
    value = make()  # outside the lock: a connection belongs to one thread, others keep going
    if data_stamp(backend) == version:  # nothing changed while it was made
        with _FIGURES_LOCK:
            if len(kept[1]) >= MAX_FIGURES:
                kept[1].clear()
            kept[1][key] = value
    return value


def _query_key(query: DocumentQuery) -> tuple[Any, ...]:
    return dataclasses.astuple(query)


def places(store: Store, query: DocumentQuery, *, offset: int = 0, limit: int = 100) -> dict[str, Any]:
    """The resolved places the selected documents name, most mentioned first (a page of them): id, name,
    coordinates, mentions, documents, and per source the names it wrote with their counts. Kept until the store
    changes (:func:`figures`)."""

    def make() -> list[dict[str, Any]]:
        rows = store.place_stats(query)
        for r in rows:
            r["names"] = {src or UNKNOWN_SOURCE: names for src, names in r["names"].items()}
        return rows

    rows: list[dict[str, Any]] = figures(store, ("places", _query_key(query)), make)
    return _page(rows[offset : offset + limit], len(rows), offset, limit)


def _link(store: Store) -> None:
    """Link the incidents of documents stored since the last comparison (as ``presswatch compare`` does)."""
    from presswatch.comparison.linking import link_store

    with _LINKING:
        link_store(store)


def comparison(
    store: Store, *, since: str | None = None, until: str | None = None, sources: list[str] | None = None
) -> dict[str, Any]:
    """The comparison of ``presswatch compare --format json``: incidents, the coverage matrix (incident × source),
    omissions, naming divergence and sourcing per source, over a publication window (both days included)."""
    from presswatch.comparison.coverage import compare

    _link(store)
    return compare(store, sources=sources, since=since, until=until, link=False).to_dict()


def incidents(
    store: Store, *, since: str | None = None, until: str | None = None, sources: list[str] | None = None
) -> dict[str, Any]:
    """The incidents of the window, each with its reports (one per document), as in the comparison."""
    result = comparison(store, since=since, until=until, sources=sources)
    return {"window": result["window"], "sources": result["sources"], "incidents": result["incidents"]}


def sources(store: Store, query: DocumentQuery | None = None) -> dict[str, Any]:
    """Per source of the selected documents: documents (in all and per publication day), the sourcing profile
    (attributions by kind and each kind's share) and persuasion (findings per technique and per 100 words of the
    documents the techniques analyzer read). The figures are kept until the store changes (:func:`figures`); the
    health is read each time (it changes with the clock too: a source goes quiet)."""
    query = query or DocumentQuery()
    kept: list[dict[str, Any]] = figures(store, ("sources", _query_key(query)), lambda: _source_figures(store, query))
    health = {h["name"]: h for h in watch_health(store)}
    out = [{**r, "health": health.pop(r["source"], None) if r["stored_as"] else None} for r in kept]
    for r in out:
        del r["stored_as"]
    # watched sources with no document in this selection (a new or a failing one, say) are listed with their health
    return {"sources": out, "other_watched": list(health.values())}


def _source_figures(store: Store, query: DocumentQuery) -> list[dict[str, Any]]:
    out = []
    for r in store.source_stats(query):
        total = r["attributions"]
        words = r["technique_words"]
        out.append(
            {
                "source": r["source"] or UNKNOWN_SOURCE,
                "documents": r["documents"],
                "first": r["first"],
                "last": r["last"],
                "per_day": r["per_day"],
                "sourcing": {
                    "attributions": total,
                    "by_kind": r["by_kind"],
                    "shares": {k: round(v / total, 3) if total else 0.0 for k, v in r["by_kind"].items()},
                },
                "techniques": {
                    "documents": r["technique_documents"],
                    "findings": r["technique_findings"],
                    "words": words,
                    "density_per_100_words": round(100.0 * r["technique_findings"] / words, 3) if words else None,
                    "counts": r["techniques"],
                },
                "stored_as": r["source"],  # the name health is looked up by (None: no known source)
            }
        )
    return out


def _backend(store: Store) -> Store:
    """The store itself behind the API's per-thread proxy (:class:`~presswatch.web.deps.ThreadStore`): the watcher's
    and the alerts' tables are read through the store's own connection (SQLite's, or PostgreSQL's translating one)."""
    unwrap = getattr(store, "current", None)
    return unwrap() if callable(unwrap) else store


def watch_health(store: Store) -> list[dict[str, Any]]:
    """The health of every watched source (``presswatch sources health``), by name; empty when nothing is watched or
    the store keeps no watcher tables."""
    from presswatch.errors import ConfigError
    from presswatch.watch.health import source_health

    try:
        return [h.to_dict() for h in source_health(_backend(store))]
    except ConfigError:
        return []


def _target(channel: str, target: str) -> str:
    """A delivery's destination as the dashboard shows it: a webhook's scheme and host only (its path and query often
    hold a secret), an address as it is."""
    if channel != "webhook":
        return target
    from urllib.parse import urlsplit

    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.hostname}/…" if parts.scheme and parts.hostname else "(webhook)"


def alerts(store: Store, *, offset: int = 0, limit: int = 50, rule: str | None = None) -> dict[str, Any]:
    """The alerts that fired (the ledger of ``presswatch alerts history``), newest first, a page of them: each with
    its rule, kind, message, time, evidence and the state of its deliveries (webhook paths left out)."""
    from presswatch.alerts import ledger

    backend = _backend(store)
    rows = ledger.history(backend, limit, rule, offset=offset)
    for r in rows:
        for d in r["deliveries"]:
            d["target"] = _target(d["channel"], d["target"])
    return _page(rows, ledger.count_fired(backend, rule), offset, limit)


def export_documents(store: Store, query: DocumentQuery) -> Iterator[Document]:
    """Every document ``query`` selects, whole, one at a time (in :func:`find_documents`' order)."""
    for did in store.find_ids(query):
        yield store.get(did)


def analyze_text(text: str, analyzers: list[str] | None = None) -> Document:
    """Analyse a text (or HTML) given as such: never read as a file name, whatever it says."""
    from presswatch.pipeline import analyze

    with _ANALYSING:
        return analyze(text.encode("utf-8"), analyzers=analyzers)


def analyze_url(url: str, settings: FetchSettings, analyzers: list[str] | None = None) -> Document:
    """Fetch and analyse one page through presswatch's fetch (deadline, size limit, and refusal of private,
    loopback and link-local addresses unless ``settings`` allow them)."""
    from presswatch.errors import InputError
    from presswatch.ingest.sources import fetch_url, is_url
    from presswatch.pipeline import analyze, to_document

    if not is_url(url):
        raise InputError(f"{url[:200]!r} is not an http(s) URL")
    doc = to_document(fetch_url(url, settings))  # fetched outside the lock: a slow server holds no one else up
    with _ANALYSING:
        return analyze(doc, analyzers=analyzers)


def store_document(store: Store, doc: Document) -> str:
    """Keep an analysed document (once: the same text is never stored twice) and link its incidents, as
    ``presswatch ingest`` does; returns the put's status (new, updated, unchanged)."""
    res = store.put(doc, seen_url=doc.url)
    if res.status != "unchanged" and any(s.analyzer == "incidents" for s in doc.spans):
        _link(store)
    return res.status
