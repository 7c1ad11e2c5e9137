"""Fetching a URL with httpx, against servers that may be hostile.

A fetch has one deadline for everything (``FetchSettings.timeout``), follows at most ``max_redirects``
redirects, checking each hop's address (:mod:`presswatch.ingest.netguard`), decodes gzip/deflate itself
so that the size limit holds on the decompressed bytes while they stream (a few kilobytes of nested gzip
cannot expand into gigabytes in memory), and accepts only the content types asked for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from presswatch._version import __version__
from presswatch.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    TooLargeError,
    UnsupportedContentError,
)

USER_AGENT = f"presswatch/{__version__} (press analysis tool; +python-httpx)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


MIB = 1024 * 1024


@dataclass(slots=True)
class FetchSettings:
    """How one fetch behaves. ``timeout`` bounds the whole fetch (resolving, connecting, redirects, headers and
    body), not each read; ``max_bytes`` bounds the body after decompression; ``allow_private_addresses``
    lets it connect to loopback, private, link-local and other non-public addresses (refused by default)."""

    timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 20 * MIB
    user_agent: str = USER_AGENT
    allow_private_addresses: bool = False


@dataclass(slots=True)
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None
    charset: str | None
    data: bytes
    fetched_at: str
    headers: dict[str, str] = field(default_factory=dict)  # the final answer's headers, names in lower case


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return media, charset


def size_text(n: int) -> str:
    """A size in the unit ``--max-size`` takes: "20 MiB", "62.9 MiB"; bytes when under 0.1 MiB."""
    return f"{round(n / MIB, 1):g} MiB" if n >= MIB / 10 else f"{n} bytes"


class UnsupportedEncodingError(ValueError):
    pass


CHUNK = 64 * 1024
MAX_ENCODING_LAYERS = 3


class _Inflater:
    """One gzip or deflate layer that never produces more than :data:`CHUNK` bytes per piece, however much
    the compressed input would expand to (``decompress(data, max_length)`` keeps the rest of the input)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        self._head = b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj is None:  # deflate: servers send it zlib-wrapped (RFC 9110) or raw; the header tells
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            wrapped = data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        obj = self._obj
        while data and not obj.eof:  # bytes after the end of the stream are ignored, as httpx does
            out = obj.decompress(data, CHUNK)
            data = obj.unconsumed_tail
            if out:
                yield out

    def finish(self) -> Iterator[bytes]:
        if self._obj is None:
            if self._head:
                raise zlib.error("a deflate stream of one byte")
            return
        while not self._obj.eof:  # output zlib still holds back after the last input
            out = self._obj.decompress(b"", CHUNK)
            if not out:
                break
            yield out


class BoundedDecoder:
    """Undo a response's ``Content-Encoding`` (gzip, deflate, stacked), in pieces of at most :data:`CHUNK`
    bytes, so that the caller can stop at its size limit before anything larger is ever held in memory."""

    def __init__(self, encodings: list[str]) -> None:
        names = [e.strip().lower() for e in encodings]
        names = ["gzip" if e == "x-gzip" else e for e in names if e and e != "identity"]
        for e in names:
            if e not in ("gzip", "deflate"):
                raise UnsupportedEncodingError(f"content encoding {e} is not supported (presswatch asks for gzip "
                                               "or deflate)")
        if len(names) > MAX_ENCODING_LAYERS:
            raise UnsupportedEncodingError(f"the answer is compressed {len(names)} times over; presswatch decodes "
                                           f"at most {MAX_ENCODING_LAYERS} layers")
        self.layers = [_Inflater(e) for e in reversed(names)]  # the last encoding applied is undone first

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        for i, layer in enumerate(self.layers):
            for piece in layer.finish():
                yield from self._through(i + 1, piece)

    def _through(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self.layers):
            if data:
                yield data
            return
        for piece in self.layers[i].feed(data):
            yield from self._through(i + 1, piece)


def fetch(
    url: str,
    settings: FetchSettings | None = None,
    *,
    accept: tuple[str, ...] | None = None,
    resolver: Callable[[str, int], list[str]] | None = None,
    network_backend: object | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET ``url``; raise a :class:`FetchError` subclass with a readable message on any failure.

    ``headers`` are sent with the request (and each redirect hop), e.g. ``If-None-Match`` for a conditional GET:
    a ``304 Not Modified`` answer comes back as a result with status 304 and no data.

    ``resolver`` (host, port -> IP addresses) and ``network_backend`` (an httpcore network backend that opens
    the sockets) replace the system's, for tests; the address checks and the deadline apply to them too.
    """
    import httpcore  # lazily: keeps `presswatch --help` fast
    import httpx

    from presswatch.ingest.netguard import Deadline, GuardedBackend, GuardedTransport

    s = settings or FetchSettings()
    allowed = accept or (HTML_TYPES + TEXT_TYPES)
    sent = {
        "User-Agent": s.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",  # what BoundedDecoder undoes
        **(headers or {}),
    }
    deadline = Deadline(s.timeout)
    backend = GuardedBackend(
        deadline=deadline,
        allow_private=s.allow_private_addresses,
        resolver=resolver,
        inner=network_backend,  # type: ignore[arg-type]
    )
    current = url
    try:
        with httpx.Client(
            transport=GuardedTransport(backend),
            follow_redirects=False,  # followed below, one hop at a time, none of their bodies read
            timeout=httpx.Timeout(s.timeout),
            headers=sent,
        ) as client:
            request = client.build_request("GET", url)
            for _ in range(s.max_redirects + 1):
                current = str(request.url)
                if request.url.scheme not in ("http", "https"):
                    hop = f"redirected to {current}; " if current != url else ""
                    raise FetchError(f"{hop}only http:// and https:// URLs can be fetched", source=url)
                resp = client.send(request, stream=True)
                try:
                    if resp.next_request is None:
                        return _read(resp, url, s, allowed)
                    request = resp.next_request
                finally:
                    resp.close()
            raise FetchError(f"more than {s.max_redirects} redirects", source=url)
    except BlockedAddressError as e:
        hop = f"redirected to {current}; " if current != url else ""
        raise BlockedAddressError(hop + e.message, source=url) from None
    except (httpx.TimeoutException, httpcore.TimeoutException):
        raise FetchTimeoutError(
            f"no complete answer within {s.timeout:g} s (change it with --timeout)", source=url
        ) from None
    except httpx.InvalidURL as e:
        raise FetchError(f"not a valid URL ({e})", source=url) from None
    except (httpx.UnsupportedProtocol, httpcore.UnsupportedProtocol):
        raise FetchError("only http:// and https:// URLs can be fetched", source=url) from None
    except (httpx.ConnectError, httpcore.ConnectError) as e:
        raise FetchError(f"cannot connect ({_reason(e)})", source=url) from None
    except (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError) as e:
        raise FetchError(f"the download failed ({_reason(e)})", source=url) from None


def _read(resp: Any, url: str, s: FetchSettings, allowed: tuple[str, ...]) -> FetchResult:
    """Check a final (non-redirect) answer and read its body within the size limit."""
    if resp.status_code >= 400:
        raise HTTPStatusError(
            f"the server answered HTTP {resp.status_code} {resp.reason_phrase}", status=resp.status_code, source=url
        )
    media, charset = _media_type(resp.headers.get("content-type"))
    if media and not any(media == t for t in allowed):
        raise UnsupportedContentError(
            f"content type {media} is not HTML or text; presswatch reads " + ", ".join(allowed), source=url
        )
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > s.max_bytes:
        raise TooLargeError(
            f"the page is {size_text(int(declared))}, over the {size_text(s.max_bytes)} limit "
            "(raise it with --max-size)",
            source=url,
        )
    try:
        decoder = BoundedDecoder(resp.headers.get_list("content-encoding", split_commas=True))
    except UnsupportedEncodingError as e:
        raise UnsupportedContentError(str(e), source=url) from None
    stopped = TooLargeError(
        f"the download passed the {size_text(s.max_bytes)} limit"
        + (" once decompressed" if decoder.layers else "")
        + " and was stopped (raise it with --max-size)",
        source=url,
    )
    body = bytearray()
    received = 0

    def add(pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            body.extend(piece)
            if len(body) > s.max_bytes:
                raise stopped

    try:
        for raw in resp.iter_raw():
            received += len(raw)
            if received > s.max_bytes:
                raise stopped
            add(decoder.feed(raw))
        add(decoder.finish())
    except zlib.error as e:
        raise FetchError(f"the download failed (its compressed data is corrupt: {e})", source=url) from None
    return FetchResult(
        url=url,
        final_url=str(resp.url),
        status=resp.status_code,
        content_type=media,
        charset=charset,
        data=bytes(body),
        fetched_at=utc_now(),
        headers=dict(resp.headers.items()),
    )


def _reason(e: Exception) -> str:
    msg = str(e) or type(e).__name__
    return msg.splitlines()[0][:200]
