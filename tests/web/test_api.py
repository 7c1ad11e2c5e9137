"""The REST API of ``presswatch serve`` over stores of invented documents: every endpoint, its filters and pages,
the document JSON against its schema, errors as JSON, the streamed exports, and the analysis of a text or of a
page served by a loopback server (refused without --allow-private-addresses)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from presswatch.comparison.coverage import compare
from presswatch.comparison.linking import link_store
from presswatch.model import Document, Span
from presswatch.report.export import CSV_FIELDS
from presswatch.store import open_store
from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings

SCHEMA = json.loads((Path(__file__).parents[2] / "src/presswatch/schema/document.schema.json").read_text("utf-8"))
PLACES = {"Sos": ("gn:101", 39.71, 46.91), "Lachin": ("gn:102", 39.64, 46.55), "Shusha": ("gn:103", 39.76, 46.75)}


@dataclass
class Spec:
    """One invented document and what it holds, from which each test derives what the API must answer."""

    text: str
    source: str | None
    published: str | None
    language: str = "en"
    places: list[str] = field(default_factory=list)  # the names written, each a PLACE span
    techniques: list[str] = field(default_factory=list)
    sourcing: list[str] = field(default_factory=list)  # the kinds of its attributions' SOURCE spans
    incident: bool = False  # an INCIDENT span: a ceasefire violation at Sos on 2023-06-12


SPECS = [
    Spec(
        "Two soldiers were wounded by sniper fire near Sos, an official who asked not to be named said.",
        "Valley Observer",
        "2023-06-12",
        places=["Sos"],
        techniques=["Loaded_Language"],
        sourcing=["anonymous"],
        incident=True,
    ),
    Spec(
        "Sniper fire wounded two servicemen at Sos on Monday, the ministry said in a statement.",
        "Ridge Herald",
        "2023-06-12T10:00:00Z",
        places=["Sos"],
        sourcing=["named_organisation"],
        incident=True,
    ),
    Spec(
        "The road through Lachin reopened for trucks carrying flour and fuel, drivers said.",
        "Third Voice",
        "2023-06-13",
        places=["Lachin"],
        sourcing=["role_only"],
    ),
    Spec(
        "Residents of Shusha and Lachin said the night had been quiet; sources close to the mission agreed.",
        "Valley Observer",
        "2023-06-14",
        places=["Shusha", "Lachin"],
        techniques=["Doubt", "Loaded_Language"],
        sourcing=["anonymous", "role_only"],
    ),
    Spec("Ночью в Шуше было тихо, сообщили жители.", "Ridge Herald", "2023-06-15", language="ru"),
    Spec("Gas prices rose again in the capital's markets this week.", "Third Voice", None),
    Spec("An undated flyer found in a village, of no known outlet.", None, "2023-05-01"),
]


def make_document(spec: Spec, n: int) -> Document:
    """The document of ``spec`` with the spans and the per-document figures the analyzers would have left."""
    text = spec.text
    doc = Document(
        text=text,
        source=spec.source,
        published=spec.published,
        language=spec.language,
        title=text.split(",")[0][:60],
        url=f"https://news.example/{n}",
    )
    for name in spec.places:
        pid, lat, lon = PLACES[name]
        a = text.index(name)
        doc.spans.append(
            Span(
                a,
                a + len(name),
                "PLACE",
                "places",
                {
                    "place_id": pid,
                    "name": name,
                    "lat": lat,
                    "lon": lon,
                    "country": "AZ",
                    "feature": "PPL",
                    "matched_name": name,
                    "name_kind": "common",
                    "name_lang": "en",
                },
            )
        )
    counts: dict[str, int] = {}
    for key in spec.techniques:
        counts[key] = counts.get(key, 0) + 1
        doc.spans.append(Span(0, 10, key, "techniques", {"technique": key, "confidence": 0.9}))
    by_kind = {
        k: 0
        for k in (
            "named_person",
            "named_organisation",
            "role_only",
            "anonymous",
            "media_outlet",
            "document",
            "unattributed",
        )
    }
    for i, kind in enumerate(spec.sourcing):
        by_kind[kind] += 1
        doc.spans.append(Span(0, 5, "SOURCE", "sourcing", {"attribution": i, "kind": kind, "speaker": "someone"}))
        doc.spans.append(Span(6, 10, "CUE", "sourcing", {"attribution": i, "type": "indirect", "source_kind": kind}))
    if spec.incident:
        pid, lat, lon = PLACES["Sos"]
        doc.spans.append(
            Span(
                0,
                len(text),
                "INCIDENT",
                "incidents",
                {
                    "type": "ceasefire_violation",
                    "date": "2023-06-12",
                    "date_from": "explicit",
                    "stance": "asserts",
                    "counts": {"wounded": 2},
                    "places": [{"place_id": pid, "place": "Sos", "lat": lat, "lon": lon, "name_used": "Sos"}],
                },
            )
        )
    words = len(text.split())
    doc.analyzers = {"places": "1", "techniques": "1", "sourcing": "1", "incidents": "1"}
    doc.summaries = {
        "sourcing": {"attributions": len(spec.sourcing), "by_kind": by_kind},
        "techniques": {
            "analysed": True,
            "words": words,
            "findings": len(spec.techniques),
            "counts": counts,
            "density_per_100_words": round(100 * len(spec.techniques) / words, 3),
        },
    }
    return doc


DOCS = [make_document(s, n) for n, s in enumerate(SPECS)]
BY_ID = {d.id: (d, s) for d, s in zip(DOCS, SPECS, strict=True)}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "press.sqlite")
    with open_store(path) as store:
        for d in DOCS:
            store.put(d)
        link_store(store, embed=False)  # linked here: the API then links nothing (no embedding model in tests)
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(db=db))) as c:
        yield c


def ids(answer: dict[str, Any]) -> set[str]:
    return {item["id"] for item in answer["items"]}


def expected(pred: Any) -> set[str]:
    return {d.id for d, s in BY_ID.values() if pred(d, s)}


# -------------------------------------------------------------------------------------------- documents
def test_documents_lists_every_document_newest_first(client: TestClient) -> None:
    r = client.get("/api/documents")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(DOCS) and ids(body) == set(BY_ID) and body["next_offset"] is None
    dated = [i["published"] for i in body["items"] if i["published"]]
    assert dated == sorted(dated, reverse=True)
    assert body["items"][-1]["published"] is None  # undated last
    first = body["items"][0]
    doc, spec = BY_ID[first["id"]]
    assert (first["source"], first["title"], first["language"], first["url"]) == (
        spec.source,
        doc.title,
        spec.language,
        doc.url,
    )
    assert "text" not in first


def test_documents_pages_cover_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    pages = 0
    while offset is not None:
        body = client.get("/api/documents", params={"limit": 3, "offset": offset}).json()
        assert body["total"] == len(DOCS) and len(body["items"]) <= 3
        seen += [i["id"] for i in body["items"]]
        offset = body["next_offset"]
        pages += 1
    assert pages == 3 and sorted(seen) == sorted(BY_ID)
    assert client.get("/api/documents", params={"offset": 100}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "pred"),
    [
        ({"source": "Valley Observer"}, lambda d, s: s.source == "Valley Observer"),
        ({"since": "2023-06-13"}, lambda d, s: s.published is not None and s.published >= "2023-06-13"),
        ({"until": "2023-06-12"}, lambda d, s: s.published is not None and s.published[:10] <= "2023-06-12"),
        (
            {"since": "2023-06-12", "until": "2023-06-13"},
            lambda d, s: s.published is not None and "2023-06-12" <= s.published[:10] <= "2023-06-13",
        ),
        ({"language": "ru"}, lambda d, s: s.language == "ru"),
        ({"place": "gn:102"}, lambda d, s: "Lachin" in s.places),
        ({"technique": "Loaded_Language"}, lambda d, s: "Loaded_Language" in s.techniques),
        ({"technique": "Doubt"}, lambda d, s: "Doubt" in s.techniques),
        ({"anonymous": "true"}, lambda d, s: "anonymous" in s.sourcing),
        ({"anonymous": "false"}, lambda d, s: "anonymous" not in s.sourcing),
        ({"q": "sniper"}, lambda d, s: "sniper" in s.text.lower()),
        (
            {"q": "sniper", "source": "Ridge Herald"},
            lambda d, s: "sniper" in s.text.lower() and s.source == "Ridge Herald",
        ),
        ({"place": "gn:102", "anonymous": "true"}, lambda d, s: "Lachin" in s.places and "anonymous" in s.sourcing),
    ],
)
def test_documents_filters(client: TestClient, params: dict[str, str], pred: Any) -> None:
    body = client.get("/api/documents", params=params).json()
    want = expected(pred)
    assert want, "each filter must select something in the invented store"
    assert ids(body) == want and body["total"] == len(want)


def test_full_text_query_gives_snippets_and_notes(client: TestClient) -> None:
    body = client.get("/api/documents", params={"q": "sniper"}).json()
    assert all("[" in i["snippet"].lower() and "sniper" in i["snippet"].lower() for i in body["items"])
    many = " ".join(f"word{i}" for i in range(40))
    assert client.get("/api/documents", params={"q": many}).json()["notes"]


def test_document_is_the_analyze_json_and_valid(client: TestClient, db: str) -> None:
    did = DOCS[0].id
    r = client.get(f"/api/documents/{did}")
    assert r.status_code == 200
    with open_store(db) as store:
        assert r.json() == store.get(did).to_dict()
    jsonschema.validate(r.json(), SCHEMA)
    assert client.get(f"/api/documents/{did[:10]}").json()["id"] == did  # a unique prefix is enough


@pytest.mark.parametrize("bad", ["0123456789abcdef0123", "not-an-id"])
def test_unknown_document_is_404_json(client: TestClient, bad: str) -> None:
    r = client.get(f"/api/documents/{bad}")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json") and r.json()["error"]


@pytest.mark.parametrize(
    "params", [{"since": "June 12"}, {"limit": "0"}, {"limit": "100000"}, {"offset": "-1"}, {"anonymous": "maybe"}]
)
def test_bad_parameters_are_422_json(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/documents", params=params)
    assert r.status_code == 422
    assert list(params)[0] in r.json()["error"]


def test_empty_query_is_no_filter(client: TestClient) -> None:
    assert client.get("/api/documents", params={"q": " "}).json()["total"] == len(DOCS)


def test_query_of_no_word_finds_nothing(client: TestClient) -> None:
    body = client.get("/api/documents", params={"q": "!!! ???"}).json()
    assert body["total"] == 0 and body["items"] == []


# ------------------------------------------------------------------------------------------- the others
def test_places_counts_and_names_per_source(client: TestClient) -> None:
    body = client.get("/api/places").json()
    by_id = {p["place_id"]: p for p in body["items"]}
    for name, (pid, lat, lon) in PLACES.items():
        specs = [s for s in SPECS if name in s.places]
        p = by_id[pid]
        assert (p["name"], p["lat"], p["lon"]) == (name, lat, lon)
        assert p["mentions"] == sum(s.places.count(name) for s in specs) and p["documents"] == len(specs)
        assert p["names"] == {
            src: {name: sum(1 for s in specs if s.source == src)} for src in {s.source for s in specs}
        }
    mentions = [p["mentions"] for p in body["items"]]
    assert mentions == sorted(mentions, reverse=True) and body["total"] == len(PLACES)
    only = client.get("/api/places", params={"source": "Third Voice"}).json()
    assert [p["place_id"] for p in only["items"]] == [PLACES["Lachin"][0]]
    assert only["items"][0]["names"] == {"Third Voice": {"Lachin": 1}}
    page = client.get("/api/places", params={"limit": 1, "offset": 1}).json()
    assert page["items"] == body["items"][1:2] and page["next_offset"] == 2


def test_sources_figures(client: TestClient) -> None:
    body = client.get("/api/sources").json()
    by_source = {s["source"]: s for s in body["sources"]}
    assert set(by_source) == {s.source or "(unknown source)" for s in SPECS}
    for name, figures in by_source.items():
        specs = [s for s in SPECS if (s.source or "(unknown source)") == name]
        assert figures["documents"] == len(specs)
        days: dict[str, int] = {}
        for s in specs:
            if s.published:
                days[s.published[:10]] = days.get(s.published[:10], 0) + 1
        assert figures["per_day"] == days
        kinds = [k for s in specs for k in s.sourcing]
        assert figures["sourcing"]["attributions"] == len(kinds)
        for kind in set(kinds):
            assert figures["sourcing"]["by_kind"][kind] == kinds.count(kind)
            assert figures["sourcing"]["shares"][kind] == round(kinds.count(kind) / len(kinds), 3)
        techniques = [t for s in specs for t in s.techniques]
        words = sum(len(s.text.split()) for s in specs)
        assert figures["techniques"]["findings"] == len(techniques)
        assert figures["techniques"]["density_per_100_words"] == round(100 * len(techniques) / words, 3)
        assert figures["techniques"]["counts"] == {t: techniques.count(t) for t in set(techniques)}
    window = client.get("/api/sources", params={"since": "2023-06-14"}).json()
    assert {s["source"]: s["documents"] for s in window["sources"]} == {"Valley Observer": 1, "Ridge Herald": 1}


def test_compare_is_presswatch_compare(client: TestClient, db: str) -> None:
    params = {"since": "2023-06-10", "until": "2023-06-20"}
    body = client.get("/api/compare", params=params).json()
    with open_store(db) as store:
        assert body == json.loads(
            json.dumps(compare(store, since="2023-06-10", until="2023-06-20", link=False).to_dict())
        )
    assert len(body["incidents"]) == 1
    inc = body["incidents"][0]["id"]
    assert body["coverage"][inc]["Valley Observer"]["status"] == "reported"
    assert body["coverage"][inc]["Ridge Herald"]["status"] == "reported"
    assert body["coverage"][inc]["Third Voice"]["status"] == "not_reported"
    assert [o["source"] for o in body["omissions"]] == ["Third Voice"]
    two = client.get("/api/compare", params={**params, "sources": "Valley Observer, Third Voice"}).json()
    assert two["sources"] == ["Third Voice", "Valley Observer"]


def test_incidents_are_the_comparisons(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert body["incidents"] == client.get("/api/compare").json()["incidents"]
    reports = body["incidents"][0]["reports"]
    assert sorted(r["source"] for r in reports) == ["Ridge Herald", "Valley Observer"]
    assert client.get("/api/incidents", params={"until": "2023-06-11"}).json()["incidents"] == []


# ----------------------------------------------------------------------------------------------- exports
def test_export_jsonl_streams_every_document(client: TestClient) -> None:
    with client.stream("GET", "/api/export", params={"format": "jsonl"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert sorted(d["id"] for d in lines) == sorted(BY_ID)
    for d in lines:
        jsonschema.validate(d, SCHEMA)


def test_export_csv_and_filters(client: TestClient) -> None:
    r = client.get("/api/export", params={"format": "csv", "source": "Third Voice"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == CSV_FIELDS
    assert sorted(row["id"] for row in rows) == sorted(expected(lambda d, s: s.source == "Third Voice"))
    spans = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "spans-csv"}).text)))
    assert len(spans) == sum(len(d.spans) for d in DOCS)


def test_export_geojson_is_a_feature_collection(client: TestClient) -> None:
    r = client.get("/api/export", params={"format": "geojson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    body = r.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == sum(len(set(s.places)) for s in SPECS)
    assert {f["properties"]["place_id"] for f in body["features"]} == {p for p, _, _ in PLACES.values()}
    empty = client.get("/api/export", params={"format": "geojson", "language": "xx"}).json()
    assert empty == {"type": "FeatureCollection", "features": []}


def test_export_of_many_documents_is_whole(tmp_path: Path) -> None:
    """More documents than one chunk of the stream holds: nothing lost or repeated between chunks."""
    path = str(tmp_path / "many.sqlite")
    with open_store(path) as store:
        for i in range(300):
            store.put(
                Document(
                    text=f"Bulletin {i}: " + "the line of contact was quiet. " * 40,
                    source="Mission",
                    published=f"2023-07-{1 + i % 28:02d}",
                )
            )
    with TestClient(create_app(ServeSettings(db=path))) as c:
        lines = c.get("/api/export").text.splitlines()
    assert len(lines) == 300 and len({json.loads(x)["id"] for x in lines}) == 300


def test_export_unknown_format_is_422(client: TestClient) -> None:
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


# ------------------------------------------------------------------------------------------------ openapi
def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/analyze",
        "/api/places",
        "/api/incidents",
        "/api/compare",
        "/api/sources",
        "/api/export",
    ):
        assert path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"AnalyzeRequest", "DocumentPage", "Document", "PlacePage", "SourcesAnswer"} <= set(schemas)
    ok = spec["paths"]["/api/documents/{document_id}"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Document"
    assert "$defs" not in json.dumps(schemas["Document"])
    assert all(
        ref.removeprefix("#/components/schemas/") in schemas
        for ref in _refs(spec)
        if ref.startswith("#/components/schemas/")
    )


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


# ---------------------------------------------------------------------------------------------- analysis
ANALYZERS = ["entities", "sourcing", "places"]
TEXT = (
    "The ceasefire held near Lachin on Sunday, an official who asked not to be named told reporters. "
    "Residents said the road was open."
)


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    path = str(tmp_path / "new.sqlite")
    with TestClient(create_app(ServeSettings(db=path))) as c:
        yield c, path


def test_analyze_text_answers_the_document(empty_client: tuple[TestClient, str]) -> None:
    client, path = empty_client
    r = client.post("/api/analyze", json={"text": TEXT, "analyzers": ANALYZERS})
    assert r.status_code == 200 and "x-presswatch-stored" not in r.headers
    doc = r.json()
    jsonschema.validate(doc, SCHEMA)
    assert doc["text"] == TEXT and set(doc["analyzers"]) == set(ANALYZERS)
    assert any(s["label"] == "PLACE" and TEXT[s["start"] : s["end"]] == "Lachin" for s in doc["spans"])
    assert client.get("/api/documents").json()["total"] == 0  # not stored unless asked
    stored = client.post("/api/analyze", json={"text": TEXT, "analyzers": ANALYZERS, "store": True})
    assert stored.headers["x-presswatch-stored"] == "new"
    assert client.get(f"/api/documents/{doc['id']}").json()["spans"] == stored.json()["spans"]
    again = client.post("/api/analyze", json={"text": TEXT, "analyzers": ANALYZERS, "store": True})
    assert again.headers["x-presswatch-stored"] == "unchanged"


def test_analyze_text_is_never_read_as_a_file(empty_client: tuple[TestClient, str], tmp_path: Path) -> None:
    client, _ = empty_client
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret word is marmalade.", encoding="utf-8")
    doc = client.post("/api/analyze", json={"text": str(secret), "analyzers": []}).json()
    assert doc["text"] == str(secret)


@pytest.mark.parametrize("body", [{}, {"text": "a", "url": "http://127.0.0.1/"}, {"text": 3}, {"store": True}])
def test_analyze_needs_one_input(empty_client: tuple[TestClient, str], body: dict[str, Any]) -> None:
    r = empty_client[0].post("/api/analyze", json=body)
    assert r.status_code == 422 and r.json()["error"]


def test_analyze_errors(empty_client: tuple[TestClient, str]) -> None:
    client, _ = empty_client
    r = client.post("/api/analyze", json={"text": TEXT, "analyzers": ["no-such-analyzer"]})
    assert r.status_code == 400 and "no-such-analyzer" in r.json()["error"]
    r = client.post("/api/analyze", json={"url": "file:///etc/hostname"})
    assert r.status_code == 422 and "URL" in r.json()["error"]
    r = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]


def test_analyze_url_refuses_loopback_by_default(empty_client: tuple[TestClient, str], http_server: str) -> None:
    client, _ = empty_client
    r = client.post("/api/analyze", json={"url": f"{http_server}/article", "analyzers": []})
    assert r.status_code == 400 and "loopback address" in r.json()["error"]
    for url in ("http://localhost:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/"):
        r = client.post("/api/analyze", json={"url": url, "analyzers": []})
        assert r.status_code == 400 and "--allow-private-addresses" in r.json()["error"]


def test_analyze_url_with_private_addresses_allowed(tmp_path: Path, http_server: str) -> None:
    settings = ServeSettings(db=str(tmp_path / "s.sqlite"), allow_private_addresses=True)
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/analyze", json={"url": f"{http_server}/article", "analyzers": ANALYZERS, "store": True})
        assert r.status_code == 200, r.text
        doc = r.json()
        assert doc["title"].startswith("Ceasefire holds") and doc["url"] == f"{http_server}/article"
        assert client.get("/api/documents").json()["items"][0]["id"] == doc["id"]
        gone = client.post("/api/analyze", json={"url": f"{http_server}/gone", "analyzers": []})
        assert gone.status_code == 502 and "410" in gone.json()["error"]
        image = client.post("/api/analyze", json={"url": f"{http_server}/image", "analyzers": []})
        assert image.status_code == 422


def test_analyze_url_fetch_is_bounded(tmp_path: Path, http_server: str) -> None:
    settings = ServeSettings(db=str(tmp_path / "s.sqlite"), allow_private_addresses=True, max_fetch_bytes=100_000)
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/analyze", json={"url": f"{http_server}/huge", "analyzers": []})
    assert r.status_code == 422 and r.json()["error"]


# ------------------------------------------------------------------------------------------- query plans
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"place_id": "gn:101"}, "spans_place_id"),
        ({"anonymous": True}, "spans_source_kind"),
        ({"anonymous": True}, "spans_cue_source_kind"),
        ({"technique": "Doubt"}, "spans_label"),
    ],
)
def test_span_filters_read_their_indexes(db: str, query: dict[str, Any], index: str) -> None:
    """A filter on spans seeks its index instead of reading every span's attributes."""
    from presswatch.store.base import DocumentQuery

    with open_store(db) as store:
        sel, args, order, _ = store._ordered(DocumentQuery(**query))  # type: ignore[attr-defined]
        plan = " | ".join(
            r[3]
            for r in store.conn.execute(  # type: ignore[attr-defined]
                f"EXPLAIN QUERY PLAN SELECT d.rowid {sel} ORDER BY {order}", args
            )
        )
    assert f"USING INDEX {index} " in plan or f"USING COVERING INDEX {index} " in plan, plan
    assert "SCAN spans" not in plan, plan


def test_pages_walk_the_index_on_published(db: str) -> None:
    from presswatch.store.base import DocumentQuery

    with open_store(db) as store:
        sel, args, order, _ = store._ordered(DocumentQuery())  # type: ignore[attr-defined]
        plan = " | ".join(
            r[3]
            for r in store.conn.execute(  # type: ignore[attr-defined]
                f"EXPLAIN QUERY PLAN SELECT d.rowid {sel} ORDER BY {order} LIMIT 50 OFFSET 3", args
            )
        )
    assert "documents_published" in plan and "TEMP B-TREE" not in plan, plan
