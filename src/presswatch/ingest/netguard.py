"""Where a fetch may connect, and for how long.

Every connection a fetch opens (the first request and each redirect hop) goes through
:class:`GuardedBackend`: the host is resolved once, every address it resolves to is checked, and the
socket is opened to that checked address, never to the name again, so that a DNS answer that changes
between the check and the connection (rebinding) cannot slip through. Loopback, private, link-local,
multicast, reserved and unspecified addresses (IPv4, IPv6, and IPv4 inside IPv6) are refused unless
private addresses are allowed. TLS still verifies the certificate against the host name.

:class:`Deadline` bounds the whole fetch: resolving, connecting, the TLS handshake and every read and
write get at most the time left, so a server that trickles bytes cannot hold a fetch past its deadline.

Imported by :func:`presswatch.ingest.fetch.fetch` only when it fetches (it needs httpx and httpcore).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from presswatch.errors import BlockedAddressError

Resolver = Callable[[str, int], list[str]]
"""``(host, port) -> addresses``: the IP addresses (as text) a host name resolves to."""

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``, in its order, each once."""
    out: list[str] = []
    for family, _, _, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr[0] not in out:
            out.append(str(sockaddr[0]))
    return out


def address_problem(ip: str) -> str | None:
    """Why connecting to ``ip`` is refused by default ("a loopback address"), or None for a public address."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # an IPv6 zone ("%eth0") is not part of the address
    if isinstance(addr, ipaddress.IPv6Address):
        inner = addr.ipv4_mapped or (ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF) if addr in NAT64 else None)
        if inner is not None:  # reaches the IPv4 address inside: judge that one
            why = address_problem(str(inner))
            return f"{why} ({inner} inside an IPv6 address)" if why else None
        embedded = addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if embedded is not None and address_problem(str(embedded)):
            return f"a tunnel to {embedded}, {address_problem(str(embedded))}"
        if addr.is_site_local:
            return "a site-local address"
    for flag, why in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(addr, flag):
            return why
    return None if addr.is_global else "a non-public address"


def check_addresses(host: str, addresses: list[str]) -> None:
    """Raise :class:`BlockedAddressError` if any address ``host`` resolves to is not public."""
    for ip in addresses:
        why = address_problem(ip)
        if why:
            subject = f"{host} is" if _same_address(host, ip) else f"{host} resolves to {ip},"
            raise BlockedAddressError(f"{subject} {why}; pass --allow-private-addresses to fetch it")


def _same_address(host: str, ip: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")) == ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False


class Deadline:
    """A point in time (monotonic clock) that every network operation of one fetch must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def clamp(self, timeout: float | None, error: type[Exception] = httpcore.ReadTimeout) -> float:
        """The time an operation may take: its own ``timeout`` or what is left, whichever is smaller;
        raise ``error`` when nothing is left."""
        left = self.left()
        if left <= 0:
            raise error(f"the {self.seconds:g} s deadline has passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that checks each address it connects to and keeps to a deadline.

    ``resolver`` and ``inner`` (the backend that opens the sockets) are replaceable for tests.
    """

    def __init__(
        self,
        *,
        deadline: Deadline,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.deadline = deadline
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self.inner = inner or httpcore.SyncBackend()

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of ``host``, resolved within the deadline (the system resolver has no timeout of its
        own, so it runs in a thread that is abandoned when the deadline passes)."""
        try:
            return [str(ipaddress.ip_address(host))]  # already an address: nothing to resolve
        except ValueError:
            pass
        box: list[list[str] | BaseException] = []

        def work() -> None:
            try:
                box.append(self.resolver(host, port))
            except BaseException as e:  # handed to the fetching thread below
                box.append(e)

        worker = threading.Thread(target=work, name="presswatch-resolve", daemon=True)
        worker.start()
        worker.join(self.deadline.clamp(None, httpcore.ConnectTimeout))
        if not box:
            raise httpcore.ConnectTimeout(f"resolving {host} took longer than the deadline")
        found = box[0]
        if isinstance(found, OSError):
            raise httpcore.ConnectError(f"cannot resolve {host} ({found.strerror or found})")
        if isinstance(found, BaseException):
            raise found
        if not found:
            raise httpcore.ConnectError(f"{host} has no address")
        return found

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.resolve(host, port)
        if not self.allow_private:
            check_addresses(host, addresses)
        failure: Exception | None = None
        for ip in addresses:  # the checked addresses, never the name again
            try:
                stream = self.inner.connect_tcp(
                    ip,
                    port,
                    timeout=self.deadline.clamp(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as e:
                failure = e
                continue
            return _DeadlineStream(stream, self.deadline)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("presswatch does not fetch over Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.deadline.left())))


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every fetch: loading the CA bundle takes about 30 ms, more than a whole fetch from a near
    server (``presswatch watch`` fetches thousands). An SSLContext may be shared between threads."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose connections all go through a :class:`GuardedBackend`.

    Built from httpcore's public API (httpx's own transport does not take a network backend). Giving httpx
    a transport also means that proxy environment variables are not used: presswatch connects directly,
    so that the address it checks is the address it talks to.
    """

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=_tls_context(), network_backend=backend)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        req = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        resp = self._pool.handle_request(req)
        return httpx.Response(
            status_code=resp.status, headers=resp.headers, stream=_Body(resp), extensions=resp.extensions
        )

    def close(self) -> None:
        self._pool.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, resp: httpcore.Response) -> None:
        self._resp = resp

    def __iter__(self) -> Iterator[bytes]:
        yield from self._resp.iter_stream()

    def close(self) -> None:
        self._resp.close()
