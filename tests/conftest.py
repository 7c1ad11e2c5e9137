"""Shared fixtures: invented HTML pages and a loopback HTTP server the tests start themselves."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import pgserver
from pages import ARTICLE_HTML, ATOM_FEED, RSS_FEED, russian_html


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(2.0)
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            try:
                for _ in range(64):  # 4 MB, no Content-Length: the client must stop reading by itself
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        status, headers, body = self.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # clients that give up (time-outs, size limits) close the socket mid-answer: expected here
        pass


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    """A loopback HTTP server with a few fixed routes; yields its base URL."""
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE_HTML.encode("utf-8")),
        "/redirect": (301, {"Location": "/article"}, b""),
        "/ru-1251": (200, {"Content-Type": "text/html; charset=windows-1251"},
                     russian_html(None).encode("cp1251")),
        "/ru-koi8": (200, {"Content-Type": "text/html"}, russian_html(None).encode("koi8_r")),
        "/ru-wrong-decl": (200, {"Content-Type": "text/html"}, russian_html("windows-1251").encode("koi8_r")),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(200)),
        "/empty": (200, {"Content-Type": "text/html"}, b"<html><body><nav>Home</nav></body></html>"),
        "/gone": (410, {"Content-Type": "text/html"}, b"<html><body>gone</body></html>"),
        "/big-declared": (200, {"Content-Type": "text/html", "Content-Length": "999999999"}, b""),
        "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"},
                   b"Bulletin\n\nNo violations were recorded on the line of contact during the day."),
    }
    _Handler.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, RSS_FEED)
    _Handler.routes["/atom"] = (200, {"Content-Type": "application/xml"}, ATOM_FEED)
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def article_html() -> str:
    return ARTICLE_HTML


# --- PostgreSQL: a throwaway server (tests/pgserver.py) for the tests that run on both store backends
@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.Server]:
    try:
        server = pgserver.start()
    except RuntimeError as e:
        pytest.skip(f"no PostgreSQL server for the store tests: {e}")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture()
def pg_url(pg_server: pgserver.Server) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a new store lives: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.sqlite")
    return request.getfixturevalue("pg_url")
