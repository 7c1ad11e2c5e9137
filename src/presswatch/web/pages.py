"""The dashboard's HTML pages (Jinja2 templates in ``templates/``, assets in ``static/``).

Every template is autoescaped and nothing a document says is ever marked safe: highlighted text, analyzer figures,
maps and charts reach the templates as data (pieces of text with their marks, figure trees, coordinates) and the
templates write all the markup. No page runs an inline script or style (the Content-Security-Policy forbids them):
behaviour lives in ``static/dashboard.js`` and reads ``data-*`` attributes; sizes and colours are SVG attributes or
CSS classes.

Lists are paged and never load document texts. They come from the :class:`~presswatch.store.base.Store` interface
(``browse``, ``languages_of``, ``place_counts``, ``source_counts``, ``language_counts``, ``incident_count``), so every
page shows the same on a SQLite and on a PostgreSQL store.
"""

from __future__ import annotations

import hmac
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from presswatch import __version__
from presswatch.errors import NotFoundError, PresswatchError, StoreError
from presswatch.model import Document, Span
from presswatch.report.html import figure_view, segments
from presswatch.store.base import DocumentQuery, Store
from presswatch.web import data
from presswatch.web.deps import ServeSettings, get_settings, get_store, slow
from presswatch.web.searchpool import RETRY_AFTER_S, SearchesBusy, SearchPool

if TYPE_CHECKING:  # pragma: no cover
    from presswatch.gazetteer.policy import Policy

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ServeSettings, Depends(get_settings)]

TEMPLATES = Path(__file__).parent / "templates"
PER_PAGE = 20
# a query's hits are filtered by the facets among this many best matches (the store groups near-copies over as many)
SEARCH_WINDOW = 1000
MAP_PLACES = 400  # the most mentioned places a store-wide map draws
# the compare page draws the latest incidents of a window (rows of the matrix, omissions), the words of the latest
# reports, and the places named most differently; `presswatch compare` or a narrower window gives the rest
MATRIX_ROWS = 300
INCIDENT_DETAILS = 60
NAMING_PLACES = 150
NAV = (
    ("/", "Overview"),
    ("/search", "Search"),
    ("/map", "Map"),
    ("/compare", "Compare"),
    ("/sources", "Sources"),
    ("/alerts", "Alerts"),
    ("/analyze", "Analyze"),
)
PALETTE = ("#1f6fb2", "#c2571a", "#2b7a3d", "#8b1e3f", "#6a4c93", "#00838f", "#8d6e00", "#5d4037")


@dataclass(frozen=True, slots=True)
class Layer:
    key: str
    title: str
    about: str
    on: bool = True  # shown when the page opens


LAYERS = (
    Layer("places", "Places", "place names resolved in the gazetteer"),
    Layer("sourcing", "Sources and quotes", "who is quoted or cited, the cue, the words reported; unsourced claims"),
    Layer("techniques", "Persuasion", "persuasion techniques (SemEval-2023 taxonomy), each with an explanation"),
    Layer("incidents", "Incidents", "what happened, where, when, by whose account"),
    Layer("policy", "Naming policy", "each place name judged by the naming policy chosen above"),
    Layer("entities", "Entities", "spaCy's named entities (repeat what places and sourcing say)", on=False),
    Layer("other", "Other", "findings of other analyzers", on=False),
)
_LAYER_KEYS = {layer.key for layer in LAYERS}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)
_env.filters["human"] = lambda s: str(s).replace("_", " ")
_env.filters["pct"] = lambda v: f"{float(v or 0):.0%}"


def _html(path: str, template: str, **context: Any) -> str:
    """A page's HTML: the template with the navigation bar's state (``path``: the page's URL path)."""
    return _env.get_template(template).render(nav=NAV, path=path, version=__version__, **context)


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with the navigation bar's state."""
    return HTMLResponse(_html(request.url.path, template, **context), status_code=status)


def _error(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return _render(request, "error.html", status=status, title=title, message=message)


# a page made where it is asked (a search process or a thread of the slow pool): its status and HTML
Made = tuple[int, str]
MakePage = Callable[..., Made]


async def _read_page(request: Request, store: Store, make: MakePage, **settings: Any) -> HTMLResponse:
    """The page ``make(store, path, params, **settings)`` makes, a page that only reads the store: in the search
    processes (:mod:`presswatch.web.searchpool`, each with its own store) where the server has them, so that a heavy
    page holds neither the server's interpreter lock nor its cores against lists and documents; else in the slow
    pool. The same HTML either way; 503 with Retry-After when too many queries wait for a search process. ``make``
    must be a module-level function (it is sent by name) and reads the query string from ``params`` (the last value
    of each name, as ``request.query_params.get`` gives it); ``settings`` are this process's values of the page's
    settings (a search process has its own module globals)."""
    path, params = request.url.path, dict(request.query_params)
    searches: SearchPool | None = request.app.state.searches
    if searches is None:
        status, page = await slow(request, make, store, path, params, **settings)
    else:
        try:
            status, page = await searches.call(make, path, params, **settings)
        except SearchesBusy:
            busy = _error(request, 503, "Busy", "The server is busy with searches: try again in a moment.")
            busy.headers["Retry-After"] = str(RETRY_AFTER_S)
            return busy
    return HTMLResponse(page, status_code=status)


def _day(value: str | None) -> str | None:
    """An ISO day from a form field, or None for an empty or malformed one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(10_000, int(value or 1)))
    except ValueError:
        return 1


def _web_link(url: str | None) -> str | None:
    """``url`` when a browser may follow it (http or https), else None: a page's ``javascript:`` never becomes a
    link."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


# ------------------------------------------------------------------------------------------------ queries
@dataclass(frozen=True, slots=True)
class Filters:
    """The search page's query and facets."""

    q: str = ""
    source: str = ""
    since: str | None = None
    until: str | None = None
    lang: str = ""
    place: str = ""
    technique: str = ""

    @classmethod
    def of(cls, params: Any) -> Filters:
        def get(name: str) -> str:
            return str(params.get(name) or "").strip()[:500]

        return cls(
            get("q"), get("source"), _day(get("since")), _day(get("until")), get("lang"), get("place"), get("technique")
        )

    def query(self) -> DocumentQuery:
        """The facets as a store query (the words are the full-text search's)."""
        return DocumentQuery(
            source=self.source or None,
            since=self.since,
            until=self.until,
            language=self.lang or None,
            place_id=self.place or None,
            technique=self.technique or None,
        )

    def link(self, **changes: object) -> str:
        """This search's URL with ``changes`` (e.g. another page)."""
        values = {
            "q": self.q,
            "source": self.source,
            "since": self.since or "",
            "until": self.until or "",
            "lang": self.lang,
            "place": self.place,
            "technique": self.technique,
            **changes,
        }
        return "/search?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})


# ------------------------------------------------------------------------------------------------ documents
@dataclass(slots=True)
class Mark:
    """One highlight: its layer (the checkbox that shows it), its kind (its colour), the tooltip's lines and the
    small label written after it, if any."""

    layer: str
    kind: str
    tip: str
    sup: str | None = None


@dataclass(slots=True)
class Piece:
    text: str
    marks: list[Mark]  # outermost first
    ends: list[bool]  # whether each mark ends with this piece (its label goes after it)


@dataclass(slots=True)
class DocumentView:
    doc: Document
    title: list[Piece]
    standfirst: list[Piece]
    paragraphs: list[list[Piece]]
    layers: list[tuple[Layer, int]]
    figures: list[tuple[str, list[tuple[str, dict[str, Any]]]]]
    places: list[dict[str, Any]]
    policy: str
    verdicts: Counter[str] = field(default_factory=Counter)


def _kind(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def _layer_of(s: Span) -> str:
    return s.analyzer if s.analyzer in _LAYER_KEYS else "other"


@lru_cache(maxsize=1)
def _policies() -> list[tuple[str, str]]:
    """(id, title) of each shipped naming policy."""
    from presswatch.gazetteer.policy import available_policies, load_policy

    return [(p, load_policy(p).title) for p in available_policies()]


def _policy(name: str | None) -> Policy | None:
    from presswatch.gazetteer.policy import load_policy

    if name and name in {p for p, _ in _policies()}:
        return load_policy(name)
    return None


def _other_names(place_id: str | None, written: str) -> str:
    """A few of the place's other names in the gazetteer (official names first), or "" when it is not there."""
    if not place_id:
        return ""
    from presswatch.gazetteer.index import get_gazetteer

    try:
        place = get_gazetteer(progress=False).get(place_id)
    except Exception:  # noqa: BLE001 - a gazetteer that cannot load here only costs the tooltip a line
        return ""
    if place is None:
        return ""
    order = {"official": 0, "alternate": 1, "historical": 2, "exonym": 3}
    seen = {written.casefold()}
    out = []
    for n in sorted(place.names, key=lambda n: (order.get(n.kind, 4), n.lang not in ("en", "az", "hy", "ru"))):
        if n.name.casefold() in seen:
            continue
        seen.add(n.name.casefold())
        out.append(f"{n.name} ({', '.join(x for x in (n.lang, n.kind) if x)})")
        if len(out) == 8:
            break
    return "; ".join(out)


def _tip(doc: Document, s: Span) -> str:
    """The tooltip of one finding, in plain lines (the page escapes it; dashboard.js shows it as text)."""
    a = s.attrs
    words = doc.span_text(s)
    if s.analyzer == "places" and s.label == "PLACE":
        lines = [
            f"Place: {a.get('name') or words}"
            + (f", {a['country']}" if a.get("country") else "")
            + (f" ({a['feature']})" if a.get("feature") else "")
        ]
        kind = ", ".join(str(x) for x in (a.get("name_kind"), a.get("name_lang")) if x)
        lines.append(f"Name written: {words}" + (f" ({kind})" if kind else ""))
        others = _other_names(a.get("place_id"), words)
        if others:
            lines.append(f"Other names: {others}")
        voice = a.get("voice") or "own"
        if voice != "own":
            lines.append(f"Voice: {voice}" + (f" (by {a['speaker']})" if a.get("speaker") else ""))
        return "\n".join(lines)
    if s.analyzer == "places":
        return f"{s.label.title()}: {words} → {a.get('name') or '?'}"
    if s.analyzer == "sourcing":
        who = a.get("speaker")
        kind = str(a.get("kind") or a.get("source_kind") or "").replace("_", " ")
        if s.label == "SOURCE":
            return "\n".join(
                x
                for x in (
                    f"Source: {who or words}",
                    f"Kind: {kind}" if kind else "",
                    f"Role: {a['role']}" if a.get("role") else "",
                )
                if x
            )
        if s.label == "CONTENT":
            return f"Reported words of {who or 'an unnamed source'}" + (f" ({kind})" if kind else "")
        if s.label == "CUE":
            return f"Attribution cue ({str(a.get('type') or '?').replace('_', ' ')})" + (
                f" for a {kind} source" if kind else ""
            )
        if s.label == "UNSOURCED_CLAIM":
            return "A factual claim with no source given"
    if s.analyzer == "techniques":
        from presswatch.analyzers.techniques.taxonomy import explain

        conf = a.get("confidence")
        head = f"{a.get('name') or s.label} ({a.get('family') or 'technique'})"
        if isinstance(conf, int | float):
            head += f", confidence {conf:.2f}"
        try:
            text = a.get("explanation") or explain(s.label)
        except KeyError:
            text = ""
        return f"{head}\n{text}".strip()
    if s.analyzer == "incidents" and s.label == "INCIDENT":
        lines = [f"Incident: {str(a.get('type') or '?').replace('_', ' ')}"]
        if a.get("acled_event_type"):
            lines.append(f"ACLED: {a['acled_event_type']} / {a.get('acled_sub_event_type') or '?'}")
        if a.get("date"):
            lines.append(f"Date: {a['date']}" + (f" ({a['date_from']})" if a.get("date_from") else ""))
        names = [p.get("name_used") or p.get("place") for p in a.get("places") or []]
        if names:
            lines.append("Places: " + ", ".join(str(n) for n in names if n))
        if a.get("counts"):
            lines.append("Counts: " + ", ".join(f"{k} {v}" for k, v in a["counts"].items()))
        lines.append(f"Stance: {a.get('stance') or 'asserts'}")
        att = a.get("attribution") or {}
        if att.get("speaker"):
            lines.append(f"By: {att['speaker']}")
        return "\n".join(lines)
    return f"{s.analyzer}: {s.label}"


def _verdicts(doc: Document, policy: Policy) -> list[Span]:
    """The policy layer: one span per place name, labelled with the policy's verdict on it (as ``presswatch check``
    gives it, every voice counted; a name in a quote is marked as such)."""
    from presswatch.gazetteer.policy import check, place_spans, policy_status, voice_of

    broken = {(v.field, v.start, v.end): v for v in check(doc, policy)}
    out = []
    for s in place_spans(doc):
        v = broken.get((s.field, s.start, s.end))
        voice = voice_of(s)
        aside = (
            ""
            if voice == "own"
            else f"\nIn the {voice.replace('_', ' ')} voice"
            + (f" of {s.attrs['speaker']}" if s.attrs.get("speaker") else "")
            + ": not the text's own use"
        )
        if v is not None:
            tip = (
                f"{policy.id}: {v.status}"
                + (f"; use {v.suggestion}" if v.suggestion else "")
                + (f"\n{v.rationale}" if v.rationale else "")
                + aside
            )
            label = v.status if voice == "own" else "quoted"
        else:
            status = policy_status(policy, s, doc.field_text(s.field))
            if status is None:
                continue
            label = "dual-ok" if status == "dual" else status
            tip = f"{policy.id}: {'the pair of names it asks for' if status == 'dual' else status}" + aside
        out.append(Span(s.start, s.end, label, "policy", {"field": s.field, "tip": tip}))
    return out


def _mark(doc: Document, s: Span) -> Mark:
    """How one finding is drawn: its layer, its kind, its tooltip and the label written after it, if any."""
    tip = s.attrs["tip"] if s.analyzer == "policy" else _tip(doc, s)
    sup = None
    if s.analyzer == "techniques":
        sup = str(s.attrs.get("name") or s.label)
    elif s.analyzer == "policy" and s.label not in ("preferred", "acceptable", "dual-ok"):
        sup = s.label
    return Mark(_layer_of(s), _kind(s.label if s.analyzer != "entities" else "entity"), tip, sup)


def _pieces(
    doc: Document, field_name: str, start: int, end: int, spans: list[Span], marks: dict[int, Mark]
) -> list[Piece]:
    """The text of ``field_name`` from ``start`` to ``end`` cut into pieces under the marks of ``spans`` (each span's
    mark made once, in ``marks`` by ``id(span)``, however many pieces it covers)."""
    text = doc.field_text(field_name)
    out = []
    for a, b, covering in segments(start, end, spans):
        drawn = [marks.get(id(s)) or marks.setdefault(id(s), _mark(doc, s)) for s, _ in covering]
        out.append(Piece(text[a:b], drawn, [ends for _, ends in covering]))
    return out


def _readable(value: Any) -> Any:
    """A figure with technique keys (``Flag_Waving``) by their names (Flag-waving), as the tooltips name them."""
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUES

    names = {t.key: t.name for t in TECHNIQUES}
    if isinstance(value, dict) and value and all(k in names for k in value):
        return {names[k]: v for k, v in value.items()}
    return value


def document_view(doc: Document, policy_name: str | None = None) -> DocumentView:
    """Everything the document page draws, as data."""
    from presswatch.report.worldmap import places_of

    policy = _policy(policy_name)
    spans = [s for s in doc.spans if s.end > s.start]
    verdicts = _verdicts(doc, policy) if policy is not None else []
    every = spans + verdicts  # a verdict after its place: the place's mark is the outer one

    def of_field(name: str) -> list[Span]:
        return [s for s in every if s.field == name]

    counts = Counter(_layer_of(s) for s in every)
    marks: dict[int, Mark] = {}
    title = _pieces(doc, "title", 0, len(doc.title), of_field("title"), marks) if doc.title else []
    standfirst = []
    if doc.description and any(s.field == "description" for s in spans):  # read, so not a repeat of the body
        standfirst = _pieces(doc, "description", 0, len(doc.description), of_field("description"), marks)
    body = of_field("text")
    paragraphs = [_pieces(doc, "text", a, b, body, marks) for a, b in doc.paragraphs]
    figures = [
        (name, [(str(k), figure_view(_readable(v))) for k, v in values.items()])
        for name, values in doc.summaries.items()
        if values
    ]
    return DocumentView(
        doc=doc,
        title=title,
        standfirst=standfirst,
        paragraphs=paragraphs,
        layers=[(layer, counts[layer.key]) for layer in LAYERS if counts[layer.key] or layer.key == "policy"],
        figures=figures,
        places=places_of(doc),
        policy=policy.id if policy else "",
        verdicts=Counter(s.label for s in verdicts),
    )


def _document_page(
    request: Request, view: DocumentView, urls: list[str], *, stored: bool, status: int = 200
) -> HTMLResponse:
    from presswatch.report.worldmap import map_layout

    seen = [(u, _web_link(u)) for u in urls]
    return _render(
        request,
        "document.html",
        status=status,
        view=view,
        doc=view.doc,
        seen=seen,
        stored=stored,
        policies=_policies(),
        web_url=_web_link(view.doc.url or view.doc.canonical_url),
        map=map_layout(view.places, width=420),
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    """One stored document: its text with every layer of findings, figures, where it was seen."""
    try:
        doc = store.get(document_id)
    except NotFoundError as e:
        return _error(request, 404, "No such document", e.message)
    view = document_view(doc, request.query_params.get("policy"))
    return _document_page(request, view, store.urls(doc.id), stored=True)


# ------------------------------------------------------------------------------------------------ overview
@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Counts, sources and the latest documents, with a way into every page."""
    return _render(
        request,
        "overview.html",
        total=store.count(),
        sources=store.source_counts(),
        incidents=store.incident_count(),
        languages=store.language_counts(),
        latest=store.list(limit=15),
        db=_db_name(store.location),
    )


def _db_name(location: str) -> str:
    """The store's name to show: a file's name (its folder is nobody's business off this machine), or a PostgreSQL
    database's name (neither host nor user)."""
    if "://" in location:
        from urllib.parse import urlsplit

        return urlsplit(location).path.lstrip("/") or "postgresql"
    return Path(location).name


# ------------------------------------------------------------------------------------------------ search
def _snippet(text: str) -> list[tuple[str, bool]]:
    """A search snippet (matches in ``[...]``) as pieces, each with whether it is a match."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(r"\[([^\[\]]{1,200})\]", text):
        out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    out.append((text[pos:], False))
    return [p for p in out if p[0]]


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The search page: a query box with facets and the matching documents' snippets. (In a search process.)"""
    return await _read_page(request, store, _search_page, per_page=PER_PAGE)


def _search_page(store: Store, path: str, params: dict[str, str], per_page: int = PER_PAGE) -> Made:
    """Full-text search with facets; without words, every document under the facets, newest first."""
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUES

    f = Filters.of(params)
    page = _page_number(params.get("page"))
    offset = (page - 1) * per_page
    notes: list[str] = []
    results: list[dict[str, Any]] = []
    if f.q:
        try:
            hits = store.search(f.q, limit=SEARCH_WINDOW)
            notes += hits.notes
        except StoreError as e:
            hits = []
            notes.append(e.message)
        keep = store.languages_of([h.document_id for h in hits], f.query())
        matched = [h for h in hits if h.document_id in keep]
        total = len(matched)
        results = [
            {
                "id": h.document_id,
                "title": h.title,
                "source": h.source,
                "published": h.published,
                "language": keep[h.document_id],
                "snippet": _snippet(h.snippet),
                "copies": len(h.near_copies),
            }
            for h in matched[offset : offset + per_page]
        ]
    else:
        total, rows = store.browse(f.query(), offset=offset, limit=per_page)
        results = [
            {**r, "snippet": [(r["opening"] + ("…" if len(r["opening"]) >= 280 else ""), False)], "copies": 0}
            for r in rows
        ]
    pages = max(1, -(-total // per_page))
    return 200, _html(
        path,
        "search.html",
        f=f,
        results=results,
        total=total,
        page=page,
        pages=pages,
        notes=notes,
        # the facets' choices: store-wide counts, kept until the store changes
        sources=[s["name"] for s in data.figures(store, ("source_counts",), store.source_counts) if s["name"]],
        languages=data.figures(store, ("language_counts",), store.language_counts),
        places=data.figures(store, ("place_counts", 300), lambda: store.place_counts(limit=300)),
        techniques=[(t.key, t.name) for t in TECHNIQUES],
    )


# ------------------------------------------------------------------------------------------------ map
@router.get("/map", response_class=HTMLResponse)
async def map_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The map of a document's, a query's or the whole store's places. (In a search process.)"""
    return await _read_page(request, store, _map_page)


def _map_page(store: Store, path: str, params: dict[str, str]) -> Made:
    """Places as dots sized by mentions: of one document, of a query's documents, or of the whole store."""
    from presswatch.report.worldmap import map_layout, places_of

    document = (params.get("document") or "").strip()
    q = (params.get("q") or "").strip()[:500]
    notes: list[str] = []
    title: str | None = None
    if document:
        try:
            doc = store.get(document)
        except NotFoundError as e:
            return 404, _html(path, "error.html", title="No such document", message=e.message)
        title = doc.title or doc.id
        places = places_of(doc)
        scope = "document"
    elif q:
        try:
            hits = store.search(q, limit=SEARCH_WINDOW)
            notes += hits.notes
        except StoreError as e:
            hits = []
            notes.append(e.message)
        places = store.place_counts([h.document_id for h in hits], limit=MAP_PLACES)
        scope = "query"
    else:  # kept until the store changes
        places = data.figures(store, ("place_counts", MAP_PLACES), lambda: store.place_counts(limit=MAP_PLACES))
        scope = "store"
    return 200, _html(
        path,
        "map.html",
        places=places,
        scope=scope,
        q=q,
        document=document,
        title=title,
        notes=notes,
        map=map_layout(places, width=960, max_radius=26),
    )


# ------------------------------------------------------------------------------------------------ compare
def _timeline(entry: dict[str, Any], lo: int, hi: int, width: int = 760) -> dict[str, Any]:
    """A chart of one place's names: a row per source and name written, a bar from its first day to its last,
    coloured by the name (its normal form), on the days ``lo``..``hi`` (ordinals) shared by every chart."""
    left, right, row = 250, 20, 20
    plot = width - left - right
    # each day of lo..hi owns an equal slot of the plot, so a day's mark, a bar and a tick all stay between the row
    # labels and the axis end, however few days the window has
    slot = plot / (max(0, hi - lo) + 1)

    def at(day: int) -> float:
        return left + (day - lo) * slot

    colours: dict[str, str] = {}
    rows = []
    for src, names in sorted(entry["by_source"].items()):
        for written, n in sorted(names.items(), key=lambda kv: -kv[1]["count"]):
            colour = colours.setdefault(n["normal"], PALETTE[len(colours) % len(PALETTE)])
            first = date.fromisoformat(n["first"]).toordinal() if n["first"] else lo
            last = date.fromisoformat(n["last"]).toordinal() if n["last"] else hi
            x0 = at(first)
            x1 = min(left + plot, max(x0 + 6, at(last + 1)))
            # one mark per day the name was written that day (its height: that day's mentions against the row's
            # busiest day), over a thin line from its first day to its last
            per_day = n.get("days") or {}
            busiest = max(per_day.values(), default=1)
            day_w = min(slot, max(2.0, slot - 2))
            marks = [
                {
                    "x": min(left + plot - day_w, at(date.fromisoformat(d).toordinal()) + (slot - day_w) / 2),
                    "w": day_w,
                    "h": 4 + 10 * k / busiest,
                    "tip": f"{src} wrote {written} ×{k} on {d}",
                }
                for d, k in sorted(per_day.items())
            ]
            rows.append(
                {
                    "source": src,
                    "written": written,
                    "x": x0,
                    "w": x1 - x0,
                    "y": 8 + len(rows) * row,
                    "colour": colour,
                    "days": marks,
                    "tip": f"{src} wrote {written} ×{n['count']} ({n['kind'] or '?'}), {n['first']} to {n['last']}",
                }
            )
    height = 8 + len(rows) * row + 22
    marks = sorted({lo + round(k / 4 * (hi - lo)) for k in range(5)}) if hi - lo > 8 else list(range(lo, hi + 1))
    ticks = []
    for d in marks:
        # a date is ~70 px wide: on narrow day slots the first and last labels are anchored to the plot's ends
        if slot < 70 and d == lo and d != hi:
            ticks.append((at(d), date.fromordinal(d).isoformat(), "start"))
        elif slot < 70 and d == hi and d != lo:
            ticks.append((at(d) + slot, date.fromordinal(d).isoformat(), "end"))
        else:
            ticks.append((at(d) + slot / 2, date.fromordinal(d).isoformat(), "middle"))
    return {
        "width": width,
        "height": height,
        "rows": rows,
        "ticks": ticks,
        "axis": height - 18,
        "left": left,
        "legend": list(colours.items()),
    }


@router.get("/compare", response_class=HTMLResponse)
async def compare_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The comparison of sources: coverage matrix, omissions, naming and its timeline. (In the slow pool.)"""
    return await slow(request, _compare_page, request, store)


def _compare_page(request: Request, store: Store) -> HTMLResponse:
    """The comparison of sources (``presswatch compare``): coverage matrix, omissions, naming and its timeline."""
    from presswatch.comparison.coverage import compare
    from presswatch.comparison.render import (
        COLOURS,
        LEGEND,
        SYMBOLS,
        incident_label,
        other_voices,
        parties,
        whose_shares,
    )

    since, until = _day(request.query_params.get("since")), _day(request.query_params.get("until"))
    c = compare(store, since=since, until=until)
    latest = c.incidents[
        max(0, len(c.incidents) - MATRIX_ROWS) :
    ]  # a long window: its latest incidents, and a note saying how to see others
    matrix = []
    for inc in latest:
        cells = []
        for src in c.sources:
            cell = c.coverage.get(inc["id"], {}).get(src, {"status": "no_documents"})
            st = cell["status"]
            cells.append(
                {
                    "source": src,
                    "status": st,
                    "symbol": SYMBOLS.get(st, "?"),
                    "colour": COLOURS.get(st),
                    "legend": LEGEND.get(st, st),
                    "differences": cell.get("differences", []),
                    "documents": cell.get("documents", []),
                }
            )
        matrix.append({"id": inc["id"], "label": incident_label(inc), "cells": cells})
    days = [
        date.fromisoformat(d).toordinal()
        for e in c.naming
        for names in e["by_source"].values()
        for n in names.values()
        for d in (n["first"], n["last"])
        if d
    ]
    lo, hi = (min(days), max(days)) if days else (0, 0)
    shown = [e for e in c.naming if e["divergent"]][:12] or c.naming[:6]
    timelines = [(e, _timeline(e, lo, hi)) for e in shown] if days else []
    legend = [(k, v, COLOURS[k], SYMBOLS[k]) for k, v in LEGEND.items()]
    return _render(
        request,
        "compare.html",
        c=c,
        matrix=matrix,
        legend=legend,
        timelines=timelines,
        since=since or "",
        until=until or "",
        label=incident_label,
        parties=parties,
        whose=whose_shares,
        other_voices=other_voices,
        details=latest[max(0, len(latest) - INCIDENT_DETAILS) :],
        omissions=c.omissions[max(0, len(c.omissions) - MATRIX_ROWS) :],
        naming=c.naming[:NAMING_PLACES],
    )


# ------------------------------------------------------------------------------------------------ sources
def _histogram(days: list[int], lo: int, hi: int, bins: int = 24, width: int = 300, height: int = 56) -> dict[str, Any]:
    """Documents over time as bars: ``days`` (ordinals) counted into ``bins`` equal stretches of ``lo``..``hi``."""
    span = hi - lo + 1
    bins = max(1, min(bins, span))
    counts = [0] * bins
    for d in days:
        counts[min(bins - 1, (d - lo) * bins // span)] += 1
    top = max(counts) or 1
    bw = width / bins
    bars = []
    for i, n in enumerate(counts):
        a = date.fromordinal(lo + i * span // bins)
        b = date.fromordinal(lo + (i + 1) * span // bins - 1)
        h = (height - 14) * n / top
        when = a.isoformat() if a == b else f"{a.isoformat()} to {b.isoformat()}"
        bars.append(
            {
                "x": i * bw + 1,
                "w": max(1.0, bw - 2),
                "y": height - 14 - h,
                "h": h,
                "tip": f"{when}: {n} document{'s' if n != 1 else ''}",
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "first": date.fromordinal(lo).isoformat(),
        "last": date.fromordinal(hi).isoformat(),
    }


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Per source: documents over time, sourcing and whose sources it cites, persuasion, names, watch health. (In a
    search process.)"""
    return await _read_page(request, store, _sources_page)


def _sources_page(store: Store, path: str, params: dict[str, str]) -> Made:
    """Per source: documents over time, sourcing profile, persuasion density, the names it writes for places. The
    figures are kept until the store changes (or the actors registry does); the watch health is read each time."""
    from presswatch.actors.registry import default_registry

    since, until = _day(params.get("since")), _day(params.get("until"))
    registry = default_registry()  # the same object until its files change
    kept: list[dict[str, Any]] = data.figures(
        store, ("sources page", since, until, id(registry)), lambda: _source_cards(store, since, until, registry)
    )
    health = {h["name"]: h for h in data.watch_health(store)}
    cards = [{**card, "health": health.pop(card["name"], None)} for card in kept]
    # watched sources with no document in the window: their health still matters (a failing feed stores nothing)
    return 200, _html(
        path, "sources.html", cards=cards, since=since or "", until=until or "", other_watched=list(health.values())
    )


def _source_cards(store: Store, since: str | None, until: str | None, registry: Any) -> list[dict[str, Any]]:
    """The sources page's cards, without their health."""
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUES
    from presswatch.comparison.coverage import UNKNOWN_SOURCE, place_naming, sourcing_profiles, whose_sources

    docs = store.document_rows(since, until)
    profiles = sourcing_profiles(docs)
    naming = place_naming(store.place_rows(since, until), {d["id"]: d for d in docs})
    names = {t.key: t.name for t in TECHNIQUES}
    days: dict[str, list[int]] = defaultdict(list)
    densities: dict[str, list[float]] = defaultdict(list)
    techniques: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        src = d["source"] or UNKNOWN_SOURCE
        day = _day((d["published"] or "")[:10])
        if day:
            days[src].append(date.fromisoformat(day).toordinal())
        summ = json.loads(d["summaries"] or "{}") if isinstance(d["summaries"], str) else d["summaries"] or {}
        tech = summ.get("techniques") or {}
        if tech.get("analysed") and isinstance(tech.get("density_per_100_words"), int | float):
            densities[src].append(float(tech["density_per_100_words"]))
            techniques[src].update({k: int(v) for k, v in (tech.get("counts") or {}).items()})
    every = [d for ds in days.values() for d in ds]
    lo, hi = (min(every), max(every)) if every else (0, 0)
    used: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in naming:
        for src, written in e["by_source"].items():
            for w, n in sorted(written.items(), key=lambda kv: -kv[1]["count"]):
                used[src].append(
                    {
                        "place": e["place"],
                        "place_id": e["place_id"],
                        "written": w,
                        "count": n["count"],
                        "kind": n["kind"],
                        "divergent": e["divergent"],
                    }
                )
    whose_sources(profiles, store, since, until, docs, registry)
    cards = []
    for src, prof in profiles.items():
        dens = densities.get(src, [])
        top = techniques[src].most_common(5)
        tmax = top[0][1] if top else 1
        cards.append(
            {
                "name": src,
                "documents": prof["documents"],
                "profile": prof,
                "chart": _histogram(days[src], lo, hi) if days.get(src) else None,
                "density": sum(dens) / len(dens) if dens else None,
                "analysed": len(dens),
                "techniques": [(names.get(k, k), n, n / tmax) for k, n in top],
                "names": used.get(src, [])[:30],
                "more_names": max(0, len(used.get(src, [])) - 30),
                "whose": [
                    (aff, n, prof["affiliation_shares"].get(aff, 0.0))
                    for aff, n in (prof.get("by_affiliation") or {}).items()
                ],
            }
        )
    return cards


# ------------------------------------------------------------------------------------------------- alerts
ALERTS_PAGE = 50


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(request: Request, store: StoreDep) -> HTMLResponse:
    """The alerts that fired, newest first, with their evidence and deliveries, and the watched sources that are
    quiet or failing. (In the slow pool.)"""
    return await slow(request, _alerts_page, request, store)


def _alerts_page(request: Request, store: Store) -> HTMLResponse:
    rule = request.query_params.get("rule") or None
    offset = _offset(request.query_params.get("offset"))
    page = data.alerts(store, offset=offset, limit=ALERTS_PAGE, rule=rule)
    rules = sorted({*(r.rule.name for r in _stored_rules(store)), *([rule] if rule else [])})
    troubled = [h for h in data.watch_health(store) if h["status"] in ("failing", "quiet")]
    return _render(request, "alerts.html", page=page, rule=rule or "", rules=rules, troubled=troubled)


def _offset(value: str | None) -> int:
    """A page's offset from the query string (0 for anything but a whole number)."""
    return int(value) if value and value.isdigit() and len(value) < 10 else 0


def _stored_rules(store: Store) -> list[Any]:
    """The loaded alert rules (none where they cannot be read: the page still lists what fired)."""
    from presswatch.alerts import ledger

    try:
        return ledger.stored_rules(getattr(store, "current", lambda: store)())
    except PresswatchError:
        return []


# ------------------------------------------------------------------------------------------------ analyze
ANALYZE_CHOICES = ("entities", "sourcing", "places", "techniques", "frames", "incidents", "genre")


def _analyze(text: str, url: str, names: list[str], settings: ServeSettings) -> Document:
    """Analyse pasted text or a fetched URL (the server's fetch settings: private addresses refused unless it was
    started with --allow-private-addresses). Pasted text is never read as a file name."""
    from presswatch.errors import InputError
    from presswatch.ingest.fetch import FetchSettings
    from presswatch.ingest.sources import is_url
    from presswatch.pipeline import analyze

    fetch = FetchSettings(allow_private_addresses=settings.allow_private_addresses, max_bytes=settings.max_fetch_bytes)
    if url:
        if not is_url(url):
            raise InputError("the URL must start with http:// or https://")
        return analyze(url, analyzers=names, settings=fetch)
    return analyze(text.encode("utf-8"), analyzers=names, settings=fetch)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The form: paste a text or give a URL."""
    from presswatch.analyzers import DEFAULT

    return _render(
        request,
        "analyze.html",
        form={"text": "", "url": "", "policy": ""},
        chosen=list(DEFAULT),
        choices=ANALYZE_CHOICES,
        needs_token=bool(settings.token),
        policies=_policies(),
        error=None,
    )


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_submit(request: Request, settings: SettingsDep) -> HTMLResponse:
    """Analyse what the form sent and show it as a document page (nothing is stored)."""
    body = await request.body()
    if len(body) > settings.max_body_bytes:
        return _error(request, 413, "Too large", f"the form is over {settings.max_body_bytes} bytes")
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=50)
    text = (fields.get("text") or [""])[0]
    url = (fields.get("url") or [""])[0].strip()
    names = [n for n in fields.get("analyzers", []) if n in ANALYZE_CHOICES]
    form = {"text": text, "url": url, "policy": (fields.get("policy") or [""])[0]}

    def again(status: int, error: str) -> HTMLResponse:
        return _render(
            request,
            "analyze.html",
            status=status,
            form=form,
            chosen=names,
            choices=ANALYZE_CHOICES,
            needs_token=bool(settings.token),
            policies=_policies(),
            error=error,
        )

    if settings.token and not hmac.compare_digest((fields.get("token") or [""])[0].encode(), settings.token.encode()):
        return again(403, "the token is missing or wrong")
    if not text.strip() and not url:
        return again(400, "paste a text or give a URL")
    try:
        doc = await run_in_threadpool(_analyze, text, url, names, settings)
    except PresswatchError as e:
        return again(400, str(e))
    view = await run_in_threadpool(document_view, doc, form["policy"])
    return _document_page(request, view, [url] if url else [], stored=False)
