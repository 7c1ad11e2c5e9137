"""The dashboard's overview, search and map pages on a PostgreSQL store: the same HTML as on the SQLite store of
conftest.py, whose documents are copied over with ``presswatch store copy``'s code (times and incidents included).

Pages whose text comes from the full-text engine itself (a search's ranking and snippets: FTS5's bm25 and snippet()
against PostgreSQL's ts_rank and ts_headline) are compared by the documents they list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswatch.web.deps import ServeSettings

from .conftest import WebStore


@pytest.fixture(scope="module")
def clients(web_store: WebStore, pg_server: Any) -> Iterator[dict[str, TestClient]]:
    from presswatch.store import open_store
    from presswatch.store.copy import copy_store
    from presswatch.web.app import create_app

    url = pg_server.create_database()
    try:
        with open_store(web_store.db) as src, open_store(url) as dst:
            copy_store(src, dst)
        with (
            TestClient(create_app(ServeSettings(db=web_store.db))) as lite,
            TestClient(create_app(ServeSettings(db=url))) as pg,
        ):
            yield {"sqlite": lite, "postgres": pg}
    finally:
        pg_server.drop_database(url)


def _page(client: TestClient, path: str) -> str:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    html = r.text
    # the store's name (a file's, a database's) and per-response tokens are the only differences allowed
    html = re.sub(r"press\.sqlite|pwtest_\w+", "STORE", html)
    return re.sub(r'(nonce|name="csrf[^"]*" value)="[^"]*"', r'\1="X"', html)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search",
        "/search?source=Harbor+Gazette",
        "/search?lang=en&since=2023-06-14&until=2023-06-15",
        "/search?technique=Loaded_Language",
        "/search?page=2",
        "/map",
    ],
)
def test_pages_are_the_same_on_both_backends(clients: dict[str, TestClient], path: str) -> None:
    lite, pg = _page(clients["sqlite"], path), _page(clients["postgres"], path)
    assert lite == pg
    assert "Harbor Gazette" in lite or path.startswith("/search?") or path == "/map"


def test_place_facet_and_map_of_a_place(clients: dict[str, TestClient]) -> None:
    lite = _page(clients["sqlite"], "/map")
    place = re.search(r"/search\?place=([^\"&]+)", _page(clients["sqlite"], "/search")) or re.search(
        r"place=([^\"&]+)", lite
    )
    assert place, "the store's map or search page links no place"
    path = f"/search?place={place.group(1)}"
    assert _page(clients["sqlite"], path) == _page(clients["postgres"], path)
    assert "Askeran" in _page(clients["postgres"], path)


@pytest.mark.parametrize("q", ["Askeran", "peacekeeping mission", "wheat"])
def test_searches_list_the_same_documents(clients: dict[str, TestClient], q: str) -> None:
    def ids(client: TestClient, path: str) -> list[str]:
        return sorted(set(re.findall(r'href="/documents/([0-9a-f]+)"', _page(client, path))))

    for path in (f"/search?q={q}", f"/search?q={q}&source=Valley+Herald", f"/map?q={q}"):
        found = ids(clients["sqlite"], path)
        assert found == ids(clients["postgres"], path), path
    assert ids(clients["sqlite"], f"/search?q={q}")
    lite_map, pg_map = _page(clients["sqlite"], f"/map?q={q}"), _page(clients["postgres"], f"/map?q={q}")
    assert re.findall(r"<circle[^>]*>", lite_map) == re.findall(r"<circle[^>]*>", pg_map)
