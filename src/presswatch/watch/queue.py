"""The durable work queue of ``presswatch watch``, kept in the store's own SQLite file (migration 7).

Two tables hold all the watcher's state, so that a ``kill -9`` at any moment and a restart lose nothing and repeat
nothing:

- ``watch_endpoints``: each feed or sitemap to poll, with its conditional-GET validators (ETag, Last-Modified), when
  it is due next and its error streak. A poll's new items and the endpoint's new state are written in one
  transaction: killed before it commits, the poll is simply done again (items are keyed by URL, so finding one
  twice queues it once).
- ``watch_items``: one row per item URL (idempotent by URL). An item's document is stored and the item marked done in
  one transaction (:meth:`SQLiteStore.atomic`), so a crash leaves either both or neither; and the store's ``put`` is
  idempotent by content hash, so even a page fetched twice is stored once.

States of an item: ``pending`` (nothing stored yet), ``fallback`` (the feed's title and description stored as a
stand-in; the page is retried later), and the final ``done`` (the page stored), ``summary`` (the stand-in kept for
good: robots.txt forbids the page, or it failed :data:`MAX_ATTEMPTS` times) and ``failed`` (nothing could be stored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from presswatch.store.base import Store
from presswatch.watch.registry import sqlite_of

MAX_ATTEMPTS = 8  # fetches of one page before its item is given up (about 4 hours with the backoff below)
RETRY_BASE = 60.0  # seconds before the first retry of a page or a failed poll
RETRY_MAX = 6 * 3600.0  # the longest wait between two retries
ACTIVE = ("pending", "fallback")


def iso(t: float) -> str:
    """A time (seconds since the epoch) as the store writes times: ISO 8601 UTC to the second."""
    return datetime.fromtimestamp(t, UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def backoff(
    failures: int, *, base: float = RETRY_BASE, cap: float = RETRY_MAX, rng: random.Random | None = None
) -> float:
    """Seconds to wait after the ``failures``-th failure in a row: ``base`` doubled each time up to ``cap``, times a
    random factor in [0.5, 1.5) so that many items or feeds failing together (one host down) are not retried
    together."""
    r = rng or random
    return min(base * 2 ** max(failures - 1, 0), cap) * (0.5 + r.random())


@dataclass(slots=True)
class Endpoint:
    url: str
    source: str
    type: str  # "feed", "sitemap", or "sitemap-child" (a sitemap listed by an index)
    parent: str | None
    etag: str | None
    last_modified: str | None
    polls: int
    error_streak: int


@dataclass(slots=True)
class Item:
    """What the queue knows of one item: enough to fetch its page, or to store the feed's words instead."""

    url: str
    source: str
    title: str | None = None
    summary: str | None = None
    published: str | None = None
    state: str = "pending"
    attempts: int = 0
    document_id: str | None = None


class WorkQueue:
    """The watcher's view of the two tables. Every method commits its own transaction, except :meth:`complete` and
    the other item updates, which join the caller's :meth:`SQLiteStore.atomic` when there is one."""

    def __init__(self, store: Store) -> None:
        self.store = sqlite_of(store)
        self.conn = self.store.conn

    # -- endpoints ---------------------------------------------------------------------------------------------
    def due_endpoints(self, now: float) -> list[Endpoint]:
        rows = self.conn.execute(
            "SELECT url, source, type, parent, etag, last_modified, polls, error_streak FROM watch_endpoints "
            "WHERE next_poll <= ? ORDER BY next_poll, type, url",
            (now,),
        ).fetchall()
        return [Endpoint(*r) for r in rows]

    def poll_succeeded(
        self,
        ep: Endpoint,
        now: float,
        next_poll: float,
        items: list[Item],
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        children: list[tuple[str, str | None]] | None = None,
        changed: bool = True,
    ) -> int:
        """Record a successful poll: queue the items not seen before, note the validators for the next conditional
        GET, and (for a sitemap index) register its child sitemaps, due now when new or changed. All in one
        transaction. Returns how many items were new. Items found by an endpoint's first poll are its backlog:
        they do not count towards the source's usual rate (see :mod:`presswatch.watch.health`)."""
        stamp = iso(now)
        # safe to run again as a whole: retried if another writer's transaction deadlocks with it (PostgreSQL)
        return int(
            self.store.atomic_retry(
                f"the poll of {ep.url}",
                lambda c: self._polled(c, ep, items, stamp, next_poll, etag, last_modified, children, changed),
            )
        )

    def _polled(
        self,
        c: Any,
        ep: Endpoint,
        items: list[Item],
        stamp: str,
        next_poll: float,
        etag: str | None,
        last_modified: str | None,
        children: list[tuple[str, str | None]] | None,
        changed: bool,
    ) -> int:
        """:meth:`poll_succeeded`'s writes, in its transaction ``c``."""
        backlog = int(ep.polls == 0)
        new = 0
        for it in items:
            new += c.execute(
                "INSERT OR IGNORE INTO watch_items (url, source, title, summary, published, backlog, "
                "discovered_at) VALUES (?,?,?,?,?,?,?)",
                (it.url, ep.source, it.title, it.summary, it.published, backlog, stamp),
            ).rowcount
        if changed:
            c.execute(
                "UPDATE watch_endpoints SET etag = ?, last_modified = ? WHERE source = ? AND url = ?",
                (etag, last_modified, ep.source, ep.url),
            )
        c.execute(
            "UPDATE watch_endpoints SET next_poll = ?, polls = polls + 1, last_success = ?, "
            "first_success = COALESCE(first_success, ?), error_streak = 0 WHERE source = ? AND url = ?",
            (next_poll, stamp, stamp, ep.source, ep.url),
        )
        if children is not None:
            listed = {u for u, _ in children}
            for r in c.execute(
                "SELECT url FROM watch_endpoints WHERE source = ? AND parent = ?", (ep.source, ep.url)
            ).fetchall():
                if r[0] not in listed:
                    c.execute("DELETE FROM watch_endpoints WHERE source = ? AND url = ?", (ep.source, r[0]))
            for url, lastmod in children:
                old = c.execute(
                    "SELECT lastmod FROM watch_endpoints WHERE source = ? AND url = ?", (ep.source, url)
                ).fetchone()
                if old is None:
                    c.execute(
                        "INSERT INTO watch_endpoints (url, source, type, parent, lastmod, next_poll) "
                        "VALUES (?, ?, 'sitemap-child', ?, ?, 0)",
                        (url, ep.source, ep.url, lastmod),
                    )
                elif lastmod and lastmod != old[0]:
                    c.execute(
                        "UPDATE watch_endpoints SET lastmod = ?, next_poll = 0 WHERE source = ? AND url = ?",
                        (lastmod, ep.source, url),
                    )
        return new

    def poll_failed(self, ep: Endpoint, now: float, error: str, rng: random.Random | None = None) -> float:
        """Record a failed poll; it is tried again after an exponential backoff. Returns the time of the retry."""
        retry = now + backoff(ep.error_streak + 1, rng=rng)
        with self.store.atomic(f"the poll of {ep.url}") as c:
            c.execute(
                "UPDATE watch_endpoints SET next_poll = ?, last_error = ?, last_error_at = ?, "
                "error_streak = error_streak + 1 WHERE source = ? AND url = ?",
                (retry, error[:500], iso(now), ep.source, ep.url),
            )
        return retry

    # -- items -------------------------------------------------------------------------------------------------
    def due_items(self, now: float, limit: int) -> list[Item]:
        rows = self.conn.execute(
            "SELECT url, source, title, summary, published, state, attempts, document_id FROM watch_items "
            "WHERE state IN ('pending', 'fallback') AND next_attempt <= ? ORDER BY next_attempt, rowid LIMIT ?",
            (now, limit),
        ).fetchall()
        return [Item(*r) for r in rows]

    def complete(self, item: Item, document_id: str, now: float, state: str = "done") -> None:
        """Mark an item stored (``done``, or ``summary`` for a stand-in kept for good). Call it inside the
        ``atomic`` block that stored the document."""
        self.conn.execute(
            "UPDATE watch_items SET state = ?, document_id = ?, stored_at = ?, attempts = attempts + 1 WHERE url = ?",
            (state, document_id, iso(now), item.url),
        )

    def retry_later(
        self,
        item: Item,
        now: float,
        error: str,
        *,
        stand_in: str | None = None,
        final: bool = False,
        rng: random.Random | None = None,
    ) -> str:
        """Record a failed fetch of the item's page (with the stand-in stored for it, if one was): retried after an
        exponential backoff, or given up after :data:`MAX_ATTEMPTS` fetches (at once with ``final``: robots.txt
        forbids the page). Returns the item's new state."""
        attempts = item.attempts + 1
        doc = stand_in or item.document_id
        if final or attempts >= MAX_ATTEMPTS:
            state = "summary" if doc else "failed"
        else:
            state = "fallback" if doc else "pending"
        self.conn.execute(
            "UPDATE watch_items SET state = ?, attempts = ?, next_attempt = ?, last_error = ?, document_id = ?, "
            "stored_at = COALESCE(stored_at, ?) WHERE url = ?",
            (state, attempts, now + backoff(attempts, rng=rng), error[:500], doc, iso(now) if doc else None, item.url),
        )
        return state

    def stand_in_shared(self, document_id: str, url: str) -> bool:
        """Whether another item also points at this stand-in document (two items with the same feed words)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM watch_items WHERE document_id = ? AND url != ? LIMIT 1", (document_id, url)
            ).fetchone()
            is not None
        )

    # -- scheduling ------------------------------------------------------------------------------------------
    def next_due(self) -> float | None:
        """The earliest time any endpoint or active item is due, or None when there is nothing to do at all."""
        row = self.conn.execute(
            "SELECT MIN(t) FROM (SELECT MIN(next_poll) AS t FROM watch_endpoints UNION ALL "
            "SELECT MIN(next_attempt) FROM watch_items WHERE state IN ('pending', 'fallback')) AS due"
        ).fetchone()
        return None if row[0] is None else float(row[0])

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT state, COUNT(*) FROM watch_items GROUP BY state")}
