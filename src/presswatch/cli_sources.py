"""``presswatch sources ...`` (the registry of followed sources and their health) and ``presswatch watch`` (follow
them). The work is done in :mod:`presswatch.watch`, imported inside each command so that ``presswatch --help``
stays instant."""

from __future__ import annotations

import json
import math
import signal
import threading
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from presswatch.cli_common import ALLOW_PRIVATE_ENV, DbOption, Group, positive_finite, positive_or_none

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.watch.registry import Source

sources_app = typer.Typer(
    name="sources",
    cls=Group,
    help="The sources presswatch watch follows (feeds, sitemaps) and their health.",
    no_args_is_help=True,
)


class Kind(StrEnum):
    ministry = "ministry"
    agency = "agency"
    outlet = "outlet"


Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
NameArg = Annotated[str, typer.Argument(help="The source's name, as documents carry it.", show_default=False)]


def _line(text: str, *, err: bool = False) -> None:
    """A line for a person: control characters from a page or a feed removed, a progress bar left intact."""
    from presswatch.progress import echo
    from presswatch.report.text import for_terminal

    echo(for_terminal(text), err=err)


def _cell(value: object) -> str:
    from presswatch.report.text import for_terminal

    return for_terminal("-" if value is None or value == "" else value, oneline=True)


@sources_app.command("add")
def add(
    name: NameArg,
    feed: Annotated[str | None, typer.Option("--feed", help="RSS or Atom feed URL.")] = None,
    sitemap: Annotated[
        str | None, typer.Option("--sitemap", help="Sitemap, news sitemap or sitemap index URL.")
    ] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="What the source is.")] = None,
    side: Annotated[
        str | None,
        typer.Option(
            "--side", help="A label of your choosing (which party, which government); presswatch takes no side."
        ),
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="Two-letter country code (ISO 3166).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language it publishes in (ISO 639).")] = None,
    db: DbOption = None,
) -> None:
    """Register a source to watch: a feed and/or a sitemap, polled by presswatch watch."""
    from presswatch.store import open_store
    from presswatch.watch.registry import save_source, validate

    src = validate(
        {
            "name": name,
            "feed": feed,
            "sitemap": sitemap,
            "kind": kind.value if kind else None,
            "side": side,
            "country": country,
            "lang": lang,
        }
    )
    with open_store(db) as store:
        save_source(store, src)
    _line(f"added source {src.name}", err=True)


@sources_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="A registry YAML file (format: docs/watch.md).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Add or update every source of a registry YAML file (all or none); others are left as they are."""
    from presswatch.store import open_store
    from presswatch.watch.registry import load_registry

    with open_store(db) as store:
        counts = load_registry(store, file)
    _line(f"{counts['added']} source(s) added, {counts['updated']} updated, {counts['unchanged']} unchanged", err=True)


def _source_rows(sources: list[Source]) -> None:
    for s in sources:
        _line(
            f"{_cell(s.name)}  [{_cell(s.kind)}, side {_cell(s.side)}, {_cell(s.country)}, {_cell(s.lang)}]  "
            f"feed {_cell(s.feed)}  sitemap {_cell(s.sitemap)}"
        )


@sources_app.command("list")
def list_sources(db: DbOption = None, as_json: Json = False) -> None:
    """List the registered sources."""
    from presswatch.store import open_store
    from presswatch.watch.registry import list_sources as registered

    with open_store(db) as store:
        sources = registered(store)
    if as_json:
        typer.echo(json.dumps([s.to_dict() for s in sources], ensure_ascii=False, indent=2))
        return
    _source_rows(sources)
    typer.echo(f"{len(sources)} source(s)", err=True)


@sources_app.command("show")
def show(name: NameArg, db: DbOption = None, as_json: Json = False) -> None:
    """One source: its registry entry, its health and the state of each feed or sitemap."""
    from presswatch.store import open_store
    from presswatch.watch.health import source_health
    from presswatch.watch.registry import get_source, sqlite_of

    with open_store(db) as store:
        src = get_source(store, name)
        health = next(h for h in source_health(store) if h.name == src.name)
        endpoints = [
            dict(r)
            for r in sqlite_of(store).conn.execute(
                "SELECT url, type, parent, etag, last_modified, last_success, last_error, last_error_at, error_streak, "
                "polls FROM watch_endpoints WHERE source = ? ORDER BY parent IS NOT NULL, url",
                (src.name,),
            )
        ]
    if as_json:
        typer.echo(
            json.dumps(
                {"source": src.to_dict(), "health": health.to_dict(), "endpoints": endpoints},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _source_rows([src])
    _health_rows([health])
    for e in endpoints:
        _line(
            f"  {e['type']:<13} {_cell(e['url'])}  polls {e['polls']}, last success {_cell(e['last_success'])}, "
            f"errors in a row {e['error_streak']}"
            + (f", last error: {_cell(e['last_error'])}" if e["error_streak"] else "")
        )


@sources_app.command("remove")
def remove(name: NameArg, db: DbOption = None) -> None:
    """Stop watching a source; the documents already stored from it stay."""
    from presswatch.store import open_store
    from presswatch.watch.registry import remove_source

    with open_store(db) as store:
        dropped = remove_source(store, name)
    _line(f"removed source {name} ({dropped} queued item(s) dropped; stored documents kept)", err=True)


def _health_rows(rows: list) -> None:  # type: ignore[type-arg]
    _line(
        f"{'SOURCE':<28} {'STATUS':<8} {'LAST SUCCESS':<21} {'ERRORS':>6} {'ITEMS/24H':>9} {'USUAL/DAY':>9} "
        f"{'QUEUED':>6}"
    )
    for h in rows:
        usual = "-" if h.usual_per_day is None else f"{h.usual_per_day:.1f}"
        _line(
            f"{_cell(h.name)[:28]:<28} {h.status:<8} {_cell(h.last_success):<21} {h.error_streak:>6} "
            f"{h.items_last_day:>9} {usual:>9} {h.queued:>6}"
        )
    for h in rows:
        if h.warning:
            _line(f"warning: {h.name}: {h.warning}", err=True)


@sources_app.command("health")
def health(db: DbOption = None, as_json: Json = False) -> None:
    """Each source's health: last success, failed polls in a row, items per day against its usual rate, and a
    warning when it goes quiet or keeps failing."""
    from presswatch.store import open_store
    from presswatch.watch.health import source_health

    with open_store(db) as store:
        rows = source_health(store)
    if as_json:
        typer.echo(json.dumps([h.to_dict() for h in rows], ensure_ascii=False, indent=2))
        return
    _health_rows(rows)


def _interval(param: typer.CallbackParam, value: str) -> str:
    """Callback of ``--interval``: ``30s``, ``15m``, ``1h`` (checked here, so that a typo is a usage error)."""
    from presswatch.errors import ConfigError
    from presswatch.watch import parse_interval

    try:
        parse_interval(value)
    except ConfigError as e:
        raise typer.BadParameter(e.message, param=param) from None
    return value


def _not_negative(param: typer.CallbackParam, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise typer.BadParameter(f"must be zero or a positive number, not {value:g}", param=param)
    return value


def watch(
    db: DbOption = None,
    once: Annotated[
        bool,
        typer.Option("--once", help="One pass, then exit (for cron): poll what is due, store what can be stored now."),
    ] = False,
    interval: Annotated[
        str,
        typer.Option(
            "--interval", help="Time between two polls of a feed or sitemap: 30s, 15m, 1h.", callback=_interval
        ),
    ] = "15m",
    analyzers: Annotated[
        str | None,
        typer.Option(
            "--analyzers", "-a", help="Comma-separated analyzers to run (default: the standard set; 'none' for none)."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds allowed for each fetch as a whole.", callback=positive_finite)
    ] = 20.0,
    max_size: Annotated[
        float,
        typer.Option("--max-size", help="Largest answer accepted, in MiB (decompressed).", callback=positive_finite),
    ] = 20.0,
    host_delay: Annotated[
        float,
        typer.Option(
            "--host-delay",
            help="Seconds between two requests to one host (longer if its robots.txt asks).",
            callback=_not_negative,
        ),
    ] = 1.0,
    per_host: Annotated[
        int, typer.Option("--per-host", help="Requests at once to one host.", callback=positive_or_none)
    ] = 2,
    workers: Annotated[int, typer.Option("--workers", help="Requests at once in all.", callback=positive_or_none)] = 8,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            envvar=ALLOW_PRIVATE_ENV,
            help="Fetch feeds and pages on loopback, private or link-local addresses (refused by default).",
        ),
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            envvar="PRESSWATCH_MAX_CHARS",
            callback=positive_or_none,
            help="Longest text analysed, in characters (default 2,000,000).",
        ),
    ] = None,
) -> None:
    """Follow the registered sources: poll their feeds and sitemaps, fetch, analyse and store each new item once.

    Runs until stopped (Ctrl-C); with --once, makes one pass and exits. A restart after any crash loses nothing and
    stores nothing twice (the queue is kept in the store).
    """
    from presswatch.ingest.fetch import MIB, FetchSettings
    from presswatch.store import open_store
    from presswatch.watch import parse_interval
    from presswatch.watch.poller import Watcher, WatchOptions

    names = (
        None
        if analyzers is None
        else [a.strip() for a in analyzers.split(",") if a.strip() and a.strip().lower() != "none"]
    )
    options = WatchOptions(
        interval=parse_interval(interval),
        analyzers=names,
        host_delay=host_delay,
        per_host=per_host,
        workers=workers,
        max_chars=max_chars,
        settings=FetchSettings(timeout=timeout, max_bytes=int(max_size * MIB), allow_private_addresses=allow_private),
    )
    stop = threading.Event()  # SIGTERM (a service manager stopping it): end after the batch in hand
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with open_store(db) as store:
            on_stored, on_tick = _alert_hooks(lambda line: _line(line, err=True))
            watcher = Watcher(store, options, log=lambda line: _line(line, err=True), on_stored=on_stored,
                              on_tick=on_tick)
            stats = watcher.run(once=once, stop=stop)
            counts = watcher.queue.counts()
    finally:
        signal.signal(signal.SIGTERM, previous)
    _line(
        f"watch: {stats.stored} page(s) and {stats.stand_ins} feed summary(ies) stored; queue: "
        + (", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "empty"),
        err=True,
    )


def _alert_hooks(log: Any) -> tuple[Any, Any]:
    """The watcher's hooks into the alerts engine: the loaded rules evaluated on each batch of new documents and,
    after each pass, the clock rules (``unreported_by``, ``source_quiet``) and due deliveries; each alert fired is a
    log line (the ledger in the store makes each event fire once, across restarts)."""
    from datetime import UTC, datetime

    from presswatch import alerts

    def said(fired: list[Any]) -> None:
        for a in fired:
            log(f"alert: {a.rule}: {a.message}")

    def on_stored(store: Any, document_ids: list[str]) -> None:
        said(alerts.on_stored(store, document_ids))

    def on_tick(store: Any, now: float) -> None:
        said(alerts.on_tick(store, datetime.fromtimestamp(now, UTC)))

    return on_stored, on_tick
