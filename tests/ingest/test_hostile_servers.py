"""Servers that try to exhaust the fetcher: compression bombs, answers that trickle in, slow redirect chains.

A loopback server started here plays each part; the limits must hold on memory (tracemalloc) and on time
(loose bounds: a 1 s deadline must end the fetch well within 10 s).
"""

from __future__ import annotations

import contextlib
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import presswatch.ingest.netguard  # noqa: F401  (imported before memory is measured, as a fetch would)
from loopback import local
from pages import ARTICLE_HTML
from presswatch.errors import FetchError, FetchTimeoutError, TooLargeError, UnsupportedContentError
from presswatch.ingest.fetch import CHUNK, BoundedDecoder, fetch
from presswatch.ingest.sources import InputFailure, iter_inputs

MIB = 1024 * 1024
ARTICLE = ARTICLE_HTML.encode("utf-8")


def compress(encoding: str, data: bytes | Iterator[bytes]) -> bytes:
    """``data`` compressed as ``encoding``: gzip, deflate (zlib-wrapped, as RFC 9110 says) or raw-deflate."""
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -zlib.MAX_WBITS}[encoding]
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    pieces = [data] if isinstance(data, bytes) else data
    return b"".join(c.compress(p) for p in pieces) + c.flush()


def zeros(mib: int) -> Iterator[bytes]:
    block = bytes(MIB)
    for _ in range(mib):
        yield block


Route = Callable[[BaseHTTPRequestHandler], None]


def send(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes = b"") -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading, as it should
        h.wfile.write(body)


def trickle(h: BaseHTTPRequestHandler, first: bytes, byte: bytes) -> None:
    """Send ``first`` then one ``byte`` every 0.1 s, for at most 30 s or until the client hangs up."""
    try:
        h.wfile.write(first)
        for _ in range(300):
            time.sleep(0.1)
            h.wfile.write(byte)
    except (BrokenPipeError, ConnectionResetError):
        pass


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            send(self, 404, {"Content-Type": "text/plain"}, b"not found")
        else:
            route(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Bodies by Content-Encoding value: 64 MiB of zeros behind one or two layers, 256 MiB behind gzip twice
    (590 bytes on the wire)."""
    gz64 = compress("gzip", zeros(64))
    df64 = compress("deflate", zeros(64))
    return {
        "gzip": gz64,
        "deflate": df64,
        "deflate (raw)": compress("raw-deflate", zeros(64)),
        "deflate, gzip": compress("gzip", df64),
        "gzip, gzip": compress("gzip", compress("gzip", zeros(256))),
    }


@pytest.fixture(scope="module")
def hostile(bombs: dict[str, bytes]) -> Iterator[str]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes: dict[str, Route] = {}
    for name, body in bombs.items():
        enc = name.replace(" (raw)", "")
        routes[f"/bomb/{name.replace(' (raw)', '-raw').replace(', ', '-')}"] = lambda h, b=body, e=enc: send(
            h, 200, {**html, "Content-Encoding": e}, b
        )
    routes["/redirect-with-bomb"] = lambda h: send(
        h, 302, {**html, "Location": "/plain-article", "Content-Encoding": "gzip, gzip"}, bombs["gzip, gzip"]
    )
    routes["/plain-article"] = lambda h: send(h, 200, html, ARTICLE)
    for enc in ("gzip", "deflate", "raw-deflate"):
        name = "deflate" if enc == "raw-deflate" else enc
        routes[f"/article/{enc}"] = lambda h, e=enc, n=name: send(
            h, 200, {**html, "Content-Encoding": n}, compress(e, ARTICLE)
        )
    routes["/article/deflate-gzip"] = lambda h: send(
        h, 200, {**html, "Content-Encoding": "deflate, gzip"}, compress("gzip", compress("deflate", ARTICLE))
    )
    routes["/article/br"] = lambda h: send(h, 200, {**html, "Content-Encoding": "br"}, b"\x0b\x02\x80abc\x03")
    routes["/article/gzip-x4"] = lambda h: send(h, 200, {**html, "Content-Encoding": "gzip, gzip, gzip, gzip"}, b"")
    routes["/article/corrupt"] = lambda h: send(
        h, 200, {**html, "Content-Encoding": "gzip"}, compress("gzip", ARTICLE)[:20] + b"\xff" * 40
    )
    routes["/trickle-body"] = lambda h: trickle(
        h, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>", b"x"
    )
    routes["/trickle-headers"] = lambda h: trickle(h, b"HTTP/1.1 200 OK\r\n", b"X")

    def slow_redirect(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        send(h, 302, {"Location": "/slow-redirect"})

    routes["/slow-redirect"] = slow_redirect
    _Handler.routes = routes
    server = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def feed(h: BaseHTTPRequestHandler) -> None:
        items = "".join(f"<item><link>{base}/trickle-body?{i}</link></item>" for i in range(3))
        send(h, 200, {"Content-Type": "application/rss+xml"}, f"<rss><channel>{items}</channel></rss>".encode())

    routes["/trickling-feed"] = feed
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def peak_memory_of(call: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("path", ["gzip", "deflate", "deflate-raw", "deflate-gzip", "gzip-gzip"])
def test_compression_bombs_stop_at_the_limit_without_expanding(hostile, path):
    def attempt() -> None:
        with pytest.raises(TooLargeError, match="passed the 1 MiB limit once decompressed and was stopped"):
            fetch(f"{hostile}/bomb/{path}", local(max_bytes=MIB))

    assert peak_memory_of(attempt) < 8 * MIB  # 64 or 256 MiB if decompressed before the limit is checked


def test_redirect_bodies_are_not_read(hostile):
    res: list[bytes] = []
    peak = peak_memory_of(lambda: res.append(fetch(f"{hostile}/redirect-with-bomb", local()).data))
    assert res == [ARTICLE] and peak < 8 * MIB


@pytest.mark.parametrize("path", ["gzip", "deflate", "raw-deflate", "deflate-gzip"])
def test_compressed_pages_are_decoded(hostile, path):
    res = fetch(f"{hostile}/article/{path}", local())
    assert res.data == ARTICLE and res.final_url.endswith(path)


def test_unsupported_or_corrupt_encodings(hostile):
    with pytest.raises(UnsupportedContentError, match="content encoding br is not supported"):
        fetch(f"{hostile}/article/br", local())
    with pytest.raises(UnsupportedContentError, match="compressed 4 times over"):
        fetch(f"{hostile}/article/gzip-x4", local())
    with pytest.raises(FetchError, match="compressed data is corrupt"):
        fetch(f"{hostile}/article/corrupt", local())


def test_decoder_pieces_stay_small_however_dense_the_input():
    body = compress("gzip", compress("gzip", zeros(32)))
    dec = BoundedDecoder(["gzip", "gzip"])
    total = 0
    for piece in [*dec.feed(body), *dec.finish()]:
        assert 0 < len(piece) <= CHUNK
        total += len(piece)
    assert total == 32 * MIB


def test_decoder_output_does_not_depend_on_how_the_input_is_cut():
    text = b"".join(b"line %d of the bulletin\n" % i for i in range(20000))
    body = compress("gzip", compress("deflate", text))
    for size in (1, 7, 1000, len(body)):
        dec = BoundedDecoder(["deflate", "gzip"])
        out = b"".join(p for i in range(0, len(body), size) for p in dec.feed(body[i : i + size]))
        assert out + b"".join(dec.finish()) == text


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers", "/slow-redirect"])
def test_the_deadline_covers_the_whole_fetch(hostile, path):
    # each read (or hop) arrives within the timeout, but the whole never completes
    start = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"no complete answer within 1 s \(change it with --timeout\)"):
        fetch(f"{hostile}{path}", local(timeout=1, max_redirects=20))
    assert time.monotonic() - start < 10


def test_each_feed_item_gets_its_own_deadline_and_the_batch_goes_on(hostile):
    start = time.monotonic()
    items = list(iter_inputs([f"{hostile}/trickling-feed"], settings=local(timeout=0.5)))
    assert len(items) == 3 and all(isinstance(i, InputFailure) for i in items)
    assert all("no complete answer within 0.5 s" in str(i.error) for i in items)
    assert time.monotonic() - start < 15
