"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection (``TCP_NODELAY``).

asyncio turns Nagle off on the sockets it accepts only when their protocol number says TCP; the listening socket
that uvicorn binds itself for ``--workers N`` (``socket.socket(family=...)``, protocol number 0) hands that 0 to
every accepted socket, so with several workers Nagle stayed on. An answer is two writes (the headers, then the
body): the body then waited for the client's acknowledgement of the headers, which Linux delays by up to 40 ms, and
every answer on a kept-alive connection took at least 40 ms. ``presswatch serve`` uses this protocol with one worker
and with several (turning Nagle off twice costs nothing).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - httptools missing: uvicorn's pure-Python protocol
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

# what ``uvicorn.run(http=...)`` takes (an import string reaches the worker processes of --workers N as it is)
PROTOCOL = "presswatch.web.protocol:NoDelayHTTPProtocol"


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Turn Nagle's algorithm off on ``transport``'s TCP socket; False where it has none (a Unix socket)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    with contextlib.suppress(OSError):  # the client may already be gone
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return True
    return False


class NoDelayHTTPProtocol(_Base):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol (httptools where installed), with ``TCP_NODELAY`` set on each connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
