"""The sources registry: the outlets ``presswatch watch`` follows, each with its feed and/or sitemap.

Kept in the store (table ``watch_sources``, migration 7) so that the watcher, the API and ``presswatch sources``
read one list. Adding a source also registers its feed and sitemap as endpoints to poll (``watch_endpoints``);
changing a source's addresses drops the polling state of the old ones. A document fetched from a source's feed
carries the source's name as its ``Document.source``, as ``presswatch ingest --source`` sets it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError, InputError, NotFoundError
from presswatch.store.base import Store

KINDS = ("ministry", "agency", "outlet")
MAX_REGISTRY_BYTES = 5 * 1024 * 1024
_FIELDS = ("name", "feed", "sitemap", "kind", "side", "country", "lang")


@dataclass(slots=True)
class Source:
    """One followed outlet. ``side`` is a free label the user chooses (presswatch takes no side); ``country`` an
    ISO 3166 alpha-2 code, ``lang`` an ISO 639 code of the language it publishes in."""

    name: str
    feed: str | None = None
    sitemap: str | None = None
    kind: str | None = None
    side: str | None = None
    country: str | None = None
    lang: str | None = None
    added_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sqlite_of(store: Store) -> Any:
    """The store the watcher keeps its registry and queue in (its tables: SQLite's migration 7, PostgreSQL's 2): one
    with ``conn`` (SQLite-style SQL, translated on PostgreSQL) and ``atomic()``; a store without them is refused."""
    if not (hasattr(store, "conn") and hasattr(store, "atomic")):
        raise ConfigError("presswatch watch and sources need a SQLite or PostgreSQL store")
    return store


def _url(value: Any, what: str, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.match(r"https?://[^\s/]+", value.strip()):
        raise ConfigError(f"{where}{what} must be an http:// or https:// URL, not {str(value)[:80]!r}")
    return value.strip()


def validate(raw: dict[str, Any], where: str = "") -> Source:
    """A :class:`Source` from user input (CLI options or a YAML entry), or one ConfigError naming what is wrong."""
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{where}unknown field(s) {', '.join(unknown)}; a source has {', '.join(_FIELDS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200 or any(ord(c) < 32 for c in name):
        raise ConfigError(f"{where}a source needs a name (one line, at most 200 characters)")
    feed = _url(raw.get("feed"), "feed", where)
    sitemap = _url(raw.get("sitemap"), "sitemap", where)
    if not feed and not sitemap:
        raise ConfigError(f"{where}source {name.strip()!r} needs a feed or a sitemap URL")
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"{where}kind must be one of {', '.join(KINDS)}, not {str(kind)[:40]!r}")
    side = raw.get("side")
    if side is not None and (not isinstance(side, str) or not side.strip() or len(side) > 100):
        raise ConfigError(f"{where}side must be a short label")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country)):
        raise ConfigError(f"{where}country must be a two-letter code (ISO 3166), not {str(country)[:20]!r}")
    lang = raw.get("lang")
    if lang is not None and (not isinstance(lang, str) or not re.fullmatch(r"[A-Za-z]{2,3}", lang)):
        raise ConfigError(f"{where}lang must be a two- or three-letter code (ISO 639), not {str(lang)[:20]!r}")
    return Source(
        name=name.strip(),
        feed=feed,
        sitemap=sitemap,
        kind=kind,
        side=side.strip() if side else None,
        country=country.upper() if country else None,
        lang=lang.lower() if lang else None,
    )


def _row(r: Any) -> Source:
    return Source(**{k: r[k] for k in (*_FIELDS, "added_at")})


def list_sources(store: Store) -> list[Source]:
    conn = sqlite_of(store).conn
    return [_row(r) for r in conn.execute("SELECT * FROM watch_sources ORDER BY name")]


def get_source(store: Store, name: str) -> Source:
    r = sqlite_of(store).conn.execute("SELECT * FROM watch_sources WHERE name = ?", (name,)).fetchone()
    if r is None:
        raise NotFoundError(f"no source named {name!r} (presswatch sources list shows them)")
    return _row(r)


def save_source(store: Store, source: Source, *, replace: bool = False) -> str:
    """Add ``source`` ("added"), or with ``replace`` update the one of that name ("updated", "unchanged").
    Its feed and sitemap become endpoints due for polling now; endpoints it no longer names are dropped."""
    from presswatch.ingest.fetch import utc_now

    st = sqlite_of(store)
    with st.atomic(f"source {source.name}") as c:
        old = c.execute("SELECT * FROM watch_sources WHERE name = ?", (source.name,)).fetchone()
        if old is not None and not replace:
            raise ConfigError(
                f"a source named {source.name!r} exists already (presswatch sources remove it first, "
                "or load a registry file, which updates it)"
            )
        status = "added"
        if old is not None:
            before = _row(old)
            source.added_at = before.added_at
            status = "unchanged" if before == source else "updated"
        else:
            source.added_at = utc_now()
        values = tuple(getattr(source, k) for k in (*_FIELDS, "added_at"))
        if old is None:
            c.execute(
                "INSERT INTO watch_sources (name, feed, sitemap, kind, side, country, lang, added_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                values,
            )
        else:  # updated in place (not deleted and inserted: ON DELETE CASCADE would reset every endpoint's polling
            # state, its etag, poll count and error streak); endpoints whose URL it still names keep theirs
            c.execute(
                "UPDATE watch_sources SET feed = ?, sitemap = ?, kind = ?, side = ?, country = ?, lang = ?, "
                "added_at = ? WHERE name = ?",
                (*values[1:], source.name),
            )
        wanted = {(u, t) for u, t in ((source.feed, "feed"), (source.sitemap, "sitemap")) if u}
        for r in c.execute(
            "SELECT url, type FROM watch_endpoints WHERE source = ? AND parent IS NULL", (source.name,)
        ).fetchall():
            if (r["url"], r["type"]) not in wanted:  # its children (sitemaps of an index) go with it
                c.execute(
                    "DELETE FROM watch_endpoints WHERE source = ? AND (url = ? OR parent = ?)",
                    (source.name, r["url"], r["url"]),
                )
        for url, kind in wanted:
            c.execute(
                "INSERT OR IGNORE INTO watch_endpoints (url, source, type) VALUES (?, ?, ?)", (url, source.name, kind)
            )
    return status


def remove_source(store: Store, name: str) -> int:
    """Forget a source, its polling state and its queue items not yet stored; its stored documents stay.
    Returns how many queued items were dropped."""
    st = sqlite_of(store)
    get_source(store, name)
    with st.atomic(f"the removal of source {name}") as c:
        dropped = c.execute("DELETE FROM watch_items WHERE source = ? AND state = 'pending'", (name,)).rowcount
        c.execute("DELETE FROM watch_endpoints WHERE source = ?", (name,))
        c.execute("DELETE FROM watch_sources WHERE name = ?", (name,))
    return int(dropped)


def read_registry(path: str | Path) -> list[Source]:
    """The sources of a registry YAML file (``sources:`` then a list of mappings; see docs/watch.md), all checked
    before any is saved, so that a file with one bad entry changes nothing."""
    import yaml

    from presswatch.ingest.localfile import read_limited, shown

    try:
        data = read_limited(path, MAX_REGISTRY_BYTES)
    except InputError as e:
        raise ConfigError(f"{shown(str(path))}: cannot read the registry file ({e.message})") from None
    where = shown(str(path))
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: the registry file is not UTF-8 text") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{where}: not valid YAML{line}") from None
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: a registry file is a mapping with a list under 'sources:'")
    out: list[Source] = []
    names: set[str] = set()
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: source #{i} is not a mapping")
        src = validate(entry, f"{where}: source #{i}: ")
        if src.name in names:
            raise ConfigError(f"{where}: source #{i}: the name {src.name!r} is used twice")
        names.add(src.name)
        out.append(src)
    return out


def load_registry(store: Store, path: str | Path) -> dict[str, int]:
    """Add or update every source of a registry file; sources not in the file are left as they are."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    sources = read_registry(path)
    with sqlite_of(store).atomic("the sources of the registry file"):  # all or none
        for src in sources:
            counts[save_source(store, src, replace=True)] += 1
    return counts
