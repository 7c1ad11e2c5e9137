"""The search processes of ``presswatch serve`` (presswatch.web.searchpool): the same answers as the slow pool's
threads, in other processes, niced; a bounded queue (503 with Retry-After beyond it); a worker that dies is
replaced."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswatch.errors import NotFoundError
from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.web import data
from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings
from presswatch.web.searchpool import AHEAD, NICE, SearchesBusy, SearchPool, pause, worker_info


def invented(n: int) -> Document:
    text = (
        f"Bulletin {n}. Residents of Place{n} said the road to the harbour was open again, an official who asked "
        f"not to be named said.\n\nThe mission said nothing about the {'bridge' if n % 2 else 'ferry'}."
    )
    doc = Document(text=text, source=f"Outlet {n % 3}", title=f"Bulletin {n}", published=f"2023-05-{1 + n:02d}")
    doc.spans.append(Span(25, 25 + len(f"Place{n}"), "PLACE", "places", {"place_id": f"gn:{n}", "name": f"Place{n}"}))
    doc.analyzers = {"places": "1"}
    return doc


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("searchpool") / "press.sqlite")
    with open_store(path) as store:
        for n in range(12):
            store.put(invented(n))
    return path


@pytest.fixture(scope="module")
def processes(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(db=db, search_processes=2))) as c:
        yield c


@pytest.fixture(scope="module")
def threads(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(db=db, search_processes=0))) as c:
        yield c


QUERIES = [
    "/api/documents?q=road",
    "/api/documents?q=harbour%20bridge&limit=3&offset=1",
    "/api/documents?q=ferry&source=Outlet%201",
    "/api/documents?q=nothing-matches-this",
    "/api/documents?q=%22unbalanced%20(",  # FTS5 syntax is read as words
    "/api/places",
    "/api/places?limit=2&offset=3",
    "/api/places?source=Outlet%202",
    "/api/sources",
    "/api/sources?q=bridge",
]


@pytest.mark.parametrize("path", QUERIES)
def test_processes_answer_what_threads_answer(processes: TestClient, threads: TestClient, path: str) -> None:
    assert processes.app.state.searches is not None and threads.app.state.searches is None  # type: ignore[attr-defined]
    a, b = processes.get(path), threads.get(path)
    assert a.status_code == b.status_code
    assert a.content == b.content
    assert a.headers["content-type"] == b.headers["content-type"]


PAGES = [
    "/search",
    "/search?q=road",
    "/search?q=harbour%20bridge&page=2",
    "/search?q=ferry&source=Outlet%201&since=2023-05-03",
    "/search?q=%22unbalanced%20(",
    "/search?lang=en&until=2023-05-06&page=1",
    "/search?place=gn%3A4",
    "/map",
    "/map?q=bridge",
    "/map?document=no-such-document",
    "/sources",
    "/sources?since=2023-05-04&until=2023-05-09",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_made_in_processes_are_the_threads_pages(processes: TestClient, threads: TestClient, path: str) -> None:
    a, b = processes.get(path), threads.get(path)
    assert a.status_code == b.status_code
    assert a.content == b.content
    assert a.headers["content-type"] == b.headers["content-type"]


def test_a_documents_map_made_in_a_process(processes: TestClient, threads: TestClient) -> None:
    did = processes.get("/api/documents?limit=1").json()["items"][0]["id"]
    a, b = processes.get(f"/map?document={did}"), threads.get(f"/map?document={did}")
    assert a.status_code == 200 and a.content == b.content and "Bulletin" in a.text


def test_pages_are_made_outside_the_servers_process(db: str) -> None:
    """With search processes, the search, map and sources pages open no store connection in the server."""
    with TestClient(create_app(ServeSettings(db=db, search_processes=1))) as c:
        pages = [c.get(p) for p in ("/search?q=road", "/search", "/map?q=ferry", "/map", "/sources")]
        opened = list(c.app.state.stores._all)  # type: ignore[attr-defined]
    assert all(p.status_code == 200 for p in pages)
    assert "Bulletin" in pages[0].text and "Outlet" in pages[4].text
    assert opened == []


def test_a_busy_page_is_503_with_retry_after(processes: TestClient) -> None:
    pool: SearchPool = processes.app.state.searches  # type: ignore[attr-defined]
    pool.waiting["page"] += pool.processes + pool.queue_bound
    try:
        r = processes.get("/search?q=road")
        searched = processes.get("/api/documents?q=road")  # the API's searches have a queue of their own
    finally:
        pool.waiting["page"] -= pool.processes + pool.queue_bound
    assert r.status_code == 503 and r.headers["retry-after"] == "1" and "busy" in r.text
    assert r.headers["content-type"].startswith("text/html")
    assert searched.status_code == 200 and searched.json()["total"] == 12
    assert processes.get("/search?q=road").status_code == 200


def test_a_search_finds(processes: TestClient) -> None:
    found = processes.get("/api/documents?q=bridge").json()
    assert found["total"] == 6 and all("[bridge]" in i["snippet"] for i in found["items"])


def test_queries_run_in_niced_processes(db: str) -> None:
    pool = SearchPool(db, processes=1)
    try:
        info = json.loads(asyncio.run(pool.run(worker_info)))
    finally:
        pool.shutdown()
    assert info["pid"] != os.getpid()
    assert info["nice"] == min(19, os.nice(0) + NICE)


def test_beyond_the_queue_bound_a_query_is_refused(db: str) -> None:
    pool = SearchPool(db, processes=1, queue_bound=1)

    async def three() -> list[Any]:
        return await asyncio.gather(*(pool.run(worker_info) for _ in range(3)), return_exceptions=True)

    try:
        got = asyncio.run(three())
    finally:
        pool.shutdown()
    assert [type(g) for g in got[:2]] == [bytes, bytes]  # one in the worker, one waiting
    assert isinstance(got[2], SearchesBusy)


def test_the_queue_bound_holds_per_kind(db: str) -> None:
    """Pages beyond their bound are refused while an API query, in its own queue, is still taken."""
    pool = SearchPool(db, processes=1, queue_bound=1)

    async def burst() -> list[Any]:
        pages = [pool.call(worker_info) for _ in range(3)]
        return await asyncio.gather(*pages, pool.run(worker_info), return_exceptions=True)

    try:
        got = asyncio.run(burst())
    finally:
        pool.shutdown()
    assert [type(g) for g in got] == [dict, dict, SearchesBusy, bytes]
    assert pool.waiting == {"api": 0, "page": 0}


@pytest.mark.parametrize("heavy", ["page", "api"])
def test_the_kind_with_less_worker_time_goes_first(db: str, heavy: str) -> None:
    """With one worker, a burst of slow queries of one kind queued first does not hold the other kind's quick ones
    behind it: once the slow queries already handed to the executor (one in the worker, one ahead) have run, the
    quick ones go before the slow ones left (a FIFO would answer them last)."""
    pool = SearchPool(db, processes=1)
    done: list[str] = []

    async def one(kind: str) -> None:
        fn, args = (pause, (0.3,)) if kind == heavy else (worker_info, ())
        await (pool.call(fn, *args) if kind == "page" else pool.run(fn, *args))
        done.append(kind)

    light = "api" if heavy == "page" else "page"

    async def burst() -> None:
        await asyncio.gather(*(one(k) for k in [heavy] * 4 + [light] * 2))

    try:
        for started in pool.start():  # the worker started outside the queues: its start-up counts for no kind
            started.result()
        asyncio.run(burst())
    finally:
        pool.shutdown()
    assert done == [heavy] * AHEAD + [heavy, light, light, heavy, heavy, heavy][: 6 - AHEAD]
    assert done.count(light) == 2
    assert pool.served == {heavy: 4, light: 2}
    assert pool.used[heavy] > 1.2 > pool.used[light]


def test_a_query_whose_caller_went_away_is_not_run(db: str) -> None:
    """A query cancelled while it waits in its queue (the client went away) never reaches a worker and frees its
    place in the queue's bound."""
    pool = SearchPool(db, processes=1, queue_bound=1 + AHEAD)  # room for the held ones and one more

    async def scene() -> list[Any]:
        held = [asyncio.ensure_future(pool.call(pause, 0.2)) for _ in range(1 + AHEAD)]  # the executor is full
        await asyncio.sleep(0.05)
        gone = asyncio.ensure_future(pool.call(worker_info))
        await asyncio.sleep(0.05)
        gone.cancel()
        await asyncio.sleep(0)
        after = asyncio.ensure_future(pool.call(worker_info))  # within the bound again
        return await asyncio.gather(*held, gone, after, return_exceptions=True)

    try:
        got = asyncio.run(scene())
    finally:
        pool.shutdown()
    assert [type(g) for g in got] == [dict] * (1 + AHEAD) + [asyncio.CancelledError, dict]
    assert pool.served == {"api": 0, "page": 2 + AHEAD} and pool.waiting == {"api": 0, "page": 0}


def test_busy_is_503_with_retry_after(processes: TestClient) -> None:
    pool: SearchPool = processes.app.state.searches  # type: ignore[attr-defined]
    pool.waiting["api"] += pool.processes + pool.queue_bound
    try:
        r = processes.get("/api/documents?q=road")
        listed = processes.get("/api/documents?limit=2")  # lists and documents do not wait for searches
        page = processes.get("/search?q=road")  # nor do the pages, in a queue of their own
    finally:
        pool.waiting["api"] -= pool.processes + pool.queue_bound
    assert r.status_code == 503 and r.headers["retry-after"] == "1" and "busy" in r.json()["error"]
    assert listed.status_code == 200 and page.status_code == 200 and "Bulletin" in page.text
    assert processes.get("/api/documents?q=road").status_code == 200


def test_a_worker_that_dies_is_replaced(db: str) -> None:
    pool = SearchPool(db, processes=1)

    async def run() -> Any:
        return json.loads(await pool.run(worker_info))

    try:
        first = asyncio.run(run())
        os.kill(first["pid"], signal.SIGKILL)
        with pytest.raises(SearchesBusy):
            for _ in range(50):  # until the pool has seen its worker die
                asyncio.run(run())
        second = asyncio.run(run())
    finally:
        pool.shutdown()
    assert second["pid"] != first["pid"]


def test_a_presswatch_error_comes_back_whole(db: str) -> None:
    pool = SearchPool(db, processes=1)
    try:
        with pytest.raises(NotFoundError) as caught:
            asyncio.run(pool.run(data.document, "abcdef12"))
    finally:
        pool.shutdown()
    assert "no stored document" in str(caught.value) and caught.value.message in str(caught.value)


def test_serve_with_workers_searches_in_their_processes(db: str) -> None:
    """``presswatch serve --workers 2`` for real: each uvicorn worker process starts its own search processes
    (uvicorn's workers may have children), and a search answers as the slow pool's threads do."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "presswatch", "serve", "--db", db, "--port", str(port), "--workers", "2",
         "--search-processes", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/documents?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "presswatch serve did not answer within 60 s"
            time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            answers = [client.get("/api/documents", params={"q": "ferry harbour"}) for _ in range(4)]
        niced = None
        if os.path.isdir("/proc"):
            # each worker starts its search process as it starts: the second worker may still be starting when the
            # first one has answered everything, so wait for it (on a loaded machine that takes seconds)
            deadline = time.monotonic() + 60
            while (niced := _niced_descendants(proc.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(30)
    with TestClient(create_app(ServeSettings(db=db, search_processes=0))) as threads:
        expected = threads.get("/api/documents", params={"q": "ferry harbour"})
    assert expected.json()["total"] == 6
    assert all(a.status_code == 200 and a.content == expected.content for a in answers)
    assert niced is None or niced == 2  # one search process in each of the two workers


def _niced_descendants(pid: int) -> int:
    """How many processes under ``pid`` run with a niceness above ``pid``'s (Linux's /proc)."""
    from pathlib import Path

    stats = {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(path.parent.name)] = (int(fields[1]), int(fields[16]))  # parent, nice
    tree, grown = {pid}, True
    while grown:
        more = {p for p, (parent, _) in stats.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(1 for p in tree if stats[p][1] > stats[pid][1])


def test_serve_refuses_a_negative_number_of_search_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from presswatch.cli import app

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append(a))
    res = CliRunner().invoke(app, ["serve", "--port", "1", "--search-processes", "-1"])
    assert res.exit_code == 2 and "--search-processes must be 0 or more" in res.stderr and not started
