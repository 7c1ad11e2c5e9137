"""Fetching against a loopback server the tests start (never the internet).

Loopback is refused by default, so these tests opt in with ``local()``; test_netguard.py shows the refusal.
"""

import pytest

from loopback import local
from pages import RUSSIAN_TEXT
from presswatch.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    NoArticleTextError,
    TooLargeError,
    UnsupportedContentError,
)
from presswatch.ingest.fetch import USER_AGENT, fetch
from presswatch.ingest.sources import fetch_url
from presswatch.pipeline import to_document


def test_fetch_article_and_metadata(http_server):
    res = fetch(f"{http_server}/article", local())
    assert res.status == 200 and res.content_type == "text/html" and res.charset == "utf-8"
    assert b"Ceasefire holds" in res.data
    assert res.fetched_at.endswith("Z")
    assert "presswatch/" in USER_AGENT


def test_redirect_is_followed_and_final_url_kept(http_server):
    raw = fetch_url(f"{http_server}/redirect", local())
    assert raw.url == f"{http_server}/article"
    doc = to_document(raw)
    assert doc.title == "Ceasefire holds along the river, officials say"


def test_redirect_loop_is_an_error(http_server):
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{http_server}/loop", local(max_redirects=3))


@pytest.mark.parametrize("path", ["/ru-1251", "/ru-koi8", "/ru-wrong-decl"])
def test_russian_encodings(http_server, path):
    doc = to_document(fetch_url(f"{http_server}{path}", local()))
    assert RUSSIAN_TEXT in doc.text
    assert doc.language == "ru"


def test_http_error_status(http_server):
    with pytest.raises(HTTPStatusError, match="410") as info:
        fetch(f"{http_server}/gone", local())
    assert info.value.status == 410
    with pytest.raises(HTTPStatusError, match="404"):
        fetch(f"{http_server}/nothing-here", local())


def test_timeout(http_server):
    with pytest.raises(FetchTimeoutError, match="no complete answer within 0.3 s"):
        fetch(f"{http_server}/slow", local(timeout=0.3))


def test_content_type_check(http_server):
    with pytest.raises(UnsupportedContentError, match="image/png"):
        fetch(f"{http_server}/image", local())


def test_size_limits(http_server):
    with pytest.raises(TooLargeError, match=r"the page is 953.7 MiB, over the 20 MiB limit \(raise it with --max-size"):
        fetch(f"{http_server}/big-declared", local())
    with pytest.raises(TooLargeError, match="passed the 1 MiB limit and was stopped"):
        fetch(f"{http_server}/huge", local(max_bytes=1024 * 1024))
    with pytest.raises(TooLargeError, match="passed the 1.5 MiB limit"):
        fetch(f"{http_server}/huge", local(max_bytes=3 * 512 * 1024))


def test_page_without_article(http_server):
    with pytest.raises(NoArticleTextError):
        to_document(fetch_url(f"{http_server}/empty", local()))


def test_plain_text_url(http_server):
    doc = to_document(fetch_url(f"{http_server}/plain", local()))
    assert doc.kind == "text" and doc.title == "Bulletin"
    assert doc.text.startswith("No violations")


def test_dead_server_and_bad_scheme():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens on this port now
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/x", local(timeout=2))
    with pytest.raises(FetchError):
        fetch("ftp://127.0.0.1/x")
