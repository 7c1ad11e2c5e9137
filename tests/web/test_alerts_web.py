"""Alerts and watch health in the API and on the pages: ``GET /api/alerts`` (the ledger, newest first, paged),
health in ``/api/sources``, the ``/alerts`` page and the health badges and whose-sources of the sources page; hostile
text in an alert is shown as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presswatch.alerts import ledger, load_rules
from presswatch.alerts.events import Alert, Evidence
from presswatch.alerts.rules import parse_rules
from presswatch.model import Document, Span
from presswatch.store import open_store
from presswatch.watch.queue import iso
from presswatch.watch.registry import save_source, validate
from presswatch.web.app import create_app
from presswatch.web.deps import ServeSettings

T0 = datetime(2026, 3, 1, tzinfo=UTC)
SECRET_HOOK = "https://hooks.example/services/T0-secret-path?token=abc123"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="alert(1)">'
RULES = f"""alerts:
- {{name: corridor, keyword: corridor, webhook: '{SECRET_HOOK}', email: desk@example.org}}
- {{name: bridge, keyword: bridge, log: true}}
"""


def _doc(n: int, source: str, text: str) -> Document:
    doc = Document(text=text, source=source, title=f"Report {n}", published=f"2026-02-{10 + n:02d}")
    doc.analyzers = {"sourcing": "6"}
    return doc


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "press.sqlite")
    with open_store(path) as store:
        ids = [
            store.put(
                _doc(n, "Valley Observer" if n % 2 else "Ridge Herald", f"The corridor was open on day {n}.")
            ).document_id
            for n in range(3)
        ]
        load_rules(store, parse_rules(RULES), now=T0)
        rules = {r.rule.name: r for r in ledger.stored_rules(store)}
        for n, did in enumerate(ids):  # three alerts, one a minute, the last with hostile words
            message = HOSTILE if n == 2 else f"corridor in report {n}"
            alert = Alert(
                "corridor", "keyword", f"corridor|document|{did}", message, [Evidence(did, "text", 4, 12, "corridor")]
            )
            assert ledger.record(store, [(alert, rules["corridor"])], T0 + timedelta(minutes=n))
        bridge = Alert("bridge", "keyword", "bridge|document|x", "bridge", [])
        ledger.record(store, [(bridge, rules["bridge"])], T0 + timedelta(minutes=10))
        # watched sources: one that keeps failing, one with no document stored
        for name in ("Valley Observer", "Coast Daily"):
            save_source(store, validate({"name": name, "feed": f"https://{name.split()[0].lower()}.example/feed"}))
        store.conn.execute(
            "UPDATE watch_endpoints SET first_success = ?, last_success = ?, error_streak = 5, last_error = ?, "
            "last_error_at = ? WHERE source = 'Valley Observer'",
            (iso(0), iso(60), "the server answered HTTP 503", iso(120)),
        )
    return path


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(db=db))) as c:
        yield c


def test_alerts_newest_first_and_paged(client: TestClient) -> None:
    body = client.get("/api/alerts").json()
    assert body["total"] == 4 and body["next_offset"] is None
    assert [a["rule"] for a in body["items"]] == ["bridge", "corridor", "corridor", "corridor"]
    assert [a["fired_at"] for a in body["items"]][1:] == [
        "2026-03-01T00:02:00Z",
        "2026-03-01T00:01:00Z",
        "2026-03-01T00:00:00Z",
    ]
    first = client.get("/api/alerts", params={"limit": 2}).json()
    second = client.get("/api/alerts", params={"limit": 2, "offset": first["next_offset"]}).json()
    assert first["next_offset"] == 2 and second["next_offset"] is None
    assert [a["id"] for a in first["items"] + second["items"]] == [a["id"] for a in body["items"]]
    only = client.get("/api/alerts", params={"rule": "corridor"}).json()
    assert only["total"] == 3 and {a["rule"] for a in only["items"]} == {"corridor"}
    assert client.get("/api/alerts", params={"limit": 0}).status_code == 422


def test_alert_evidence_and_deliveries_without_the_webhook_secret(client: TestClient) -> None:
    oldest = client.get("/api/alerts", params={"rule": "corridor"}).json()["items"][-1]
    assert oldest["message"] == "corridor in report 0" and oldest["kind"] == "keyword"
    assert oldest["evidence"][0]["text"] == "corridor" and oldest["evidence"][0]["start"] == 4
    got = {(d["channel"], d["target"], d["state"]) for d in oldest["deliveries"]}
    assert got == {("webhook", "https://hooks.example/…", "pending"), ("email", "desk@example.org", "pending")}
    assert "secret" not in client.get("/api/alerts").text and "abc123" not in client.get("/alerts").text


def test_sources_carry_watch_health(client: TestClient) -> None:
    body = client.get("/api/sources").json()
    by = {s["source"]: s for s in body["sources"]}
    assert by["Valley Observer"]["health"]["status"] == "failing"
    assert by["Valley Observer"]["health"]["error_streak"] == 5
    assert "HTTP 503" in by["Valley Observer"]["health"]["warning"]
    assert by["Ridge Herald"]["health"] is None  # not watched
    assert [(h["name"], h["status"]) for h in body["other_watched"]] == [("Coast Daily", "waiting")]


def test_alerts_page_escapes_hostile_text(client: TestClient) -> None:
    r = client.get("/alerts")
    assert r.status_code == 200
    assert HOSTILE not in r.text and "<script>window" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=" in r.text  # shown as text
    assert "corridor in report 1" in r.text and "failing" in r.text and "Valley Observer" in r.text
    assert 'href="/documents/' in r.text  # evidence links to the document
    assert 'href="/alerts"' in r.text  # in the navigation
    filtered = client.get("/alerts", params={"rule": "bridge"})
    assert "corridor in report" not in filtered.text and "bridge" in filtered.text


def test_alerts_page_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from presswatch.web import pages

    monkeypatch.setattr(pages, "ALERTS_PAGE", 2)
    first = client.get("/alerts")
    assert "offset=2" in first.text and "newer</a>" not in first.text
    second = client.get("/alerts", params={"offset": "2"})
    assert "corridor in report 0" in second.text and "newer</a>" in second.text
    assert client.get("/alerts", params={"offset": "-3"}).status_code == 200  # read as 0


def test_sources_page_health_badges(client: TestClient) -> None:
    r = client.get("/sources")
    assert r.status_code == 200
    assert 'class="health health-failing"' in r.text and "the last 5 polls failed" in r.text
    assert "Watched, no document in this window" in r.text and 'class="health health-waiting"' in r.text
    assert "Whose sources" in r.text


def test_empty_ledger(tmp_path: Path) -> None:
    path = str(tmp_path / "empty.sqlite")
    with open_store(path) as store:
        store.put(_doc(1, "Coast Daily", "Nothing happened."))
    with TestClient(create_app(ServeSettings(db=path))) as c:
        assert c.get("/api/alerts").json() == {"items": [], "total": 0, "offset": 0, "limit": 50, "next_offset": None}
        assert "No alert has fired" in c.get("/alerts").text
        assert c.get("/api/sources").json()["other_watched"] == []


def test_whose_sources_on_the_sources_page_match_compare(tmp_path: Path) -> None:
    path = str(tmp_path / "whose.sqlite")
    doc = Document(
        text="The defence ministry of Azerbaijan said the road was shelled.",
        source="Valley Observer",
        published="2026-02-01",
    )
    doc.spans.append(Span(4, 38, "SOURCE", "sourcing", {"attribution": 0, "kind": "named_organisation"}))
    doc.analyzers = {"sourcing": "6"}
    doc.summaries = {"sourcing": {"attributions": 1, "by_kind": {"named_organisation": 1}}}
    with open_store(path) as store:
        store.put(doc)
    with TestClient(create_app(ServeSettings(db=path))) as c:
        compared = c.get("/api/compare").json()["sourcing"]["Valley Observer"]["by_affiliation"]
        assert sum(compared.values()) == 1
        (affiliation,) = compared
        page = c.get("/sources").text
    assert f'<th>{affiliation}</th><td class="num">1</td>' in page
