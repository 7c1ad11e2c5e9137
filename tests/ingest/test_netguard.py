"""Which addresses a fetch may connect to: refused by default, checked on the resolved address of every
connection (each redirect hop), connected to as checked (no second lookup), allowed on request.

Names other than localhost are resolved by a fake resolver and "connected to" through httpcore's mock
streams, so nothing here leaves the machine.
"""

from __future__ import annotations

import socket
from typing import Any

import httpcore
import pytest

from loopback import local
from presswatch.errors import BlockedAddressError, FetchError
from presswatch.ingest.fetch import FetchSettings, fetch
from presswatch.ingest.netguard import address_problem

PUBLIC = "93.184.216.34"  # a globally routable address; never actually connected to here
PAGE = b"<html><head><title>Bulletin</title></head><body><p>Calm night.</p></body></html>"


def answer(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class FakeNetwork(httpcore.NetworkBackend):
    """Opens no socket: each address connected to gets its canned answer; records what was connected to."""

    def __init__(self, answers: dict[str, bytes]) -> None:
        self.answers = answers
        self.connected: list[str] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        self.connected.append(host)
        return httpcore.MockStream([self.answers[host]])


class FakeResolver:
    """Answers from a table; each lookup is recorded; a list of answers is used one after the other."""

    def __init__(self, table: dict[str, list[str] | list[list[str]]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        found = self.table[host]
        if found and isinstance(found[0], list):  # changing answers (rebinding)
            return found.pop(0)  # type: ignore[return-value]
        return list(found)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ip", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.9", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata services
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a private address"),  # reserved 240/4; Python files it under is_private first
        ("100.64.0.1", "a non-public address"),  # shared address space (carrier-grade NAT)
        ("::1", "a loopback address"),
        ("::", "an unspecified address"),
        ("fe80::1", "a link-local address"),
        ("fe80::1%2", "a link-local address"),
        ("fc00::1", "a private address"),
        ("ff02::1", "a multicast address"),
        ("::ffff:127.0.0.1", "a loopback address (127.0.0.1 inside an IPv6 address)"),
        ("::ffff:10.0.0.1", "a private address (10.0.0.1 inside an IPv6 address)"),
        ("64:ff9b::a00:1", "a private address (10.0.0.1 inside an IPv6 address)"),  # NAT64
        ("2002:7f00:1::1", "a tunnel to 127.0.0.1, a loopback address"),  # 6to4
    ],
)
def test_non_public_addresses_are_named(ip, why):
    assert address_problem(ip) == why


@pytest.mark.parametrize("ip", [PUBLIC, "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses_pass(ip):
    assert address_problem(ip) is None


def test_default_refuses_the_loopback_server(http_server):
    with pytest.raises(BlockedAddressError) as info:
        fetch(f"{http_server}/article")
    assert str(info.value) == (
        f"{http_server}/article: 127.0.0.1 is a loopback address; pass --allow-private-addresses to fetch it"
    )
    assert fetch(f"{http_server}/article", local()).status == 200  # the opt-in


@pytest.mark.parametrize(
    "host",
    ["localhost", "[::1]", "0.0.0.0", "[::]", "[::ffff:127.0.0.1]", "2130706433", "0x7f000001", "127.1"],
)
def test_default_refuses_loopback_in_any_spelling(host):
    # refused before any connection is tried: nothing needs to listen there
    try:
        socket.getaddrinfo(host.strip("[]"), 80)
    except OSError:
        pytest.skip(f"this system does not resolve {host}")
    refused = r"(loopback|unspecified) address.*; pass --allow-private-addresses to fetch it$"
    with pytest.raises(BlockedAddressError, match=refused):
        fetch(f"http://{host}:9/x", FetchSettings(timeout=5))


def test_every_redirect_hop_is_checked():
    resolver = FakeResolver({"news.example": [PUBLIC], "intranet.example": ["10.0.0.7"]})
    net = FakeNetwork({PUBLIC: answer("302 Found", {"Location": "http://intranet.example/secret"})})
    with pytest.raises(BlockedAddressError) as info:
        fetch("http://news.example/story", resolver=resolver, network_backend=net)
    assert str(info.value) == (
        "http://news.example/story: redirected to http://intranet.example/secret; intranet.example resolves to "
        "10.0.0.7, a private address; pass --allow-private-addresses to fetch it"
    )
    assert net.connected == [PUBLIC]  # the private hop was never connected to


def test_public_hops_are_followed_and_the_checked_address_is_connected_to():
    resolver = FakeResolver({"news.example": [PUBLIC], "cdn.example": ["1.1.1.1"]})
    net = FakeNetwork(
        {
            PUBLIC: answer("301 Moved Permanently", {"Location": "http://cdn.example/story"}),
            "1.1.1.1": answer("200 OK", {"Content-Type": "text/html"}, PAGE),
        }
    )
    res = fetch("http://news.example/story", resolver=resolver, network_backend=net)
    assert res.final_url == "http://cdn.example/story" and res.data == PAGE
    assert net.connected == [PUBLIC, "1.1.1.1"] and resolver.asked == ["news.example", "cdn.example"]


def test_dns_rebinding_cannot_swap_the_address_after_the_check():
    # first answer public, any later one loopback: the name is looked up once and the socket opened to that
    # checked address, so the second answer is never used
    resolver = FakeResolver({"news.example": [[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]]})
    net = FakeNetwork({PUBLIC: answer("200 OK", {"Content-Type": "text/html"}, PAGE)})
    assert fetch("http://news.example/", resolver=resolver, network_backend=net).data == PAGE
    assert resolver.asked == ["news.example"] and net.connected == [PUBLIC]


def test_a_name_with_any_private_address_is_refused():
    resolver = FakeResolver({"mixed.example": [PUBLIC, "192.168.0.10"]})
    net = FakeNetwork({PUBLIC: answer("200 OK", {"Content-Type": "text/html"}, PAGE)})
    with pytest.raises(BlockedAddressError, match="mixed.example resolves to 192.168.0.10, a private address"):
        fetch("http://mixed.example/", resolver=resolver, network_backend=net)
    assert net.connected == []


def test_opt_in_connects_to_private_addresses():
    resolver = FakeResolver({"intranet.example": ["10.0.0.7"]})
    net = FakeNetwork({"10.0.0.7": answer("200 OK", {"Content-Type": "text/html"}, PAGE)})
    res = fetch("http://intranet.example/", local(), resolver=resolver, network_backend=net)
    assert res.data == PAGE and net.connected == ["10.0.0.7"]


def test_redirect_to_another_scheme_is_refused():
    resolver = FakeResolver({"news.example": [PUBLIC]})
    net = FakeNetwork({PUBLIC: answer("302 Found", {"Location": "file:///etc/hostname"})})
    with pytest.raises(FetchError, match="only http:// and https:// URLs"):
        fetch("http://news.example/", resolver=resolver, network_backend=net)


def test_unresolvable_name_is_a_fetch_error():
    def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match=r"cannot connect \(cannot resolve nowhere.example \(Name or service"):
        fetch("http://nowhere.example/", resolver=nowhere, network_backend=FakeNetwork({}))
