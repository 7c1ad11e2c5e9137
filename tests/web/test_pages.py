"""The dashboard's pages rendered by the app (FastAPI's TestClient over the invented store of conftest.py): each page
answers with its key content, page-derived text is escaped wherever it lands, unknown documents are 404s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from presswatch.model import Document, Span
from presswatch.report.html import segments
from presswatch.web.deps import ServeSettings
from presswatch.web.pages import document_view

if TYPE_CHECKING:  # pragma: no cover
    from conftest import WebStore


@pytest.fixture(scope="module")
def client(web_app: Any) -> Iterator[TestClient]:
    with TestClient(web_app) as c:
        yield c


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.scripts.append(data)


def elements(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def assert_no_markup_from_payloads(page: str) -> None:
    """No element, attribute or link that a payload could have made: the page's own tags only."""
    found = elements(page)
    assert found.scripts == [], "inline script"
    for tag, attrs in found.tags:
        assert tag not in ("img", "iframe", "object", "embed"), f"<{tag}> from a payload"
        assert not any(name.startswith("on") for name in attrs), f"event handler on <{tag}>"
        assert "style" not in attrs, f"inline style on <{tag}>"  # the CSP forbids them
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().lstrip().startswith("javascript:"), f"{name} on <{tag}>"
        if tag == "script":
            assert attrs.get("src") == "/static/dashboard.js"


def test_overview_lists_sources_counts_and_latest_documents(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for text in (
        "Harbor Gazette",
        "Valley Herald",
        "Capital Wire",
        "Shooting near Askeran leaves one soldier wounded",
        "<b>5</b> documents",
        "<b>1</b> incidents linked",
    ):
        assert text in r.text
    hrefs = {a.get("href") for tag, a in elements(r.text).tags if tag == "a"}
    assert {"/", "/search", "/map", "/compare", "/sources", "/analyze"} <= hrefs


def test_document_page_draws_layers_figures_and_where_it_was_seen(client: TestClient, web_store: WebStore) -> None:
    r = client.get(f"/documents/{web_store.ids['gazette']}")
    assert r.status_code == 200
    page = r.text
    for layer in ("places", "sourcing", "incidents", "entities"):
        assert f'data-layer="{layer}"' in page
    assert re.search(r'<mark class="hl L-places K-place"[^>]*data-tip="Place: Askyaran', page)
    assert "Other names:" in page  # the gazetteer's names of the place
    assert re.search(r'data-tip="Source: Anahit Sarkisova\nKind: named person', page)
    assert "https://gazette.example/askeran" in page and f'href="/api/documents/{web_store.ids["gazette"]}"' in page
    assert '<table class="bars">' in page and '<svg class="bar' in page
    assert "{'" not in page and "': " not in page  # no Python dict printed as a figure
    # entities start hidden; the policy layer is listed but empty until a policy is chosen
    assert re.search(r'data-layer="entities" data-target="doc-text">', page)
    assert 'data-layer="policy" data-tip=' not in page


def test_document_page_under_a_naming_policy(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/documents/{web_store.ids['gazette']}", params={"policy": "az-official"}).text
    verdict = re.search(r'<mark class="hl L-policy K-deprecated"[^>]*data-tip="([^"]*)"[^>]*>Stepanakert', page)
    assert verdict and "az-official: deprecated; use Khankendi" in verdict.group(1)
    assert '<option value="az-official" selected>' in page
    same = client.get(f"/documents/{web_store.ids['gazette']}", params={"policy": "../../etc/passwd"}).text
    assert 'data-layer="policy" data-tip=' not in same  # only the shipped policies are offered or read


def test_techniques_are_explained(client: TestClient, web_store: WebStore) -> None:
    page = client.get(f"/documents/{web_store.ids['opinion']}").text
    tips = re.findall(r'<mark class="hl L-techniques[^"]*"[^>]*data-tip="([^"]*)"', page)
    assert tips and all("confidence" in t for t in tips)
    assert any("Loaded language" in t or "Name-calling" in t or "Flag-waving" in t for t in tips)
    assert "techniques per 100 words" not in page  # that is the sources page's; here: the figures table
    assert "density per 100 words" in page


def test_unknown_or_malformed_documents_are_404(client: TestClient) -> None:
    for path in ("/documents/ffffffffffff", "/documents/not-an-id", "/map?document=ffffffffffff"):
        r = client.get(path)
        assert r.status_code == 404 and "No such document" in r.text, path


def test_search_with_words_facets_and_pages(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Askeran"}).text
    assert "Troops open fire near Askeran" in page and "Shooting near Askeran leaves one soldier wounded" in page
    assert '<mark class="match">Askeran</mark>' in page
    only = client.get("/search", params={"q": "Askeran", "source": "Valley Herald"}).text
    assert "Troops open fire near Askeran" in only and "Shooting near Askeran" not in only
    assert "1 document match" in only
    dated = client.get("/search", params={"since": "2023-06-15", "until": "2023-06-15"}).text
    assert "Wheat harvest begins around Ganja" in dated and "Troops open fire" not in dated
    technique = client.get("/search", params={"technique": "Loaded_Language"}).text
    assert "Enough is enough" in technique and "Wheat harvest" not in technique
    place = client.get("/search", params={"place": "gn:587084"}).text  # Baku
    assert "Wheat harvest begins around Ganja" in place and "Troops open fire" not in place
    lang = client.get("/search", params={"lang": "fr"}).text
    assert "0 documents" in lang
    bad = client.get("/search", params={"q": '"unbalanced', "since": "not a date", "page": "x"})
    assert bad.status_code == 200


def test_search_pages_through_results(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import presswatch.web.pages as pages

    monkeypatch.setattr(pages, "PER_PAGE", 2)
    first = client.get("/search").text
    assert "page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/search", params={"page": "3"}).text
    assert "page 3 of 3" in last and 'rel="prev"' in last and last.count('<li class="result">') == 1
    seen = set()
    for n in (1, 2, 3):
        seen |= set(re.findall(r'href="/documents/([0-9a-f]+)"', client.get("/search", params={"page": n}).text))
    assert len(seen) == 5


def test_map_of_the_store_a_query_and_a_document(client: TestClient, web_store: WebStore) -> None:
    everything = client.get("/map").text
    assert everything.count('<circle class="dot"') == 4
    assert re.search(r'data-label="Askyaran \(\d+ mentions\)"', everything)
    query = client.get("/map", params={"q": "wheat"}).text
    assert query.count('<circle class="dot"') == 2 and "Ganja" in query and "Askyaran" not in query
    one = client.get("/map", params={"document": web_store.ids["herald"]}).text
    assert "Askyaran" in one and "Ganja" not in one


def test_compare_matrix_omissions_naming_and_timeline(client: TestClient) -> None:
    page = client.get("/compare").text
    row = re.search(r"<tr><th scope=\"row\">.*?</tr>", page, re.S)
    assert row and "ceasefire_violation" in row.group(0)
    statuses = re.findall(r'data-status="([a-z_]+)"', row.group(0))
    heads = re.findall(r'<th scope="col" class="src"><span>(.*?)</span>', page)
    cells = dict(zip(heads, statuses, strict=True))
    assert cells["Harbor Gazette"] == cells["Valley Herald"] == "reported"
    assert cells["Capital Wire"] == "not_reported"
    assert re.search(r"Omissions \(2\)", page)  # Capital Wire and the hostile page's outlet published then
    assert '<span class="badge">divergent</span>' in page  # Stepanakert and Khankendi for one place
    assert '<figure class="timeline">' in page and "Harbor Gazette — Stepanakert" in page
    later = client.get("/compare", params={"since": "2023-06-15"}).text
    assert "0 incidents" in later


def test_sources_profiles(client: TestClient) -> None:
    page = client.get("/sources").text
    assert page.count('<section class="card source">') == 4
    assert "techniques per 100 words" in page and "Not analysed for persuasion techniques." in page
    assert 'class="hbar"' in page and "Stepanakert</a> ×" in page


def test_analyze_form_and_pasted_text(client: TestClient) -> None:
    form = client.get("/analyze").text
    assert '<textarea id="text" name="text"' in form and 'name="token"' not in form
    r = client.post(
        "/analyze",
        data={
            "text": "Talks\n\nShots were fired near Askeran, the ministry said.",
            "analyzers": ["places", "sourcing"],
            "policy": "dual-naming",
        },
    )
    assert r.status_code == 200 and "analysed, not stored" in r.text
    assert 'class="hl L-places K-place"' in r.text and 'class="hl L-sourcing K-source"' in r.text
    empty = client.post("/analyze", data={"text": "  ", "analyzers": ["places"]})
    assert empty.status_code == 400 and "paste a text or give a URL" in empty.text


def test_analyze_never_reads_server_files_and_refuses_private_urls(client: TestClient, tmp_path: Any) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is swordfish.", encoding="utf-8")
    r = client.post("/analyze", data={"text": str(secret), "analyzers": ["places"]})
    assert r.status_code == 200 and "swordfish" not in r.text  # the path is analysed as text, not opened
    private = client.post("/analyze", data={"url": "http://127.0.0.1:9/x", "analyzers": ["places"]})
    assert private.status_code == 400 and "notice error" in private.text
    other = client.post("/analyze", data={"url": "file:///etc/passwd", "analyzers": ["places"]})
    assert other.status_code == 400 and "http:// or https://" in other.text


def test_analyze_needs_the_token_when_the_server_has_one(web_store: WebStore) -> None:
    from presswatch.web.app import create_app

    with TestClient(create_app(ServeSettings(db=web_store.db, token="s3cret"))) as c:
        assert 'name="token"' in c.get("/analyze").text
        data = {"text": "Shots near Askeran.", "analyzers": ["places"]}
        assert c.post("/analyze", data=data).status_code == 403
        assert c.post("/analyze", data={**data, "token": "wrong"}).status_code == 403
        ok = c.post("/analyze", data={**data, "token": "s3cret"})
        assert ok.status_code == 200 and 'class="hl L-places' in ok.text


def test_hostile_text_is_escaped_on_every_page(
    client: TestClient, web_store: WebStore, payloads: dict[str, str]
) -> None:
    hostile = web_store.ids["hostile"]
    paths = [
        f"/documents/{hostile}",
        f"/documents/{hostile}?policy=az-official",
        "/search?q=talks",
        "/search",
        "/map?q=talks",
        f"/map?document={hostile}",
        "/map",
        "/compare",
        "/sources",
        "/",
    ]
    for path in paths:
        page = client.get(path).text
        assert payloads["script"] not in page and payloads["img"] not in page, path
        assert_no_markup_from_payloads(page)
    page = client.get(f"/documents/{hostile}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Talks near" in page  # shown, as text
    assert "javascript:alert(document.domain)" in page  # the URL it was seen at: listed, never a link
    assert re.search(r'data-tip="Source: the spokesman of &lt;script&gt;', page)  # the quoted speaker
    sources = client.get("/sources").text
    assert "Night &lt;b onmouseover=&#34;window.__pwned=4&#34;&gt;Post&lt;/b&gt;" in sources


def test_segments_nest_the_marks_of_overlapping_findings() -> None:
    text = "Shelling near Askeran was reported."
    outer = Span(0, 21, "CONTENT", "sourcing")
    inner = Span(14, 21, "PLACE", "places")
    pieces = segments(0, len(text), [inner, outer])
    assert [(text[a:b], [s.label for s, _ in cover]) for a, b, cover in pieces] == [
        ("Shelling near ", ["CONTENT"]),
        ("Askeran", ["CONTENT", "PLACE"]),
        (" was reported.", []),
    ]
    assert [ends for _, ends in pieces[1][2]] == [True, True]
    view = document_view(Document(text, title="Shelling", spans=[outer, inner]))
    assert [m.layer for m in view.paragraphs[0][1].marks] == ["sourcing", "places"]


def test_compare_of_a_long_window_draws_its_latest_incidents_and_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presswatch.web.pages as pages

    monkeypatch.setattr(pages, "INCIDENT_DETAILS", 0)
    page = client.get("/compare").text
    assert '<section class="incident"' not in page and "The words of the latest" not in page
    assert 'href="#inc-' not in page  # no link to a section that is not drawn
    monkeypatch.setattr(pages, "MATRIX_ROWS", 0)
    page = client.get("/compare").text
    assert "The latest 0 of 1 incidents: narrow the dates" in page and 'data-status="' not in page
