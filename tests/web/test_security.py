"""The server's defences: the security headers on every kind of answer, the write token, the body limit counted
as the body streams."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings
from presswatch.web.security import CONTENT_SECURITY_POLICY

TEXT = "The ceasefire held on Sunday, the governor said."


def _app(tmp_path: Path, **settings: object) -> FastAPI:
    app = create_app(ServeSettings(db=str(tmp_path / "press.sqlite"), **settings))  # type: ignore[arg-type]

    @app.get("/a-page", response_class=HTMLResponse, include_in_schema=False)
    def a_page() -> str:  # a page as the dashboard's are: the headers must not depend on the router
        return "<!doctype html><title>page</title><p>hello</p>"

    @app.get("/a-failure", include_in_schema=False)
    def a_failure() -> str:
        raise RuntimeError("an unexpected failure")

    return app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(_app(tmp_path)) as c:
        yield c


def assert_secured(headers: object) -> None:
    h = dict(headers)  # type: ignore[call-overload]
    assert h["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"


def test_policy_is_strict() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/a-page", 200),
        ("GET", "/api/documents", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/api/documents/0123456789abcdef", 404),
        ("GET", "/api/documents?limit=0", 422),
        ("GET", "/no-such-page", 404),
        ("GET", "/static/no-such-file.css", 404),
        ("POST", "/api/analyze", 422),
    ],
)
def test_security_headers_on_every_answer(client: TestClient, method: str, path: str, status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert_secured(r.headers)


def test_security_headers_on_an_unexpected_failure(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path), raise_server_exceptions=False) as client:
        r = client.get("/a-failure")
    assert r.status_code == 500
    assert_secured(r.headers)


def test_headers_are_not_doubled(client: TestClient) -> None:
    r = client.get("/api/documents")
    assert r.headers.get_list("content-security-policy") == [CONTENT_SECURITY_POLICY]


# ------------------------------------------------------------------------------------------------- token
def test_without_a_token_writes_are_open(client: TestClient) -> None:
    assert client.post("/api/analyze", json={"text": TEXT, "analyzers": []}).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer wrong-token", "Basic czNjcjN0LXQwazNu", "s3cr3t-t0k3n", "Bearer s3cr3t-t0k3n-and-more"],
)
def test_writes_need_the_token(tmp_path: Path, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with TestClient(_app(tmp_path, token="s3cr3t-t0k3n")) as client:
        r = client.post("/api/analyze", json={"text": TEXT, "analyzers": []}, headers=headers)
        assert r.status_code == 401 and r.json()["error"] and r.headers["www-authenticate"] == "Bearer"
        assert_secured(r.headers)
        assert client.get("/api/documents").json()["total"] == 0


def test_the_token_opens_writes_and_reads_stay_open(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path, token="s3cr3t-t0k3n")) as client:
        ok = client.post(
            "/api/analyze",
            json={"text": TEXT, "analyzers": [], "store": True},
            headers={"Authorization": "Bearer s3cr3t-t0k3n"},
        )
        assert ok.status_code == 200 and ok.headers["x-presswatch-stored"] == "new"
        assert client.get("/api/documents").json()["total"] == 1
        assert client.get(f"/api/documents/{ok.json()['id']}").status_code == 200


# -------------------------------------------------------------------------------------------- body limit
LIMIT = 2000


@pytest.fixture
def small(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(_app(tmp_path, max_body_bytes=LIMIT)) as c:
        yield c


def test_body_over_the_declared_limit_is_413(small: TestClient) -> None:
    r = small.post("/api/analyze", json={"text": "x" * LIMIT, "analyzers": []})
    assert r.status_code == 413 and "limit" in r.json()["error"]
    assert_secured(r.headers)


def test_body_under_the_limit_passes(small: TestClient) -> None:
    r = small.post("/api/analyze", json={"text": "word " * 300, "analyzers": []})
    assert r.status_code == 200


def test_chunked_body_over_the_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"analyzers": [], "text": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    r = small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]


@pytest.fixture
def live_small(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """The application under uvicorn on a loopback port (the test client reads a whole body before the app
    sees any of it; a real server passes it on as it arrives)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(_app(tmp_path, max_body_bytes=LIMIT), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    try:
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_streamed_body_is_refused_before_its_end(live_small: tuple[str, int]) -> None:
    """A chunked body with no Content-Length, never finished: the 413 comes once the limit is passed."""
    with socket.create_connection(live_small, timeout=10) as conn:
        conn.sendall(
            b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        body = b'{"analyzers": [], "text": "' + b"y" * (LIMIT + 500)
        for i in range(0, len(body), 500):
            part = body[i : i + 500]
            conn.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = conn.recv(4096)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"content-security-policy" in answer.lower()


def test_streamed_body_under_the_limit_passes(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"analyzers": [], "text": "'
        yield b"z " * 400
        yield b'"}'

    r = small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["text"].startswith("z z")


def test_limit_holds_beyond_the_api(small: TestClient) -> None:
    r = small.post("/a-page", content=b"x" * (LIMIT + 1))
    assert r.status_code == 413


def test_worker_processes_get_the_servers_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve --workers N``: each worker process builds its app from the settings the parent put in the
    environment, the token and address policy included."""
    from presswatch.web.app import SETTINGS_ENV, app_from_environment, settings_to_environment

    monkeypatch.setenv(SETTINGS_ENV, "")  # undone after the test, whatever settings_to_environment writes
    settings = ServeSettings(db=str(tmp_path / "w.sqlite"), host="0.0.0.0", token="s3cret", max_body_bytes=1000)
    settings_to_environment(settings)
    app = app_from_environment()
    assert app.state.settings == settings
    with TestClient(app) as client:
        assert client.post("/api/analyze", json={"text": TEXT}).status_code == 401


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from presswatch.cli import app

    monkeypatch.delenv("PRESSWATCH_TOKEN", raising=False)
    res = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert res.exit_code == 2  # a usage error: nothing was started
    assert "not a loopback address: set --token" in res.stderr
    assert "Traceback" not in res.output
