"""``presswatch store copy``: everything one store holds, copied into another (SQLite to PostgreSQL, and back).

Documents go through the target's own ``put`` (so its full-text index, SimHash bands and spans are built the way that
backend builds them), then get the source's times (stored, updated), near-duplicate link and every URL they were seen
at with its first-seen time. The other tables (incidents and their reports, the watcher's sources, endpoints and queue,
the alerts' rules, settings, ledger and deliveries) are copied row by row by their natural keys: a source id, an event
id or a rowid is the target's own, never the source's.

Resumable: documents are copied in batches, each in one transaction of the target (a batch is there whole or not at
all), documents already in the target are skipped, and every other row is inserted only where its key is missing. A
second run copies only what the first did not.

The alerts' mark of the documents evaluated so far (a rowid) is translated: in the target it stands just below the
first copied document that the source had not evaluated yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presswatch.errors import ConfigError
from presswatch.store.base import Store

BATCH = 200  # documents per transaction of the target
ROWS = 1000  # rows of the other tables read at a time

# every table, in the order counted at the end
TABLES = [
    "documents",
    "spans",
    "document_urls",
    "simhash_bands",
    "sources",
    "incidents",
    "incident_reports",
    "watch_sources",
    "watch_endpoints",
    "watch_items",
    "alert_rules",
    "alert_settings",
    "alert_events",
    "alert_deliveries",
]

# the other tables, copied row by row: (table, the columns copied, the ORDER BY that pages through the source)
_ROW_TABLES: list[tuple[str, list[str], str]] = [
    ("incidents", ["id", "created_at", "updated_at"], "id"),
    (
        "incident_reports",
        ["incident_id", "document_id", "start", '"end"', "part", "day", "cell", "score", "vector"],
        'document_id, start, "end", part',
    ),
    ("watch_sources", ["name", "feed", "sitemap", "kind", "side", "country", "lang", "added_at"], "name"),
    (
        "watch_endpoints",
        [
            "url", "source", "type", "parent", "etag", "last_modified", "lastmod", "next_poll", "polls",
            "first_success", "last_success", "last_error", "last_error_at", "error_streak",
        ],
        "source, url",
    ),
    (
        "watch_items",
        [
            "url", "source", "title", "summary", "published", "backlog", "state", "attempts", "next_attempt",
            "document_id", "last_error", "discovered_at", "stored_at",
        ],
        "rowid",
    ),
    ("alert_rules", ["name", "definition", "allow_private", "loaded_at"], "name"),
    ("alert_events", ["event_key", "hash", "rule", "kind", "message", "payload", "fired_at"], "id"),
]
_DELIVERY_COLUMNS = ["channel", "target", "allow_private", "state", "attempts", "next_attempt", "last_error", "sent_at"]


@dataclass(slots=True)
class CopyResult:
    """Per table: rows copied by this run, and rows in the source and in the target at the end."""

    copied: dict[str, int] = field(default_factory=dict)
    source: dict[str, int] = field(default_factory=dict)
    target: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"table": t, "copied": self.copied.get(t, 0), "source": self.source.get(t, 0),
             "target": self.target.get(t, 0)}
            for t in TABLES
        ]


def copy_store(
    src: Store,
    dst: Store,
    *,
    batch: int = BATCH,
    on_documents: Callable[[int, int], None] | None = None,
) -> CopyResult:
    """Copy what ``src`` holds and ``dst`` lacks. ``on_documents(done, total)`` is called after each batch."""
    if src.location == dst.location:
        raise ConfigError(f"the source and the target are the same store ({src.location})")
    for s in (src, dst):
        if not (hasattr(s, "conn") and hasattr(s, "atomic")):
            raise ConfigError(f"{s.location}: this store cannot be copied (no SQL connection)")
    a: Any = src
    b: Any = dst
    result = CopyResult()
    result.copied["documents"] = _copy_documents(a, b, batch, on_documents)
    for table, columns, order in _ROW_TABLES:
        result.copied[table] = _copy_rows(a, b, table, columns, order)
    result.copied["alert_deliveries"] = _copy_deliveries(a, b)
    result.copied["alert_settings"] = _copy_settings(a, b)
    for t in TABLES:
        result.source[t] = _count(a, t)
        result.target[t] = _count(b, t)
    return result


def _count(store: Any, table: str) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _copy_documents(src: Any, dst: Any, batch: int, on_documents: Callable[[int, int], None] | None) -> int:
    ids = [r[0] for r in src.conn.execute("SELECT id FROM documents ORDER BY rowid")]
    copied = 0
    for i in range(0, len(ids), batch):
        part = ids[i : i + batch]
        marks = ",".join("?" * len(part))
        present = {r[0] for r in dst.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", part)}
        missing = [d for d in part if d not in present]
        if missing:
            marks = ",".join("?" * len(missing))
            meta = {
                r[0]: r
                for r in src.conn.execute(
                    f"SELECT id, ingested_at, updated_at, near_duplicate_of FROM documents WHERE id IN ({marks})",
                    missing,
                )
            }
            urls: dict[str, list[tuple[str, str]]] = {}
            for r in src.conn.execute(
                f"SELECT document_id, url, first_seen FROM document_urls WHERE document_id IN ({marks}) "
                "ORDER BY first_seen, rowid",
                missing,
            ):
                urls.setdefault(r[0], []).append((r[1], r[2]))
            docs = [src.get(did) for did in missing]  # read before the target's transaction starts

            def store_batch(c: Any, docs: list[Any] = docs, meta: dict[str, Any] = meta, urls: Any = urls) -> None:
                for doc in docs:
                    dst.put(doc)
                    m = meta[doc.id]
                    c.execute(
                        "UPDATE documents SET ingested_at = ?, updated_at = ?, near_duplicate_of = ? WHERE id = ?",
                        (m[1], m[2], m[3], doc.id),
                    )
                    c.execute("DELETE FROM document_urls WHERE document_id = ?", (doc.id,))
                    c.executemany(
                        "INSERT INTO document_urls (document_id, url, first_seen) VALUES (?, ?, ?)",
                        [(doc.id, u, t) for u, t in urls.get(doc.id, [])],
                    )

            # safe to run again as a whole: a batch that deadlocks with another writer of the target is retried
            dst.atomic_retry(f"documents {i + 1}-{i + len(part)} of the copy", store_batch)
            copied += len(docs)
        if on_documents is not None:
            on_documents(min(i + batch, len(ids)), len(ids))
    # outlets no document names any more (their documents removed) are copied too
    for r in src.conn.execute("SELECT name, domain FROM sources ORDER BY id"):
        dst.conn.execute("INSERT OR IGNORE INTO sources (name, domain) VALUES (?, ?)", (r[0], r[1] or ""))
    return copied


def _copy_rows(src: Any, dst: Any, table: str, columns: list[str], order: str) -> int:
    cols = ", ".join(columns)
    insert = f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({','.join('?' * len(columns))})"
    copied, offset = 0, 0
    while True:
        rows = src.conn.execute(
            f"SELECT {cols} FROM {table} ORDER BY {order} LIMIT ? OFFSET ?", (ROWS, offset)
        ).fetchall()
        if not rows:
            return copied
        offset += len(rows)
        with dst.atomic(f"the rows of {table}") as c:
            for r in rows:  # one at a time: executemany's row count is not the same on both backends
                copied += max(c.execute(insert, tuple(r)).rowcount, 0)


def _copy_deliveries(src: Any, dst: Any) -> int:
    cols = ", ".join(f"d.{c}" for c in _DELIVERY_COLUMNS)
    rows = src.conn.execute(
        f"SELECT e.event_key, {cols} FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id ORDER BY d.id"
    ).fetchall()
    insert = (
        f"INSERT OR IGNORE INTO alert_deliveries (event_id, {', '.join(_DELIVERY_COLUMNS)}) "
        f"SELECT id, {','.join('?' * len(_DELIVERY_COLUMNS))} FROM alert_events WHERE event_key = ?"
    )
    copied = 0
    with dst.atomic("the alert deliveries") as c:
        for r in rows:
            copied += max(c.execute(insert, (*tuple(r)[1:], r[0])).rowcount, 0)
    return copied


def _copy_settings(src: Any, dst: Any) -> int:
    from presswatch.alerts.ledger import DOCUMENTS_MARK, mark_after, not_evaluated

    copied = 0
    rows = [tuple(r) for r in src.conn.execute("SELECT key, value FROM alert_settings ORDER BY key")]
    have = {r[0] for r in dst.conn.execute("SELECT key FROM alert_settings")}
    # the documents the source had not evaluated are not evaluated in the target either (in the target's own terms)
    mark = None
    if any(k == DOCUMENTS_MARK for k, _ in rows) and DOCUMENTS_MARK not in have:
        mark = mark_after(dst, not_evaluated(src) or [])
    with dst.atomic("the alert settings") as c:
        for key, value in rows:
            if key == DOCUMENTS_MARK:
                if mark is None:
                    continue
                value = mark
            copied += max(
                c.execute("INSERT OR IGNORE INTO alert_settings (key, value) VALUES (?, ?)", (key, value)).rowcount, 0
            )
    return copied


__all__ = ["copy_store", "CopyResult", "TABLES"]
