"""``presswatch serve`` turns Nagle's algorithm off on every connection (presswatch.web.protocol), including on the
listening socket uvicorn binds itself for ``--workers N``, where asyncio leaves it on."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from typing import Any

import pytest
import uvicorn

from presswatch.web.protocol import PROTOCOL


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def workers_socket() -> socket.socket:
    """A listening socket made as uvicorn makes it for several workers (``socket.socket(family=...)``: protocol
    number 0, so asyncio does not turn Nagle off on the sockets it accepts)."""
    sock = socket.socket(family=socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def nodelay_of_connections(protocol: str) -> list[int]:
    """TCP_NODELAY of the server side of a kept-alive connection to uvicorn serving with protocol ``protocol``."""
    sock = workers_socket()
    server = uvicorn.Server(uvicorn.Config(hello, http=protocol, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
            time.sleep(0.02)
        client = http.client.HTTPConnection(*sock.getsockname())
        client.request("GET", "/")
        assert client.getresponse().read() == b"ok"
        values = [
            p.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            for p in server.server_state.connections
        ]
        client.close()
        return values
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_connections_have_nagle_off() -> None:
    assert nodelay_of_connections(PROTOCOL) == [1]


def test_uvicorns_own_protocol_leaves_it_on_for_workers_sockets() -> None:
    # why presswatch.web.protocol exists; if uvicorn or asyncio come to turn it off themselves, the module can go
    got = nodelay_of_connections("auto")
    if got == [1]:
        pytest.skip("uvicorn now turns Nagle off on the sockets of --workers N itself")
    assert got == [0]


def test_serve_uses_the_protocol(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from presswatch.cli import app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    db = str(tmp_path / "p.sqlite")
    for workers in ("1", "2"):
        res = CliRunner().invoke(app, ["serve", "--db", db, "--port", "1", "--workers", workers])
        assert res.exit_code == 0, res.output
    assert [c["http"] for c in calls] == [PROTOCOL, PROTOCOL]
    assert calls[1]["workers"] == 2
