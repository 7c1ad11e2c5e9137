"""The watcher against loopback sites: each item stored once under its source's name, conditional GETs, robots.txt,
per-host limits, sitemaps (news, index, gzip), feed summaries standing in for unreadable pages, the hooks."""

from __future__ import annotations

import gzip
import random
import threading
import time
from pathlib import Path

import pytest
from feedserver import page_html, send, serve, static

from loopback import local
from pages import ARTICLE_HTML
from presswatch.errors import StoreError
from presswatch.store import open_store
from presswatch.watch.politeness import HostGate
from presswatch.watch.poller import Watcher, WatchOptions, stand_in
from presswatch.watch.queue import MAX_ATTEMPTS, RETRY_BASE, RETRY_MAX, Item, backoff
from presswatch.watch.registry import save_source, validate


class Clock:
    """Scheduling time the test moves by hand (the fetches themselves run in real time)."""

    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


def watcher(store, clock=None, logs=None, **kw) -> Watcher:
    opts = WatchOptions(analyzers=[], host_delay=0, settings=local(timeout=5), **kw)
    return Watcher(
        store,
        opts,
        clock=clock or time.time,
        log=(logs.append if logs is not None else lambda _: None),
        rng=random.Random(1),
    )


def add(store, name: str, **fields) -> None:
    save_source(store, validate({"name": name, **fields}))


def test_each_item_is_stored_once_under_its_source_and_polls_are_conditional(tmp_path: Path, target: str):
    with serve() as site, open_store(target) as store:
        site.add_items(list(range(12)), etag='"v1"')
        add(store, "Invented Gazette", feed=site.base + "/feed.xml")
        clock = Clock()
        w = watcher(store, clock)
        stats = w.run(once=True)
        assert (stats.polls, stats.new_items, stats.stored, stats.page_errors) == (1, 12, 12, 0)
        assert store.count() == 12
        doc = store.get(store.list(limit=1)[0].document_id)
        assert doc.source == "Invented Gazette" and doc.kind == "html" and "watch" not in doc.summaries
        assert w.queue.counts() == {"done": 12}

        # not due yet: nothing is fetched
        assert w.run(once=True).polls == 0 and site.hits["/feed.xml"] == 1

        # due again: the feed answers 304 to the ETag it gave, nothing is queued or fetched again
        clock.t += 3600
        assert w.run(once=True).polls == 1
        assert site.hits["/feed.xml"] == 2 and all(site.hits[f"/news/{i}.html"] == 1 for i in range(12))

        # the feed changes: only the new items are fetched
        site.add_items(list(range(15)), etag='"v2"')
        clock.t += 3600
        stats = w.run(once=True)
        assert (stats.new_items, stats.stored) == (3, 3) and store.count() == 15
        assert all(site.hits[f"/news/{i}.html"] == 1 for i in range(15))
        assert site.hits["/robots.txt"] == 1  # robots.txt is kept between passes


def test_the_same_page_under_two_urls_is_stored_once(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items([1, 2])
        site.routes["/news/copy.html"] = static(page_html(1))
        site.routes["/feed.xml"] = static(
            f"""<rss version="2.0"><channel><item><link>{site.base}/news/1.html</link></item>
            <item><link>{site.base}/news/copy.html</link></item><item><link>{site.base}/news/2.html</link></item>
            </channel></rss>""".encode(),
            "application/rss+xml",
        )
        add(store, "Gazette", feed=site.base + "/feed.xml")
        w = watcher(store)
        w.run(once=True)
        assert store.count() == 2 and w.queue.counts() == {"done": 3}
        first = store.list(limit=5)
        urls = {u for s in first for u in store.urls(s.document_id)}
        assert site.base + "/news/copy.html" in urls and site.base + "/news/1.html" in urls


def test_an_unreadable_page_is_stored_from_the_feed_and_replaced_once_read(tmp_path: Path, target: str):
    with serve() as site, open_store(target) as store:
        site.add_items([1, 2, 3])
        site.routes["/news/2.html"] = static(b"down", "text/plain", status=500)
        site.routes["/news/3.html"] = static(b"<html><body><nav>Home</nav></body></html>")  # no article text
        add(store, "Gazette", feed=site.base + "/feed.xml")
        clock = Clock()
        logs: list[str] = []
        w = watcher(store, clock, logs)
        stats = w.run(once=True)
        assert (stats.stored, stats.stand_ins, stats.page_errors) == (1, 2, 2)
        assert w.queue.counts() == {"done": 1, "fallback": 2}
        stand_ins = [store.get(s.document_id) for s in store.list()]
        marked = {d.url: d for d in stand_ins if d.summaries.get("watch", {}).get("text_from") == "feed"}
        assert set(marked) == {site.base + "/news/2.html", site.base + "/news/3.html"}
        two = marked[site.base + "/news/2.html"]
        assert two.text == "Summary of council report 2: the bridge repair was approved."
        assert two.title == "Council report 2" and two.source == "Gazette" and two.published == "2026-12-01"
        assert "HTTP 500" in two.summaries["watch"]["page_error"]
        assert sum("news/2.html" in line and "HTTP 500" in line for line in logs) == 1

        # not retried before its time
        assert w.run(once=True).page_errors == 0 and site.hits["/news/2.html"] == 1

        # retried later: the page is stored and replaces its stand-in; the other one is still unreadable
        site.routes["/news/2.html"] = static(page_html(2))
        clock.t += RETRY_MAX * 2
        stats = w.run(once=True)
        assert (stats.stored, stats.stand_ins, stats.page_errors) == (1, 0, 1)
        docs = [store.get(s.document_id) for s in store.list()]
        assert len(docs) == 3
        by_url = {d.url: d for d in docs}
        assert "watch" not in by_url[site.base + "/news/2.html"].summaries
        assert "watch" in by_url[site.base + "/news/3.html"].summaries
        assert store.search("Summary of council report 2") == []  # the stand-in left the index too

        # a page that never becomes readable is given up after MAX_ATTEMPTS, its stand-in kept
        for _ in range(MAX_ATTEMPTS):
            clock.t += RETRY_MAX * 2
            w.run(once=True)
        assert w.queue.counts() == {"done": 2, "summary": 1}
        assert store.count() == 3


def test_robots_txt_is_honoured(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items([1, 2])
        site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /news/2.html\n", "text/plain")
        add(store, "Gazette", feed=site.base + "/feed.xml")
        w = watcher(store)
        w.run(once=True)
        assert site.hits["/news/2.html"] == 0 and site.hits["/news/1.html"] == 1
        assert w.queue.counts() == {"done": 1, "summary": 1}  # the feed's words are kept; the page is never asked

        with serve() as other, open_store(tmp_path / "t.sqlite") as store2:
            other.add_items([1])
            other.routes["/robots.txt"] = static(b"User-agent: presswatch\nDisallow: /\n", "text/plain")
            add(store2, "Closed", feed=other.base + "/feed.xml")
            logs: list[str] = []
            stats = watcher(store2, logs=logs).run(once=True)
            assert stats.poll_errors == 1 and other.hits["/feed.xml"] == 0
            assert any("robots.txt does not allow" in line for line in logs)


def test_an_unreachable_robots_txt_stops_that_host_only(tmp_path: Path):
    with serve() as bad, serve() as good, open_store(tmp_path / "s.sqlite") as store:
        bad.add_items([1])
        bad.routes["/robots.txt"] = static(b"oops", "text/plain", status=503)
        good.add_items([1, 2])
        add(store, "Bad", feed=bad.base + "/feed.xml")
        add(store, "Good", feed=good.base + "/feed.xml")
        logs: list[str] = []
        stats = watcher(store, logs=logs).run(once=True)
        assert stats.poll_errors == 1 and stats.stored == 2 and bad.hits["/feed.xml"] == 0
        assert [line for line in logs if line.startswith("error:")] == [
            next(line for line in logs if "robots.txt could not be read" in line)
        ]


def test_sitemap_index_news_sitemap_and_gzip(tmp_path: Path, target: str):
    with serve() as site, open_store(target) as store:
        for i in range(1, 5):
            site.routes[f"/news/{i}.html"] = static(page_html(i))
        news = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>{site.base}/news/1.html</loc><news:news><news:title>Council report one</news:title>
            <news:publication_date>2026-11-30T08:00:00Z</news:publication_date></news:news></url>
            <url><loc>{site.base}/news/2.html</loc></url><url><loc>ftp://elsewhere/x</loc></url></urlset>"""
        plain = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>{site.base}/news/3.html</loc><lastmod>2026-11-29</lastmod></url>
            <url><loc>{site.base}/news/4.html</loc></url><url><loc>{site.base}/news/1.html</loc></url></urlset>"""
        site.routes["/news-sitemap.xml"] = static(news.encode(), "application/xml")
        site.routes["/old.xml.gz"] = static(gzip.compress(plain.encode()), "application/gzip")
        site.routes["/sitemap.xml"] = static(
            f"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>{site.base}/news-sitemap.xml</loc><lastmod>2026-12-01</lastmod></sitemap>
            <sitemap><loc>{site.base}/old.xml.gz</loc></sitemap></sitemapindex>""".encode(),
            "application/xml",
        )
        add(store, "Mapped", sitemap=site.base + "/sitemap.xml")
        w = watcher(store)
        stats = w.run(once=True)
        assert stats.polls == 3 and stats.stored == 4 and store.count() == 4
        assert all(site.hits[f"/news/{i}.html"] == 1 for i in range(1, 5))
        assert {d.source for d in store.iter_documents()} == {"Mapped"}


def test_a_sitemap_dropped_from_its_index_is_no_longer_polled(tmp_path: Path, target: str):
    with serve() as site, open_store(target) as store:
        site.routes["/a.xml"] = static(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "text/xml")
        index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
        site.routes["/sitemap.xml"] = static(
            index.format(f"<sitemap><loc>{site.base}/a.xml</loc></sitemap>").encode(), "text/xml"
        )
        add(store, "Mapped", sitemap=site.base + "/sitemap.xml")
        clock = Clock()
        w = watcher(store, clock)
        w.run(once=True)
        assert store.conn.execute("SELECT COUNT(*) FROM watch_endpoints").fetchone()[0] == 2
        site.routes["/sitemap.xml"] = static(index.format("").encode(), "text/xml")
        clock.t += 7200
        w.run(once=True)  # the child, due with its index, is polled once more as the index drops it
        assert [r[0] for r in store.conn.execute("SELECT url FROM watch_endpoints")] == [site.base + "/sitemap.xml"]
        clock.t += 7200
        w.run(once=True)
        assert site.hits["/a.xml"] == 2 and site.hits["/sitemap.xml"] == 3


def test_requests_to_one_host_are_capped(tmp_path: Path):
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow_page(h) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        send(h, 200, {"Content-Type": "text/html"}, page_html(int(h.path.split("/")[-1].split(".")[0])))

    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items(list(range(16)))
        for i in range(16):
            site.routes[f"/news/{i}.html"] = slow_page
        add(store, "Gazette", feed=site.base + "/feed.xml")
        watcher(store, per_host=3, workers=8).run(once=True)
        assert store.count() == 16 and peak <= 3 and peak >= 2


def test_the_gate_spaces_requests_to_one_host():
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    gate = HostGate(2.0, 1, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with gate.slot("http://a.example/x"):
            pass
    with gate.slot("http://b.example/x"):  # another host does not wait
        pass
    assert slept == [2.0, 2.0]
    gate.set_delay("http://a.example", 5.0)  # a robots.txt Crawl-delay
    with gate.slot("http://a.example/y"):
        pass
    assert slept[-1] == pytest.approx(2.0)  # the delay already booked, the next one is longer
    with gate.slot("http://a.example/z"):
        pass
    assert slept[-1] == pytest.approx(5.0)


def test_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(3)
    for n in range(1, 30):
        d = backoff(n, rng=rng)
        base = min(RETRY_BASE * 2 ** (n - 1), RETRY_MAX)
        assert 0.5 * base <= d < 1.5 * base
    assert len({round(backoff(1, rng=rng), 3) for _ in range(20)}) > 10  # jitter: failures together spread out


def test_failed_polls_back_off(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.routes["/feed.xml"] = static(b"no", "text/plain", status=500)
        add(store, "Down", feed=site.base + "/feed.xml")
        clock = Clock()
        w = watcher(store, clock)
        gaps = []
        for _ in range(4):
            w.run(once=True)
            nxt = store.conn.execute("SELECT next_poll FROM watch_endpoints").fetchone()[0]
            gaps.append(nxt - clock.t)
            clock.t = nxt
        assert site.hits["/feed.xml"] == 4
        assert all(0.5 * RETRY_BASE * 2**i <= g < 1.5 * RETRY_BASE * 2**i for i, g in enumerate(gaps))
        streak = store.conn.execute("SELECT error_streak FROM watch_endpoints").fetchone()[0]
        assert streak == 4


def test_hooks_are_called_with_the_new_documents(tmp_path: Path):
    seen: list[list[str]] = []
    ticks: list[float] = []
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items([1, 2, 3])
        add(store, "Gazette", feed=site.base + "/feed.xml")
        opts = WatchOptions(analyzers=[], host_delay=0, settings=local(timeout=5))
        w = Watcher(
            store,
            opts,
            on_stored=lambda s, ids: seen.append(ids),
            on_tick=lambda s, now: ticks.append(now),
            log=lambda _: None,
        )
        w.run(once=True)
        assert sorted(i for ids in seen for i in ids) == sorted(s.document_id for s in store.list())
        assert len(ticks) == 1


def test_one_watcher_per_store(tmp_path: Path):
    with open_store(tmp_path / "s.sqlite") as store, open_store(tmp_path / "s.sqlite") as again:
        first = watcher(store)
        with first.exclusive(), pytest.raises(StoreError, match="another presswatch watch is running"):
            watcher(again).run(once=True)
        watcher(again).run(once=True)  # free again


def test_stand_in_needs_words_and_reads_html_descriptions():
    item = Item(
        "https://example.org/a",
        "Src",
        title="Headline",
        summary="<p>First &amp; second</p><p>Third</p>",
        published="Tue, 01 Dec 2026 23:30:00 -0500",
    )
    doc = stand_in(item, "gone", "2026-12-02T00:00:00Z")
    assert doc is not None and doc.text == "First & second\nThird" and doc.published == "2026-12-02"
    assert stand_in(Item("https://example.org/b", "Src"), "gone", "x") is None
    assert stand_in(Item("https://example.org/c", "Src", title="Only a title"), "gone", "x").text == "Only a title"


@pytest.mark.slow
def test_documents_are_analysed_as_ingest_does(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items([1, 2])
        site.routes["/news/1.html"] = static(ARTICLE_HTML.encode())
        add(store, "Gazette", feed=site.base + "/feed.xml")
        opts = WatchOptions(analyzers=["entities"], host_delay=0, settings=local(timeout=5))
        Watcher(store, opts, log=lambda _: None).run(once=True)
        docs = {d.url: d for d in store.iter_documents()}
        assert len(docs) == 2 and all("entities" in d.analyzers for d in docs.values())
        article = docs[site.base + "/news/1.html"]
        people = {article.span_text(s) for s in article.spans if s.analyzer == "entities" and s.label == "PERSON"}
        assert "Maria Lindqvist" in people


def test_a_stop_request_ends_the_pass_after_the_batch_in_hand(tmp_path: Path):
    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items(list(range(40)))
        add(store, "Gazette", feed=site.base + "/feed.xml")
        stop = threading.Event()
        stored: list[str] = []

        def on_stored(_store, ids: list[str]) -> None:
            stored.extend(ids)
            stop.set()  # asked to stop once the first batch is in

        opts = WatchOptions(analyzers=[], host_delay=0, settings=local(timeout=5), batch_size=8, workers=2)
        w = Watcher(store, opts, on_stored=on_stored, log=lambda _: None)
        w.run(stop=stop)  # not --once: only the stop request ends it
        assert w.queue.counts() == {"done": 8, "pending": 32} and store.count() == 8 == len(stored)
        w.run(once=True)
        assert w.queue.counts() == {"done": 40} and store.count() == 40


def test_a_failing_hook_is_logged_and_the_watch_goes_on(tmp_path: Path):
    def broken(*_args) -> None:
        raise KeyError("rule 7")

    with serve() as site, open_store(tmp_path / "s.sqlite") as store:
        site.add_items([1, 2])
        add(store, "Gazette", feed=site.base + "/feed.xml")
        logs: list[str] = []
        opts = WatchOptions(analyzers=[], host_delay=0, settings=local(timeout=5))
        stats = Watcher(store, opts, on_stored=broken, on_tick=broken, log=logs.append).run(once=True)
        assert stats.stored == 2 and store.count() == 2
        assert [line for line in logs if line.startswith("error:")] == [
            "error: on_stored failed (KeyError: 'rule 7')",
            "error: on_tick failed (KeyError: 'rule 7')",
        ]
