"""Hostile and broken sources: each fault is logged once, the watcher goes on, other sources are unaffected, and
memory stays bounded because every fetch keeps its limits (deadline, size after decompression, redirects)."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from feedserver import page_html, send, serve, static

from loopback import local
from presswatch.pipeline import extract
from presswatch.store import open_store
from presswatch.watch.poller import Watcher, WatchOptions
from presswatch.watch.registry import save_source, validate
from presswatch.watch.sitemaps import gunzip, parse_sitemap, refuse_internal_dtd

LIMIT = 1024 * 1024  # --max-size of these tests: 1 MiB
DEADLINE = 1.5  # --timeout of these tests, in seconds


def _slow_answer(h) -> None:
    time.sleep(DEADLINE * 3)
    send(h, 200, {"Content-Type": "application/rss+xml"}, b"<rss/>")


def _trickle(h) -> None:
    try:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        h.wfile.write(b"<rss><channel>")
        for _ in range(200):  # a byte every 0.05 s: 10 s, far past the deadline
            time.sleep(0.05)
            h.wfile.write(b" ")
            h.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass


def _endless(h) -> None:
    """A feed that never ends (no Content-Length); stops only when the client hangs up (or after 256 MiB, so that a
    broken client cannot keep the test running forever)."""
    item = b"<item><title>more</title><link>https://example.org/more</link></item>" * 1000
    try:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        h.wfile.write(b"<rss><channel>")
        for _ in range(256 * 1024 * 1024 // len(item)):
            h.wfile.write(item)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _gzip_bomb() -> bytes:
    """64 MiB of a feed-like filler, compressed to a few tens of kilobytes."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = z.compress(b"<rss><channel>")
    chunk = b" " * (1024 * 1024)
    return head + b"".join(z.compress(chunk) for _ in range(64)) + z.flush()


ENTITY_BOMB = b"""<?xml version="1.0"?><!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>
<rss><channel><item><title>&g;</title><link>https://example.org/bomb</link></item></channel></rss>"""


def _xxe(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]><rss><channel><item>'
        "<title>&x;</title><link>https://example.org/xxe</link></item></channel></rss>"
    ).encode()


FAULTS = {
    "Slow": ("/slow.xml", "no complete answer within"),
    "Trickle": ("/trickle.xml", "no complete answer within"),
    "Broken": ("/500.xml", "HTTP 500"),
    "Loop": ("/loop.xml", "more than 5 redirects"),
    "Malformed": ("/malformed.xml", "malformed feed"),
    "Endless": ("/endless.xml", "passed the 1 MiB limit"),
    "Bomb": ("/bomb.xml", "declares a DTD"),
    "XXE": ("/xxe.xml", "declares a DTD"),
    "Gzip": ("/gzip.xml", "limit once decompressed"),
    "GzipFile": ("/sitemap.xml.gz", "unpacks to more than 1 MiB"),
}


def test_each_fault_is_logged_once_and_the_other_sources_go_on(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    with serve() as bad, serve() as good, open_store(tmp_path / "s.sqlite") as store:
        good.add_items([1, 2, 3])
        bad.routes.update(
            {
                "/slow.xml": _slow_answer,
                "/trickle.xml": _trickle,
                "/500.xml": static(b"oops", "text/plain", status=500),
                "/loop.xml": static(b"", status=302, extra={"Location": "/loop.xml"}),
                "/malformed.xml": static(b"<rss><channel><item><title>x</item></rss>", "application/rss+xml"),
                "/endless.xml": _endless,
                "/bomb.xml": static(ENTITY_BOMB, "application/rss+xml"),
                "/xxe.xml": static(_xxe(secret), "application/rss+xml"),
                "/gzip.xml": static(_gzip_bomb(), "application/rss+xml", extra={"Content-Encoding": "gzip"}),
                "/sitemap.xml.gz": static(_gzip_bomb(), "application/gzip"),
            }
        )
        for name, (path, _) in FAULTS.items():
            kind = "sitemap" if path.endswith(".gz") else "feed"
            save_source(store, validate({"name": name, kind: bad.base + path}))
        save_source(store, validate({"name": "Good", "feed": good.base + "/feed.xml"}))

        logs: list[str] = []
        opts = WatchOptions(
            analyzers=[], host_delay=0, per_host=4, workers=8, settings=local(timeout=DEADLINE, max_bytes=LIMIT)
        )
        watcher = Watcher(store, opts, log=logs.append)
        extract(page_html(0))  # loads the extractor's and language identifier's data (~200 MiB) before measuring
        tracemalloc.start()
        try:
            stats = watcher.run(once=True)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert stats.poll_errors == len(FAULTS) and stats.stored == 3
        assert store.count() == 3 and {d.source for d in store.iter_documents()} == {"Good"}
        errors = [line for line in logs if line.startswith("error:")]
        assert len(errors) == len(FAULTS)
        for name, (path, message) in FAULTS.items():
            mine = [line for line in errors if line.startswith(f"error: {name}: ")]
            assert len(mine) == 1 and message in mine[0] and path in mine[0], (name, mine)
        assert "TOP-SECRET-VALUE" not in repr(logs) and "aaaaaaaaaa" not in repr(logs)
        assert peak < 48 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"  # bombs expand to 64 MiB, the stream is endless
        assert bad.hits["/endless.xml"] == 1

        # the faulty sources are retried later, with their error streaks recorded
        rows = dict(store.conn.execute("SELECT source, error_streak FROM watch_endpoints").fetchall())
        assert rows == {**dict.fromkeys(FAULTS, 1), "Good": 0}


def test_internal_dtds_are_refused_and_plain_doctypes_pass():
    with pytest.raises(Exception, match="declares a DTD"):
        refuse_internal_dtd(ENTITY_BOMB)
    with pytest.raises(Exception, match="declares a DTD"):
        refuse_internal_dtd(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><!DOCTYPE urlset [ ]><urlset/>')
    refuse_internal_dtd(
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" '
        b'"http://example.org/rss-0.91.dtd"><rss/>'
    )
    refuse_internal_dtd(b"<rss><channel><description>&lt;!DOCTYPE x [</description></channel></rss>")


def test_sitemap_parser_is_hardened_and_bounded(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/&x;</loc></url>'
        "</urlset>"
    ).encode()
    assert "TOP-SECRET-VALUE" not in repr(parse_sitemap(xxe))
    with pytest.raises(Exception, match="malformed sitemap"):
        parse_sitemap(b"<urlset><url><loc>x</url></urlset>")
    with pytest.raises(Exception, match="not a sitemap"):
        parse_sitemap(b"<rss/>")
    small = gzip.compress(b"<urlset/>")
    assert gunzip(small, 100) == b"<urlset/>"
    with pytest.raises(Exception, match="unpacks to more than"):
        gunzip(_gzip_bomb(), LIMIT)
