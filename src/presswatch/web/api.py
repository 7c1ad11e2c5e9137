"""The JSON API under ``/api``: stored documents and their findings, places, incidents, the comparison of sources,
per-source figures, alerts, exports, and the analysis of a text or a URL.

Two thread pools run the endpoints' store work, each thread with its own store connection
(:mod:`presswatch.web.deps`). The fast path, AnyIO's worker threads (at most 40 at once, FastAPI's default), runs
what answers in a few milliseconds: a page of documents without ``q`` (filters included), one document, the
alerts, and ``POST /api/analyze``. What can take tens or hundreds of milliseconds queues elsewhere, so that a burst
of it does not hold up lists and documents: full-text search (``q``), places and per-source figures run in the search
processes (:mod:`presswatch.web.searchpool`: processes of their own, niced, answered 503 beyond a queue bound), the
incidents, the comparison and the start of an export in the slow pool (:data:`~presswatch.web.deps.SLOW_THREADS`
threads of its own; with ``--search-processes 0`` the searches too). An export's rows are then written by a thread
of its own. Errors are JSON, ``{"error": "..."}``, with the status the fault calls for. Everything shown comes from
:mod:`presswatch.web.data`, which the dashboard's pages read too; its dicts are JSON-ready, so they are answered as
they are: the response models describe them in the OpenAPI document, and validating them again on every answer took
about as much server time as a page of documents' query.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import date
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import IO, Annotated, Any

import anyio
from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from presswatch.errors import BlockedAddressError, FetchError, InputError, NotFoundError, PresswatchError
from presswatch.model import Document
from presswatch.store.base import Store
from presswatch.web import data
from presswatch.web.deps import ServeSettings, fast, get_settings, get_store, slow
from presswatch.web.searchpool import RETRY_AFTER_S, SearchesBusy, SearchPool
from presswatch.web.security import require_token

PREFIX = "/api"
MAX_PAGE = 1000  # items in one page of a list (exports have no limit)


class ErrorAnswer(BaseModel):
    error: str = Field(description="What went wrong, in words a user can act on.")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorAnswer, "description": what}
    for code, what in (
        (400, "Bad request (a bad search query, an unknown analyzer, a refused address)"),
        (422, "Invalid parameters or a document that cannot be read"),
    )
}
BUSY: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorAnswer, "description": "Too many searches waiting: try again after Retry-After seconds"}
}
DOCUMENT_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document in the JSON of `presswatch analyze` (src/presswatch/schema/).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}},
    },
}

router = APIRouter(prefix=PREFIX, tags=["api"], responses=ERRORS)

StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ServeSettings, Depends(get_settings)]


# ------------------------------------------------------------------------------------------- thread pools
EXPORT_WAITERS = 8  # exports streaming at once: each has a worker thread waiting for its next chunk
_EXPORT_WAITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


async def heavy(request: Request, store: Store, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """The JSON answer of ``fn(store, *args, **kwargs)``, a read-only query that may take long (a full-text search,
    the places, the per-source figures): in the search processes (:mod:`presswatch.web.searchpool`, each with its
    store) where the server has them, else in the slow pool. The same bytes either way; 503 with Retry-After when
    too many wait for a search process."""
    searches: SearchPool | None = request.app.state.searches
    if searches is None:
        body = await slow(request, lambda: data.json_bytes(fn(store, *args, **kwargs)))
    else:
        try:
            body = await searches.run(fn, *args, **kwargs)
        except SearchesBusy:
            raise StarletteHTTPException(
                503, "the server is busy with searches: try again in a moment",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            ) from None
    return Response(body, media_type="application/json")


def _export_waiters() -> anyio.CapacityLimiter:
    """The limiter of the threads that wait for exports' chunks (one per event loop): they wait in AnyIO's worker
    threads but not under its default limiter, so streaming exports never take the fast path's places."""
    loop = asyncio.get_running_loop()
    limiter = _EXPORT_WAITERS.get(loop)
    if limiter is None:
        limiter = _EXPORT_WAITERS[loop] = anyio.CapacityLimiter(EXPORT_WAITERS)
    return limiter


# ------------------------------------------------------------------------------------------------- models
class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    source_domain: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    near_duplicate_of: str | None = Field(None, description="A stored document this one nearly repeats.")
    snippet: str | None = Field(None, description="With q: the matching words in [brackets].")


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int = Field(description="Documents matching, over all pages.")
    offset: int
    limit: int
    next_offset: int | None = Field(description="The offset of the next page; null on the last one.")
    notes: list[str] = Field(default_factory=list, description="Words of q that were left out, if any.")


class PlaceItem(BaseModel):
    place_id: str = Field(description="The gazetteer's id.")
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None
    mentions: int
    documents: int
    names: dict[str, dict[str, int]] = Field(description="Per source, each name written and how often.")


class PlacePage(BaseModel):
    items: list[PlaceItem]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class SourcingFigures(BaseModel):
    attributions: int
    by_kind: dict[str, int]
    shares: dict[str, float]


class TechniqueFigures(BaseModel):
    documents: int = Field(description="Documents the techniques analyzer read.")
    findings: int
    words: int
    density_per_100_words: float | None
    counts: dict[str, int]


class SourceHealthItem(BaseModel):
    """A watched source's health (`presswatch sources health`)."""

    name: str
    status: str = Field(description="ok, quiet, failing or waiting (no successful poll yet).")
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    error_streak: int = Field(description="Failed polls in a row (the worst of its feeds and sitemaps).")
    items_last_day: int
    usual_per_day: float | None
    last_item: str | None
    queued: int
    warning: str | None = Field(description="For quiet and failing: what is wrong, in words.")


class SourceItem(BaseModel):
    source: str
    documents: int
    first: str | None
    last: str | None
    per_day: dict[str, int]
    sourcing: SourcingFigures
    techniques: TechniqueFigures
    health: SourceHealthItem | None = Field(description="Its health, where the source is watched under this name.")


class SourcesAnswer(BaseModel):
    sources: list[SourceItem]
    other_watched: list[SourceHealthItem] = Field(
        description="Watched sources with no document in this selection, with their health."
    )


class AlertDelivery(BaseModel):
    channel: str
    target: str = Field(description="An e-mail address, or a webhook's scheme and host (its path is left out).")
    state: str = Field(description="pending, sent or failed.")
    attempts: int
    last_error: str | None
    sent_at: str | None


class AlertEvidence(BaseModel):
    document_id: str
    field: str
    start: int
    end: int
    text: str


class AlertItem(BaseModel):
    id: str = Field(description="A short hash of the event key (what a webhook receiver dedupes on).")
    event_key: str
    rule: str
    kind: str
    message: str
    fired_at: str
    evidence: list[AlertEvidence]
    deliveries: list[AlertDelivery]


class AlertPage(BaseModel):
    items: list[AlertItem]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class AnalyzeRequest(BaseModel):
    """A text (or HTML) to analyse, or the http(s) URL of a page to fetch and analyse: exactly one of them."""

    text: str | None = Field(None, description="Plain text or HTML.")
    url: str | None = Field(
        None, description="An http(s) URL; private and loopback addresses are refused unless the server allows them."
    )
    store: bool = Field(False, description="Keep the analysed document in the store.")
    analyzers: list[str] | None = Field(None, description="Analyzers to run (default: presswatch's default list).")

    @model_validator(mode="after")
    def _one_input(self) -> AnalyzeRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError('give exactly one of "text" and "url"')
        return self


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    spans_csv = "spans-csv"
    geojson = "geojson"


# ------------------------------------------------------------------------------------------------ queries
async def document_query(
    source: Annotated[str | None, Query(description="An outlet's name or domain.")] = None,
    since: Annotated[date | None, Query(description="First publication day (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Last publication day (YYYY-MM-DD), included.")] = None,
    language: Annotated[str | None, Query(description="ISO 639-1 code.")] = None,
    q: Annotated[
        str | None, Query(description="Full-text query: every word must occur (as `presswatch search`).")
    ] = None,
    place: Annotated[str | None, Query(description="A gazetteer place id the document names.")] = None,
    technique: Annotated[str | None, Query(description="A persuasion technique's key (Loaded_Language).")] = None,
    anonymous: Annotated[
        bool | None, Query(description="true: only documents quoting an anonymous source; false: only the others.")
    ] = None,
) -> data.DocumentQuery:
    """The document filters every list, map and export takes (asynchronous: no I/O, so no hop to a thread)."""
    return data.DocumentQuery(
        source=source or None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        language=language or None,
        q=q if q and q.strip() else None,  # an empty search box searches nothing: every document
        place_id=place or None,
        technique=technique or None,
        anonymous=anonymous,
    )


QueryDep = Annotated[data.DocumentQuery, Depends(document_query)]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


def _window(since: date | None, until: date | None) -> dict[str, str | None]:
    return {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None}


def _source_list(sources: str | None) -> list[str] | None:
    """The outlets of a comma-separated list; None (every source) when it names none."""
    names = [s.strip() for s in (sources or "").split(",") if s.strip()]
    return names or None


Since = Annotated[date | None, Query(description="First publication day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Last publication day (YYYY-MM-DD), included.")]
Sources = Annotated[str | None, Query(description="Comma-separated outlets (default: every source).")]


# ---------------------------------------------------------------------------------------------- endpoints
@router.get("/documents", response_model=DocumentPage, summary="Find stored documents", responses=BUSY)
async def list_documents(
    request: Request,
    store: StoreDep,
    query: QueryDep,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> Response:
    """Stored documents (metadata, no text), newest first, or best first with `q`; a page of `limit` from
    `offset`, with the total and the next page's offset."""
    if query.q is not None:
        return await heavy(request, store, data.find_documents, query, offset=offset, limit=limit)
    page = await fast(request, data.find_documents, store, query, offset=offset, limit=limit)
    return Response(data.json_bytes(page), media_type="application/json")


@router.get(
    "/documents/{document_id}",
    summary="One stored document",
    responses={**DOCUMENT_ANSWER, 404: {"model": ErrorAnswer, "description": "No such document"}},
)
def get_document(store: StoreDep, document_id: str) -> Response:
    """The document with its findings, as `presswatch show` and `presswatch analyze` print it (a unique prefix
    of the id is enough)."""
    return Response(data.document_json(store, document_id), media_type="application/json")


@router.post(
    "/analyze",
    summary="Analyse a text or a URL",
    dependencies=[Depends(require_token)],
    responses={
        **DOCUMENT_ANSWER,
        401: {"model": ErrorAnswer, "description": "The token is missing"},
        413: {"model": ErrorAnswer, "description": "The body is too large"},
        502: {"model": ErrorAnswer, "description": "The URL could not be fetched"},
    },
)
def analyze(body: AnalyzeRequest, store: StoreDep, settings: SettingsDep) -> JSONResponse:
    """Analyse `text`, or fetch and analyse `url` (through presswatch's fetch: deadline, size limit, and no
    private, loopback or link-local address unless the server was started with --allow-private-addresses); with
    `"store": true` keep the result (header `X-Presswatch-Stored`: new, updated or unchanged). The analyzers'
    models load on the first call."""
    from presswatch.ingest.fetch import FetchSettings

    if body.url is not None:
        fetch = FetchSettings(
            max_bytes=settings.max_fetch_bytes, allow_private_addresses=settings.allow_private_addresses
        )
        doc = data.analyze_url(body.url, fetch, body.analyzers)
    else:
        doc = data.analyze_text(body.text or "", body.analyzers)
    headers = {"X-Presswatch-Stored": data.store_document(store, doc)} if body.store else None
    return JSONResponse(doc.to_dict(), headers=headers)


@router.get("/places", response_model=PlacePage, summary="Places named in the stored documents", responses=BUSY)
async def list_places(
    request: Request,
    store: StoreDep,
    query: QueryDep,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> Response:
    """Resolved places, most mentioned first, with their coordinates, mentions, documents and the names each
    source wrote."""
    return await heavy(request, store, data.places, query, offset=offset, limit=limit)


@router.get("/incidents", summary="Incidents linked across documents")
async def list_incidents(
    request: Request, store: StoreDep, since: Since = None, until: Until = None, sources: Sources = None
) -> JSONResponse:
    """The incidents of the window (by publication day), each with one report per document: type, date, places,
    counts, stance and attribution (as `presswatch compare --format json` gives them)."""
    found = await slow(request, data.incidents, store, sources=_source_list(sources), **_window(since, until))
    return JSONResponse(found)


@router.get("/compare", summary="Compare sources")
async def compare(
    request: Request, store: StoreDep, since: Since = None, until: Until = None, sources: Sources = None
) -> JSONResponse:
    """`presswatch compare --format json`: incidents, the coverage matrix (incident × source: reported, differs,
    denies, relays_denial, maybe_reported, not_reported, no_documents), omissions, naming divergence, sourcing per
    source."""
    found = await slow(request, data.comparison, store, sources=_source_list(sources), **_window(since, until))
    return JSONResponse(found)


@router.get("/sources", response_model=SourcesAnswer, summary="Figures per source", responses=BUSY)
async def list_sources(request: Request, store: StoreDep, query: QueryDep) -> Response:
    """Per source: documents (in all and per publication day), sourcing profile (attributions by kind and
    shares), persuasion techniques (findings per technique, per 100 words) and, for a watched source, its health
    (ok, quiet, failing, waiting); watched sources with no selected document come in `other_watched`."""
    return await heavy(request, store, data.sources, query)


@router.get("/alerts", response_model=AlertPage, summary="Fired alerts")
def list_alerts(
    store: StoreDep,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    rule: Annotated[str | None, Query(description="Only the alerts of this rule.")] = None,
) -> JSONResponse:
    """The alerts that fired (the ledger of `presswatch alerts history`), newest first, a page of `limit` from
    `offset`: rule, kind, message, time, the evidence (the words each rests on) and each delivery's state."""
    return JSONResponse(data.alerts(store, offset=offset, limit=limit, rule=rule or None))


@router.get(
    "/export",
    summary="Export documents",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "JSON Lines, CSV (docs/export.md) or a GeoJSON FeatureCollection",
            "content": {"application/x-ndjson": {}, "text/csv": {}, "application/geo+json": {}},
        }
    },
)
async def export(
    request: Request,
    query: QueryDep,
    format: Annotated[ExportFormat, Query(description="jsonl, csv, spans-csv or geojson.")] = ExportFormat.jsonl,
) -> StreamingResponse:
    """Every selected document (no limit), streamed as it is read: whole documents (jsonl), a row per document
    (csv) or per finding (spans-csv), or the places as GeoJSON."""
    pool = request.app.state.stores
    await slow(request, lambda: pool.get().find(query, limit=0))  # a bad query fails here, as a 400
    media, ext = _EXPORT_TYPES[format]
    return StreamingResponse(
        _exported(pool.db, query, _WRITERS[format]),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="presswatch.{ext}"'},
    )


# ------------------------------------------------------------------------------------------------ exports
def _write_geojson(docs: Iterable[Document], out: IO[str]) -> int:
    """The places of every document as one FeatureCollection, written feature by feature (the report's
    ``write_geojson`` holds every document first)."""
    from presswatch.report.geojson import to_geojson

    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for doc in docs:
        for feature in to_geojson(doc)["features"]:
            out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write("\n]}\n")
    return n


def _writer(name: str) -> Callable[[Iterable[Document], IO[str]], int]:
    def write(docs: Iterable[Document], out: IO[str]) -> int:
        from presswatch.report import export as ex

        fn: Callable[[Iterable[Document], IO[str]], int] = getattr(ex, name)
        return fn(docs, out)

    return write


_WRITERS: dict[ExportFormat, Callable[[Iterable[Document], IO[str]], int]] = {
    ExportFormat.jsonl: _writer("write_jsonl"),
    ExportFormat.csv: _writer("write_documents_csv"),
    ExportFormat.spans_csv: _writer("write_spans_csv"),
    ExportFormat.geojson: _write_geojson,
}
_EXPORT_TYPES = {
    ExportFormat.jsonl: ("application/x-ndjson", "jsonl"),
    ExportFormat.csv: ("text/csv", "csv"),
    ExportFormat.spans_csv: ("text/csv", "spans.csv"),
    ExportFormat.geojson: ("application/geo+json", "geojson"),
}
CHUNK_CHARS = 64 * 1024
_END = object()


class _Stopped(Exception):
    """The client went away: the writer stops."""


class _QueueSink:
    """A text file for the export writers: what they write goes, in chunks, to a bounded queue that the response
    reads, so that a slow client holds the writer back instead of the server's memory filling up."""

    def __init__(self, chunks: queue.Queue[object], stop: threading.Event) -> None:
        self.chunks = chunks
        self.stop = stop
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            self.put("".join(self.parts))
            self.parts.clear()
            self.size = 0

    def put(self, item: object) -> None:
        while True:
            if self.stop.is_set():
                raise _Stopped
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


async def _exported(
    db: str | None, query: data.DocumentQuery, write: Callable[[Iterable[Document], IO[str]], int]
) -> AsyncIterator[bytes]:
    """The bytes of an export as one writer thread produces them. The thread opens a store of its own (an SQLite
    connection belongs to the thread that opened it) and stops when the client goes away."""
    chunks: queue.Queue[object] = queue.Queue(maxsize=8)
    stop = threading.Event()

    def produce() -> None:
        from presswatch.store import open_store

        sink = _QueueSink(chunks, stop)
        try:
            with open_store(db) as store:
                write(data.export_documents(store, query), sink)  # type: ignore[arg-type]
                sink.flush()
            sink.put(_END)
        except _Stopped:
            pass
        except BaseException as e:  # noqa: BLE001 - handed to the response, which ends the stream
            with contextlib.suppress(_Stopped):
                sink.put(e)

    threading.Thread(target=produce, name="presswatch-export", daemon=True).start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(_get_chunk, chunks, stop, limiter=_export_waiters())
            if item is _END or item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield str(item).encode("utf-8")
    finally:
        stop.set()


def _get_chunk(chunks: queue.Queue[object], stop: threading.Event) -> object:
    """The next chunk, or None once the response stopped waiting."""
    while not stop.is_set():
        try:
            return chunks.get(timeout=0.5)
        except queue.Empty:
            continue
    return None


# ------------------------------------------------------------------------------------------ errors, schema
def error_status(error: PresswatchError) -> int:
    """The HTTP status of a presswatch error: 404 for an unknown document, 422 for an input that cannot be read,
    502 for a page that could not be fetched, 400 for the rest (a refused address, a bad query, a bad option)."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, BlockedAddressError):
        return 400
    if isinstance(error, FetchError):
        return 502
    if isinstance(error, InputError):
        return 422
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path == PREFIX or request.url.path.startswith(PREFIX + "/")


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for e in errors:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """JSON errors under /api ({"error": ...}); elsewhere (the pages) FastAPI's own answers."""

    async def on_presswatch_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PresswatchError)
        status = error_status(exc)
        if _is_api(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return PlainTextResponse(str(exc), status_code=status)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _is_api(request) or exc.status_code == 413:
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)
        return await http_exception_handler(request, exc)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _is_api(request):
            return JSONResponse(
                {
                    "error": _validation_message(list(exc.errors())),
                    "details": jsonable_encoder(exc.errors(), exclude={"input", "ctx"}),
                },
                status_code=422,
            )
        return await request_validation_exception_handler(request, exc)

    app.add_exception_handler(PresswatchError, on_presswatch_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)


@lru_cache(maxsize=1)
def document_schemas() -> dict[str, Any]:
    """The document JSON schema (``schema/document.schema.json``) as OpenAPI components: ``Document`` and its
    definitions, references rewritten to point into the components."""
    text = resources.files("presswatch").joinpath("schema/document.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text.replace('"#/$defs/', '"#/components/schemas/Document_'))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return {"Document": schema, **{f"Document_{k}": v for k, v in defs.items()}}
