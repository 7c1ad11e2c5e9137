"""The request paths of ``presswatch serve`` under load: the fast path answers exactly what FastAPI's endpoints
answer, the caches (document JSON, list totals) follow the store's changes, and the slow endpoints run in the slow
pool."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswatch.model import SCHEMA_VERSION, Document, Span
from presswatch.store import open_store
from presswatch.web import data
from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings


def invented(n: int) -> Document:
    text = f"Bulletin {n}. Residents of Place{n} said the road was open again.\n\nThe mission said nothing."
    doc = Document(text=text, source=f"Outlet {n % 2}", title=f"Bulletin {n}", published=f"2023-05-{1 + n:02d}")
    doc.spans.append(Span(25, 25 + len(f"Place{n}"), "PLACE", "places", {"place_id": f"gn:{n}", "name": f"Place{n}"}))
    doc.analyzers = {"places": "1"}
    return doc


@pytest.fixture
def db(tmp_path: Any) -> str:
    path = str(tmp_path / "press.sqlite")
    with open_store(path) as store:
        for n in range(5):
            store.put(invented(n))
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    data.DOCUMENTS.clear()
    with TestClient(create_app(ServeSettings(db=db))) as c:
        yield c


def test_fast_path_answers_what_fastapi_answers(client: TestClient, db: str) -> None:
    # a parameter the fast path does not take (an empty source: no filter) sends the request to FastAPI's endpoint
    fast = client.get("/api/documents?offset=1&limit=2")
    routed = client.get("/api/documents?offset=1&limit=2&source=")
    assert fast.status_code == routed.status_code == 200
    assert fast.content == routed.content
    assert fast.headers["content-type"] == routed.headers["content-type"]
    assert fast.headers["content-security-policy"] == routed.headers["content-security-policy"]
    assert [i["title"] for i in fast.json()["items"]] == ["Bulletin 3", "Bulletin 2"]
    did = fast.json()["items"][0]["id"]
    one, other = client.get(f"/api/documents/{did}"), client.get(f"/api/documents/{did}?unused=1")
    assert one.content == other.content and one.json()["title"] == "Bulletin 3"
    assert one.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/api/documents?limit=0", "/api/documents?offset=-1", "/api/documents?limit=x"])
def test_bad_pages_still_get_fastapis_422(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 422 and "error" in r.json()


def test_unknown_document_still_gets_404(client: TestClient) -> None:
    r = client.get("/api/documents/abcdef12")
    assert r.status_code == 404 and "no stored document" in r.json()["error"]


def test_document_json_follows_an_update(client: TestClient, db: str) -> None:
    did = client.get("/api/documents?limit=1").json()["items"][0]["id"]
    before = client.get(f"/api/documents/{did}").json()
    assert client.get(f"/api/documents/{did}").json() == before  # kept
    with open_store(db) as store:  # another connection re-analyses it: new analyzer version, another span
        doc = store.get(did)
        doc.analyzers = {"places": "2"}
        doc.spans.append(Span(0, 8, "PLACE", "places", {"place_id": "gn:99", "name": "Bulletin"}))
        assert store.put(doc).status == "updated"
    after = client.get(f"/api/documents/{did}").json()
    assert after["analyzers"] == {"places": "2"}
    assert len(after["spans"]) == len(before["spans"]) + 1


def test_list_total_follows_new_documents(client: TestClient, db: str) -> None:
    assert client.get("/api/documents").json()["total"] == 5
    assert client.get("/api/documents?source=Outlet 0").json()["total"] == 3
    with open_store(db) as store:
        store.put(invented(6))
    assert client.get("/api/documents").json()["total"] == 6
    assert client.get("/api/documents?source=Outlet 0").json()["total"] == 4
    with open_store(db) as store:
        store.delete(store.find_ids(data.DocumentQuery())[0])
    assert client.get("/api/documents").json()["total"] == 5


def test_slow_endpoints_run_in_the_slow_pool(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # without search processes (presswatch serve --search-processes 0): searches, places and sources in the slow pool
    seen: dict[str, str] = {}

    def recording(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            seen[name] = threading.current_thread().name
            return fn(*args, **kwargs)

        return run

    monkeypatch.setattr(data, "places", recording("places", data.places))
    monkeypatch.setattr(data, "sources", recording("sources", data.sources))
    monkeypatch.setattr(data, "find_documents", recording("find", data.find_documents))
    client = TestClient(create_app(ServeSettings(db=db, search_processes=0)))
    assert client.get("/api/places").status_code == 200
    assert client.get("/api/sources").status_code == 200
    assert client.get("/api/documents?source=Outlet 1").status_code == 200
    assert not seen["find"].startswith("presswatch-slow")  # a filtered list: the fast path
    assert client.get("/api/documents?q=road").status_code == 200
    assert seen["places"].startswith("presswatch-slow")
    assert seen["sources"].startswith("presswatch-slow")
    assert seen["find"].startswith("presswatch-slow")  # a full-text search


def test_to_dict_is_asdicts_copy() -> None:
    doc = invented(1)
    doc.summaries = {"places": {"counts": {"gn:1": 1}, "pairs": [(1, 2)]}}
    doc.authors = ["A. Writer"]
    expected = dataclasses.asdict(doc)
    expected["paragraphs"] = [list(p) for p in doc.paragraphs]
    expected = {"schema_version": SCHEMA_VERSION, **expected}
    got = doc.to_dict()
    assert got == expected and list(got) == list(expected)
    got["spans"][0]["attrs"]["name"] = "changed"
    got["summaries"]["places"]["counts"]["gn:1"] = 5
    assert doc.spans[0].attrs["name"] == "Place1" and doc.summaries["places"]["counts"]["gn:1"] == 1
