"""``presswatch watch``: poll the registered feeds and sitemaps, fetch their items' pages, analyse and store them.

One :class:`Watcher` per store at a time (a lock file next to the store says so). Each pass (:meth:`Watcher.tick`)
polls the endpoints that are due, then works through the queue's due items in batches until nothing is due:

- every fetch goes through :func:`presswatch.ingest.fetch.fetch` (address checks, one deadline, size limits on the
  decompressed bytes), inside the per-host gate and after the host's robots.txt allows it
  (:mod:`presswatch.watch.politeness`); pages are fetched by a pool of threads, the store is written by the calling
  thread only;
- a feed or sitemap is fetched with a conditional GET (its last ETag and Last-Modified); a failed poll is retried
  after an exponential backoff with jitter, a successful one after ``interval`` (with 10 % jitter, so that sources
  added together drift apart);
- an item whose page cannot be fetched or holds no article text is stored from the feed's own title and description,
  marked ``summaries["watch"]["text_from"] == "feed"``, and its page is retried later; once the page is read, the
  page's document replaces that stand-in;
- a document and its queue item are written in one transaction (see :mod:`presswatch.watch.queue`), so a ``kill -9``
  at any moment loses nothing and duplicates nothing.

The alerts engine plugs in through two callables: ``on_stored(store, document_ids)`` after each batch that stored new
or updated documents, and ``on_tick(store, now)`` after each pass.
"""

from __future__ import annotations

import contextlib
import html
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from presswatch.errors import InputError, PresswatchError, StoreError
from presswatch.ingest.feeds import parse_feed
from presswatch.ingest.fetch import FEED_TYPES, TEXT_TYPES, FetchSettings, fetch
from presswatch.model import Document
from presswatch.store.base import Store
from presswatch.watch.politeness import DisallowedError, HostGate, Robots
from presswatch.watch.queue import Endpoint, Item, WorkQueue, iso
from presswatch.watch.registry import sqlite_of
from presswatch.watch.sitemaps import GZIP_TYPES, gunzip, parse_sitemap, refuse_internal_dtd

StoredHook = Callable[[Store, list[str]], None]
TickHook = Callable[[Store, float], None]


def _no_stored(store: Store, document_ids: list[str]) -> None:
    """The default ``on_stored``: nothing (the integrator wires the alerts engine here)."""


def _no_tick(store: Store, now: float) -> None:
    """The default ``on_tick``: nothing."""


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass(slots=True)
class WatchOptions:
    """How the watcher behaves; the CLI options of ``presswatch watch`` map onto these fields."""

    interval: float = 900.0  # seconds between two polls of one feed or sitemap
    analyzers: list[str] | None = None  # None: the default set; []: none
    settings: FetchSettings = field(default_factory=FetchSettings)
    host_delay: float = 1.0  # seconds between two requests to one host
    per_host: int = 2  # requests at once to one host
    workers: int = 8  # requests at once in all
    batch_size: int = 32  # items fetched, analysed and stored per batch
    max_chars: int | None = None


@dataclass(slots=True)
class WatchStats:
    polls: int = 0
    poll_errors: int = 0
    new_items: int = 0
    stored: int = 0  # documents stored from their pages
    stand_ins: int = 0  # items stored from the feed's words
    page_errors: int = 0

    def add(self, other: WatchStats) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        return (
            f"polled {self.polls} feed(s)/sitemap(s) ({self.poll_errors} failed), {self.new_items} new item(s); "
            f"stored {self.stored} page(s) and {self.stand_ins} feed summary(ies); {self.page_errors} page "
            "fetch(es) failed"
        )


@dataclass(slots=True)
class _Polled:
    items: list[Item]
    changed: bool = True
    etag: str | None = None
    last_modified: str | None = None
    children: list[tuple[str, str | None]] | None = None


def _date(value: str | None) -> str | None:
    """A feed's date (RFC 822 in RSS, ISO 8601 in Atom and sitemaps) as YYYY-MM-DD, or None."""
    if not value:
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    if m:
        return m.group(0)
    try:
        d = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return (d.astimezone(UTC) if d.tzinfo else d).date().isoformat()


def _plain(markup: str | None) -> str | None:
    """A feed description as plain text: tags dropped, character references decoded, blank lines kept."""
    if not markup:
        return None
    text = html.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?i)<\s*(br|/p|/div|/li)\b[^>]*>", "\n", markup)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) or None


def stand_in(item: Item, error: str, fetched_at: str) -> Document | None:
    """The document stored for an item whose page could not be read: the feed's description (else its title) as
    the text, marked ``summaries["watch"] = {"text_from": "feed", ...}``; None when the feed gave no words."""
    text = _plain(item.summary) or item.title
    if not text:
        return None
    published = _date(item.published)
    return Document(
        text=text,
        url=item.url,
        source=item.source,
        source_domain=urlsplit(item.url).hostname,
        title=item.title,
        kind="text",
        published=published,
        published_from="given" if published else None,
        fetched_at=fetched_at,
        summaries={"watch": {"text_from": "feed", "page_error": error[:300]}},
    )


class Watcher:
    """Polls, fetches, analyses and stores; see the module's description. ``clock`` gives the time (seconds since
    the epoch) for scheduling, ``rng`` the jitter: both replaceable for tests."""

    def __init__(
        self,
        store: Store,
        options: WatchOptions | None = None,
        *,
        on_stored: StoredHook = _no_stored,
        on_tick: TickHook = _no_tick,
        log: Callable[[str], None] = _stderr,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.store = sqlite_of(store)
        self.options = options or WatchOptions()
        self.queue = WorkQueue(self.store)
        self.on_stored = on_stored
        self.on_tick = on_tick
        self.log = log
        self.clock = clock
        self.rng = rng or random.Random()
        self.gate = HostGate(self.options.host_delay, self.options.per_host)
        self.robots = Robots(fetch, self.options.settings, self.gate, clock=clock)
        self._names = self._analyzer_names()
        self._resources: Any = None
        self._health: dict[str, str] = {}

    def _analyzer_names(self) -> list[str]:
        from presswatch import analyzers as analyzers_mod

        names = analyzers_mod.DEFAULT if self.options.analyzers is None else self.options.analyzers
        for n in names:
            analyzers_mod.get(n)  # an unknown name fails before any work is done
        return list(names)

    # -- running -------------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """One watcher per store: a lock on a file next to it, released by the system however the process ends
        (kill -9 included), so a restart never waits for a lock left behind. On PostgreSQL, a lock in the database
        (:meth:`PostgresStore.exclusive`), released the same way."""
        import fcntl

        lock = getattr(self.store, "exclusive", None)
        if lock is not None:
            with lock("presswatch watch"):
                yield
            return

        path = Path(self.store.location + "-watch.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(
                    "another presswatch watch is running on this store", source=self.store.location
                ) from None
            yield
        finally:
            os.close(fd)

    def run(self, *, once: bool = False, stop: threading.Event | None = None) -> WatchStats:
        """Work until stopped (``stop`` set, or Ctrl-C); with ``once``, until nothing is due now (for cron)."""
        total = WatchStats()
        stop = stop or threading.Event()
        with self.exclusive(), ThreadPoolExecutor(self.options.workers, thread_name_prefix="watch") as pool:
            while not stop.is_set():
                total.add(self.tick(pool, stop))
                if once:
                    break
                nxt = self.queue.next_due()
                wait = self.options.interval if nxt is None else nxt - self.clock()
                stop.wait(min(max(wait, 1.0), self.options.interval))
        return total

    def tick(self, pool: ThreadPoolExecutor, stop: threading.Event | None = None) -> WatchStats:
        """One pass: poll what is due, then fetch, analyse and store the due items, until nothing is due now (or
        ``stop`` is set: the pass ends after the batch in hand, everything stored so far committed)."""
        stats = WatchStats()
        while stop is None or not stop.is_set():
            now = self.clock()
            endpoints = self.queue.due_endpoints(now)
            items = self.queue.due_items(now, max(self.options.batch_size, 4 * self.options.workers))
            if not endpoints and not items:
                break
            if endpoints:
                self._poll_all(endpoints, pool, stats)
            if items:
                self._process(items, pool, stats)
        if stats.polls or stats.stored or stats.stand_ins or stats.page_errors:
            self.log("watch: " + stats.line())
        self._call("on_tick", self.on_tick, self.store, self.clock())
        self._warn_on_health()
        return stats

    # -- polling -------------------------------------------------------------------------------------------------
    def poll_due(self, pool: ThreadPoolExecutor) -> WatchStats:
        """Poll the feeds and sitemaps that are due and queue their new items, without fetching any page."""
        stats = WatchStats()
        endpoints = self.queue.due_endpoints(self.clock())
        if endpoints:
            self._poll_all(endpoints, pool, stats)
        return stats

    def _poll_all(self, endpoints: list[Endpoint], pool: ThreadPoolExecutor, stats: WatchStats) -> None:
        for ep, outcome in zip(endpoints, pool.map(self._poll_safely, endpoints), strict=True):
            now = self.clock()
            stats.polls += 1
            if isinstance(outcome, PresswatchError):
                stats.poll_errors += 1
                msg = str(outcome) if outcome.source else f"{ep.url}: {outcome}"
                self.queue.poll_failed(ep, now, msg, rng=self.rng)
                self.log(f"error: {ep.source}: {msg}")
                continue
            jitter = self.options.interval * (0.9 + 0.2 * self.rng.random())
            new = self.queue.poll_succeeded(
                ep,
                now,
                now + jitter,
                outcome.items,
                etag=outcome.etag,
                last_modified=outcome.last_modified,
                children=outcome.children,
                changed=outcome.changed,
            )
            stats.new_items += new

    def _poll_safely(self, ep: Endpoint) -> _Polled | PresswatchError:
        try:
            return self._poll(ep)
        except PresswatchError as e:
            return e
        except Exception as e:  # noqa: BLE001 - a parser failing on one odd feed must not end the watch
            return InputError(f"could not be read ({type(e).__name__}: {str(e)[:200]})", source=ep.url)

    def _poll(self, ep: Endpoint) -> _Polled:
        s = self.options.settings
        self.robots.check(ep.url)
        headers = {}
        if ep.etag:
            headers["If-None-Match"] = ep.etag
        if ep.last_modified:
            headers["If-Modified-Since"] = ep.last_modified
        with self.gate.slot(ep.url):
            res = fetch(ep.url, s, accept=FEED_TYPES + TEXT_TYPES + GZIP_TYPES, headers=headers)
        if res.status == 304:
            return _Polled([], changed=False)
        out = _Polled([], etag=res.headers.get("etag"), last_modified=res.headers.get("last-modified"))
        data = res.data
        if res.content_type in GZIP_TYPES or data[:2] == b"\x1f\x8b":  # a .xml.gz sitemap file
            data = gunzip(data, s.max_bytes, source=ep.url)
        refuse_internal_dtd(data, source=ep.url)
        if ep.type == "feed":
            out.items = [
                Item(i.url, ep.source, i.title, i.summary, i.published)
                for i in parse_feed(data, base_url=res.final_url, source=ep.url)
            ]
            return out
        sitemap = parse_sitemap(data, base_url=res.final_url, source=ep.url)
        # a news sitemap's publication date, never <lastmod> (when the page last changed, not when it was published)
        out.items = [Item(p.url, ep.source, p.title, None, p.published) for p in sitemap.pages]
        if ep.type == "sitemap":  # an index lists sitemaps; a sitemap it lists cannot be an index in its turn
            out.children = [(c.url, c.lastmod) for c in sitemap.children]
        return out

    # -- items ---------------------------------------------------------------------------------------------------
    def _page(self, item: Item) -> Document | PresswatchError:
        """The item's page as an extracted document (no analysis yet), or why it could not be had."""
        from presswatch.ingest.sources import fetch_url
        from presswatch.pipeline import to_document

        try:
            self.robots.check(item.url)
            with self.gate.slot(item.url):
                raw = fetch_url(item.url, self.options.settings)
            return to_document(raw)
        except PresswatchError as e:
            return e
        except Exception as e:  # noqa: BLE001 - a library failing on one odd page must not end the watch
            return InputError(f"could not be read ({type(e).__name__}: {str(e)[:200]})", source=item.url)

    def _analyse(self, docs: list[Document]) -> Iterator[tuple[Document, PresswatchError | None]]:
        if not self._names:
            yield from ((d, None) for d in docs)
            return
        from presswatch import analyzers as analyzers_mod
        from presswatch.pipeline import analyse_batch

        if self._resources is None:
            self._resources = analyzers_mod.Resources(
                batch_size=self.options.batch_size, max_chars=self.options.max_chars
            )
        yield from analyse_batch(docs, self._names, self._resources)

    def _process(self, items: list[Item], pool: ThreadPoolExecutor, stats: WatchStats) -> None:
        """Fetch the items' pages in the pool and store them as they come, in order: one at a time without
        analyzers, else in analysis batches (one shared parse each); the hooks run once at the end."""
        pages = pool.map(self._page, items)  # lazy: storing the first pages overlaps fetching the next ones
        step = self.options.batch_size if self._names else 1
        changed: list[str] = []
        chunk: list[tuple[Item, Document | PresswatchError]] = []
        for pair in zip(items, pages, strict=True):
            chunk.append(pair)
            if len(chunk) >= step:
                changed += self._store_chunk(chunk, stats)
                chunk = []
        if chunk:
            changed += self._store_chunk(chunk, stats)
        if changed:
            self._after_store(changed)

    def _store_chunk(self, chunk: list[tuple[Item, Document | PresswatchError]], stats: WatchStats) -> list[str]:
        """Analyse and store fetched pages (or the feed's words for those that failed); the ids stored or changed."""
        items = [item for item, _ in chunk]
        fetched_at = iso(self.clock())
        docs: list[Document] = []
        owner: dict[int, int] = {}  # position in docs -> position in items
        errors: dict[int, PresswatchError] = {}
        for i, (item, page) in enumerate(chunk):
            if isinstance(page, PresswatchError):
                errors[i] = page
                stand = None if item.document_id else stand_in(item, page.message, fetched_at)
                if stand is not None:
                    owner[len(docs)] = i
                    docs.append(stand)
                continue
            page.source = item.source
            if not page.published and _date(item.published):
                page.published, page.published_from = _date(item.published), "given"
            owner[len(docs)] = i
            docs.append(page)
        analysed: dict[int, Document] = {}
        for j, (doc, error) in enumerate(self._analyse(docs)):
            i = owner[j]
            if error is None:
                analysed[i] = doc
            elif i not in errors:  # the page could not be analysed: kept for a later try, like a failed fetch
                errors[i] = error
        changed: list[str] = []
        for i, item in enumerate(items):
            now = self.clock()
            if i not in errors:
                changed += self._store_page(item, analysed[i], now)
                stats.stored += 1
                continue
            stats.page_errors += 1
            error = errors[i]
            stand = analysed.get(i)
            # run again as a whole if another writer's transaction deadlocks with it (PostgreSQL)
            sid, new_doc, state = self.store.atomic_retry(
                f"queue item {item.url}", lambda _c, i=item, d=stand, e=error, t=now: self._failed_page(i, d, e, t)
            )
            if sid and new_doc:
                changed.append(sid)
            if sid:
                stats.stand_ins += 1
            what = {
                "fallback": "stored the feed's summary; the page is retried later",
                "pending": "retried later",
                "summary": "kept the feed's summary",
                "failed": "given up",
            }[state]
            self.log(f"error: {item.source}: {error if error.source else f'{item.url}: {error}'} ({what})")
        return changed

    def _failed_page(
        self, item: Item, stand: Document | None, error: PresswatchError, now: float
    ) -> tuple[str | None, bool, str]:
        """Inside the item's transaction: store the stand-in (the feed's words), if any, and schedule the item's
        next try. (the stand-in's id, whether it is new or changed, the item's new state)"""
        sid = None
        new_doc = False
        if stand is not None:
            res = self.store.put(stand, seen_url=item.url)
            sid, new_doc = res.document_id, res.status != "unchanged"
        if isinstance(error, DisallowedError):
            state = self.queue.retry_later(item, now, str(error), stand_in=sid, final=True)
        else:
            state = self.queue.retry_later(item, now, str(error), stand_in=sid, rng=self.rng)
        return sid, new_doc, state

    def _store_page(self, item: Item, doc: Document, now: float) -> list[str]:
        """Store a page's document and mark its item done, in one transaction; the item's stand-in, if any, is
        replaced by it."""

        def store_it(_c: Any) -> Any:
            res = self.store.put(doc, seen_url=item.url)
            if (
                item.document_id
                and item.document_id != res.document_id
                and not self.queue.stand_in_shared(item.document_id, item.url)
            ):
                self.store.delete(item.document_id)
            self.queue.complete(item, res.document_id, now)
            return res

        # safe to run again as a whole (put stores a text once): retried if another writer deadlocks with it
        res = self.store.atomic_retry(f"queue item {item.url}", store_it)
        return [res.document_id] if res.status != "unchanged" else []

    def _after_store(self, document_ids: list[str]) -> None:
        if "incidents" in self._names:
            from presswatch.comparison.linking import link_store

            link_store(self.store)
        self._call("on_stored", self.on_stored, self.store, document_ids)

    def _call(self, name: str, hook: Callable[..., None], *args: Any) -> None:
        """Run a hook (the alerts engine); its failure is logged, never the end of the watch: the documents are
        stored already, and the next pass calls it again."""
        try:
            hook(*args)
        except Exception as e:  # noqa: BLE001
            self.log(f"error: {name} failed ({type(e).__name__}: {str(e)[:200]})")

    def _warn_on_health(self) -> None:
        """A warning line when a source turns quiet or failing (once per change, not at every pass)."""
        from presswatch.watch.health import source_health

        for h in source_health(self.store, self.clock()):
            if h.status != self._health.get(h.name) and h.warning:
                self.log(f"warning: {h.name}: {h.warning}")
            self._health[h.name] = h.status
