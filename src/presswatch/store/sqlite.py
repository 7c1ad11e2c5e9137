"""SQLite store: WAL mode, FTS5 full-text search, numbered migrations.

Tables: ``sources`` (outlets), ``documents``, ``document_urls`` (every URL or file a document was
seen at), ``spans`` (standoff findings), ``documents_fts`` (FTS5 over title and text).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from presswatch.errors import NotFoundError, StoreError
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

T = TypeVar("T")

# Each migration moves the schema from version i to i+1; never edit a released one, append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        domain TEXT,
        UNIQUE (name, domain)
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source_id INTEGER REFERENCES sources(id),
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        published TEXT,
        published_from TEXT,
        fetched_at TEXT,
        language TEXT,
        language_score REAL,
        kind TEXT NOT NULL,
        description TEXT,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL DEFAULT '[]',
        analyzers TEXT NOT NULL DEFAULT '{}',
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_source ON documents(source_id);
    CREATE TABLE document_urls (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (document_id, url)
    );
    CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        analyzer TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX spans_document ON spans(document_id);
    CREATE INDEX spans_label ON spans(analyzer, label);
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        document_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: per-document figures of the analyzers (sourcing profile, persuasion density, ...)
    """
    ALTER TABLE documents ADD COLUMN summaries TEXT NOT NULL DEFAULT '{}';
    """,
    # 3: near duplicates (SimHash, banded for lookup)
    """
    ALTER TABLE documents ADD COLUMN simhash INTEGER;
    ALTER TABLE documents ADD COLUMN near_duplicate_of TEXT;
    CREATE TABLE simhash_bands (
        band INTEGER NOT NULL,
        value INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX simhash_bands_lookup ON simhash_bands(band, value);
    """,
    # 4: incidents linked across documents (see presswatch.comparison.linking); one row per report of one
    #    INCIDENT span, blocked by day for the streaming linker
    """
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE incident_reports (
        id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        part INTEGER NOT NULL DEFAULT 0,
        day INTEGER,
        cell INTEGER,
        score REAL,
        vector BLOB,
        UNIQUE (document_id, start, "end", part)
    );
    CREATE INDEX incident_reports_day ON incident_reports(day, cell);
    CREATE INDEX incident_reports_incident ON incident_reports(incident_id);
    """,
    # 5: English stemming in full-text search ("peacekeeper" finds "peacekeepers"): the porter stemmer over the
    #    same unicode61 tokens (other scripts are tokenized as before and match exactly); the index is rebuilt
    #    from the stored documents, with the same folding as SQLiteStore.put (fold(): ё -> е)
    """
    DROP TABLE documents_fts;
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        document_id UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO documents_fts (document_id, title, text)
        SELECT id, replace(replace(COALESCE(title, ''), 'ё', 'е'), 'Ё', 'Е'),
               replace(replace(text, 'ё', 'е'), 'Ё', 'Е')
        FROM documents ORDER BY rowid;
    """,
    # 6: the codec a document's bytes were read with and how sure that choice was (Document.encoding)
    """
    ALTER TABLE documents ADD COLUMN encoding TEXT;
    ALTER TABLE documents ADD COLUMN encoding_confidence REAL;
    """,
    # 7: presswatch watch (presswatch.watch): the sources registry, each feed's or sitemap's polling state (conditional
    #    GET validators, error streak), and the durable queue of items to fetch, one row per URL
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
        next_poll REAL NOT NULL DEFAULT 0,
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
        source TEXT NOT NULL,
        title TEXT,
        summary TEXT,
        published TEXT,
        backlog INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt REAL NOT NULL DEFAULT 0,
        document_id TEXT,
        last_error TEXT,
        discovered_at TEXT NOT NULL,
        stored_at TEXT
    );
    CREATE INDEX watch_items_due ON watch_items(state, next_attempt);
    CREATE INDEX watch_items_source ON watch_items(source, discovered_at);
    """,
    # 8: alerts (presswatch.alerts): the rules `presswatch alerts load` stored, their settings (SMTP), the ledger of
    #    fired alerts (an event key is unique, so an event never fires twice) and the state of each delivery
    """
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
        id INTEGER PRIMARY KEY,
        event_key TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        payload TEXT NOT NULL,
        fired_at TEXT NOT NULL
    );
    CREATE INDEX alert_events_rule ON alert_events(rule, fired_at);
    CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        allow_private INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt REAL NOT NULL,
        last_error TEXT,
        sent_at TEXT,
        UNIQUE (event_id, channel, target)
    );
    CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_attempt);
    """,
    # 9: the span filters of presswatch serve (documents naming a place, quoting an anonymous source) without reading
    #    every span's attributes: partial indexes on the attribute each filter reads (analyzer and label lead, so that
    #    the planner prefers them to spans_label without statistics)
    """
    CREATE INDEX spans_place_id ON spans(analyzer, label, json_extract(attrs, '$.place_id'), document_id)
        WHERE analyzer = 'places' AND label = 'PLACE';
    CREATE INDEX spans_source_kind ON spans(analyzer, label, json_extract(attrs, '$.kind'), document_id)
        WHERE analyzer = 'sourcing' AND label = 'SOURCE';
    CREATE INDEX spans_cue_source_kind ON spans(analyzer, label, json_extract(attrs, '$.source_kind'), document_id)
        WHERE analyzer = 'sourcing' AND label = 'CUE';
    """,
    # 10: near-duplicate bands: four 16-bit bands probed within one bit (presswatch.fingerprint) instead of eight 8-bit
    #     bands probed by equality; rebuilt from the stored SimHashes (signed: the shift keeps the sign, the mask
    #     drops it)
    """
    DELETE FROM simhash_bands;
    INSERT INTO simhash_bands (band, value, document_id)
        SELECT b.i, (d.simhash >> (16 * b.i)) & 65535, d.id FROM documents d
        JOIN (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) b
        WHERE d.simhash IS NOT NULL;
    """,
]

# Search bounds: FTS5 time grows with the square of the number of query terms (a 4 KB query of repeated words took
# over a minute on 1,000 documents), so a plain query keeps its first MAX_QUERY_TERMS different words (and says so)
# and a --raw query with more than MAX_RAW_TERMS words is refused.
MAX_QUERY_TERMS = 32
MAX_RAW_TERMS = 32
# the order of documents listed without a full-text query: newest first, undated last (NULL sorts first in SQLite,
# so last when descending), then latest stored first; an order the index on published gives without sorting
NEWEST_FIRST = "d.published DESC, d.rowid DESC"
# near-copies are grouped among at most this many best matches (more than any result page needs)
COLLAPSE_WINDOW = 1000


MAX_COUNTS = 512  # counts of find() kept per connection


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)


_FOLD = str.maketrans({"ё": "е", "Ё": "Е"})


def fold(text: str) -> str:
    """What the full-text index sees: Russian ё is written е in most texts, so both match."""
    return text.translate(_FOLD)


def query_terms(words: str) -> list[str]:
    """The different words of a user's query, in order (a repeated word counts once, whatever its case)."""
    seen: set[str] = set()
    out: list[str] = []
    for t in _WORD.findall(fold(words)):
        t = t.replace('"', "")
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return out


def fts_query(words: str | list[str]) -> str:
    """A safe FTS5 query from a user's words: every word must occur (hyphenated words as phrases). A Russian,
    Armenian or Azerbaijani word is looked for by its stem, as a prefix ("Степанакерта" finds "Степанакерт",
    "Степанакертом"; "Xankəndidə" finds "Xankəndi"): the index's porter stemmer reads English only
    (:func:`presswatch.nlp.stem.search_stem`)."""
    from presswatch.nlp.stem import search_stem

    terms = query_terms(words) if isinstance(words, str) else words
    return " ".join(f'"{p}"*' if (p := search_stem(t)) else f'"{t}"' for t in terms)


_RAW_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def check_raw_query(query: str) -> None:
    """Refuse a --raw FTS5 query too big to run in reasonable time (more than MAX_RAW_TERMS words)."""
    words = [w for w in re.findall(r"\w+", query) if w not in _RAW_OPERATORS]
    if len(words) > MAX_RAW_TERMS:
        raise StoreError(f"the --raw search query has {len(words)} words; at most {MAX_RAW_TERMS} are allowed")


def _place_snippet(text: str, a: int, b: int, words: int = 8) -> str:
    """The words around ``text[a:b]``, the name in brackets, as FTS5's snippet() marks a match."""
    before = text[:a].split()[-words:]
    after = text[b:].split()[:words]
    lead = "… " if len(text[:a].split()) > words else ""
    tail = " …" if len(text[b:].split()) > words else ""
    return f"{lead}{' '.join(before)} [{text[a:b]}] {' '.join(after)}{tail}".replace("  ", " ").strip()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


BUSY_TIMEOUT_MS = 30_000  # how long a connection waits for another one's write lock
ITER_PAGE = 500  # ids fetched at a time by iter_documents


def _near_copy_groups(rows: list[sqlite3.Row]) -> list[list[sqlite3.Row]]:
    """Search rows (rowid, document_id, score, simhash, near_duplicate_of), best first, grouped into near-copies:
    a row joins the group of an earlier row whose SimHash is within MAX_DISTANCE bits of its own (found through
    the bands, as when storing), or that it was stored as a near-duplicate of (either way). Groups come in
    the order of their best row; each lists its rows best first."""
    groups: list[list[sqlite3.Row]] = []
    group_of: dict[str, int] = {}  # document id -> group
    by_band: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (band, value) -> [(group, hash)]
    waiting: dict[str, int] = {}  # a document some earlier row nearly repeats -> that row's group
    for r in rows:
        did, sh, near_of = r[1], r[3], r[4]
        h = from_signed(sh) if sh is not None else None
        g = group_of.get(near_of) if near_of else None
        if g is None:
            g = waiting.get(did)
        if g is None and h is not None:
            g = next((gi for i, vs in enumerate(probes(h)) for v in vs for gi, other in by_band.get((i, v), ())
                      if distance(h, other) <= MAX_DISTANCE), None)
        if g is None:
            g = len(groups)
            groups.append([])
        groups[g].append(r)
        group_of[did] = g
        if near_of and near_of not in group_of:
            waiting.setdefault(near_of, g)
        if h is not None:
            for i, v in enumerate(bands(h)):
                by_band.setdefault((i, v), []).append((g, h))
    return groups


class SQLiteStore(Store):
    def __init__(self, path: Path) -> None:
        self.location = str(path)
        # counts of find(), valid while the database is as it was (see _count)
        self._counts: dict[tuple[str, tuple[object, ...]], int] = {}
        self._counts_version: tuple[int, int] | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # wait for other writers
            self._use_wal()
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the store ({e})", source=self.location) from None
        except OSError as e:
            raise StoreError(f"cannot create the store ({e.strerror})", source=self.location) from None

    def _use_wal(self) -> None:
        """Switch a new store to WAL (the mode is kept in the file). SQLite answers "database is locked" at once,
        without waiting, when several connections switch a new file together: retried here until the busy
        timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)

    # -- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Bring the schema to the latest version. The version is read again and every missing migration applied
        inside one BEGIN IMMEDIATE transaction, so that processes opening a new store at once migrate it exactly
        once (the others wait for the lock, up to the busy timeout, then find nothing to do)."""
        c = self.conn
        if self._read_version() == len(MIGRATIONS):
            return  # the usual case: no write lock taken
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
            current = self._read_version()
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"the store has schema version {current}, newer than this presswatch knows "
                    f"({len(MIGRATIONS)}); upgrade presswatch",
                    source=self.location,
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                for stmt in MIGRATIONS[version - 1].split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _read_version(self) -> int:
        """The schema version recorded in the store; 0 for a new store."""
        c = self.conn
        if c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone():
            return int(c.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])
        return 0

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any failure); a database error becomes
        a StoreError saying what could not be stored. Inside :meth:`atomic` it is a savepoint of the outer
        transaction, so that nothing is committed before the outer one is."""
        c = self.conn
        nested = c.in_transaction
        try:
            c.execute("SAVEPOINT inner" if nested else "BEGIN IMMEDIATE")
            try:
                yield c
                c.execute("RELEASE inner" if nested else "COMMIT")
            except BaseException:
                c.execute("ROLLBACK TO inner" if nested else "ROLLBACK")
                if nested:
                    c.execute("RELEASE inner")
                raise
        except sqlite3.Error as e:
            raise StoreError(f"could not store {what} ({e})", source=self.location) from None

    @contextlib.contextmanager
    def atomic(self, what: str = "the changes") -> Iterator[sqlite3.Connection]:
        """Several writes (``put``, ``add_url``, a caller's own statements on the yielded connection) committed
        together or not at all: ``presswatch watch`` stores a document and marks its queue item done in one
        transaction, so that a crash between the two cannot happen."""
        with self._transaction(what) as c:
            yield c

    def atomic_retry(self, what: str, fn: Callable[[sqlite3.Connection], T], *, retries: int = 0) -> T:
        """``fn(conn)`` in an :meth:`atomic` block, as :meth:`PostgresStore.atomic_retry`. SQLite has one writer at a
        time (its transactions wait for the lock, they do not deadlock), so the block runs once; ``retries`` is
        accepted for the same calls on both stores."""
        with self.atomic(what) as c:
            return fn(c)

    def transaction(self, what: str) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One write transaction for code outside the store that keeps its own tables here (the alerts' ledger):
        BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any failure, a database error raised as a StoreError."""
        return self._transaction(what)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0])

    # -- writing --------------------------------------------------------------------------------
    def _source_id(self, doc: Document) -> int | None:
        name = doc.source or doc.source_domain
        if not name:
            return None
        domain = doc.source_domain or ""
        self.conn.execute("INSERT OR IGNORE INTO sources (name, domain) VALUES (?, ?)", (name, domain))
        row = self.conn.execute("SELECT id FROM sources WHERE name = ? AND domain = ?", (name, domain)).fetchone()
        return int(row[0])

    def put(self, doc: Document, *, seen_url: str | None = None, replace: bool = False) -> PutResult:
        with self._transaction(f"document {doc.id}") as c:
            return self._put(c, doc, seen_url, replace)

    def put_many(self, docs: Sequence[Document], *, seen_urls: Sequence[str | None] | None = None,
                 replace: bool = False) -> list[PutResult]:
        urls = list(seen_urls) if seen_urls is not None else [None] * len(docs)
        if len(urls) != len(docs):
            raise ValueError("put_many: one seen URL (or None) per document")
        if len(docs) <= 1:
            return [self.put(d, seen_url=u, replace=replace) for d, u in zip(docs, urls, strict=True)]
        try:
            with self._transaction(f"a batch of {len(docs)} documents") as c:
                return [self._put(c, d, u, replace) for d, u in zip(docs, urls, strict=True)]
        except Exception:  # rolled back whole: stored again one put at a time, so that the error names the document
            return self._put_each(docs, urls, replace)

    def _put(self, c: sqlite3.Connection, doc: Document, seen_url: str | None, replace: bool) -> PutResult:
        """:meth:`put` inside an open write transaction."""
        now = _now()
        row = c.execute("SELECT analyzers FROM documents WHERE id = ?", (doc.id,)).fetchone()
        status: str
        near_of: str | None = None
        if row is None:
            status = "new"
            c.execute(
                """INSERT INTO documents (id, source_id, url, canonical_url, title, authors, published,
                   published_from, fetched_at, language, language_score, kind, description, text,
                   paragraphs, analyzers, summaries, ingested_at, updated_at, encoding, encoding_confidence)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (doc.id, self._source_id(doc), doc.url, doc.canonical_url, doc.title,
                 json.dumps(doc.authors, ensure_ascii=False), doc.published, doc.published_from,
                 doc.fetched_at, doc.language, doc.language_score, doc.kind, doc.description, doc.text,
                 json.dumps([list(p) for p in doc.paragraphs]),
                 json.dumps(doc.analyzers, sort_keys=True),
                 json.dumps(doc.summaries, ensure_ascii=False, sort_keys=True), now, now, doc.encoding,
                 doc.encoding_confidence),
            )
            near = self._near_duplicate(doc)
            c.execute("UPDATE documents SET simhash = ?, near_duplicate_of = ? WHERE id = ?",
                      (to_signed(near[0]) if near[0] is not None else None, near[1], doc.id))
            if near[0] is not None:
                c.executemany("INSERT INTO simhash_bands VALUES (?, ?, ?)",
                              [(i, v, doc.id) for i, v in enumerate(bands(near[0]))])
            near_of = near[1]
            c.execute("INSERT INTO documents_fts (document_id, title, text) VALUES (?, ?, ?)",
                      (doc.id, fold(doc.title or ""), fold(doc.text)))
            self._write_spans(doc)
        else:
            old = json.loads(row[0])
            merged = {**old, **doc.analyzers}
            if merged != old or (replace and doc.analyzers):
                status = "updated"
                if "incidents" in doc.analyzers:  # the reports point at spans that are rewritten now
                    c.execute("DELETE FROM incident_reports WHERE document_id = ?", (doc.id,))
                for name in doc.analyzers:
                    c.execute("DELETE FROM spans WHERE document_id = ? AND analyzer = ?", (doc.id, name))
                self._write_spans(doc)
                old_summaries = json.loads(c.execute("SELECT summaries FROM documents WHERE id = ?",
                                                     (doc.id,)).fetchone()[0])
                summaries = {**{k: v for k, v in old_summaries.items() if k not in doc.analyzers},
                             **doc.summaries}
                c.execute("UPDATE documents SET analyzers = ?, summaries = ?, updated_at = ? WHERE id = ?",
                          (json.dumps(merged, sort_keys=True),
                           json.dumps(summaries, ensure_ascii=False, sort_keys=True), now, doc.id))
            else:
                status = "unchanged"
        for u in {u for u in (seen_url, doc.url, doc.canonical_url) if u}:
            c.execute("INSERT OR IGNORE INTO document_urls VALUES (?, ?, ?)", (doc.id, u, now))
        return PutResult(doc.id, status, near_of if status == "new" else None)  # type: ignore[arg-type]

    def delete(self, document_id: str) -> bool:
        """Remove a stored document with its spans, URLs, index entry and incident reports; False if there was none.
        ``presswatch watch`` replaces the stand-in it stored from a feed's summary once the page itself is read."""
        with self._transaction(f"the removal of document {document_id}") as c:
            c.execute("DELETE FROM documents_fts WHERE document_id = ?", (document_id,))
            c.execute("UPDATE documents SET near_duplicate_of = NULL WHERE near_duplicate_of = ?", (document_id,))
            gone = c.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount
        return bool(gone)

    def _near_duplicate(self, doc: Document) -> tuple[int | None, str | None]:
        """The document's SimHash and the closest stored document within MAX_DISTANCE bits, if any."""
        h = simhash(doc.text)
        if h is None:
            return None, None
        near = probes(h)
        clauses = " OR ".join(f"(b.band = ? AND b.value IN ({', '.join('?' * len(vs))}))" for vs in near)
        args: list[int] = [x for i, vs in enumerate(near) for x in (i, *vs)]
        rows = self.conn.execute(
            f"""SELECT DISTINCT d.id, d.simhash FROM simhash_bands b JOIN documents d ON d.id = b.document_id
                WHERE ({clauses}) AND d.id != ?""",
            (*args, doc.id),
        ).fetchall()
        best: tuple[int, str] | None = None
        for did, sh in rows:
            dist = distance(h, from_signed(sh))
            if dist <= MAX_DISTANCE and (best is None or (dist, did) < best):
                best = (dist, did)
        return h, (best[1] if best else None)

    def _write_spans(self, doc: Document) -> None:
        self.conn.executemany(
            'INSERT INTO spans (document_id, start, "end", label, analyzer, attrs) VALUES (?,?,?,?,?,?)',
            [(doc.id, s.start, s.end, s.label, s.analyzer, json.dumps(s.attrs, ensure_ascii=False))
             for s in doc.spans],
        )

    # -- reading --------------------------------------------------------------------------------
    def _resolve_id(self, document_id: str) -> str:
        document_id = document_id.strip()
        if not re.fullmatch(r"[0-9a-f]{4,64}", document_id):
            raise NotFoundError(f"{document_id!r} is not a document id (ids are hexadecimal)")
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (document_id, document_id + "g")
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no stored document has id {document_id}", source=self.location)
        if len(rows) > 1:
            raise NotFoundError(f"id prefix {document_id} is ambiguous; give more characters")
        return str(rows[0][0])

    def get(self, document_id: str) -> Document:
        did = self._resolve_id(document_id)
        r = self.conn.execute(
            """SELECT d.*, s.name AS source_name, s.domain AS source_domain FROM documents d
               LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = ?""",
            (did,),
        ).fetchone()
        spans = [
            Span(row["start"], row["end"], row["label"], row["analyzer"], json.loads(row["attrs"]))
            for row in self.conn.execute(
                'SELECT start, "end", label, analyzer, attrs FROM spans WHERE document_id = ? ORDER BY start, id',
                (did,),
            )
        ]
        return Document(
            text=r["text"],
            id=r["id"],
            url=r["url"],
            canonical_url=r["canonical_url"],
            source=r["source_name"],
            source_domain=r["source_domain"] or None,
            title=r["title"],
            authors=json.loads(r["authors"]),
            published=r["published"],
            published_from=r["published_from"],
            fetched_at=r["fetched_at"],
            language=r["language"],
            language_score=r["language_score"],
            kind=r["kind"],
            description=r["description"],
            paragraphs=[tuple(p) for p in json.loads(r["paragraphs"])],
            spans=spans,
            analyzers=json.loads(r["analyzers"]),
            summaries=json.loads(r["summaries"]),
            encoding=r["encoding"],
            encoding_confidence=r["encoding_confidence"],
        )

    def document_stamp(self, document_id: str) -> tuple[str, str | None]:
        """The full id and a stamp of everything :meth:`get` reads that can change once stored: the row (a document
        stored again after a removal gets a new rowid), the analyzers (an update always changes them, and with them
        the spans and figures), the update time and the source's name and domain."""
        document_id = document_id.strip()
        if not re.fullmatch(r"[0-9a-f]{4,64}", document_id):
            raise NotFoundError(f"{document_id!r} is not a document id (ids are hexadecimal)")
        rows = self.conn.execute(
            """SELECT d.id, d.rowid, d.updated_at, d.analyzers, src.name, src.domain FROM documents d
               LEFT JOIN sources src ON src.id = d.source_id WHERE d.id >= ? AND d.id < ? LIMIT 2""",
            (document_id, document_id + "g"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no stored document has id {document_id}", source=self.location)
        if len(rows) > 1:
            raise NotFoundError(f"id prefix {document_id} is ambiguous; give more characters")
        r = rows[0]
        return str(r[0]), json.dumps([r[1], r[2], r[3], r[4], r[5]])

    def near_duplicate_of(self, document_id: str) -> str | None:
        """The stored document this one nearly repeats (found when it was stored), or None."""
        did = self._resolve_id(document_id)
        row = self.conn.execute("SELECT near_duplicate_of FROM documents WHERE id = ?", (did,)).fetchone()
        return row[0] if row else None

    def urls(self, document_id: str) -> list[str]:
        did = self._resolve_id(document_id)
        return [r[0] for r in self.conn.execute(
            "SELECT url FROM document_urls WHERE document_id = ? ORDER BY first_seen, rowid", (did,))]

    def add_url(self, document_id: str, url: str) -> bool:
        with self._transaction(f"where document {document_id} was seen") as c:
            if c.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                return False
            c.execute("INSERT OR IGNORE INTO document_urls VALUES (?, ?, ?)", (document_id, url, _now()))
        return True

    def search(self, query: str, *, limit: int = 20, raw: bool = False, collapse: bool = True,
               place_ids: Iterable[str] = ()) -> SearchResults:
        hits = self._search_words(query, limit=limit, raw=raw, collapse=collapse)
        place_ids = list(place_ids)
        if place_ids and len(hits) < limit:
            seen = {h.document_id for h in hits} | {c for h in hits for c in h.near_copies}
            more = [h for h in self.search_places(place_ids, limit=limit + len(seen)) if h.document_id not in seen]
            hits.extend(more[: limit - len(hits)])
        return hits

    def search_places(self, place_ids: Iterable[str], *, limit: int = 20) -> SearchResults:
        """Documents with a PLACE span of one of ``place_ids`` (in the body, headline or standfirst), those naming
        them most first; the snippet shows the first mention."""
        ids = sorted(set(place_ids))
        if not ids or limit <= 0:
            return SearchResults()
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"""SELECT s.document_id, COUNT(*) AS n, d.title, src.name, d.published, d.text
                FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
                WHERE s.analyzer = 'places' AND s.label = 'PLACE' AND json_extract(s.attrs, '$.place_id') IN ({marks})
                GROUP BY s.document_id ORDER BY n DESC, d.published DESC, s.document_id LIMIT ?""",
            (*ids, limit),
        ).fetchall()
        hits = SearchResults()
        for did, n, title, source, published, text in rows:
            first = self.conn.execute(
                f"""SELECT start, "end" FROM spans WHERE document_id = ? AND analyzer = 'places' AND label = 'PLACE'
                    AND json_extract(attrs, '$.place_id') IN ({marks})
                    AND json_extract(attrs, '$.field') IS NULL ORDER BY start LIMIT 1""",
                (did, *ids),
            ).fetchone()
            snippet = _place_snippet(text, first[0], first[1]) if first else (title or "")
            hits.append(SearchHit(did, title, source, published, snippet, float(n)))
        return hits

    def _search_words(self, query: str, *, limit: int, raw: bool, collapse: bool) -> SearchResults:
        notes: list[str] = []
        if raw:
            q = fold(query)
            check_raw_query(q)
        else:
            terms = query_terms(query)
            if len(terms) > MAX_QUERY_TERMS:
                notes.append(f"searched for the first {MAX_QUERY_TERMS} of the query's {len(terms)} different "
                             f"words; left out: {_short(' '.join(terms[MAX_QUERY_TERMS:]))}")
                terms = terms[:MAX_QUERY_TERMS]
            q = fts_query(terms)
        if not q.strip() or limit <= 0:
            return SearchResults([], notes)
        try:
            rows = self.conn.execute(
                """SELECT f.rowid, f.document_id, bm25(documents_fts) AS score, d.simhash, d.near_duplicate_of
                   FROM documents_fts f JOIN documents d ON d.id = f.document_id
                   WHERE documents_fts MATCH ? ORDER BY score, f.document_id LIMIT ?""",
                (q, max(limit, COLLAPSE_WINDOW) if collapse else limit),
            ).fetchall()
            groups = _near_copy_groups(rows) if collapse else [[r] for r in rows]
            groups = groups[:limit]
            best = [g[0] for g in groups]
            marks = ",".join("?" * len(best))
            details = {r[0]: r for r in self.conn.execute(
                f"""SELECT f.rowid, d.title, s.name, d.published, snippet(documents_fts, 2, '[', ']', ' … ', 12)
                    FROM documents_fts f JOIN documents d ON d.id = f.document_id
                    LEFT JOIN sources s ON s.id = d.source_id
                    WHERE documents_fts MATCH ? AND f.rowid IN ({marks})""",
                (q, *[r[0] for r in best]))}
        except sqlite3.OperationalError as e:
            why = str(e).removeprefix("fts5: ").replace('syntax error near ""', "syntax error at its end")
            raise StoreError(f"bad search query {_short(query)!r} ({why}); --raw takes FTS5 syntax: words, "
                             '"phrases", AND, OR, NOT, NEAR(a b), prefix*, title:word, (parentheses)') from None
        hits = []
        for g in groups:
            rowid, did, score = g[0][0], g[0][1], g[0][2]
            _, title, source, published, snip = details[rowid]
            hits.append(SearchHit(did, title, source, published, snip, -float(score), [r[1] for r in g[1:]]))
        return SearchResults(hits, notes)

    def list(self, *, limit: int = 50, source: str | None = None) -> list[StoredSummary]:
        sql = """SELECT d.id, d.title, s.name, d.published, d.language, d.url, d.ingested_at
                 FROM documents d LEFT JOIN sources s ON s.id = d.source_id"""
        args: list[object] = []
        if source:
            sql += " WHERE s.name = ? OR s.domain = ?"
            args += [source, source]
        sql += " ORDER BY d.ingested_at DESC, d.id LIMIT ?"
        args.append(limit)
        return [StoredSummary(*r) for r in self.conn.execute(sql, args)]

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def iter_documents(self) -> Iterator[Document]:
        """Every document, first ingested first, read through a cursor: a page of ids at a time, each document
        read when it is reached (never the whole store in memory). SQLite sorts the ids before the first row
        comes, so writes made while iterating (``presswatch reanalyze``) change neither the order nor the set."""
        cursor = self.conn.execute("SELECT id FROM documents ORDER BY ingested_at, id")
        try:
            while page := cursor.fetchmany(ITER_PAGE):
                for (did,) in page:
                    yield self.get(did)
        finally:
            cursor.close()

    # -- finding documents (presswatch serve) -----------------------------------------------------------
    def _query_terms(self, q: str) -> tuple[str, list[str]]:
        """The FTS5 query of a user's words and the notes on words left out, as :meth:`search` makes them."""
        terms = query_terms(q)
        notes = []
        if len(terms) > MAX_QUERY_TERMS:
            notes.append(f"searched for the first {MAX_QUERY_TERMS} of the query's {len(terms)} different "
                         f"words; left out: {_short(' '.join(terms[MAX_QUERY_TERMS:]))}")
            terms = terms[:MAX_QUERY_TERMS]
        return fts_query(terms), notes

    def _selection(self, query: DocumentQuery) -> tuple[str, list[object]]:
        """FROM ... WHERE ... over documents ``d`` (sources ``src``) for ``query``, without the full-text part. Span
        criteria are subqueries over the indexes on spans (by analyzer and label; by place and by source kind, of
        migration 7), so no span's attributes are read to test them."""
        where, args = self._published_between(query.since, query.until)
        if query.source:
            where += " AND (src.name = ? OR src.domain = ?)"
            args += [query.source, query.source]
        if query.language:
            where += " AND d.language = ?"
            args.append(query.language)
        if query.place_id:
            where += (" AND d.id IN (SELECT document_id FROM spans WHERE analyzer = 'places' AND label = 'PLACE'"
                      " AND json_extract(attrs, '$.place_id') = ?)")
            args.append(query.place_id)
        if query.technique:
            where += " AND d.id IN (SELECT document_id FROM spans WHERE analyzer = 'techniques' AND label = ?)"
            args.append(query.technique)
        if query.anonymous is not None:
            # the sourcing profile's rule: an attribution is anonymous by its SOURCE's kind, or by its CUE's when
            # no source is named. Checked per candidate document (one seek in each index of migration 7): many
            # documents quote someone anonymous, so the set of them is large, while the other filters and the page
            # need only a few of them
            anonymous = ("(EXISTS (SELECT 1 FROM spans s WHERE s.analyzer = 'sourcing' AND s.label = 'SOURCE'"
                         " AND json_extract(s.attrs, '$.kind') = 'anonymous' AND s.document_id = d.id)"
                         " OR EXISTS (SELECT 1 FROM spans s WHERE s.analyzer = 'sourcing' AND s.label = 'CUE'"
                         " AND json_extract(s.attrs, '$.source_kind') = 'anonymous' AND s.document_id = d.id))")
            where += f" AND {anonymous}" if query.anonymous else f" AND NOT {anonymous}"
        return "FROM documents d LEFT JOIN sources src ON src.id = d.source_id WHERE " + where, args

    def _ordered(self, query: DocumentQuery) -> tuple[str, list[object], str, list[str]] | None:
        """FROM/WHERE, its arguments, the ORDER BY (newest first; best first with a full-text query) and the notes
        of the query's words; None when the full-text query has no word at all."""
        sel, args = self._selection(query)
        if query.q is None:
            return sel, args, NEWEST_FIRST, []
        fts, notes = self._query_terms(query.q)
        if not fts:
            return None
        ranked = ("JOIN (SELECT document_id, rowid AS fts_rowid, bm25(documents_fts) AS score FROM documents_fts"
                  " WHERE documents_fts MATCH ?) f ON f.document_id = d.id")
        return sel.replace(" WHERE ", f" {ranked} WHERE ", 1), [fts, *args], "f.score, d.id", notes

    def find(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> FoundDocuments:
        ordered = self._ordered(query)
        if ordered is None:
            return FoundDocuments([], 0, [])
        sel, args, order, notes = ordered
        try:
            if query.q is not None and dataclasses.replace(query, q=None) == DocumentQuery():
                # words only: the full-text index alone counts and ranks (joining every match to its document costs
                # three times as much), in the same order as the join's
                total = self._count("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", args[:1])
                key, page = "id", self.conn.execute(
                    """SELECT document_id, rowid FROM documents_fts WHERE documents_fts MATCH ?
                       ORDER BY bm25(documents_fts), document_id LIMIT ? OFFSET ?""", [*args[:1], limit, offset]
                ).fetchall()
            else:
                total = self._count(f"SELECT COUNT(*) {sel}", args)
                # the page's rows first (through the index on the order, without reading them), then their columns:
                # a row's columns after its text cost a walk through the text's overflow pages
                fts_rowid = "f.fts_rowid" if query.q is not None else "NULL"
                key, page = "rowid", self.conn.execute(
                    f"SELECT d.rowid, {fts_rowid} {sel} ORDER BY {order} LIMIT ? OFFSET ?", [*args, limit, offset]
                ).fetchall()
            rows = self._summaries(key, [r[0] for r in page])
            if query.q is not None and rows:
                # through the full-text rows' ids: selecting them by document id would read every match again
                marks = ",".join("?" * len(page))
                snippets = dict(self.conn.execute(
                    f"""SELECT document_id, snippet(documents_fts, 2, '[', ']', ' … ', 12) FROM documents_fts
                        WHERE documents_fts MATCH ? AND rowid IN ({marks})""",
                    [args[0], *[r[1] for r in page]]).fetchall())
                for r in rows:
                    r["snippet"] = snippets.get(r["id"], "")
        except sqlite3.OperationalError as e:
            raise StoreError(f"bad search query {_short(query.q or '')!r} ({e})") from None
        return FoundDocuments(rows, total, notes)

    def _count(self, sql: str, args: list[object]) -> int:
        """``sql``'s count, remembered until the database changes: ``PRAGMA data_version`` changes when another
        connection commits, ``total_changes`` when this one writes. A list's total is the same for every page of it,
        and counting the documents a filter selects costs more than reading one page of them."""
        version = (int(self.conn.execute("PRAGMA data_version").fetchone()[0]), self.conn.total_changes)
        if version != self._counts_version:
            self._counts.clear()
            self._counts_version = version
        key = (sql, tuple(args))
        total = self._counts.get(key)
        if total is None:
            total = int(self.conn.execute(sql, args).fetchone()[0])
            if len(self._counts) >= MAX_COUNTS:
                self._counts.clear()
            self._counts[key] = total
        return total

    def _summaries(self, key: str, keys: list[Any]) -> list[dict[str, Any]]:
        """The listed columns of the documents whose ``key`` (rowid or id) is in ``keys``, in that order."""
        marks = ",".join("?" * len(keys))
        found = {}
        for r in self.conn.execute(
            f"""SELECT d.{key} AS page_key, d.id, d.title, src.name AS source, NULLIF(src.domain, '') AS source_domain,
                       d.published, d.language, d.url, d.near_duplicate_of
                FROM documents d LEFT JOIN sources src ON src.id = d.source_id WHERE d.{key} IN ({marks})""", keys):
            item = dict(r)
            found[item.pop("page_key")] = item
        return [found[k] for k in keys if k in found]

    def find_ids(self, query: DocumentQuery) -> list[str]:
        ordered = self._ordered(query)
        if ordered is None:
            return []
        sel, args, order, _ = ordered
        try:
            return [r[0] for r in self.conn.execute(f"SELECT d.id {sel} ORDER BY {order}", args)]
        except sqlite3.OperationalError as e:
            raise StoreError(f"bad search query {_short(query.q or '')!r} ({e})") from None

    def _within(self, query: DocumentQuery, column: str) -> tuple[str, list[object]]:
        """`` AND column IN (the ids query selects)``, or nothing when it selects every document."""
        if query == DocumentQuery():
            return "", []
        ordered = self._ordered(query)
        if ordered is None:
            return " AND 0", []
        sel, args, _, _ = ordered
        return f" AND {column} IN (SELECT d.id {sel})", args

    def place_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        within, args = self._within(query, "s.document_id")
        spans = ("FROM spans s WHERE s.analyzer = 'places' AND s.label = 'PLACE'"
                 f" AND json_extract(s.attrs, '$.place_id') IS NOT NULL{within}")
        # counted in the index of migration 7 alone; a place's name and coordinates are those of its first span
        counts = self.conn.execute(
            f"""SELECT json_extract(s.attrs, '$.place_id'), COUNT(*), COUNT(DISTINCT s.document_id), MIN(s.rowid)
                {spans} GROUP BY 1""", args).fetchall()
        first = {r[0]: json.loads(r[1]) for r in self.conn.execute(
            f"SELECT rowid, attrs FROM spans WHERE rowid IN ({','.join('?' * len(counts))})", [r[3] for r in counts])}
        places: dict[str, dict[str, Any]] = {}
        for pid, mentions, documents, rowid in counts:
            a = first[rowid]
            places[pid] = {"place_id": pid, "name": a.get("name"), "lat": a.get("lat"), "lon": a.get("lon"),
                           "country": a.get("country"), "feature": a.get("feature"), "mentions": mentions,
                           "documents": documents, "names": {}}
        # the words each source wrote, from the field the span lies in (body, headline or standfirst)
        for r in self.conn.execute(
            f"""SELECT json_extract(s.attrs, '$.place_id') AS place_id, COALESCE(src.name, '') AS source,
                       CASE json_extract(s.attrs, '$.field')
                           WHEN 'title' THEN substr(d.title, s.start + 1, s."end" - s.start)
                           WHEN 'description' THEN substr(d.description, s.start + 1, s."end" - s.start)
                           ELSE substr(d.text, s.start + 1, s."end" - s.start) END AS words,
                       COUNT(*) AS n
                {spans.replace("FROM spans s", "FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN "
                                               "sources src ON src.id = d.source_id", 1)}
                GROUP BY 1, 2, 3 ORDER BY 1, 2, n DESC, 3""", args):
            places[r["place_id"]]["names"].setdefault(r["source"], {})[r["words"]] = r["n"]
        return sorted(places.values(), key=lambda p: (-p["mentions"], p["name"] or "", p["place_id"]))

    def source_stats(self, query: DocumentQuery) -> list[dict[str, Any]]:
        within, args = self._within(query, "d.id")
        frm = "FROM documents d LEFT JOIN sources src ON src.id = d.source_id"
        where = f"WHERE 1{within}"
        analysed = "json_extract(d.summaries, '$.techniques.analysed') = 1"
        out: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute(
            f"""SELECT COALESCE(src.name, '') AS source, COUNT(*) AS documents,
                       MIN(substr(d.published, 1, 10)) AS first, MAX(substr(d.published, 1, 10)) AS last,
                       COALESCE(SUM(json_extract(d.summaries, '$.sourcing.attributions')), 0) AS attributions,
                       COALESCE(SUM({analysed}), 0) AS technique_documents,
                       COALESCE(SUM(CASE WHEN {analysed} THEN json_extract(d.summaries, '$.techniques.findings') END),
                                0) AS technique_findings,
                       COALESCE(SUM(CASE WHEN {analysed} THEN json_extract(d.summaries, '$.techniques.words') END),
                                0) AS technique_words
                {frm} {where} GROUP BY 1 ORDER BY documents DESC, 1""", args):
            out[r["source"]] = {**dict(r), "per_day": {}, "by_kind": {}, "techniques": {}}
        for r in self.conn.execute(
                f"""SELECT COALESCE(src.name, ''), substr(d.published, 1, 10), COUNT(*) {frm} {where}
                    AND d.published IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2""", args):
            out[r[0]]["per_day"][r[1]] = r[2]
        for key, path in (("by_kind", "$.sourcing.by_kind"), ("techniques", "$.techniques.counts")):
            for r in self.conn.execute(
                    f"""SELECT COALESCE(src.name, ''), j.key, SUM(j.value) {frm}, json_each(d.summaries, ?) j {where}
                        GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""", [path, *args]):
                out[r[0]][key][r[1]] = r[2]
        return list(out.values())

    # -- the dashboard's lists (presswatch serve) ----------------------------------------------------------
    def browse(self, query: DocumentQuery, *, offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        sel, args = self._selection(dataclasses.replace(query, q=None))
        total = self._count(f"SELECT COUNT(*) {sel}", args)
        rows = self.conn.execute(
            f"""SELECT d.id, d.title, src.name AS source, d.published, d.language, substr(d.text, 1, 280) AS opening
                {sel} ORDER BY d.published DESC, d.id LIMIT ? OFFSET ?""", [*args, limit, offset])
        return total, [dict(r) for r in rows]

    def languages_of(self, document_ids: Iterable[str], query: DocumentQuery) -> dict[str, str | None]:
        ids = list(dict.fromkeys(document_ids))
        out: dict[str, str | None] = {}
        sel, args = self._selection(dataclasses.replace(query, q=None))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out.update((r[0], r[1]) for r in self.conn.execute(
                f"SELECT d.id, d.language {sel} AND d.id IN ({','.join('?' * len(part))})", [*args, *part]))
        return out

    def place_counts(self, document_ids: Iterable[str] | None = None, *, limit: int = 400) -> list[dict[str, Any]]:
        where, args = "", []
        if document_ids is not None:
            ids = list(dict.fromkeys(document_ids))
            if not ids:
                return []
            where = f" AND document_id IN ({','.join('?' * len(ids))})"
            args = ids
        rows = self.conn.execute(
            f"""SELECT json_extract(attrs, '$.place_id') AS place_id, max(json_extract(attrs, '$.name')) AS name,
                       max(json_extract(attrs, '$.lat')) AS lat, max(json_extract(attrs, '$.lon')) AS lon,
                       count(*) AS count, count(DISTINCT document_id) AS documents
                FROM spans WHERE analyzer = 'places' AND label = 'PLACE'
                AND json_extract(attrs, '$.place_id') IS NOT NULL{where}
                GROUP BY 1 ORDER BY count DESC, name, place_id LIMIT ?""", [*args, limit])
        return [dict(r) for r in rows]

    def source_counts(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT COALESCE(s.name, '') AS name, count(*) AS documents, min(d.published) AS first,
                      max(d.published) AS last FROM documents d LEFT JOIN sources s ON s.id = d.source_id
               GROUP BY 1 ORDER BY documents DESC, name""")
        return [dict(r) for r in rows]

    def language_counts(self) -> list[tuple[str, int]]:
        rows = self.conn.execute(
            """SELECT language, count(*) AS n FROM documents WHERE language IS NOT NULL GROUP BY language
               ORDER BY n DESC, language""")
        return [(r[0], r[1]) for r in rows]

    def incident_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM incidents").fetchone()[0])

    # -- incidents (written by presswatch.comparison.linking) ---------------------------------------
    def unlinked_documents(self) -> list[str]:
        """Ids of documents with INCIDENT spans none of which is linked to an incident yet, oldest first."""
        # IN (list) and not a correlated EXISTS: SQLite answered the EXISTS through the (analyzer, label) index once
        # per document, scanning every INCIDENT span each time (26 s on 3,000 documents; this takes 10 ms)
        rows = self.conn.execute(
            """SELECT d.id FROM documents d WHERE d.id IN (SELECT s.document_id FROM spans s
               WHERE s.analyzer = 'incidents' AND s.label = 'INCIDENT') AND NOT EXISTS (SELECT 1 FROM incident_reports r
               WHERE r.document_id = d.id) ORDER BY d.published, d.id""").fetchall()
        return [r[0] for r in rows]

    def incident_reports_between(self, day_lo: int, day_hi: int, cells: list[int] | None = None
                                 ) -> list[dict[str, object]]:
        """Linked reports whose day lies in [day_lo, day_hi] (and, given ``cells``, whose grid cell is one of them
        or unknown): the blocking step of the linker."""
        where = "r.day BETWEEN ? AND ?"
        args: list[object] = [day_lo, day_hi]
        if cells is not None:
            where += f" AND (r.cell IS NULL OR r.cell IN ({','.join('?' * len(cells))}))"
            args += cells
        rows = self.conn.execute(
            """SELECT r.incident_id, r.document_id, r.start, r."end", r.part, r.day, r.vector, s.attrs,
                      src.name AS source,
                      substr(d.text, r.start + 1, r."end" - r.start) AS words
               FROM incident_reports r
               JOIN spans s ON s.document_id = r.document_id AND s.start = r.start AND s."end" = r."end"
                    AND s.analyzer = 'incidents' AND s.label = 'INCIDENT'
                    AND COALESCE(json_extract(s.attrs, '$.part'), 0) = r.part
               JOIN documents d ON d.id = r.document_id LEFT JOIN sources src ON src.id = d.source_id
               WHERE """ + where, args).fetchall()
        return [dict(r) for r in rows]

    def reports_without_day(self) -> list[dict[str, object]]:
        rows = self.conn.execute(
            """SELECT r.incident_id, r.document_id, r.start, r."end", r.part, r.day, r.vector, s.attrs,
                      substr(d.text, r.start + 1, r."end" - r.start) AS words
               FROM incident_reports r JOIN spans s ON s.document_id = r.document_id AND s.start = r.start
               AND s."end" = r."end" AND s.analyzer = 'incidents' AND s.label = 'INCIDENT'
               AND COALESCE(json_extract(s.attrs, '$.part'), 0) = r.part
               JOIN documents d ON d.id = r.document_id WHERE r.day IS NULL""").fetchall()
        return [dict(r) for r in rows]

    def save_incident_reports(self, links: list[dict[str, object]], incidents: list[dict[str, object]]) -> None:
        """Register new incidents (an id each; their type, date and places are their reports') and write the reports
        linked to them, in one transaction."""
        now = _now()
        with self._transaction("incidents") as c:
            for inc in incidents:
                c.execute(
                    """INSERT INTO incidents (id, created_at, updated_at) VALUES (?,?,?)
                       ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at""",
                    (inc["id"], now, now))
            c.executemany(
                """INSERT OR REPLACE INTO incident_reports
                   (incident_id, document_id, start, "end", part, day, cell, score, vector)
                   VALUES (?,?,?,?,?,?,?,?,?)""",
                [(x["incident_id"], x["document_id"], x["start"], x["end"], x.get("part", 0), x["day"],
                  x.get("cell"), x["score"], x["vector"]) for x in links])

    def drop_orphan_incidents(self) -> int:
        """Remove incidents left without any report (their documents were re-analysed); return how many."""
        with self.conn:
            cur = self.conn.execute("DELETE FROM incidents WHERE NOT EXISTS "
                                    "(SELECT 1 FROM incident_reports r WHERE r.incident_id = incidents.id)")
        return cur.rowcount

    @staticmethod
    def _published_between(since: str | None, until: str | None) -> tuple[str, list[object]]:
        """SQL condition on d.published (ISO dates compare as text; ``until`` includes that whole day)."""
        where, args = "1", []
        if since:
            where += " AND d.published >= ?"
            args.append(since)
        if until:
            where += " AND d.published < ?"
            args.append(until + "\uffff")
        return where, args

    def incident_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        """Every linked report (of documents published in the window) with its incident, document, source and
        span attributes."""
        where, args = self._published_between(since, until)
        rows = self.conn.execute(
            """SELECT i.id AS incident_id, r.document_id, r.start, r."end", r.part, r.score, s.attrs, d.url,
                      d.published, d.title, d.language,
                      src.name AS source, substr(d.text, r.start + 1, r."end" - r.start) AS words
               FROM incident_reports r JOIN incidents i ON i.id = r.incident_id
               JOIN spans s ON s.document_id = r.document_id AND s.start = r.start AND s."end" = r."end"
                    AND s.analyzer = 'incidents' AND s.label = 'INCIDENT'
                    AND COALESCE(json_extract(s.attrs, '$.part'), 0) = r.part
               JOIN documents d ON d.id = r.document_id LEFT JOIN sources src ON src.id = d.source_id
               WHERE """ + where + """ ORDER BY i.id, d.published, r.document_id, r.start""", args).fetchall()
        return [dict(r) for r in rows]

    def document_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        """id, source, published, url, title, language and summaries of every document in the window (no text)."""
        where, args = self._published_between(since, until)
        rows = self.conn.execute(
            """SELECT d.id, src.name AS source, d.published, d.url, d.title, d.language, d.summaries
               FROM documents d LEFT JOIN sources src ON src.id = d.source_id WHERE """ + where
            + " ORDER BY d.published, d.id", args).fetchall()
        return [dict(r) for r in rows]

    def place_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        """Every resolved PLACE span (of documents in the window) with its document's source and date, and the
        words it covers in its own field (body, headline or standfirst)."""
        where, args = self._published_between(since, until)
        rows = self.conn.execute(
            """SELECT s.document_id, s.start, s."end", s.attrs,
                      substr(CASE json_extract(s.attrs, '$.field') WHEN 'title' THEN d.title
                                  WHEN 'description' THEN d.description ELSE d.text END,
                             s.start + 1, s."end" - s.start) AS words,
                      d.published, src.name AS source
               FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
               WHERE s.analyzer = 'places' AND s.label = 'PLACE' AND """ + where
            + " ORDER BY d.published, s.document_id, s.start", args).fetchall()
        return [dict(r) for r in rows]

    def source_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, object]]:
        """Every SOURCE span of the sourcing analyzer (of documents in the window) with the words it covers and
        its document's source, domain, URL and date, in document order (whose sources: presswatch.actors)."""
        where, args = self._published_between(since, until)
        rows = self.conn.execute(
            """SELECT s.document_id, s.start, s."end", s.attrs, substr(d.text, s.start + 1, s."end" - s.start) AS words,
                      d.published, d.url, src.name AS source, src.domain AS source_domain
               FROM spans s JOIN documents d ON d.id = s.document_id LEFT JOIN sources src ON src.id = d.source_id
               WHERE s.analyzer = 'sourcing' AND s.label = 'SOURCE' AND """ + where
            + " ORDER BY d.published, s.document_id, s.start", args).fetchall()
        return [dict(r) for r in rows]

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
