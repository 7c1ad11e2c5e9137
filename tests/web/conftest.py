"""Shared fixtures of the dashboard's tests: a temporary store of invented documents, ingested through
presswatch.pipeline, and uvicorn servers on free loopback ports serving it.

The week: "Harbor Gazette" and "Valley Herald" both report shooting near Askeran on 13 June 2023; "Capital Wire"
publishes the next day about something else (silent on it: an omission); an opinion piece (analysed for persuasion
techniques too) and a page whose title, author, text, quoted speaker, source name and URL carry script payloads.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from presswatch.ingest.raw import RawInput
from presswatch.model import Document
from presswatch.pipeline import analyze_documents, to_document
from presswatch.web.deps import ServeSettings

BASE_ANALYZERS = ["entities", "sourcing", "places", "incidents"]

GAZETTE = """Shooting near Askeran leaves one soldier wounded

Small-arms fire was reported near Askeran on Tuesday evening, the peacekeeping mission said in a statement. One \
soldier was wounded, according to the defence ministry.

"We heard the shooting for almost an hour," said Anahit Sarkisova, a teacher in Askeran.

An official who asked not to be named said the road to Stepanakert remained open."""

HERALD = """Troops open fire near Askeran

Troops opened fire near Askeran on Tuesday evening, wounding one soldier, the defence ministry said. The \
peacekeeping mission confirmed that shots were fired near the village.

Residents of Khankendi said the night in the city was calm."""

WIRE = """Wheat harvest begins around Ganja

Farmers around Ganja began harvesting wheat on Wednesday, the agriculture ministry said. The ministry expects a \
larger crop than last year.

Traders in Baku said prices for flour had fallen slightly."""

OPINION = """Enough is enough

These criminals and terrorists must be stopped before it is too late! The shameful regime is destroying our \
homeland, and every patriot in Stepanakert knows it.

Our people have always defended their land, and they will do so again."""

# payloads that try to run script if any page wrote them as markup
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
PAYLOAD_JS = "javascript:window.__pwned=3"
HOSTILE_SOURCE = 'Night <b onmouseover="window.__pwned=4">Post</b>'
HOSTILE_URL = "javascript:alert(document.domain)"


def _esc(s: str) -> str:
    """Entity-escape for the invented HTML page, so that the extracted text holds the payloads as characters."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


HOSTILE_HTML = f"""<!doctype html><html><head><meta charset="utf-8">
<title>{_esc(PAYLOAD_SCRIPT)} Talks near Askeran</title>
<meta name="author" content="{_esc(PAYLOAD_IMG)}">
<meta property="article:published_time" content="2023-06-14T09:00:00Z">
</head><body><article>
<h1>{_esc(PAYLOAD_SCRIPT)} Talks near Askeran</h1>
<p>Delegates met near Askeran on Wednesday, the mission said. {_esc(PAYLOAD_IMG)} The talks lasted three hours and
ended without a statement on the next round.</p>
<p>"We saw nothing {_esc(PAYLOAD_IMG)} at all," said the spokesman of {_esc(PAYLOAD_SCRIPT)}.</p>
<p>A link to {_esc(PAYLOAD_JS)} was passed around, the mission said, and residents of Stepanakert shared it.</p>
</article></body></html>"""


@dataclass(frozen=True)
class WebStore:
    """The invented store: its path and the ids of its documents by name."""

    db: str
    ids: dict[str, str]


def _text_doc(text: str, source: str, published: str, url: str) -> Document:
    doc = to_document(RawInput(data=text.encode("utf-8"), origin=url, kind="text", url=url))
    doc.source, doc.published, doc.published_from = source, published, "given"
    return doc


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    """Five invented documents, analysed and stored, their incidents linked (word overlap, no embedding model)."""
    from presswatch.comparison.linking import link_store
    from presswatch.store import open_store

    db = str(tmp_path_factory.mktemp("web") / "press.sqlite")
    plain = {
        "gazette": _text_doc(GAZETTE, "Harbor Gazette", "2023-06-14", "https://gazette.example/askeran"),
        "herald": _text_doc(HERALD, "Valley Herald", "2023-06-14", "https://herald.example/news/1"),
        "wire": _text_doc(WIRE, "Capital Wire", "2023-06-15", "https://wire.example/harvest"),
    }
    raw = RawInput(
        data=HOSTILE_HTML.encode("utf-8"), origin="hostile.html", kind="html", url="https://night.example/talks"
    )
    hostile = to_document(raw)
    hostile.source = HOSTILE_SOURCE
    plain["hostile"] = hostile
    opinion = _text_doc(OPINION, "Harbor Gazette", "2023-06-16", "https://gazette.example/opinion")
    docs = list(analyze_documents(plain.values(), analyzers=BASE_ANALYZERS))
    docs += list(analyze_documents([opinion], analyzers=[*BASE_ANALYZERS, "techniques"]))
    ids = dict(zip([*plain, "opinion"], [d.id for d in docs], strict=True))
    with open_store(db) as store:
        for d in docs:
            store.put(d, seen_url=d.url)
        store.add_url(ids["hostile"], HOSTILE_URL)
        link_store(store, embed=False)
    return WebStore(db, ids)


@pytest.fixture(scope="session")
def payloads() -> dict[str, str]:
    """The script payloads the hostile page carries, by where they are."""
    return {
        "script": PAYLOAD_SCRIPT,
        "img": PAYLOAD_IMG,
        "js": PAYLOAD_JS,
        "source": HOSTILE_SOURCE,
        "url": HOSTILE_URL,
    }


@pytest.fixture(scope="session")
def web_app(web_store: WebStore) -> Any:
    from presswatch.web.app import create_app

    return create_app(ServeSettings(db=web_store.db))


# The policy the security middleware will give the pages; the browser tests add it themselves when the app does
# not, so that a page that needs an inline script or style shows up as a CSP violation in the console.
TEST_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class WithCSP:
    """ASGI wrapper adding :data:`TEST_CSP` to responses that carry no Content-Security-Policy of their own."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def send_with_csp(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", TEST_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_csp)


def _serve(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a free loopback port; yield its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def live_server(web_store: WebStore) -> Iterator[str]:
    """The dashboard with the Content-Security-Policy the pages must live with."""
    from presswatch.web.app import create_app

    yield from _serve(WithCSP(create_app(ServeSettings(db=web_store.db))))


@pytest.fixture(scope="session")
def bare_server(web_store: WebStore) -> Iterator[str]:
    """The dashboard as the app alone serves it: the XSS tests run here, so that escaping is shown to hold without a
    policy to stop what it misses."""
    from presswatch.web.app import create_app

    yield from _serve(create_app(ServeSettings(db=web_store.db)))


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the browser tests save their screenshots: $PRESSWATCH_SCREENSHOTS, else the test's temporary folder."""
    import os

    where = Path(os.environ.get("PRESSWATCH_SCREENSHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    return where


# ----------------------------------------------------------------------------- alerts and watched sources
WATCH_RULES = """alerts:
- {name: ferry, keyword: ferry, webhook: 'https://hooks.example/services/ferry-secret', email: desk@example.org}
- {name: strike, keyword: strike, log: true}
"""
HOSTILE_ALERT = '<script>window.__pwned=5</script><img src=x onerror="window.__pwned=6">'


@dataclass(frozen=True)
class WatchStore:
    """A store with fired alerts (one with script payloads in its message) and watched sources: "Lake Courier"
    failing (5 polls in a row), "Hill Times" watched with no document stored (waiting)."""

    db: str
    ids: list[str]


@pytest.fixture(scope="session")
def watch_store(tmp_path_factory: pytest.TempPathFactory) -> WatchStore:
    from datetime import UTC, datetime, timedelta

    from presswatch.alerts import ledger, load_rules
    from presswatch.alerts.events import Alert, Evidence
    from presswatch.alerts.rules import parse_rules
    from presswatch.store import open_store
    from presswatch.watch.queue import iso
    from presswatch.watch.registry import save_source, validate

    t0 = datetime(2026, 4, 2, 6, 0, tzinfo=UTC)
    db = str(tmp_path_factory.mktemp("watch") / "press.sqlite")
    ids = []
    with open_store(db) as store:
        for n in range(3):
            doc = Document(
                text=f"The ferry to the island ran late on day {n}, the port office said.",
                source="Lake Courier" if n % 2 else "Plain Ledger",
                title=f"Ferry notice {n}",
                published=f"2026-04-0{1 + n}",
            )
            ids.append(store.put(doc).document_id)
        load_rules(store, parse_rules(WATCH_RULES), now=t0)
        rules = {r.rule.name: r for r in ledger.stored_rules(store)}
        for n, did in enumerate(ids):  # three ferry alerts a minute apart, the last with script payloads
            message = HOSTILE_ALERT if n == 2 else f"ferry in notice {n}"
            alert = Alert("ferry", "keyword", f"ferry|document|{did}", message, [Evidence(did, "text", 4, 9, "ferry")])
            ledger.record(store, [(alert, rules["ferry"])], t0 + timedelta(minutes=n))
        ledger.record(store, [(Alert("strike", "keyword", "strike|x", "strike at the port", []), rules["strike"])],
                      t0 + timedelta(minutes=10))
        for name in ("Lake Courier", "Hill Times"):
            save_source(store, validate({"name": name, "feed": f"https://{name.split()[0].lower()}.example/feed"}))
        store.conn.execute(
            "UPDATE watch_endpoints SET first_success = ?, last_success = ?, error_streak = 5, last_error = ?, "
            "last_error_at = ? WHERE source = 'Lake Courier'",
            (iso(0), iso(60), "the server answered HTTP 503", iso(120)),
        )
    return WatchStore(db, ids)


@pytest.fixture(scope="session")
def watch_server(watch_store: WatchStore) -> Iterator[str]:
    """The dashboard over :func:`watch_store`, with the Content-Security-Policy of the pages."""
    from presswatch.web.app import create_app

    yield from _serve(WithCSP(create_app(ServeSettings(db=watch_store.db))))
