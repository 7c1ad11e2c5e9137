"""The presswatch command line.

Every command that touches the store takes ``--db`` (a SQLite path, or ``sqlite:///path``) and honours
``PRESSWATCH_DB``. Errors are printed as one line on stderr with a non-zero exit; no tracebacks.
Heavy modules are imported inside the commands so that ``presswatch --help`` stays instant.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from presswatch import __version__
from presswatch.cli_actors import actors_app
from presswatch.cli_actors import register as register_sources
from presswatch.cli_alerts import alerts_app
from presswatch.cli_common import ALLOW_PRIVATE_ENV, DbOption, Group, positive_finite, positive_or_none
from presswatch.cli_common import err as _err
from presswatch.cli_eval import eval_app
from presswatch.cli_sources import sources_app, watch
from presswatch.cli_store import store_app
from presswatch.cli_train import train_app
from presswatch.errors import InputError, PresswatchError

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.model import Document

app = typer.Typer(
    name="presswatch",
    help="Read the press and official statements critically: what a text says, whom it cites, "
    "which names it uses for places, and how it persuades.",
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    json = "json"
    html = "html"
    text = "text"


InputsArg = Annotated[
    list[str],
    typer.Argument(help="Files (.html, .htm, .txt, .warc, .warc.gz, .rss, .atom), directories, URLs (pages or RSS/Atom "
                   "feeds), or - for stdin.",
                   show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write one file per document into this directory.")
]
AnalyzersOption = Annotated[
    str | None,
    typer.Option("--analyzers", "-a", help="Comma-separated analyzers to run (default: the standard set; "
                 "'none' for extraction only)."),
]
MaxSizeOption = Annotated[
    float, typer.Option("--max-size", help="Largest input accepted, in MiB (decompressed).", callback=positive_finite)
]
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", help="Seconds allowed for each fetch as a whole (connection, redirects, answer); "
                 "each item of a feed has its own.", callback=positive_finite),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option("--allow-private-addresses", envvar=ALLOW_PRIVATE_ENV, help="Fetch URLs that lead to loopback, "
                 "private, link-local or other non-public addresses (refused by default)."),
]
MaxCharsOption = Annotated[
    int | None,
    typer.Option("--max-chars", envvar="PRESSWATCH_MAX_CHARS", callback=positive_or_none,
                 help="Longest text analysed, in characters (default 2,000,000); a longer one is still stored and "
                 "searchable, its analyzers marked skipped."),
]
ProgressOption = Annotated[
    bool | None, typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")
]


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


EngineOption = Annotated[
    EngineName, typer.Option("--engine", help="Where the analysis runs: local (processes on this machine) or ray "
                             "(a Ray cluster, or Ray started on this machine; needs the scale extra). See "
                             "docs/scale.md.")
]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", callback=positive_or_none, help="Worker processes (local) or actors (ray), "
                      "each with one copy of the models; local with 1 runs in this process.")
]
AddressOption = Annotated[
    str | None, typer.Option("--address", help="Ray cluster to join, from a node of it (HOST:6379 or auto); "
                             "default: RAY_ADDRESS, else a Ray started on this machine for the run.")
]


def _analyzer_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    if value.strip().lower() in ("none", ""):
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"presswatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    pass


def _run_batch(
    inputs: list[str],
    *,
    analyzers: str | None,
    max_size: float,
    timeout: float,
    progress: bool | None,
    on_document: Any,
    allow_private: bool = False,
    on_seen: Any = None,
    max_chars: int | None = None,
    engine: EngineName = EngineName.local,
    workers: int = 1,
    address: str | None = None,
) -> tuple[int, int, int]:
    """Run the pipeline over ``inputs``; call ``on_document(doc)`` for each. Return (ok, failed, duplicates).

    ``on_seen(document_id, origin)``, if given, is called after ``on_document`` for each document and for each input
    skipped as the same text as an earlier one, with the origin it was read from (a URL, a path as given, a WARC
    record). With ``workers`` > 1 or the ray ``engine``, workers analyse and this process stores, in input order
    (:mod:`presswatch.scale`)."""
    from collections import deque

    from presswatch import analyzers as analyzers_mod
    from presswatch.ingest.fetch import FetchSettings
    from presswatch.ingest.sources import InputFailure, expand
    from presswatch.pipeline import Duplicate, process
    from presswatch.progress import Progress

    names = _analyzer_names(analyzers)
    for n in names or []:
        analyzers_mod.get(n)  # unknown names fail before any work is done
    specs = expand(inputs)
    if not specs:
        raise typer.Exit(_fail_msg("no documents found in the given inputs (looked for .html, .htm, .txt, .warc)"))
    settings = FetchSettings(timeout=timeout, max_bytes=int(max_size * 1024 * 1024),
                             allow_private_addresses=allow_private)
    ok = failed = dups = 0
    # the origin of each input read, until its outcome comes: failures and duplicates come at once (the last one
    # read), documents after their batch is analysed (the oldest one waiting), as process() documents
    waiting: deque[str] = deque()

    def origin_of(outcome: Any) -> str | None:
        if isinstance(outcome, Duplicate | InputFailure) and waiting and waiting[-1] == outcome.origin:
            return waiting.pop()
        return waiting.popleft() if waiting else None

    def handle(outcome: Any, origin: str | None) -> None:
        nonlocal ok, failed, dups
        if isinstance(outcome, InputFailure):
            failed += 1
            _err(str(outcome.error) if outcome.error.source else f"{outcome.origin}: {outcome.error}")
        elif isinstance(outcome, Duplicate):
            dups += 1
            _say(f"skipped: {_one(outcome.origin)}: same text as document {outcome.document_id}", err=True)
            if on_seen is not None:
                on_seen(outcome.document_id, outcome.origin)
        else:
            skipped = outcome.analyzers and next(iter(outcome.analyzers.values()))
            if skipped and skipped.startswith("skipped: the text has"):
                _say(f"note: {_one(origin or outcome.id)}: not analysed: {skipped.removeprefix('skipped: ')}",
                     err=True)
            on_document(outcome)
            ok += 1
            if on_seen is not None and origin:
                on_seen(outcome.id, origin)

    with Progress("analysing", total=len(specs), show=progress) as bar:
        if engine is EngineName.local and workers == 1 and not address:
            for outcome in process(specs, analyzers=names, settings=settings, max_bytes=settings.max_bytes,
                                   on_input=waiting.append, max_chars=max_chars):
                handle(outcome, origin_of(outcome))
                bar.update(min(len(specs), ok + failed + dups))
        else:
            from presswatch.scale import Job, analyse_inputs, make_engine

            with make_engine(engine.value, workers, Job(names, max_chars), address=address) as eng:
                for origin, outcome in analyse_inputs(specs, eng, settings=settings):
                    handle(outcome, origin)
                    bar.update(min(len(specs), ok + failed + dups))
    return ok, failed, dups


def _one(value: object) -> str:
    """A title, URL or name from a page, safe to print on one line of a terminal."""
    from presswatch.report.text import for_terminal

    return for_terminal(value, oneline=True)


def _say(line: str, *, err: bool = False) -> None:
    """Print a line for a person: control characters removed, a progress bar left intact."""
    from presswatch.progress import echo
    from presswatch.report.text import for_terminal

    echo(for_terminal(line), err=err)


def _fail_msg(message: str) -> int:
    _err(message)
    return 2


def _write_document(doc: Document, fmt: Format, out: Path | None, *, many: bool,
                    seen_at: list[str] | None = None) -> None:
    from presswatch.report.html import report_html
    from presswatch.report.jsonout import document_json
    from presswatch.report.text import document_text

    if fmt is Format.json:
        body = document_json(doc, indent=None if (many and out is None) else 2)
    elif fmt is Format.html:
        body = report_html([doc], title=doc.title or "presswatch report", seen_at={doc.id: seen_at or []})
    else:
        body = document_text(doc, seen_at=seen_at)
    if out is None:
        if fmt is Format.text:
            _say(body)
            if many:
                _say("")
        else:
            typer.echo(body)
    else:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{doc.id}.{fmt.value if fmt is not Format.text else 'txt'}").write_text(body, encoding="utf-8")


@app.command()
def analyze(
    inputs: InputsArg,
    fmt: FormatOption = Format.json,
    out: OutOption = None,
    analyzers: AnalyzersOption = None,
    max_size: MaxSizeOption = 20.0,
    timeout: TimeoutOption = 20.0,
    progress: ProgressOption = None,
    allow_private: AllowPrivateOption = False,
    max_chars: MaxCharsOption = None,
) -> None:
    """Analyse documents and print (or --out) one result per document.

    With one input, JSON is pretty-printed; with several, it is printed as JSON Lines (one document per line).
    """
    from presswatch.ingest.sources import is_directory

    many = len(inputs) > 1 or any(is_directory(i) or i.lower().endswith((".warc", ".warc.gz")) for i in inputs)
    html_docs: list[Document] = []

    def emit(doc: Document) -> None:
        if fmt is Format.html and out is None:
            html_docs.append(doc)  # one page for all documents
        else:
            _write_document(doc, fmt, out, many=many)

    ok, failed, _ = _run_batch(inputs, analyzers=analyzers, max_size=max_size, timeout=timeout,
                               progress=progress, on_document=emit, allow_private=allow_private,
                               max_chars=max_chars)
    if html_docs:
        from presswatch.report.html import report_html

        typer.echo(report_html(html_docs))
    if out is not None:
        typer.echo(f"wrote {ok} document(s) to {out}", err=True)
    if failed:
        if ok == 0 and failed == 1 and len(inputs) == 1 and not many:
            raise typer.Exit(2)
        typer.echo(f"{failed} input(s) failed, {ok} analysed", err=True)
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: InputsArg,
    db: DbOption = None,
    source: Annotated[str | None, typer.Option("--source", "-s", help="The outlet every input comes from "
                      "(\"Ministry of Defence bulletin\"); default: the site's name, else its domain.")] = None,
    analyzers: AnalyzersOption = None,
    max_size: MaxSizeOption = 20.0,
    timeout: TimeoutOption = 20.0,
    progress: ProgressOption = None,
    allow_private: AllowPrivateOption = False,
    max_chars: MaxCharsOption = None,
    engine: EngineOption = EngineName.local,
    workers: WorkersOption = 1,
    address: AddressOption = None,
) -> None:
    """Analyse documents and keep them in the store. The same text is never stored twice.

    Incidents found in new documents are linked to the incidents already stored (see `presswatch compare`).
    With --workers N (or --engine ray) the analysis runs in N workers and this process stores the results: the
    same as with one (docs/scale.md).
    """
    from presswatch.store import PutResult, open_store
    from presswatch.store.batch import PutBatcher

    store = open_store(db)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "near": 0}
    later: list[tuple[str, str]] = []
    stored: list[str] = []
    with store:
        def seen_at(document_id: str, origin: str) -> None:
            """Record where a document was read (`presswatch show` lists it): with its batch when it waits in one; an
            input skipped as the same text as one still being analysed is recorded once that one is stored."""
            if origin in ("stdin", "text") or batch.see(document_id, origin):
                return
            if not store.add_url(document_id, origin):
                later.append((document_id, origin))

        def stored_one(doc: Document, res: PutResult) -> None:
            counts[res.status] += 1
            if res.status in ("new", "updated"):
                stored.append(doc.id)
            near = f"  [near-duplicate of {res.near_duplicate_of}]" if res.near_duplicate_of else ""
            if near:
                counts["near"] += 1
            _say(f"{res.status:<9} {doc.id}  {_one(doc.title) or '(untitled)'}{near}")

        batch = PutBatcher(store, stored_one)  # one transaction per batch of documents (docs/scale.md)

        def put(doc: Document) -> None:
            if source:
                doc.source = source.strip()
            batch.add(doc, seen_url=doc.url)

        try:
            ok, failed, dups = _run_batch(inputs, analyzers=analyzers, max_size=max_size, timeout=timeout,
                                          progress=progress, on_document=put, on_seen=seen_at,
                                          allow_private=allow_private, max_chars=max_chars, engine=engine,
                                          workers=workers, address=address)
        finally:
            batch.flush()  # what was analysed is kept, even when the run stops early
        for did, origin in later:
            store.add_url(did, origin)
        total = store.count()
        linked = 0
        if counts["new"] or counts["updated"]:
            from presswatch.comparison.linking import link_store

            linked = link_store(store)
        fired = _alerts_on(store, stored)
    if fired:
        typer.echo(f"{len(fired)} alert(s) fired (presswatch alerts history lists them)", err=True)
    if linked:
        typer.echo(f"linked the incidents of {linked} document(s)", err=True)
    _say(
        f"stored {counts['new']} new ({counts['near']} near-duplicates), {counts['updated']} updated, "
        f"{counts['unchanged'] + dups} already there; "
        f"{failed} failed; {total} document(s) in {store.location}",
        err=True,
    )
    if failed:
        raise typer.Exit(1)


@app.command()
def reanalyze(
    db: DbOption = None,
    analyzers: AnalyzersOption = None,
    every: Annotated[bool, typer.Option("--all", help="Every stored document, not only those analysed with "
                                        "another version of an analyzer (or never with it).")] = False,
    engine: EngineOption = EngineName.local,
    workers: WorkersOption = 1,
    address: AddressOption = None,
    max_chars: MaxCharsOption = None,
    progress: ProgressOption = None,
) -> None:
    """Run analyzers again over stored documents, after an upgrade or a model update.

    Only documents whose stored result came from another version of an analyzer named (or that it never read)
    are analysed again, unless --all; the text, URLs and dates stay as they are. Spreads over --workers N, or a
    Ray cluster with --engine ray (docs/scale.md).
    """
    from presswatch import analyzers as analyzers_mod
    from presswatch.ingest.raw import InputFailure
    from presswatch.progress import Progress
    from presswatch.scale import Job, is_stale, make_engine, reanalyse
    from presswatch.store import PutResult, open_store
    from presswatch.store.batch import PutBatcher

    names = _analyzer_names(analyzers)
    if names is None:
        names = list(analyzers_mod.DEFAULT)
    if not names:
        raise typer.Exit(_fail_msg("no analyzers to run: name them with --analyzers, or leave it out for the "
                                   "default set"))
    for n in names:
        analyzers_mod.get(n)  # unknown names fail before any work is done
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    failed = scanned = 0
    changed: list[str] = []
    with open_store(db) as store:
        total = store.count()
        with Progress("re-analysing", total=total, show=progress) as bar:
            def due() -> Any:
                nonlocal scanned
                for d in store.iter_documents():
                    scanned += 1
                    if every or is_stale(d, names, max_chars):
                        yield d
                    else:
                        bar.update(scanned)

            def stored_one(doc: Document, res: PutResult) -> None:
                counts[res.status] += 1
                if res.status == "updated":
                    changed.append(doc.id)

            batch = PutBatcher(store, stored_one, replace=every)  # one transaction per batch of documents
            with make_engine(engine.value, workers, Job(names, max_chars), address=address,
                             in_process=True) as eng:
                try:
                    for did, out in reanalyse(due(), eng):
                        if isinstance(out, InputFailure):
                            failed += 1
                            _err(f"document {did}: {out.error.message}")
                        else:
                            batch.add(out)
                        bar.update(scanned)
                finally:
                    batch.flush()
        linked = 0
        if changed and "incidents" in names:
            from presswatch.comparison.linking import link_store

            linked = link_store(store)
    if linked:
        typer.echo(f"linked the incidents of {linked} document(s)", err=True)
    done = counts["updated"] + counts["unchanged"] + failed
    _say(f"re-analysed {done} of {total} document(s) with {', '.join(names)}: {counts['updated']} updated, "
         f"{counts['unchanged']} unchanged, {failed} failed; {total - done} already up to date", err=True)
    if failed:
        raise typer.Exit(1)


def _alerts_on(store: Any, document_ids: list[str]) -> list[Any]:
    """The loaded alert rules evaluated on newly stored documents (and due deliveries sent); a delivery problem is
    reported, never a reason to lose what was stored."""
    if not document_ids or not hasattr(store, "transaction"):  # a store without the alerts tables
        return []
    from presswatch import alerts

    try:
        return alerts.on_stored(store, document_ids)
    except PresswatchError as e:
        _err(f"alerts: {e}")
        return []


@app.command()
def search(
    words: Annotated[str | None, typer.Argument(help="Words to find (all must occur; English and Russian words also "
                     "in other forms: peacekeeper finds peacekeepers, Степанакерта finds Степанакерт). At most 32 "
                     "different words are used. A capitalised place name (Khankendi, Ханкенди) also finds the "
                     "documents that name that place under another name or in another language.")] = None,
    db: DbOption = None,
    place: Annotated[str | None, typer.Option("--place", help="Only documents that name this place, in any "
                     "language and under any of its names (a name such as Khankendi or Степанакерт, or a place id "
                     "such as gn:146970).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 20,
    raw: Annotated[bool, typer.Option("--raw", help="Pass the query to SQLite FTS5 as is (AND, OR, NEAR, *; at "
                   "most 32 words).")] = False,
    all_copies: Annotated[bool, typer.Option("--all-copies", help="List near-copies of a document (the same "
                          "article with small changes) as results of their own instead of counting them under "
                          "the best one.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Full-text search of stored documents, best first; near-copies of a result are counted under it. With
    --place, the documents that name a place."""
    import json as _json
    from dataclasses import asdict

    from presswatch.gazetteer.query import place_ids
    from presswatch.store import open_store

    if not (words or "").strip() and place is None:
        raise InputError("give words to search for, --place NAME, or both")
    ids: list[str] = []
    if place is not None:
        ids = place_ids(place)
        if not ids:
            raise InputError(f"no place in the gazetteer is named {place!r}")
    with open_store(db) as store:
        if place is not None and not (words or "").strip():
            hits = store.search_places(ids, limit=limit)
        elif place is not None:
            naming = {h.document_id for h in store.search_places(ids, limit=store.count())}
            found = store.search(words or "", limit=store.count(), raw=raw, collapse=not all_copies)
            hits = type(found)([h for h in found if h.document_id in naming][:limit], found.notes)
        else:
            query = words or ""
            expand = place_ids(query, strict=True) if not raw and query.strip()[:1].isupper() else []
            hits = store.search(query, limit=limit, raw=raw, collapse=not all_copies, place_ids=expand)
    for note in hits.notes:
        _say(f"note: {note}", err=True)
    if as_json:
        typer.echo(_json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("no stored document matches", err=True)
        raise typer.Exit(1)
    for h in hits:
        copies = f"  (+{len(h.near_copies)} near-cop{'y' if len(h.near_copies) == 1 else 'ies'})" \
            if h.near_copies else ""
        _say(f"{h.document_id}  {_one(h.published) or '----------'}  {_one(h.source) or '-'}  "
             f"{_one(h.title) or '(untitled)'}{copies}")
        _say(f"    {_one(h.snippet)}")


@app.command()
def show(
    document_id: Annotated[str, typer.Argument(metavar="ID", help="Document id (a unique prefix is enough).")],
    db: DbOption = None,
    fmt: FormatOption = Format.json,
) -> None:
    """Print one stored document with its findings (text and HTML also list every URL or file it was seen at)."""
    from presswatch.store import open_store

    with open_store(db) as store:
        doc = store.get(document_id)
        seen_at = store.urls(doc.id)
    _write_document(doc, fmt, None, many=False, seen_at=seen_at)


@app.command("list")
def list_documents(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    source: Annotated[str | None, typer.Option("--source", help="Only this outlet (name or domain).")] = None,
) -> None:
    """List stored documents, newest first."""
    from presswatch.store import open_store

    with open_store(db) as store:
        rows = store.list(limit=limit, source=source)
        total = store.count()
    for r in rows:
        _say(f"{r.document_id}  {_one(r.published) or '----------'}  {_one(r.language) or '--'}  "
             f"{_one(r.source) or '-'}  {_one(r.title) or '(untitled)'}")
    typer.echo(f"{len(rows)} of {total} document(s)", err=True)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    spans_csv = "spans-csv"
    geojson = "geojson"
    parquet = "parquet"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl: whole documents; csv: a row per "
                   "document with each analyzer's figures; spans-csv: a row per finding; geojson: places; parquet: "
                   "the csv columns and each whole document (needs --out and pyarrow).")]
    = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")]
    = None,
    db: DbOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Only this outlet (name or domain).")] = None,
) -> None:
    """Export stored documents and findings (JSON Lines, CSV, GeoJSON, Parquet), streamed: a store of any size."""
    import contextlib

    from presswatch.report import export as ex
    from presswatch.store import open_store

    if fmt is ExportFormat.parquet:
        if out is None:
            raise typer.Exit(_fail_msg("a Parquet export needs a file: give --out FILE.parquet"))
        try:
            with open_store(db) as store:
                docs = (d for d in store.iter_documents() if source is None or source in (d.source, d.source_domain))
                n = ex.write_parquet(docs, out)
        except OSError as e:
            _err(f"{out}: cannot write ({e.strerror or e})")
            raise typer.Exit(2) from None
        typer.echo(f"exported {n} row(s)", err=True)
        return

    writers = {ExportFormat.jsonl: ex.write_jsonl, ExportFormat.csv: ex.write_documents_csv,
               ExportFormat.spans_csv: ex.write_spans_csv, ExportFormat.geojson: ex.write_geojson}
    try:
        with open_store(db) as store, contextlib.ExitStack() as stack:
            docs = (d for d in store.iter_documents() if source is None or source in (d.source, d.source_domain))
            fh = stack.enter_context(out.open("w", encoding="utf-8", newline="")) if out else sys.stdout
            n = writers[fmt](docs, fh)
    except OSError as e:
        _err(f"{out}: cannot write ({e.strerror})")
        raise typer.Exit(2) from None
    typer.echo(f"exported {n} {'feature(s)' if fmt is ExportFormat.geojson else 'row(s)'}", err=True)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the report files.")] = Path("demo-output"),
) -> None:
    """Analyse the sample documents that ship with presswatch; write report.json and report.html."""
    from presswatch.demo import run_demo

    summary = run_demo(out)
    typer.echo(summary)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Beyond loopback, the write endpoints "
                                      "need --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="PRESSWATCH_TOKEN", show_default=False,
                                              help="Token that write endpoints need (header Authorization: Bearer "
                                              "TOKEN). Default: $PRESSWATCH_TOKEN.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private-addresses", envvar=ALLOW_PRIVATE_ENV,
                                                help="Let POST /api/analyze fetch private, loopback and "
                                                "link-local addresses.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", callback=positive_or_none, show_default=False,
                                                help="Worker processes (default 1; one per core serves more "
                                                "clients at once).")] = None,
    search_processes: Annotated[int, typer.Option("--search-processes", help="Processes per worker for full-text "
                                                  "searches, places and per-source figures, niced, so that lists "
                                                  "and documents stay quick under searches (0: threads of the "
                                                  "server's process).")] = 2,
) -> None:
    """Serve the dashboard and the REST API over a store (http://HOST:PORT/, API under /api, /openapi.json)."""
    import ipaddress

    import uvicorn

    from presswatch.store import resolve_target
    from presswatch.web.app import create_app
    from presswatch.web.deps import ServeSettings
    from presswatch.web.protocol import PROTOCOL

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        raise typer.Exit(_fail_msg(f"--host {host} is not a loopback address: set --token (or PRESSWATCH_TOKEN) so "
                                   "that only you can analyse URLs and change sources or alerts"))
    if search_processes < 0:
        raise typer.Exit(_fail_msg("--search-processes must be 0 or more"))
    settings = ServeSettings(db=resolve_target(db), host=host, token=token, allow_private_addresses=allow_private,
                             search_processes=search_processes)
    typer.echo(f"presswatch serving {settings.db} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    if workers and workers > 1:
        from presswatch.web.app import settings_to_environment

        settings_to_environment(settings)
        uvicorn.run("presswatch.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                    log_level="warning", http=PROTOCOL)
    else:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", http=PROTOCOL)


app.add_typer(eval_app)
app.add_typer(train_app)
app.add_typer(alerts_app)
app.add_typer(actors_app)
register_sources(sources_app)  # sources unknown
app.add_typer(sources_app)
app.add_typer(store_app)
app.command()(watch)


# --- analyzer commands (added by issue work) ---
PLACES_ANALYZERS = ["sourcing", "places"]  # sourcing first: it tells whose quote a place name stands in
VOICES = ("own", "quoted", "scare_quoted", "mentioned")
PolicyOption = Annotated[str, typer.Option("--policy", "-p", help="A shipped naming policy (az-official, am-official, "
                                           "dual-naming) or a policy YAML file.")]


def _analysed(inputs: list[str], names: list[str], max_size: float, timeout: float,
              failures: list[str], allow_private: bool = False) -> Any:
    """(origin, analysed document) for every document ``inputs`` name (files, directories, URLs, feeds, -), in
    order; an input that cannot be read or analysed is reported on stderr and its origin added to
    ``failures``."""
    from collections import deque

    from presswatch.ingest.fetch import FetchSettings
    from presswatch.ingest.sources import InputFailure, expand, iter_inputs
    from presswatch.pipeline import analyze_documents, to_document

    specs = expand(inputs)
    if not specs:
        raise typer.Exit(_fail_msg("no documents found in the given inputs (looked for .html, .htm, .txt, .warc)"))
    settings = FetchSettings(timeout=timeout, max_bytes=int(max_size * 1024 * 1024),
                             allow_private_addresses=allow_private)
    origins: deque[str] = deque()

    def documents() -> Any:
        for item in iter_inputs(specs, settings=settings, max_bytes=settings.max_bytes):
            if isinstance(item, InputFailure):
                failures.append(item.origin)
                _err(str(item.error) if item.error.source else f"{item.origin}: {item.error}")
                continue
            try:
                doc = to_document(item)
            except PresswatchError as e:
                failures.append(item.origin)
                _err(str(e) if e.source else f"{item.origin}: {e}")
                continue
            origins.append(item.origin)
            yield doc

    for doc in analyze_documents(documents(), analyzers=names):
        yield origins.popleft(), doc


def _offsets(field: str, start: int, end: int) -> str:
    """``start-end``, prefixed with the field when the span is not in the body (``title:0-9``)."""
    return f"{'' if field == 'text' else field + ':'}{start}-{end}"


def _voices(value: str) -> set[str]:
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    if wanted == {"all"}:
        return set(VOICES)
    unknown = sorted(wanted - set(VOICES))
    if unknown or not wanted:
        raise typer.BadParameter(f"{', '.join(unknown) or value!r} is not a voice; give all, or a list of "
                                 f"{', '.join(VOICES)}", param_hint="--voice")
    return wanted


@app.command()
def places(
    inputs: InputsArg,
    policy: Annotated[str | None, typer.Option("--policy", "-p", help="A shipped naming policy "
                      "(az-official, am-official, dual-naming) or a policy YAML file.")] = None,
    geojson: Annotated[bool, typer.Option("--geojson", help="Print GeoJSON instead of a table.")] = False,
    map_file: Annotated[Path | None, typer.Option("--map", help="Also draw the places on a map (SVG file).")
                        ] = None,
    max_size: MaxSizeOption = 20.0,
    timeout: TimeoutOption = 20.0,
    allow_private: AllowPrivateOption = False,
) -> None:
    """List the places texts name, headline and standfirst included: the place, the name used (kind, language),
    the voice it is used in (own, quoted, scare_quoted, mentioned) and the policy's status.

    Offsets are over the body, or over the field they name (title:0-9). With several documents, each table
    starts with the document's origin.
    """
    import json

    from presswatch.gazetteer.policy import load_policy, policy_status
    from presswatch.report.geojson import to_geojson

    pol = load_policy(policy) if policy else None
    failures: list[str] = []
    analysed = list(_analysed(inputs, PLACES_ANALYZERS, max_size, timeout, failures, allow_private))
    docs = [d for _, d in analysed]
    pointless = sorted({d.span_text(s) for d in docs for s in d.spans if s.label == "PLACE"
                        and s.attrs.get("place_id") and s.attrs.get("lat") is None})
    if pointless and (map_file is not None or geojson):
        typer.echo(f"left off the map: {', '.join(pointless)} (resolved, but the gazetteer gives no point)", err=True)
    if map_file is not None:
        from presswatch.report.worldmap import places_of, svg_map

        merged: dict[tuple, dict] = {}
        for d in docs:
            for p in places_of(d):
                k = (p["lat"], p["lon"], p["name"])
                merged.setdefault(k, {**p, "count": 0})["count"] += p["count"]
        picture = svg_map(list(merged.values()))
        if not picture:
            typer.echo("no resolved place to draw; no map written", err=True)
        else:
            map_file.write_text(picture, encoding="utf-8")
            typer.echo(f"map written to {map_file}", err=True)
    if geojson:
        typer.echo(json.dumps(to_geojson(docs), ensure_ascii=False, indent=1))
    else:
        head = ["offsets", "text", "place", "place_id", "country", "name kind", "lang", "voice"] + \
            (["policy"] if pol else [])
        for n, (origin, doc) in enumerate(analysed):
            rows = [head]
            for s in doc.spans:
                if s.label not in ("PLACE", "DEMONYM"):
                    continue
                a = s.attrs
                text = doc.field_text(s.field)
                voice = (a.get("voice") or "own") + (f" ({a['speaker']})" if a.get("speaker") else "")
                if s.label == "DEMONYM":
                    row = [_offsets(s.field, s.start, s.end), text[s.start:s.end], "(demonym)",
                           a.get("place_id") or "", a.get("country") or "", "", "", voice]
                else:
                    name = (a.get("name") or "?") + (f" (via {a['resolved_via']!r})" if a.get("resolved_via") else "")
                    row = [_offsets(s.field, s.start, s.end), text[s.start:s.end], name, a.get("place_id") or "",
                           a.get("country") or "", a.get("name_kind") or "", a.get("name_lang") or "", voice]
                if pol:
                    row.append((policy_status(pol, s, text) or "") if s.label == "PLACE" else "")
                rows.append(row)
            if len(analysed) > 1:
                typer.echo(f"{'' if n == 0 else chr(10)}== {origin}")
            widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
            for r in rows:
                typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if failures:
        typer.echo(f"{len(failures)} input(s) failed, {len(docs)} read", err=True)
        raise typer.Exit(2 if not docs else 1)


@app.command()
def check(
    inputs: InputsArg,
    policy: PolicyOption,
    voice: Annotated[str, typer.Option("--voice", help="The voices that count: own (the text's own words), all, "
                     "or a comma-separated list of own, quoted, scare_quoted, mentioned.")] = "own",
    max_size: MaxSizeOption = 20.0,
    timeout: TimeoutOption = 20.0,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Check the place names of texts (headline and standfirst included) against a naming policy.

    Lists each violation as ORIGIN:OFFSETS (offsets over the body, or over the field they name: title:0-9), and
    says which voices were counted and how many names in other voices were left out. Exits 1 when any text
    breaks the policy, 2 when none does but an input could not be read, else 0.
    """
    from collections import Counter

    from presswatch.gazetteer.policy import check as check_policy
    from presswatch.gazetteer.policy import load_policy

    pol = load_policy(policy)
    counted = _voices(voice)
    failures: list[str] = []
    n = n_docs = bad_docs = 0
    left_out: Counter[str] = Counter()
    for origin, doc in _analysed(inputs, PLACES_ANALYZERS, max_size, timeout, failures,
                                      allow_private):
        n_docs += 1
        found = check_policy(doc, pol, counted)
        left_out.update(v.voice for v in check_policy(doc, pol) if v.voice not in counted)
        bad_docs += bool(found)
        for v in found:
            n += 1
            suggestion = f"; use {v.suggestion!r}" if v.suggestion else ""
            how = "" if v.voice == "own" else f" [{v.voice}{f' by {v.speaker}' if v.speaker else ''}]"
            read = f" (read as {v.read_as!r})" if v.read_as and v.read_as != v.text else ""
            if v.readings:  # name_ambiguous: what it may be, in the rationale
                read = f" ({v.rationale})"
            typer.echo(f"{origin}:{_offsets(v.field, v.start, v.end)}: {v.text!r}{read} is {v.status} under {pol.id}"
                       f"{suggestion} (policy line {v.rule_line}){how}")
    voices_said = "all voices" if counted == set(VOICES) else "voice " + ", ".join(v for v in VOICES if v in counted)
    others = (f"; {sum(left_out.values())} more in other voices left out ("
              + ", ".join(f"{k} {c}" for k, c in sorted(left_out.items())) + "; see --voice)") if left_out else ""
    where = f"in {bad_docs} of {n_docs} document(s)" if n else f"in {n_docs} document(s)"
    failed = f"; {len(failures)} input(s) could not be read" if failures else ""
    found_said = f"{n} violation(s)" if n else "no violations"
    typer.echo(f"{found_said} of {pol.id} {where}, counting {voices_said}{others}{failed}", err=True)
    if n:
        raise typer.Exit(1)
    if failures:
        raise typer.Exit(2)


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


def _iso_day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@app.command()
def compare(
    db: DbOption = None,
    sources: Annotated[str | None, typer.Option("--sources", help="Comma-separated outlets to compare "
                       "(default: every source in the window).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="First publication day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last publication day (YYYY-MM-DD).")] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="table (terminal), json, csv (one row per "
                   "incident and source) or html (a page with the coverage matrix).")] = CompareFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")]
    = None,
    actors: Annotated[Path | None, typer.Option("--actors", help="Your actors file (YAML, see docs/actors.md) "
                      "for whose sources and who asserts or denies. Default: $PRESSWATCH_ACTORS.",
                      show_default=False)] = None,
) -> None:
    """Compare sources: which incident each reported, which it left out (a denial apart from silence), which
    names it used for each place, who asserts, denies or relays each incident, and whose sources each cites."""
    from presswatch.actors.registry import default_registry
    from presswatch.comparison.coverage import compare as run_compare
    from presswatch.comparison.render import to_csv, to_html, to_json, to_table
    from presswatch.store import open_store

    lo, hi = _iso_day(since, "--since"), _iso_day(until, "--until")
    wanted = [s.strip() for s in sources.split(",") if s.strip()] if sources else None
    with open_store(db) as store:
        result = run_compare(store, sources=wanted, since=lo, until=hi, registry=default_registry(actors))
    if wanted:
        missing = [s for s in wanted if s not in result.sources]
        if missing:
            _err(f"no stored document in the window from: {', '.join(missing)} (see `presswatch list`)")
    render = {CompareFormat.table: to_table, CompareFormat.json: to_json, CompareFormat.csv: to_csv,
              CompareFormat.html: to_html}[fmt]
    body = render(result)
    if out is None:
        typer.echo(body)
    else:
        try:
            out.write_text(body, encoding="utf-8")
        except OSError as e:
            _err(f"{out}: cannot write ({e.strerror})")
            raise typer.Exit(2) from None
        typer.echo(f"wrote the comparison of {len(result.incidents)} incident(s) to {out}", err=True)


@app.command()
def incidents(
    path: Annotated[str, typer.Argument(help="A file (text or HTML), a URL, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the INCIDENT spans as JSON.")] = False,
) -> None:
    """List the incidents one document reports: type, date, places, counts, and by whose account."""
    import json

    from presswatch.pipeline import analyze as analyze_one

    if path == "-":
        doc = analyze_one(sys.stdin.read(), analyzers=["sourcing", "places", "incidents"])
    else:
        # a local path is read as a file, never taken as text (errors name the path)
        doc = analyze_one(Path(path) if "://" not in path else path, analyzers=["sourcing", "places", "incidents"])
    spans = doc.spans_by("incidents")
    if doc.analyzers.get("incidents", "").startswith("skipped"):
        _err(f"{path}: {doc.analyzers['incidents']} (incidents are read in English for now)")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps([{"text": doc.text[s.start:s.end], **s.to_dict()} for s in spans], ensure_ascii=False,
                              indent=1))
        return
    if not spans:
        typer.echo("no incident reported", err=True)
        return
    head = ["offsets", "date", "type", "ACLED sub-event", "places (name used)", "counts", "by whose account", "words"]
    rows = [head]
    for s in spans:
        a = s.attrs
        att = a.get("attribution") or {}
        own = att.get("kind") == "own_voice" or att.get("self")
        who = "own voice" if own else f"{att.get('speaker')} ({att.get('kind')})"
        rows.append([f"{s.start}-{s.end}", f"{a.get('date') or '?'} ({a.get('date_from') or '-'})", a["type"],
                     a["acled_sub_event_type"],
                     ", ".join(f"{p['place']} ({p['name_used']})" for p in a["places"]) or "-",
                     ", ".join(f"{k} {v}" for k, v in a["counts"].items()) or "-", f"{a['stance']}: {who}",
                     " ".join(doc.text[s.start:s.end].split())[:70]])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


# --- end of analyzer commands ---


def main() -> None:
    try:
        app()
    except PresswatchError as e:  # anything a command let through
        _err(str(e))
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
