"""A store for each test, and loopback receivers for webhooks (an http.server thread) and e-mail (aiosmtpd's
Controller)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from presswatch.store import open_store


@pytest.fixture()
def store(target):
    """A new store on each backend (SQLite, PostgreSQL: the alerts' ledger lives in either)."""
    with open_store(target) as s:
        yield s


class _Receiver(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server: Any = self.server
        with server.lock:
            server.received.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
            status = server.statuses.pop(0) if server.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def webhook() -> Iterator[Any]:
    """A loopback server that records each POST; ``statuses`` lists the answers to give first (then 200)."""
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    server.received = []
    server.statuses = []
    server.lock = threading.Lock()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture()
def smtp_server() -> Iterator[Any]:
    """aiosmtpd's Controller on a free loopback port; ``handler.messages`` holds what it received."""
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self) -> None:
            self.messages: list[dict[str, Any]] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's naming)
            self.messages.append(
                {
                    "from": envelope.mail_from,
                    "to": list(envelope.rcpt_tos),
                    "data": envelope.content.decode("utf-8", "replace"),
                }
            )
            return "250 OK"

    with socket.socket() as s:  # a free port (the Controller needs one given)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    controller.messages = handler.messages
    yield controller
    controller.stop()
