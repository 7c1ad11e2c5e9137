"""A loopback news site for the watch tests and benchmark: an RSS feed of N invented items, their pages, a sitemap
index with a news sitemap, robots.txt, and any extra route a test adds (hostile ones included). Counts requests per
path and honours If-None-Match, so conditional GETs can be checked.

Everything it serves is invented here; nothing is copied from real outlets.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]

TOWNS = ["Arlen", "Brisk", "Corvo", "Dunmere", "Eskel", "Fallow", "Garn", "Hollis", "Istra", "Jorvik"]


SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "vas", "bel", "din", "ost", "ru", "pe", "gan", "sul", "ve", "ir", "nak"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def page_html(i: int) -> bytes:
    """An invented article, distinct for each ``i`` in its words (invented ones, so that near-copy detection sees
    different articles, as it would on a real feed), its title and hence its content id."""
    rng = random.Random(i)
    town = TOWNS[i % len(TOWNS)]
    paragraphs = []
    for _ in range(3):
        sentences = [
            f"The council of {rng.choice(TOWNS)} " + " ".join(_word(rng) for _ in range(14)) + "." for _ in range(3)
        ]
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    return (
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council report {i} from {town}
</title></head><body><article><h1>Council report {i} from {town}</h1>
{"".join(paragraphs)}
<p>The minutes of meeting {i} will be published on the notice board on Friday.</p></article></body></html>"""
    ).encode()


def rss(items: list[int], base: str, *, description: bool = True) -> bytes:
    entries = "".join(
        f"<item><title>Council report {i}</title><link>{base}/news/{i}.html</link>"
        f"<pubDate>Tue, 01 Dec 2026 10:{i % 60:02d}:00 GMT</pubDate>"
        + (
            f"<description>&lt;p&gt;Summary of council report {i}: the bridge repair was approved.&lt;/p&gt;"
            "</description>"
            if description
            else ""
        )
        + "</item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Invented Gazette</title>'
        f"{entries}</channel></rss>"
    ).encode()


def send(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
    try:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        if "Content-Length" not in headers:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def static(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    etag: str | None = None,
    extra: dict[str, str] | None = None,
) -> Route:
    """A fixed answer; with ``etag``, a 304 when the client already holds it."""

    def route(h: BaseHTTPRequestHandler) -> None:
        if etag and h.headers.get("If-None-Match") == etag:
            send(h, 304, {"ETag": etag}, b"")
            return
        headers = {"Content-Type": content_type, **({"ETag": etag} if etag else {}), **(extra or {})}
        send(h, status, headers, body)

    return route


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        with self.site.lock:
            self.site.hits[path] += 1
        route = self.site.routes.get(path)
        if route is None:
            send(self, 404, {"Content-Type": "text/plain"}, b"not found")
        else:
            route(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (deadlines, size limits) close the socket mid-answer: expected here


class Site:
    """The routes and request counts of one loopback server (``base`` is its URL once started)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.base = ""

    def add_items(self, items: list[int], feed_path: str = "/feed.xml", *, etag: str | None = None) -> None:
        """An RSS feed of ``items`` at ``feed_path`` and a page for each."""
        for i in items:
            self.routes[f"/news/{i}.html"] = static(page_html(i))
        self.routes[feed_path] = static(rss(items, self.base), "application/rss+xml", etag=etag)


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    """Start a loopback server for ``site`` (a new one by default); yield the site with its ``base`` URL set."""
    site = site or Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
