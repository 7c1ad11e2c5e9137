"""Hostile content: markup, entities and SQL in what pages say never act (rows of docs/security.md)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.ingest.extract import extract_html
from presswatch.ingest.feeds import parse_feed
from presswatch.model import Document, Span
from presswatch.report.html import report_html
from presswatch.store import open_store

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


def _active_markup(page: str) -> list[str]:
    """Markup that would run in a browser and that the page itself did not write."""
    found = re.findall(r"<script>alert|<img [^>]*onerror|href=\"javascript:", page)
    return found


def test_html_report_escapes_every_field_a_page_controls():
    doc = Document(text=f"The mayor said {PAYLOAD} on Monday.", title=PAYLOAD, source=PAYLOAD, url=PAYLOAD,
                   authors=[PAYLOAD])
    start = doc.text.index(PAYLOAD)
    doc.spans.append(Span(start, start + len(PAYLOAD), "SOURCE", analyzer="sourcing", attrs={"speaker": PAYLOAD}))
    page = report_html([doc], title=PAYLOAD, seen_at={doc.id: [PAYLOAD]})
    assert _active_markup(page) == []
    assert "&lt;script&gt;alert(1)" in page  # shown as text, not dropped


def test_stored_payloads_stay_inert_in_show_and_compare_html(tmp_path):
    page = (f"<html><head><title>{PAYLOAD}</title></head><body><article><h1>Shelling near Tarvik</h1>"
            f"<p>Observers said two shells hit the village of Tarvik on 12 June 2023. {PAYLOAD}</p>"
            "<p>The ministry said the shelling came from the hills above the river.</p></article></body></html>")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.html"), "--db", db, "--source", PAYLOAD]).exit_code == 0
    with open_store(db) as store:
        (doc_id,) = [d.document_id for d in store.list()]
    shown = runner.invoke(app, ["show", doc_id, "--db", db, "-f", "html"])
    assert shown.exit_code == 0 and _active_markup(shown.stdout) == []
    out = tmp_path / "compare.html"
    compared = runner.invoke(app, ["compare", "--db", db, "-f", "html", "-o", str(out)])
    assert compared.exit_code == 0, compared.output
    assert _active_markup(out.read_text(encoding="utf-8")) == []


def test_feed_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss><channel><item><title>&x;</title><link>https://example.org/1</link></item></channel></rss>').encode()
    items = parse_feed(xxe)
    assert "TOP-SECRET-VALUE" not in repr(items)


def test_html_extraction_does_not_resolve_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<html><body><article><p>The council met on Monday and said &x; the budget would pass.</p>"
            "<p>A second paragraph about the budget and the roads of the town.</p></article></body></html>")
    doc = extract_html(page.encode(), url=None, fetched_at="2024-01-01T00:00:00Z", origin="x")
    assert "TOP-SECRET-VALUE" not in doc.text and "TOP-SECRET-VALUE" not in (doc.title or "")


def test_sql_in_names_queries_and_sources_is_data(tmp_path):
    db = str(tmp_path / "s.sqlite")
    evil = "x'); DROP TABLE documents; --"
    with open_store(db) as store:
        store.put(Document(text=f"The council of Riverton met on Monday. {evil}", title=evil, source=evil))
        store.put(Document(text="The mayor of Riverton opened the bridge on Tuesday.", title="Bridge"))
        assert store.count() == 2
        assert len(store.search("Riverton")) == 2
        assert len(store.search(evil)) == 1  # the words of the payload, matched as words
        assert [s.title for s in store.list(source=evil)] == [evil]
        assert store.count() == 2
