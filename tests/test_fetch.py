"""Fetching against a loopback server the tests start (never the internet)."""

import pytest

from pages import RUSSIAN_TEXT
from presswatch.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    NoArticleTextError,
    TooLargeError,
    UnsupportedContentError,
)
from presswatch.ingest.fetch import USER_AGENT, FetchSettings, fetch
from presswatch.ingest.sources import fetch_url
from presswatch.pipeline import to_document


def test_fetch_article_and_metadata(http_server):
    res = fetch(f"{http_server}/article")
    assert res.status == 200 and res.content_type == "text/html" and res.charset == "utf-8"
    assert b"Ceasefire holds" in res.data
    assert res.fetched_at.endswith("Z")
    assert "presswatch/" in USER_AGENT


def test_redirect_is_followed_and_final_url_kept(http_server):
    raw = fetch_url(f"{http_server}/redirect", FetchSettings())
    assert raw.url == f"{http_server}/article"
    doc = to_document(raw)
    assert doc.title == "Ceasefire holds along the river, officials say"


def test_redirect_loop_is_an_error(http_server):
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{http_server}/loop", FetchSettings(max_redirects=3))


@pytest.mark.parametrize("path", ["/ru-1251", "/ru-koi8", "/ru-wrong-decl"])
def test_russian_encodings(http_server, path):
    doc = to_document(fetch_url(f"{http_server}{path}", FetchSettings()))
    assert RUSSIAN_TEXT in doc.text
    assert doc.language == "ru"


def test_http_error_status(http_server):
    with pytest.raises(HTTPStatusError, match="410") as info:
        fetch(f"{http_server}/gone")
    assert info.value.status == 410
    with pytest.raises(HTTPStatusError, match="404"):
        fetch(f"{http_server}/nothing-here")


def test_timeout(http_server):
    with pytest.raises(FetchTimeoutError, match="no answer within 0.3 s"):
        fetch(f"{http_server}/slow", FetchSettings(timeout=0.3))


def test_content_type_check(http_server):
    with pytest.raises(UnsupportedContentError, match="image/png"):
        fetch(f"{http_server}/image")


def test_size_limits(http_server):
    with pytest.raises(TooLargeError, match="limit"):
        fetch(f"{http_server}/big-declared")
    with pytest.raises(TooLargeError, match="stopped"):
        fetch(f"{http_server}/huge", FetchSettings(max_bytes=1024 * 1024))


def test_page_without_article(http_server):
    with pytest.raises(NoArticleTextError):
        to_document(fetch_url(f"{http_server}/empty", FetchSettings()))


def test_plain_text_url(http_server):
    doc = to_document(fetch_url(f"{http_server}/plain", FetchSettings()))
    assert doc.kind == "text" and doc.title == "Bulletin"
    assert doc.text.startswith("No violations")


def test_dead_server_and_bad_scheme():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens on this port now
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/x", FetchSettings(timeout=2))
    with pytest.raises(FetchError):
        fetch("ftp://127.0.0.1/x")
