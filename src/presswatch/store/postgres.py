"""PostgreSQL store: the same interface and results as the SQLite store, for several writers on several machines.

Selected by a ``postgresql://`` URL (``--db``, ``PRESSWATCH_DB``). psycopg 3 with a connection pool (the ``postgres``
extra). Its own numbered migrations (table ``presswatch_migrations``), applied under an advisory lock so that processes
opening a new database at once migrate it exactly once.

Full-text search is PostgreSQL's own: a ``tsvector`` per document, built with the configuration of the document's
language (``english``, ``russian``, ``simple`` for any other), and a query term matches in any of them. Near-duplicates
use the same SimHash bands as SQLite. Writers never duplicate or lose a document: a document is inserted with
``INSERT ... ON CONFLICT DO NOTHING`` (its id is the hash of its text), and an existing one is locked with
``SELECT ... FOR UPDATE`` before its analysis is merged.

The watcher's queue and sources registry and the alerts' ledger keep tables of their own here too (migration 2, as
SQLite's migrations 7 and 8): their code writes SQLite-style SQL on :attr:`PostgresStore.conn`, which
:mod:`presswatch.store.pgsql` translates, and groups writes with :meth:`PostgresStore.atomic` /
:meth:`PostgresStore.transaction`, with the SQLite store's meaning (one transaction; nested, a savepoint).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import random
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from presswatch.errors import ConfigError, NotFoundError, StoreError, WriteConflictError
from presswatch.fingerprint import MAX_DISTANCE, bands, distance, from_signed, probes, simhash, to_signed
from presswatch.model import Document, Span
from presswatch.store.base import (
    DocumentQuery,
    FoundDocuments,
    PutResult,
    SearchHit,
    SearchResults,
    Store,
    StoredSummary,
)
from presswatch.store.pgsql import Result, row_factory, translate
from presswatch.store.sqlite import (
    COLLAPSE_WINDOW,
    MAX_QUERY_TERMS,
    _near_copy_groups,
    _now,
    _place_snippet,
    _short,
    check_raw_query,
    fold,
    query_terms,
)

try:  # the ``postgres`` extra
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.rows import dict_row
    from psycopg.types.json import Jsonb
    from psycopg_pool import ConnectionPool
except ImportError:  # pragma: no cover - reported by PostgresStore()
    psycopg = None  # type: ignore[assignment]

# Each migration moves the schema from version i to i+1; never edit a released one, append a new one.
# Version 1 holds what SQLite's nine migrations hold for documents, sources, spans, near-duplicates and incidents.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sources (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL,
        domain TEXT NOT NULL DEFAULT '',
        UNIQUE (name, domain)
    );
    CREATE TABLE documents (
        id TEXT COLLATE "C" PRIMARY KEY,
        seq BIGSERIAL UNIQUE,
        source_id BIGINT REFERENCES sources(id),
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        authors JSONB NOT NULL DEFAULT '[]',
        published TEXT COLLATE "C",
        published_from TEXT,
        fetched_at TEXT,
        language TEXT,
        language_score DOUBLE PRECISION,
        kind TEXT NOT NULL,
        description TEXT,
        text TEXT NOT NULL,
        paragraphs JSONB NOT NULL DEFAULT '[]',
        analyzers JSONB NOT NULL DEFAULT '{}',
        summaries JSONB NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        encoding TEXT,
        encoding_confidence DOUBLE PRECISION,
        simhash BIGINT,
        near_duplicate_of TEXT COLLATE "C",
        fts_config REGCONFIG NOT NULL DEFAULT 'simple',
        fts TSVECTOR NOT NULL
    );
    CREATE INDEX documents_published ON documents (published DESC NULLS LAST, seq DESC);
    CREATE INDEX documents_source ON documents (source_id);
    CREATE INDEX documents_ingested ON documents (ingested_at, id);
    CREATE INDEX documents_fts ON documents USING GIN (fts);
    CREATE TABLE document_urls (
        document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        seq BIGSERIAL,
        PRIMARY KEY (document_id, url)
    );
    CREATE TABLE spans (
        id BIGSERIAL PRIMARY KEY,
        document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        analyzer TEXT NOT NULL,
        attrs JSONB NOT NULL DEFAULT '{}'
    );
    CREATE INDEX spans_document ON spans (document_id);
    CREATE INDEX spans_label ON spans (analyzer, label);
    CREATE INDEX spans_place_id ON spans ((attrs->>'place_id'), document_id)
        WHERE analyzer = 'places' AND label = 'PLACE';
    CREATE INDEX spans_source_kind ON spans ((attrs->>'kind'), document_id)
        WHERE analyzer = 'sourcing' AND label = 'SOURCE';
    CREATE INDEX spans_cue_source_kind ON spans ((attrs->>'source_kind'), document_id)
        WHERE analyzer = 'sourcing' AND label = 'CUE';
    CREATE TABLE simhash_bands (
        band SMALLINT NOT NULL,
        value BIGINT NOT NULL,
        document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX simhash_bands_lookup ON simhash_bands (band, value);
    CREATE INDEX simhash_bands_document ON simhash_bands (document_id);
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE incident_reports (
        id BIGSERIAL PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        part INTEGER NOT NULL DEFAULT 0,
        day INTEGER,
        cell INTEGER,
        score DOUBLE PRECISION,
        vector BYTEA,
        UNIQUE (document_id, start, "end", part)
    );
    CREATE INDEX incident_reports_day ON incident_reports (day, cell);
    CREATE INDEX incident_reports_incident ON incident_reports (incident_id);
    """,
    # 2: presswatch watch (its sources registry, each endpoint's polling state, the queue of items) and alerts (rules,
    #    settings, the ledger of fired alerts and their deliveries): SQLite's migrations 7 and 8. ``seq`` gives the
    #    queue its insertion order (SQLite's rowid).
    """
    CREATE TABLE watch_sources (
        name TEXT PRIMARY KEY,
        feed TEXT,
        sitemap TEXT,
        kind TEXT,
        side TEXT,
        country TEXT,
        lang TEXT,
        added_at TEXT NOT NULL
    );
    CREATE TABLE watch_endpoints (
        url TEXT NOT NULL,
        source TEXT NOT NULL REFERENCES watch_sources(name) ON DELETE CASCADE,
        type TEXT NOT NULL,
        parent TEXT,
        etag TEXT,
        last_modified TEXT,
        lastmod TEXT,
        next_poll DOUBLE PRECISION NOT NULL DEFAULT 0,
        polls INTEGER NOT NULL DEFAULT 0,
        first_success TEXT,
        last_success TEXT,
        last_error TEXT,
        last_error_at TEXT,
        error_streak INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, url)
    );
    CREATE TABLE watch_items (
        url TEXT PRIMARY KEY,
        seq BIGSERIAL UNIQUE,
        source TEXT NOT NULL,
        title TEXT,
        summary TEXT,
        published TEXT,
        backlog INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt DOUBLE PRECISION NOT NULL DEFAULT 0,
        document_id TEXT,
        last_error TEXT,
        discovered_at TEXT NOT NULL,
        stored_at TEXT
    );
    CREATE INDEX watch_items_due ON watch_items (state, next_attempt);
    CREATE INDEX watch_items_source ON watch_items (source, discovered_at);
    CREATE TABLE alert_rules (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        allow_private INTEGER NOT NULL DEFAULT 0,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE alert_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE alert_events (
        id BIGSERIAL PRIMARY KEY,
        event_key TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        payload TEXT NOT NULL,
        fired_at TEXT NOT NULL
    );
    CREATE INDEX alert_events_rule ON alert_events (rule, fired_at);
    CREATE TABLE alert_deliveries (
        id BIGSERIAL PRIMARY KEY,
        event_id BIGINT NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        allow_private INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt DOUBLE PRECISION NOT NULL,
        last_error TEXT,
        sent_at TEXT,
        UNIQUE (event_id, channel, target)
    );
    CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_attempt);
    """,
    # 3: the transaction that stored each document (``stored_xid``), for the alerts' mark of documents evaluated: with
    #    concurrent writers ``seq`` does not grow in commit order (a document can commit after one with a higher seq),
    #    transaction ids below the server's oldest running one do (presswatch.alerts.ledger). Documents stored before
    #    get 0, or 1 if the old mark (a seq) had not reached them, and the mark becomes {"xid": 1, "above": []}.
    """
    ALTER TABLE documents ADD COLUMN stored_xid xid8 NOT NULL DEFAULT '0';
    ALTER TABLE documents ALTER COLUMN stored_xid SET DEFAULT pg_current_xact_id();
    CREATE INDEX documents_stored_xid ON documents (stored_xid);
    UPDATE documents SET stored_xid = '1' WHERE seq > (
        SELECT CAST(value AS BIGINT) FROM alert_settings WHERE key = 'documents_evaluated_through');
    UPDATE alert_settings SET value = '{"xid": 1, "above": []}' WHERE key = 'documents_evaluated_through';
    """,
    # 4: near-duplicate bands: four 16-bit bands probed within one bit (presswatch.fingerprint) instead of eight 8-bit
    #    bands probed by equality; rebuilt from the stored SimHashes (as in SQLite's migration 10)
    """
    DELETE FROM simhash_bands;
    INSERT INTO simhash_bands (band, value, document_id)
        SELECT b.i, (d.simhash >> (16 * b.i)) & 65535, d.id FROM documents d
        CROSS JOIN generate_series(0, 3) AS b(i)
        WHERE d.simhash IS NOT NULL;
    """,
]

LOG = logging.getLogger("presswatch.store")
T = TypeVar("T")
MIGRATION_LOCK = 0x70726573  # the advisory lock key under which the schema is migrated
CONNECT_TIMEOUT_S = 30  # how long opening the store waits for the server
POOL_MAX = 4  # connections per store (a process); threads of one process (presswatch serve) share them
WRITE_RETRIES = 8  # a deadlock or serialization failure between writers is retried this many times
# the full-text configuration of a document's language; any other language is indexed word for word
TS_CONFIGS = {"en": "english", "ru": "russian"}
SEARCH_CONFIGS = ("english", "russian", "simple")
NEWEST_FIRST = "d.published DESC NULLS LAST, d.seq DESC"
_HEADLINE = 'StartSel=[, StopSel=], MaxWords=12, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "'
ANALYSED = "(d.summaries #> '{techniques,analysed}') IN ('true'::jsonb, '1'::jsonb)"


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


# Latin letters with diacritics folded to their base letter for the index and the queries ("Genève" finds "Geneve"),
# as SQLite's remove_diacritics does; other scripts are left alone (Russian й is not и)
_LATIN_BASE = {
    c: base
    for c in range(0xC0, 0x250)
    if (base := "".join(x for x in unicodedata.normalize("NFKD", chr(c)) if not unicodedata.combining(x))) != chr(c)
    and base
}


def index_text(text: str) -> str:
    """What the full-text index sees: ё as е (fold()), Latin diacritics removed."""
    return fold(text).translate(_LATIN_BASE)


def ts_config(language: str | None) -> str:
    """The text search configuration for a document in ``language`` (``en-GB`` reads as ``en``)."""
    return TS_CONFIGS.get((language or "").split("-")[0].split("_")[0].lower(), "simple")


def _fold_sql(column: str) -> str:
    return f"translate({column}, 'ёЁ', 'еЕ')"


def _clean(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL characters (SQLite's can): they are dropped."""
    return value.replace("\x00", "") if value and "\x00" in value else value


class PostgresStore(Store):
    def __init__(self, url: str) -> None:
        if psycopg is None:
            raise ConfigError("the PostgreSQL store needs psycopg: pip install 'presswatch[postgres]'")
        self.location = _redact(url)
        self._url = url
        self._local = threading.local()  # the connection of this thread's atomic() block, if one is open
        self.conn = CompatConnection(self)
        try:  # one connection first, so that a wrong URL or a server that is down is said at once
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
        except psycopg.Error as e:
            raise StoreError(
                f"cannot open the PostgreSQL store ({_redact(_one_line(e))})", source=self.location
            ) from None
        self.pool = ConnectionPool(url, min_size=1, max_size=POOL_MAX, open=False, kwargs={"row_factory": dict_row})
        try:
            self.pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except Exception as e:  # the pool's PoolTimeout
            with contextlib.suppress(Exception):
                self.pool.close()
            raise StoreError(
                f"cannot open the PostgreSQL store ({_redact(_one_line(e))})", source=self.location
            ) from None
        try:
            self._migrate()
        except BaseException:
            self.pool.close()
            raise

    # -- connections ------------------------------------------------------------------------------
    def _tx(self) -> psycopg.Connection | None:
        """The connection of this thread's open :meth:`atomic` block, or None."""
        return getattr(self._local, "conn", None)

    @contextlib.contextmanager
    def _read(self) -> Iterator[psycopg.Connection]:
        tx = self._tx()
        try:
            if tx is not None:  # inside atomic(): see its own writes
                yield tx
                return
            with self.pool.connection() as conn:
                yield conn
        except psycopg.Error as e:
            kind = WriteConflictError if _conflict(e) else StoreError
            raise kind(f"could not read the store ({_one_line(e)})", source=self.location) from None

    def _write(self, what: str, fn: Any) -> Any:
        """Run ``fn(conn)`` in one transaction; a deadlock or serialization failure with another writer is retried,
        any other database error becomes a StoreError saying what could not be stored. Inside :meth:`atomic`, a
        savepoint of its transaction (not retried: the whole block would have to be)."""
        tx = self._tx()
        if tx is not None:
            try:
                with tx.transaction():
                    return fn(tx)
            except psycopg.Error as e:
                kind = WriteConflictError if _conflict(e) else StoreError
                raise kind(f"could not store {what} ({_one_line(e)})", source=self.location) from None
        for attempt in range(WRITE_RETRIES):
            try:
                with self.pool.connection() as conn, conn.transaction():
                    return fn(conn)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == WRITE_RETRIES - 1:
                    raise StoreError(
                        f"could not store {what} (other writers kept it locked)", source=self.location
                    ) from None
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            except psycopg.Error as e:
                raise StoreError(f"could not store {what} ({_one_line(e)})", source=self.location) from None
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def atomic(self, what: str = "the changes") -> Iterator[CompatConnection]:
        """Several writes (``put``, ``add_url``, statements on the yielded connection or on :attr:`conn`) committed
        together or not at all, as :meth:`SQLiteStore.atomic`: one transaction on one connection of the pool, held by
        this thread until the block ends; a block inside another is a savepoint of the outer transaction. A database
        error becomes a StoreError saying what could not be stored; a deadlock or serialization failure with another
        writer a :class:`~presswatch.errors.WriteConflictError` (the block is not run again: :meth:`atomic_retry`
        does that for a block that is safe to run twice)."""
        tx = self._tx()
        try:
            if tx is not None:
                with tx.transaction():
                    yield self.conn
                return
            with self.pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        yield self.conn
                finally:
                    self._local.conn = None
        except WriteConflictError as e:
            if tx is not None:
                raise
            raise WriteConflictError(
                f"could not store {what}: another writer's transaction deadlocked with it or changed what it read, "
                f"and it was rolled back, nothing of it stored ({e.message})",
                source=self.location,
            ) from None
        except psycopg.Error as e:
            if _conflict(e):
                raise WriteConflictError(
                    f"could not store {what}: another writer's transaction deadlocked with it or changed what it "
                    f"read, and it was rolled back, nothing of it stored ({_one_line(e)})",
                    source=self.location,
                ) from None
            raise StoreError(f"could not store {what} ({_one_line(e)})", source=self.location) from None

    def atomic_retry(self, what: str, fn: Callable[[CompatConnection], T], *, retries: int = WRITE_RETRIES) -> T:
        """``fn(conn)`` in an :meth:`atomic` block, run again as a whole (up to ``retries`` more times, after a short
        random pause) when a deadlock or serialization failure with another writer rolled it back: for blocks that
        are safe to run twice (their writes are rolled back; ``fn`` must keep no state of its own between runs).
        Inside another block it runs once, as a savepoint: a conflict rolls back the outer transaction, so it is
        the outer block's to retry. Gives up with a WriteConflictError."""
        if self._tx() is not None:
            with self.atomic(what) as c:
                return fn(c)
        for attempt in range(retries + 1):
            try:
                with self.atomic(what) as c:
                    return fn(c)
            except WriteConflictError as e:
                if attempt == retries:
                    raise WriteConflictError(
                        f"could not store {what}: other writers' transactions conflicted with it {attempt + 1} "
                        f"time(s) ({e.message})",
                        source=self.location,
                    ) from None
                LOG.info("%s conflicted with another writer; run again (%d)", what, attempt + 1)
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        """Only one ``what`` (``presswatch watch``) at a time on this database: a session advisory lock held on a
        connection of its own for the block; the server releases it when that connection ends, however the process
        ends (kill -9 included). A StoreError when another process holds it."""
        key = int.from_bytes(hashlib.sha256(what.encode()).digest()[:8], "big", signed=True)
        try:
            conn = psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as e:
            why = _redact(_one_line(e))
            raise StoreError(f"cannot open the PostgreSQL store ({why})", source=self.location) from None
        held = False
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            if not row or not row[0]:
                raise StoreError(f"another {what} is running on this store", source=self.location)
            held = True
            yield
        finally:
            # closing the connection releases the lock only once the server's backend has ended, which can come after
            # the next run's attempt in this process: unlock explicitly when it can, close in any case
            if held:
                with contextlib.suppress(psycopg.Error):
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
            conn.close()

    def transaction(self, what: str) -> contextlib.AbstractContextManager[CompatConnection]:
        """One write transaction for code outside the store that keeps its own tables here (the alerts' ledger)."""
        return self.atomic(what)

    # -- schema -----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        def apply(conn: psycopg.Connection) -> None:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS presswatch_migrations "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self._version(conn)
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"the store has schema version {current}, newer than this presswatch knows "
                    f"({len(MIGRATIONS)}); upgrade presswatch",
                    source=self.location,
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                conn.execute(MIGRATIONS[version - 1])
                conn.execute("INSERT INTO presswatch_migrations VALUES (%s, %s)", (version, _now()))

        with self._read() as conn:
            exists = conn.execute("SELECT to_regclass('presswatch_migrations') IS NOT NULL AS e").fetchone()["e"]
            if exists and self._version(conn) == len(MIGRATIONS):
                return  # the usual case: no lock taken
        self._write("the schema", apply)

    @staticmethod
    def _version(conn: psycopg.Connection) -> int:
        return int(conn.execute("SELECT COALESCE(MAX(version), 0) AS v FROM presswatch_migrations").fetchone()["v"])

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            return self._version(conn)

    # -- writing ----------------------------------------------------------------------------------
    @staticmethod
    def _source_id(conn: psycopg.Connection, doc: Document) -> int | None:
        name = doc.source or doc.source_domain
        if not name:
            return None
        domain = doc.source_domain or ""
        row = conn.execute(
            """INSERT INTO sources (name, domain) VALUES (%s, %s) ON CONFLICT (name, domain) DO NOTHING
                              RETURNING id""",
            (name, domain),
        ).fetchone()
        if row is None:  # stored before (or by another writer, committed: the insert waited for it)
            row = conn.execute("SELECT id FROM sources WHERE name = %s AND domain = %s", (name, domain)).fetchone()
        return int(row["id"])

    @staticmethod
    def _source_ids(conn: psycopg.Connection, docs: Sequence[Document]) -> dict[tuple[str, str], int]:
        """The ids of the sources of ``docs`` ((name, domain) as :meth:`_source_id` keys them), those not stored yet
        inserted first: two round trips for a batch, and its rows locked in one order (name, domain) by every writer,
        so that two batches never wait for each other's new sources crosswise."""
        keys = sorted({(d.source or d.source_domain or "", d.source_domain or "") for d in docs
                       if d.source or d.source_domain})
        if not keys:
            return {}
        names, domains = [k[0] for k in keys], [k[1] for k in keys]
        conn.execute(
            """INSERT INTO sources (name, domain) SELECT n, d FROM unnest(%s::text[], %s::text[]) AS k(n, d)
               ORDER BY n, d ON CONFLICT (name, domain) DO NOTHING""",
            (names, domains),
        )
        rows = conn.execute(
            """SELECT s.id, s.name, s.domain FROM sources s
               JOIN unnest(%s::text[], %s::text[]) AS k(n, d) ON s.name = k.n AND s.domain = k.d""",
            (names, domains),
        ).fetchall()
        return {(r["name"], r["domain"]): int(r["id"]) for r in rows}

    def put(self, doc: Document, *, seen_url: str | None = None, replace: bool = False) -> PutResult:
        return self._write(f"document {doc.id}", lambda conn: self._put(conn, doc, seen_url, replace))

    def put_many(self, docs: Sequence[Document], *, seen_urls: Sequence[str | None] | None = None,
                 replace: bool = False) -> list[PutResult]:
        """:meth:`Store.put_many`: one transaction for the batch (retried whole on a deadlock with another writer,
        as :meth:`put` is), the sources looked up once, each document's last writes sent in one round trip."""
        urls = list(seen_urls) if seen_urls is not None else [None] * len(docs)
        if len(urls) != len(docs):
            raise ValueError("put_many: one seen URL (or None) per document")
        if len(docs) <= 1:
            return [self.put(d, seen_url=u, replace=replace) for d, u in zip(docs, urls, strict=True)]

        def run(conn: psycopg.Connection) -> list[PutResult]:
            sources = self._source_ids(conn, docs)
            return [self._put(conn, d, u, replace, sources) for d, u in zip(docs, urls, strict=True)]

        try:
            return list(self._write(f"a batch of {len(docs)} documents", run))
        except Exception:  # rolled back whole: stored again one put at a time, so that the error names the document
            return self._put_each(docs, urls, replace)

    def _put(self, conn: psycopg.Connection, doc: Document, seen_url: str | None, replace: bool = False,
             sources: dict[tuple[str, str], int] | None = None) -> PutResult:
        now = _now()
        key = (doc.source or doc.source_domain or "", doc.source_domain or "")
        source_id = sources.get(key) if sources is not None and key[0] else None
        if source_id is None:
            source_id = self._source_id(conn, doc)
        near_of: str | None = None
        cfg = ts_config(doc.language)
        title, text = _clean(index_text(doc.title or "")), _clean(index_text(doc.text))
        inserted = conn.execute(
            """INSERT INTO documents (id, source_id, url, canonical_url, title, authors, published, published_from,
                   fetched_at, language, language_score, kind, description, text, paragraphs, analyzers, summaries,
                   ingested_at, updated_at, encoding, encoding_confidence, fts_config, fts)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                   %s::regconfig, setweight(to_tsvector(%s::regconfig, %s), 'A')
                                  || setweight(to_tsvector(%s::regconfig, %s), 'B')
                                  || CASE WHEN %s THEN setweight(to_tsvector('simple', %s), 'A')
                                                       || setweight(to_tsvector('simple', %s), 'B')
                                          ELSE ''::tsvector END)
               ON CONFLICT (id) DO NOTHING RETURNING seq""",
            (
                doc.id,
                source_id,
                _clean(doc.url),
                _clean(doc.canonical_url),
                _clean(doc.title),
                Jsonb(doc.authors),
                doc.published,
                doc.published_from,
                doc.fetched_at,
                doc.language,
                doc.language_score,
                doc.kind,
                _clean(doc.description),
                _clean(doc.text),
                Jsonb([list(p) for p in doc.paragraphs]),
                Jsonb(doc.analyzers),
                Jsonb(doc.summaries),
                now,
                now,
                doc.encoding,
                doc.encoding_confidence,
                cfg,
                cfg,
                title,
                cfg,
                text,
                cfg == "russian",
                title,
                text,
            ),
        ).fetchone()
        # in a batch the writes that need no answer go in one round trip (a pipeline) after the reads that decide them
        with contextlib.ExitStack() as tail:
            if inserted is not None:
                status = "new"
                h, near_of = self._near_duplicate(conn, doc)
                if sources is not None:
                    tail.enter_context(conn.pipeline())
                if h is not None:
                    values = bands(h)
                    conn.execute(
                        """WITH b AS (INSERT INTO simhash_bands SELECT unnest(%s::smallint[]), unnest(%s::bigint[]), %s)
                           UPDATE documents SET simhash = %s, near_duplicate_of = %s WHERE id = %s""",
                        (list(range(len(values))), list(values), doc.id, to_signed(h), near_of, doc.id),
                    )
                self._write_spans(conn, doc)
            else:
                # stored before, or by another writer just now (the insert waited for its commit): lock the row so that
                # two writers merging analyses into it take turns
                row = conn.execute(
                    "SELECT analyzers, summaries FROM documents WHERE id = %s FOR UPDATE", (doc.id,)
                ).fetchone()
                if sources is not None:
                    tail.enter_context(conn.pipeline())
                old = row["analyzers"]
                merged = {**old, **doc.analyzers}
                if merged != old or (replace and doc.analyzers):  # replace: analysed again at the same versions
                    status = "updated"
                    if "incidents" in doc.analyzers:  # the reports point at spans that are rewritten now
                        conn.execute("DELETE FROM incident_reports WHERE document_id = %s", (doc.id,))
                    conn.execute(
                        "DELETE FROM spans WHERE document_id = %s AND analyzer = ANY(%s)", (doc.id, list(doc.analyzers))
                    )
                    self._write_spans(conn, doc)
                    summaries = {**{k: v for k, v in row["summaries"].items() if k not in doc.analyzers},
                                 **doc.summaries}
                    conn.execute(
                        "UPDATE documents SET analyzers = %s, summaries = %s, updated_at = %s WHERE id = %s",
                        (Jsonb(merged), Jsonb(summaries), now, doc.id),
                    )
                else:
                    status = "unchanged"
            urls = sorted({u for u in (seen_url, doc.url, doc.canonical_url) if u})
            if urls:
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO document_urls (document_id, url, first_seen) VALUES (%s, %s, %s) "
                        "ON CONFLICT DO NOTHING",
                        [(doc.id, _clean(u), now) for u in urls],
                    )
        return PutResult(doc.id, status, near_of if status == "new" else None)  # type: ignore[arg-type]

    @staticmethod
    def _near_duplicate(conn: psycopg.Connection, doc: Document) -> tuple[int | None, str | None]:
        """The document's SimHash and the closest stored document within MAX_DISTANCE bits, if any."""
        h = simhash(doc.text)
        if h is None:
            return None, None
        near = probes(h)
        clauses = " OR ".join("(b.band = %s AND b.value = ANY(%s::bigint[]))" for _ in near)
        rows = conn.execute(
            f"""SELECT DISTINCT d.id, d.simhash FROM simhash_bands b JOIN documents d ON d.id = b.document_id
                WHERE ({clauses}) AND d.id <> %s""",
            (*[x for i, vs in enumerate(near) for x in (i, vs)], doc.id),
        ).fetchall()
        best: tuple[int, str] | None = None
        for r in rows:
            dist = distance(h, from_signed(r["simhash"]))
            if dist <= MAX_DISTANCE and (best is None or (dist, r["id"]) < best):
                best = (dist, r["id"])
        return h, (best[1] if best else None)

    @staticmethod
    def _write_spans(conn: psycopg.Connection, doc: Document) -> None:
        if not doc.spans:
            return
        with conn.cursor() as cur:
            cur.executemany(
                'INSERT INTO spans (document_id, start, "end", label, analyzer, attrs) VALUES (%s,%s,%s,%s,%s,%s)',
                [(doc.id, s.start, s.end, s.label, s.analyzer, Jsonb(s.attrs)) for s in doc.spans],
            )

    def delete(self, document_id: str) -> bool:
        """Remove a stored document with its spans, URLs and incident reports; False if there was none."""

        def run(conn: psycopg.Connection) -> bool:
            conn.execute("UPDATE documents SET near_duplicate_of = NULL WHERE near_duplicate_of = %s", (document_id,))
            return conn.execute("DELETE FROM documents WHERE id = %s", (document_id,)).rowcount > 0

        return bool(self._write(f"the removal of document {document_id}", run))

    def add_url(self, document_id: str, url: str) -> bool:
        def run(conn: psycopg.Connection) -> bool:
            if conn.execute("SELECT 1 FROM documents WHERE id = %s", (document_id,)).fetchone() is None:
                return False
            conn.execute(
                "INSERT INTO document_urls (document_id, url, first_seen) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (document_id, url, _now()),
            )
            return True

        return bool(self._write(f"where document {document_id} was seen", run))

    # -- reading ----------------------------------------------------------------------------------
    def _resolve_id(self, conn: psycopg.Connection, document_id: str) -> str:
        document_id = document_id.strip()
        if not re.fullmatch(r"[0-9a-f]{4,64}", document_id):
            raise NotFoundError(f"{document_id!r} is not a document id (ids are hexadecimal)")
        rows = conn.execute(
            "SELECT id FROM documents WHERE id >= %s AND id < %s ORDER BY id LIMIT 2", (document_id, document_id + "g")
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no stored document has id {document_id}", source=self.location)
        if len(rows) > 1:
            raise NotFoundError(f"id prefix {document_id} is ambiguous; give more characters")
        return str(rows[0]["id"])

    def get(self, document_id: str) -> Document:
        with self._read() as conn:
            did = self._resolve_id(conn, document_id)
            r = conn.execute(
                """SELECT d.*, s.name AS source_name, s.domain AS source_domain_name FROM documents d
                                LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = %s""",
                (did,),
            ).fetchone()
            spans = [
                Span(s["start"], s["end"], s["label"], s["analyzer"], s["attrs"])
                for s in conn.execute(
                    'SELECT start, "end", label, analyzer, attrs FROM spans WHERE document_id = %s ORDER BY start, id',
                    (did,),
                )
            ]
        return Document(
            text=r["text"],
            id=r["id"],
            url=r["url"],
            canonical_url=r["canonical_url"],
            source=r["source_name"],
            source_domain=r["source_domain_name"] or None,
            title=r["title"],
            authors=r["authors"],
            published=r["published"],
            published_from=r["published_from"],
            fetched_at=r["fetched_at"],
            language=r["language"],
            language_score=r["language_score"],
            kind=r["kind"],
            description=r["description"],
            paragraphs=[tuple(p) for p in r["paragraphs"]],
            spans=spans,
            analyzers=r["analyzers"],
            summaries=r["summaries"],
            encoding=r["encoding"],
            encoding_confidence=r["encoding_confidence"],
        )

    def near_duplicate_of(self, document_id: str) -> str | None:
        """The stored document this one nearly repeats (found when it was stored), or None."""
        with self._read() as conn:
            did = self._resolve_id(conn, document_id)
            row = conn.execute("SELECT near_duplicate_of FROM documents WHERE id = %s", (did,)).fetchone()
        return row["near_duplicate_of"] if row else None

    def urls(self, document_id: str) -> list[str]:
        with self._read() as conn:
            did = self._resolve_id(conn, document_id)
            return [
                r["url"]
                for r in conn.execute(
                    "SELECT url FROM document_urls WHERE document_id = %s ORDER BY first_seen, seq", (did,)
                )
            ]

    def list(self, *, limit: int = 50, source: str | None = None) -> list[StoredSummary]:
        sql = """SELECT d.id, d.title, s.name, d.published, d.language, d.url, d.ingested_at
                 FROM documents d LEFT JOIN sources s ON s.id = d.source_id"""
        args: list[object] = []
        if source:
            sql += " WHERE s.name = %s OR s.domain = %s"
            args += [source, source]
        sql += " ORDER BY d.ingested_at DESC, d.id LIMIT %s"
        args.append(limit)
        with self._read() as conn:
            return [StoredSummary(*r.values()) for r in conn.execute(sql, args)]

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT COUNT(*) AS n FROM documents").fetchone()["n"])

    def iter_documents(self) -> Iterator[Document]:
        with self._read() as conn:
            ids = [r["id"] for r in conn.execute("SELECT id FROM documents ORDER BY ingested_at, id")]
        for did in ids:
            yield self.get(did)

    # -- full-text search ---------------------------------------------------------------------------
    def _tsquery(self, conn: psycopg.Connection, terms: list[str]) -> str:
        """The tsquery (as text) of a user's words: every word must occur, in the form any of the configurations
        gives it (an English stem, a Russian stem, the word itself); a hyphenated word is a phrase. A word that is a
        stop word of English or Russian is left out, as those documents do not index it."""
        if not terms:
            return ""
        rows = conn.execute(
            """SELECT phraseto_tsquery('english', t)::text AS en, phraseto_tsquery('russian', t)::text AS ru,
                      phraseto_tsquery('simple', t)::text AS simple
               FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i""",
            ([index_text(t) for t in terms],),
        ).fetchall()
        clauses = []
        for term, r in zip(terms, rows, strict=True):
            if not r["simple"] or not r["en"] or not r["ru"]:
                continue
            if _CYRILLIC.search(term):
                # as the SQLite store does: by presswatch's stem as a prefix, over the word forms every document
                # indexes ('simple' lexemes; the Snowball stems cut deeper: "прибывшую" and "прибыла" share one)
                prefix = _stem_prefix(term)
                alternatives = [prefix] if prefix else [r["simple"]]
            else:
                alternatives = list(dict.fromkeys((r["en"], r["ru"], r["simple"])))
                if prefix := _stem_prefix(term):  # an Armenian or Azerbaijani word: also by its stem
                    alternatives.insert(0, prefix)
            clauses.append("(" + " | ".join(f"({a})" for a in alternatives) + ")")
        return " & ".join(clauses)

    def _raw_tsquery(self, conn: psycopg.Connection, query: str) -> str:
        """A --raw query in web-search syntax (words, "phrases", OR, -word) under each configuration."""
        check_raw_query(query)
        row = conn.execute(
            """SELECT (websearch_to_tsquery('english', %s) || websearch_to_tsquery('russian', %s)
                       || websearch_to_tsquery('simple', %s))::text AS q""",
            (query, query, query),
        ).fetchone()
        return str(row["q"])

    def _words(self, conn: psycopg.Connection, words: str) -> tuple[str, list[str]]:
        terms = query_terms(words)
        notes = []
        if len(terms) > MAX_QUERY_TERMS:
            notes.append(
                f"searched for the first {MAX_QUERY_TERMS} of the query's {len(terms)} different "
                f"words; left out: {_short(' '.join(terms[MAX_QUERY_TERMS:]))}"
            )
            terms = terms[:MAX_QUERY_TERMS]
        return self._tsquery(conn, terms), notes

    def search(
        self, query: str, *, limit: int = 20, raw: bool = False, collapse: bool = True, place_ids: Iterable[str] = ()
    ) -> SearchResults:
        hits = self._search_words(query, limit=limit, raw=raw, collapse=collapse)
        place_ids = list(place_ids)
        if place_ids and len(hits) < limit:
            seen = {h.document_id for h in hits} | {c for h in hits for c in h.near_copies}
            more = [h for h in self.search_places(place_ids, limit=limit + len(seen)) if h.document_id not in seen]
            hits.extend(more[: limit - len(hits)])
        return hits

    def _search_words(self, query: str, *, limit: int, raw: bool, collapse: bool) -> SearchResults:
        with self._read() as conn:
            if raw:
                q, notes = self._raw_tsquery(conn, index_text(query)), []
            else:
                q, notes = self._words(conn, query)
            if not q.strip() or limit <= 0:
                return SearchResults([], notes)
            rows = [
                (r["seq"], r["id"], r["score"], r["simhash"], r["near_duplicate_of"])
                for r in conn.execute(
                    """SELECT d.seq, d.id, ts_rank_cd(d.fts, q, 1) AS score, d.simhash, d.near_duplicate_of
                   FROM documents d, CAST(%s AS tsquery) q WHERE d.fts @@ q ORDER BY score DESC, d.id LIMIT %s""",
                    (q, max(limit, COLLAPSE_WINDOW) if collapse else limit),
                )
            ]
            groups = (_near_copy_groups(rows) if collapse else [[r] for r in rows])[:limit]  # type: ignore[arg-type]
            best = [g[0][1] for g in groups]
            details = {
                r["id"]: r
                for r in conn.execute(
                    f"""SELECT d.id, d.title, s.name, d.published,
                           ts_headline(d.fts_config, {_fold_sql("d.text")}, CAST(%s AS tsquery), %s) AS snippet
                    FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = ANY(%s)""",
                    (q, _HEADLINE, best),
                )
            }
        hits = []
        for g in groups:
            did, score = g[0][1], g[0][2]
            r = details[did]
            hits.append(
                SearchHit(did, r["title"], r["name"], r["published"], r["snippet"], float(score), [x[1] for x in g[1:]])
            )
        return SearchResults(hits, notes)

    def search_places(self, place_ids: Iterable[str], *, limit: int = 20) -> SearchResults:
        ids = sorted(set(place_ids))
        if not ids or limit <= 0:
            return SearchResults()
        hits = SearchResults()
        with self._read() as conn:
            rows = conn.execute(
                """SELECT s.document_id, COUNT(*) AS n, d.title, src.name, d.published, d.text
                   FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
                   WHERE s.analyzer = 'places' AND s.label = 'PLACE' AND s.attrs->>'place_id' = ANY(%s)
                   GROUP BY s.document_id, d.title, src.name, d.published, d.text
                   ORDER BY n DESC, d.published DESC NULLS LAST, s.document_id LIMIT %s""",
                (ids, limit),
            ).fetchall()
            for r in rows:
                first = conn.execute(
                    """SELECT start, "end" FROM spans WHERE document_id = %s AND analyzer = 'places' AND label = 'PLACE'
                       AND attrs->>'place_id' = ANY(%s) AND attrs->>'field' IS NULL ORDER BY start LIMIT 1""",
                    (r["document_id"], ids),
                ).fetchone()
                snippet = _place_snippet(r["text"], first["start"], first["end"]) if first else (r["title"] or "")
                hits.append(SearchHit(r["document_id"], r["title"], r["name"], r["published"], snippet, float(r["n"])))
        return hits

    # -- finding documents (presswatch serve) -------------------------------------------------------
    @staticmethod
    def _published_between(since: str | None, until: str | None) -> tuple[str, list[object]]:
        where, args = "TRUE", []
        if since:
            where += " AND d.published >= %s"
            args.append(since)
        if until:
            where += " AND d.published < %s"
            args.append(until + "\uffff")
        return where, args

    def _selection(self, query: DocumentQuery) -> tuple[str, list[object]]:
        where, args = self._published_between(query.since, query.until)
        if query.source:
            where += " AND (src.name = %s OR src.domain = %s)"
            args += [query.source, query.source]
        if query.language:
            where += " AND d.language = %s"
            args.append(query.language)
        if query.place_id:
            where += (
                " AND d.id IN (SELECT document_id FROM spans WHERE analyzer = 'places' AND label = 'PLACE'"
                " AND attrs->>'place_id' = %s)"
            )
            args.append(query.place_id)
        if query.technique:
            where += " AND d.id IN (SELECT document_id FROM spans WHERE analyzer = 'techniques' AND label = %s)"
            args.append(query.technique)
        if query.anonymous is not None:
            anonymous = (
                "(EXISTS (SELECT 1 FROM spans s WHERE s.analyzer = 'sourcing' AND s.label = 'SOURCE'"
                " AND s.attrs->>'kind' = 'anonymous' AND s.document_id = d.id)"
                " OR EXISTS (SELECT 1 FROM spans s WHERE s.analyzer = 'sourcing' AND s.label = 'CUE'"
                " AND s.attrs->>'source_kind' = 'anonymous' AND s.document_id = d.id))"
            )
            where += f" AND {anonymous}" if query.anonymous else f" AND NOT {anonymous}"
        return "FROM documents d LEFT JOIN sources src ON src.id = d.source_id WHERE " + where, args

    def _ordered(
        self, conn: psycopg.Connection, query: DocumentQuery
    ) -> tuple[str, list[object], str, list[str], str | None] | None:
        """FROM/WHERE, its arguments, the ORDER BY, the notes of the query's words and the tsquery; None when the
        full-text query has no word at all."""
        sel, args = self._selection(query)
        if query.q is None:
            return sel, args, NEWEST_FIRST, [], None
        q, notes = self._words(conn, query.q)
        if not q:
            return None
        sel = sel.replace(" WHERE ", ", CAST(%s AS tsquery) tq WHERE d.fts @@ tq AND ", 1)
        return sel, [q, *args], "ts_rank_cd(d.fts, tq, 1) DESC, d.id", notes, q

    def find(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> FoundDocuments:
        with self._read() as conn:
            ordered = self._ordered(conn, query)
            if ordered is None:
                return FoundDocuments([], 0, [])
            sel, args, order, notes, q = ordered
            total = int(conn.execute(f"SELECT COUNT(*) AS n {sel}", args).fetchone()["n"])
            snippet = f", ts_headline(d.fts_config, {_fold_sql('d.text')}, tq, %s) AS snippet" if q else ""
            rows = [
                dict(r)
                for r in conn.execute(
                    f"""SELECT d.id, d.title, src.name AS source, NULLIF(src.domain, '') AS source_domain, d.published,
                           d.language, d.url, d.near_duplicate_of{snippet}
                    {sel} ORDER BY {order} LIMIT %s OFFSET %s""",
                    [*([_HEADLINE] if q else []), *args, limit, offset],
                )
            ]
        return FoundDocuments(rows, total, notes)

    def find_ids(self, query: DocumentQuery) -> list[str]:
        with self._read() as conn:
            ordered = self._ordered(conn, query)
            if ordered is None:
                return []
            sel, args, order, _, _ = ordered
            return [r["id"] for r in conn.execute(f"SELECT d.id {sel} ORDER BY {order}", args)]

    def _within(self, conn: psycopg.Connection, query: DocumentQuery, column: str) -> tuple[str, list[object]]:
        if query == DocumentQuery():
            return "", []
        ordered = self._ordered(conn, query)
        if ordered is None:
            return " AND FALSE", []
        sel, args, _, _, _ = ordered
        return f" AND {column} IN (SELECT d.id {sel})", args

    def place_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        places: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            within, args = self._within(conn, query, "s.document_id")
            where = f"WHERE s.analyzer = 'places' AND s.label = 'PLACE' AND s.attrs->>'place_id' IS NOT NULL{within}"
            counts = conn.execute(
                f"""SELECT s.attrs->>'place_id' AS pid, COUNT(*) AS mentions,
                           COUNT(DISTINCT s.document_id) AS documents, MIN(s.id) AS first
                    FROM spans s {where} GROUP BY 1""",
                args,
            ).fetchall()
            first = {
                r["id"]: r["attrs"]
                for r in conn.execute("SELECT id, attrs FROM spans WHERE id = ANY(%s)", ([r["first"] for r in counts],))
            }
            for r in counts:
                a = first[r["first"]]
                places[r["pid"]] = {
                    "place_id": r["pid"],
                    "name": a.get("name"),
                    "lat": a.get("lat"),
                    "lon": a.get("lon"),
                    "country": a.get("country"),
                    "feature": a.get("feature"),
                    "mentions": r["mentions"],
                    "documents": r["documents"],
                    "names": {},
                }
            for r in conn.execute(
                f"""SELECT s.attrs->>'place_id' AS place_id, COALESCE(src.name, '') AS source,
                           substr(CASE s.attrs->>'field' WHEN 'title' THEN d.title
                                  WHEN 'description' THEN d.description ELSE d.text END,
                                  s.start + 1, s."end" - s.start) AS words, COUNT(*) AS n
                    FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
                    {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, n DESC, 3""",
                args,
            ):
                places[r["place_id"]]["names"].setdefault(r["source"], {})[r["words"]] = r["n"]
        return sorted(places.values(), key=lambda p: (-p["mentions"], p["name"] or "", p["place_id"]))

    def source_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        frm = "FROM documents d LEFT JOIN sources src ON src.id = d.source_id"

        def figure(path: str) -> str:
            return f"(d.summaries #>> '{{{path}}}')::double precision"

        with self._read() as conn:
            within, args = self._within(conn, query, "d.id")
            where = f"WHERE TRUE{within}"
            for r in conn.execute(
                f"""SELECT COALESCE(src.name, '') AS source, COUNT(*) AS documents,
                           MIN(substr(d.published, 1, 10)) AS first, MAX(substr(d.published, 1, 10)) AS last,
                           COALESCE(SUM({figure("sourcing,attributions")}), 0) AS attributions,
                           COUNT(*) FILTER (WHERE {ANALYSED}) AS technique_documents,
                           COALESCE(SUM({figure("techniques,findings")}) FILTER (WHERE {ANALYSED}), 0)
                               AS technique_findings,
                           COALESCE(SUM({figure("techniques,words")}) FILTER (WHERE {ANALYSED}), 0) AS technique_words
                    {frm} {where} GROUP BY 1 ORDER BY documents DESC, 1""",
                args,
            ):
                item = dict(r)
                for k in ("attributions", "technique_findings", "technique_words"):
                    item[k] = _number(item[k])
                out[r["source"]] = {**item, "per_day": {}, "by_kind": {}, "techniques": {}}
            for r in conn.execute(
                f"""SELECT COALESCE(src.name, '') AS source, substr(d.published, 1, 10) AS day, COUNT(*) AS n
                        {frm} {where} AND d.published IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2""",
                args,
            ):
                out[r["source"]]["per_day"][r["day"]] = r["n"]
            for key, path in (("by_kind", "{sourcing,by_kind}"), ("techniques", "{techniques,counts}")):
                for r in conn.execute(
                    f"""SELECT COALESCE(src.name, '') AS source, j.key, SUM((j.value #>> '{{}}')::double precision)
                                   AS n
                            {frm} CROSS JOIN LATERAL jsonb_each(
                                CASE WHEN jsonb_typeof(d.summaries #> %s) = 'object' THEN d.summaries #> %s
                                     ELSE '{{}}'::jsonb END) j
                            {where} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""",
                    [path, path, *args],
                ):
                    out[r["source"]][key][r["key"]] = _number(r["n"])
        return list(out.values())

    # -- the dashboard's lists (presswatch serve): the rows and order of the SQLite store's -----------------
    def browse(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        sel, args = self._selection(dataclasses.replace(query, q=None))
        with self._read() as conn:
            total = int(conn.execute(f"SELECT COUNT(*) AS n {sel}", args).fetchone()["n"])
            rows = conn.execute(
                f"""SELECT d.id, d.title, src.name AS source, d.published, d.language,
                           substr(d.text, 1, 280) AS opening
                    {sel} ORDER BY d.published DESC NULLS LAST, d.id LIMIT %s OFFSET %s""",
                [*args, limit, offset],
            ).fetchall()
        return total, [dict(r) for r in rows]

    def languages_of(self, document_ids: Iterable[str], query: DocumentQuery) -> dict[str, str | None]:
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            return {}
        sel, args = self._selection(dataclasses.replace(query, q=None))
        with self._read() as conn:
            rows = conn.execute(f"SELECT d.id, d.language {sel} AND d.id = ANY(%s)", [*args, ids]).fetchall()
        return {r["id"]: r["language"] for r in rows}

    def place_counts(self, document_ids: Iterable[str] | None = None, *, limit: int = 400) -> list[dict[str, Any]]:
        where, args = "", []
        if document_ids is not None:
            ids = list(dict.fromkeys(document_ids))
            if not ids:
                return []
            where, args = " AND document_id = ANY(%s)", [ids]
        with self._read() as conn:
            rows = conn.execute(
                f"""SELECT attrs->>'place_id' COLLATE "C" AS place_id, max(attrs->>'name' COLLATE "C") AS name,
                           max((attrs->>'lat')::double precision) AS lat, max((attrs->>'lon')::double precision) AS lon,
                           count(*) AS count, count(DISTINCT document_id) AS documents
                    FROM spans WHERE analyzer = 'places' AND label = 'PLACE' AND attrs->>'place_id' IS NOT NULL{where}
                    GROUP BY 1 ORDER BY count DESC, name, place_id LIMIT %s""",
                [*args, limit],
            ).fetchall()
        return [dict(r) for r in rows]

    def source_counts(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(
                """SELECT COALESCE(s.name, '') COLLATE "C" AS name, count(*) AS documents, min(d.published) AS first,
                          max(d.published) AS last FROM documents d LEFT JOIN sources s ON s.id = d.source_id
                   GROUP BY 1 ORDER BY documents DESC, name"""
            ).fetchall()
        return [dict(r) for r in rows]

    def language_counts(self) -> list[tuple[str, int]]:
        with self._read() as conn:
            rows = conn.execute(
                """SELECT language COLLATE "C" AS language, count(*) AS n FROM documents WHERE language IS NOT NULL
                   GROUP BY 1 ORDER BY n DESC, 1"""
            ).fetchall()
        return [(r["language"], int(r["n"])) for r in rows]

    def incident_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) AS n FROM incidents").fetchone()["n"])

    # -- incidents (written by presswatch.comparison.linking) ---------------------------------------
    _REPORT_SPAN = """JOIN spans s ON s.document_id = r.document_id AND s.start = r.start AND s."end" = r."end"
                      AND s.analyzer = 'incidents' AND s.label = 'INCIDENT'
                      AND COALESCE((s.attrs->>'part')::int, 0) = r.part"""

    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[dict[str, object]]:
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(sql, list(args))]
        for r in rows:  # as SQLite gives them: attributes and summaries as JSON text, vectors as bytes
            for k in ("attrs", "summaries"):
                if k in r and not isinstance(r[k], str):
                    r[k] = json.dumps(r[k], ensure_ascii=False, sort_keys=True)
            if isinstance(r.get("vector"), memoryview):
                r["vector"] = bytes(r["vector"])  # type: ignore[arg-type]
        return rows

    def unlinked_documents(self) -> list[str]:
        return [
            str(r["id"])
            for r in self._rows(
                """SELECT d.id FROM documents d WHERE d.id IN (SELECT s.document_id FROM spans s
               WHERE s.analyzer = 'incidents' AND s.label = 'INCIDENT') AND NOT EXISTS (SELECT 1 FROM incident_reports r
               WHERE r.document_id = d.id) ORDER BY d.published NULLS FIRST, d.id"""
            )
        ]

    def incident_reports_between(
        self, day_lo: int, day_hi: int, cells: list[int] | None = None
    ) -> list[dict[str, object]]:
        where = "r.day BETWEEN %s AND %s"
        args: list[object] = [day_lo, day_hi]
        if cells is not None:
            where += " AND (r.cell IS NULL OR r.cell = ANY(%s))"
            args.append(cells)
        return self._rows(
            f"""SELECT r.incident_id, r.document_id, r.start, r."end", r.part, r.day, r.vector, s.attrs,
                       src.name AS source, substr(d.text, r.start + 1, r."end" - r.start) AS words
                FROM incident_reports r {self._REPORT_SPAN}
                JOIN documents d ON d.id = r.document_id LEFT JOIN sources src ON src.id = d.source_id
                WHERE {where}""",
            args,
        )

    def reports_without_day(self) -> list[dict[str, object]]:
        return self._rows(
            f"""SELECT r.incident_id, r.document_id, r.start, r."end", r.part, r.day, r.vector, s.attrs,
                       substr(d.text, r.start + 1, r."end" - r.start) AS words
                FROM incident_reports r {self._REPORT_SPAN} JOIN documents d ON d.id = r.document_id
                WHERE r.day IS NULL"""
        )

    def save_incident_reports(self, links: list[dict[str, object]], incidents: list[dict[str, object]]) -> None:
        now = _now()

        def run(conn: psycopg.Connection) -> None:
            with conn.cursor() as cur:
                cur.executemany(
                    """INSERT INTO incidents (id, created_at, updated_at) VALUES (%s, %s, %s)
                                   ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at""",
                    [(inc["id"], now, now) for inc in incidents],
                )
                cur.executemany(
                    """INSERT INTO incident_reports (incident_id, document_id, start, "end", part, day, cell, score,
                           vector) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
                       ON CONFLICT (document_id, start, "end", part) DO UPDATE SET
                           incident_id = excluded.incident_id, day = excluded.day, cell = excluded.cell,
                           score = excluded.score, vector = excluded.vector""",
                    [
                        (
                            x["incident_id"],
                            x["document_id"],
                            x["start"],
                            x["end"],
                            x.get("part", 0),
                            x["day"],
                            x.get("cell"),
                            x["score"],
                            x["vector"],
                        )
                        for x in links
                    ],
                )

        self._write("incidents", run)

    def drop_orphan_incidents(self) -> int:
        return int(
            self._write(
                "incidents",
                lambda conn: (
                    conn.execute(
                        "DELETE FROM incidents i WHERE NOT EXISTS"
                        " (SELECT 1 FROM incident_reports r WHERE r.incident_id = i.id)"
                    ).rowcount
                ),
            )
        )

    def incident_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        where, args = self._published_between(since, until)
        return self._rows(
            f"""SELECT i.id AS incident_id, r.document_id, r.start, r."end", r.part, r.score, s.attrs, d.url,
                       d.published, d.title, d.language, src.name AS source,
                       substr(d.text, r.start + 1, r."end" - r.start) AS words
                FROM incident_reports r JOIN incidents i ON i.id = r.incident_id {self._REPORT_SPAN}
                JOIN documents d ON d.id = r.document_id LEFT JOIN sources src ON src.id = d.source_id
                WHERE {where} ORDER BY i.id, d.published NULLS FIRST, r.document_id, r.start""",
            args,
        )

    def document_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        where, args = self._published_between(since, until)
        return self._rows(
            f"""SELECT d.id, src.name AS source, d.published, d.url, d.title, d.language, d.summaries
                FROM documents d LEFT JOIN sources src ON src.id = d.source_id WHERE {where}
                ORDER BY d.published NULLS FIRST, d.id""",
            args,
        )

    def place_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        where, args = self._published_between(since, until)
        return self._rows(
            f"""SELECT s.document_id, s.start, s."end", s.attrs,
                       substr(CASE s.attrs->>'field' WHEN 'title' THEN d.title
                                   WHEN 'description' THEN d.description ELSE d.text END,
                              s.start + 1, s."end" - s.start) AS words, d.published, src.name AS source
                FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
                WHERE s.analyzer = 'places' AND s.label = 'PLACE' AND {where}
                ORDER BY d.published NULLS FIRST, s.document_id, s.start""",
            args,
        )

    def source_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        where, args = self._published_between(since, until)
        return self._rows(
            f"""SELECT s.document_id, s.start, s."end", s.attrs,
                       substr(d.text, s.start + 1, s."end" - s.start) AS words,
                       d.published, d.url, src.name AS source, src.domain AS source_domain
                FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
                WHERE s.analyzer = 'sourcing' AND s.label = 'SOURCE' AND {where}
                ORDER BY d.published NULLS FIRST, s.document_id, s.start""",
            args,
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.pool.close()


class CompatConnection:
    """:attr:`PostgresStore.conn`: ``execute``/``executemany`` of SQLite-style SQL (:mod:`presswatch.store.pgsql`),
    inside this thread's :meth:`PostgresStore.atomic` block when one is open, else each statement in a transaction of
    its own (committed at once, as SQLite's autocommit)."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    @property
    def in_transaction(self) -> bool:
        return self._store._tx() is not None

    def _run(self, sql: str, params: Any, many: bool) -> Result:
        store = self._store
        try:
            with store._read() as conn, conn.cursor(row_factory=row_factory) as cur:
                if many:
                    cur.executemany(translate(sql), [list(p) for p in params])
                else:
                    cur.execute(translate(sql), list(params))
                rows = cur.fetchall() if cur.description else []
                return Result(rows, cur.rowcount)
        except StoreError as e:
            raise type(e)(e.message.replace("could not read", "could not use"), source=store.location) from None

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Result:
        return self._run(sql, params, False)

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> Result:
        return self._run(sql, seq, True)


def _stem_prefix(term: str) -> str | None:
    """The tsquery of a Russian, Armenian or Azerbaijani word: its stem (presswatch.nlp.stem) as a prefix, folded as
    the index is (index_text); None for a word of another language or a stem too short."""
    from presswatch.nlp.stem import MIN_STEM, search_stem

    stem = search_stem(term)
    if stem is None:
        return None
    s = re.sub(r"[\\'\s:&|!()<>*]", "", index_text(stem).lower())
    return f"'{s}':*" if len(s) >= MIN_STEM else None


def _number(value: Any) -> Any:
    """A sum as SQLite gives it: an integer when it is whole."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _conflict(e: BaseException) -> bool:
    """A deadlock (40P01) or a serialization failure (40001): the transaction may succeed if run again."""
    return isinstance(e, (pg_errors.DeadlockDetected, pg_errors.SerializationFailure))


def _one_line(e: BaseException) -> str:
    return _short(" ".join(str(e).split()), 200)


def _redact(url: str) -> str:
    """The URL without its password, to show in messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


__all__ = ["PostgresStore", "MIGRATIONS", "ts_config"]
