import pytest

from loopback import local
from pages import ATOM_FEED, RSS_FEED
from presswatch.ingest.feeds import MalformedFeedError, looks_like_feed, parse_feed
from presswatch.ingest.sources import InputFailure, RawInput, iter_inputs


def test_parse_rss_and_atom():
    items = parse_feed(RSS_FEED, base_url="https://observer.example/feed")
    assert [i.url for i in items] == ["https://observer.example/article", "https://observer.example/gone",
                                      "https://observer.example/plain"]  # the repeated link once
    assert items[0].title == "Ceasefire holds" and items[0].published.startswith("Sun, 14 May 2023")
    atom = parse_feed(ATOM_FEED, base_url="https://observer.example/atom")
    assert [i.url for i in atom] == ["https://observer.example/plain"]
    assert looks_like_feed(ATOM_FEED) and looks_like_feed(RSS_FEED)
    assert not looks_like_feed(b"<!doctype html><html></html>")


def test_malformed_and_wrong_feeds():
    with pytest.raises(MalformedFeedError, match="malformed feed"):
        parse_feed(b"<rss><channel><item><link>x</item></rss>")
    with pytest.raises(MalformedFeedError, match="not an RSS or Atom feed"):
        parse_feed(b"<?xml version='1.0'?><catalog/>")
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<rss><channel><item><title>&b;</title><link>https://x.example/1</link></item></channel></rss>"""
    items = parse_feed(bomb)  # entities are not expanded
    assert [i.url for i in items] == ["https://x.example/1"] and "aaaa" not in (items[0].title or "")


def test_feed_url_yields_its_articles(http_server):
    items = list(iter_inputs([f"{http_server}/feed"], settings=local()))
    assert [type(i).__name__ for i in items] == ["RawInput", "InputFailure", "RawInput"]
    assert items[0].url == f"{http_server}/article" and items[0].kind == "html"
    assert isinstance(items[1], InputFailure) and "410" in str(items[1].error)
    assert items[2].kind == "text"
    limited = list(iter_inputs([f"{http_server}/feed"], settings=local(), feed_limit=1))
    assert len(limited) == 1


def test_feed_file(tmp_path, http_server):
    f = tmp_path / "saved.xml"
    f.write_bytes(ATOM_FEED.replace(b'href="/plain"', f'href="{http_server}/plain"'.encode()))
    (item,) = list(iter_inputs([str(f)], settings=local()))
    assert isinstance(item, RawInput) and item.url == f"{http_server}/plain"
    broken = tmp_path / "broken.rss"
    broken.write_bytes(b"<rss><channel>")
    (failure,) = list(iter_inputs([str(broken)]))
    assert isinstance(failure, InputFailure) and "malformed feed" in str(failure.error)


def test_local_file_is_a_feed_only_by_its_extension(tmp_path, http_server):
    feed = RSS_FEED.replace(b"<link>/", f"<link>{http_server}/".encode())
    for name in ("page.html", "notes.txt", "no-extension"):  # content alone never makes presswatch fetch
        f = tmp_path / name
        f.write_bytes(feed)
        (item,) = list(iter_inputs([str(f)], settings=local()))
        assert isinstance(item, RawInput) and item.origin == str(f) and item.url is None
    (tmp_path / "feed.rss").write_bytes(feed)
    fetched = list(iter_inputs([str(tmp_path / "feed.rss")], settings=local()))
    assert fetched[0].url == f"{http_server}/article" and len(fetched) == 3
    catalog = tmp_path / "catalog.xml"  # .xml is a feed when its content is one, a document otherwise
    catalog.write_bytes(b"<?xml version='1.0'?><catalog><book>Field notes</book></catalog>")
    (item,) = list(iter_inputs([str(catalog)], settings=local()))
    assert isinstance(item, RawInput) and item.origin == str(catalog)
