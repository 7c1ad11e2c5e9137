"""What the commands print for a person: no terminal escapes from pages, where each document was seen, the HTML
report's tables, and progress that suits where stderr goes (issues 13 and 14)."""

from __future__ import annotations

import io
import json
import re

import pytest
from typer.testing import CliRunner

from pages import ARTICLE_HTML
from presswatch.cli import app
from presswatch.model import Document, Span
from presswatch.progress import Progress, progress_mode
from presswatch.report.html import report_html
from presswatch.report.text import document_text, for_terminal
from presswatch.store import open_store

runner = CliRunner()

EVIL_TITLE = "Evil \x1b[2J\x1b]0;owned\x07title\x1b[31m red\x9b1m\r\x08 end"
EVIL_URL = "https://evil.example/\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_for_terminal_removes_escape_sequences_and_control_characters():
    assert for_terminal(EVIL_TITLE) == "Evil title red end"
    assert for_terminal(EVIL_URL) == "https://evil.example/click"
    assert for_terminal("line one\n\tline two\x00\x7f") == "line one\n\tline two"
    assert for_terminal("a\n b\t c", oneline=True) == "a b c"
    assert for_terminal("Шахтёры — «сводка» 日本 ‎x") == "Шахтёры — «сводка» 日本 ‎x"  # text is not touched
    assert for_terminal(None) == ""


def _evil_doc() -> Document:
    text = "Peacekeepers said the \x1b[8mhidden\x1b[0m road was open.\n\nA second paragraph follows here."
    doc = Document(text=text, title=EVIL_TITLE, url=EVIL_URL, source="Evil\x1b[5m Times", language="en")
    doc.spans.append(Span(0, 12, "ORG", "entities", {}))
    doc.analyzers["entities"] = "1"
    return doc


def test_list_search_show_print_no_terminal_escapes_and_json_keeps_the_data(tmp_path):
    db = str(tmp_path / "s.sqlite")
    doc = _evil_doc()
    with open_store(db) as store:
        store.put(doc, seen_url=doc.url)
    outputs = []
    for args in (["list"], ["search", "peacekeepers"], ["show", doc.id, "-f", "text"]):
        res = runner.invoke(app, [*args, "--db", db])
        assert res.exit_code == 0, res.output
        assert "Evil title red end" in res.stdout
        outputs.append(res.stdout + res.stderr)
    for out in outputs:
        assert not CONTROL.search(out.replace("\n", "").replace("\t", "")), repr(out)
    assert "https://evil.example/click" in outputs[2] and "Evil Times" in outputs[2]
    res = runner.invoke(app, ["show", doc.id, "--db", db])
    shown = json.loads(res.stdout)
    assert shown["title"] == EVIL_TITLE and shown["url"] == EVIL_URL and shown["text"] == doc.text
    res = runner.invoke(app, ["search", "peacekeepers", "--db", db, "--json"])
    assert json.loads(res.stdout)[0]["title"] == EVIL_TITLE


def test_ingest_prints_no_terminal_escapes(tmp_path):
    page = tmp_path / "evil.txt"
    page.write_text(EVIL_TITLE + "\n\nNegotiators met in Geneva on Monday and said the talks would go on.",
                    encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(page), "--db", str(tmp_path / "s.sqlite"), "-a", "none"])
    assert res.exit_code == 0, res.output
    assert "Evil title red" in res.stdout  # (a text file's title ends at the carriage return)
    assert not CONTROL.search((res.stdout + res.stderr).replace("\n", "")), repr(res.stdout)


def test_every_place_a_document_was_seen_is_recorded_and_shown(tmp_path, http_server):
    # issue 14: a duplicate skipped within one run (or found in the store by a later run) left no trace of where
    # it was seen
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.html", "copy.html"):
        (d / name).write_text(ARTICLE_HTML, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    res = runner.invoke(app, ["ingest", str(d / "a.html"), str(d / "copy.html"), f"{http_server}/article",
                              "--db", db, "-a", "none", "--allow-private-addresses"])
    assert res.exit_code == 0, res.output
    assert res.stdout.count("new ") == 1 and res.stderr.count("skipped: ") == 2
    again = tmp_path / "later.html"
    again.write_text(ARTICLE_HTML, encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(again), f"{http_server}/redirect", "--db", db, "-a", "none",
                              "--allow-private-addresses"])
    assert res.exit_code == 0 and "unchanged" in res.stdout
    with open_store(db) as store:
        (doc_id,) = [r.document_id for r in store.list()]
        seen = store.urls(doc_id)
    assert {str(d / "a.html"), str(d / "copy.html"), f"{http_server}/article", str(again),
            f"{http_server}/redirect"} <= set(seen)
    assert seen.index(str(d / "a.html")) < seen.index(str(again))  # first seen first
    res = runner.invoke(app, ["show", doc_id[:8], "--db", db, "-f", "text"])
    assert res.exit_code == 0 and "seen at" in res.stdout
    assert all(where in res.stdout for where in seen)
    res = runner.invoke(app, ["show", doc_id[:8], "--db", db, "-f", "html"])
    assert "Seen at" in res.stdout and str(d / "copy.html") in res.stdout


def test_origins_stay_with_their_documents_when_inputs_fail(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "1.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (d / "2-broken.html").write_bytes(b"\x00\x01binary\x00" * 50)
    (d / "3-copy.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (d / "4.txt").write_text("Talks resume\n\nNegotiators met in Geneva on Monday and said the talks would go on.",
                             encoding="utf-8")
    (d / "5-missing.html").write_text("", encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    res = runner.invoke(app, ["ingest", str(d), "--db", db, "-a", "none"])
    assert res.exit_code == 1 and res.stdout.count("new ") == 2
    with open_store(db) as store:
        seen = {r.title: set(store.urls(r.document_id)) for r in store.list()}
    assert {str(d / "1.html"), str(d / "3-copy.html")} <= seen["Ceasefire holds along the river, officials say"]
    assert seen["Talks resume"] == {str(d / "4.txt")}


def test_search_command_collapses_near_copies_and_notes_dropped_words(tmp_path):
    article = " ".join(f"Sentence {i}: the observers counted {i * 3} vehicles near the river crossing."
                       for i in range(40))
    db = str(tmp_path / "s.sqlite")
    with open_store(db) as store:
        store.put(Document(text=article, title="Original"))
        for k in range(1, 12):
            store.put(Document(text=article.replace(f"Sentence {k}:", f"Line {k}:") + f" Note {k}.", title=f"Copy {k}"))
    res = runner.invoke(app, ["search", "observers river", "--db", db])
    assert res.exit_code == 0 and res.stdout.count("\n    ") == 1 and "(+11 near-copies)" in res.stdout
    res = runner.invoke(app, ["search", "observers river", "--db", db, "--json"])
    (hit,) = json.loads(res.stdout)
    assert len(hit["near_copies"]) == 11
    res = runner.invoke(app, ["search", "observers river", "--db", db, "--all-copies", "--json"])
    assert len(json.loads(res.stdout)) == 12
    res = runner.invoke(app, ["search", " ".join(f"word{i}" for i in range(40)), "--db", db])
    assert res.exit_code == 1 and "note: searched for the first 32 of the query's 40 different words" in res.stderr
    res = runner.invoke(app, ["search", "observers AND", "--raw", "--db", db])
    assert res.exit_code != 0 and "bad search query" in res.stderr and "Traceback" not in res.output


def _techniques_doc() -> Document:
    """Two sentences of one paragraph flagged Loaded_Language (3 spans) and one Doubt: 2 findings, 4 spans."""
    text = "They call it a heroic, glorious victory. Critics doubt it. The shameful lies go on.\n\nNothing here."
    doc = Document(text=text, title="Opinion", language="en")
    para = [0, 84]
    for start, end, label in ((15, 21, "Loaded_Language"), (23, 31, "Loaded_Language"), (41, 58, "Doubt"),
                              (63, 71, "Loaded_Language")):
        doc.spans.append(Span(start, end, label, "techniques", {"paragraph": para, "level": "span"}))
    doc.analyzers["techniques"] = "0.5.0"
    from presswatch.analyzers.techniques import profile

    doc.summaries["techniques"] = {**profile(doc), "genre": {"label": "opinion", "confidence": 0.9687,
                                                             "scores": {"opinion": 0.9687, "reporting": 0.02}}}
    doc.summaries["frames"] = {"frames": [{"frame": "Morality", "confidence": 0.61}], "scores": {"Morality": 0.61}}
    return doc


def test_text_report_counts_agree_with_the_figures():
    # issue 13 item 9: the headline counted spans ("Loaded_Language 3"), the figures findings per paragraph (1)
    doc = _techniques_doc()
    assert doc.summaries["techniques"]["counts"] == {"Doubt": 1, "Loaded_Language": 1}
    line = next(ln for ln in document_text(doc).splitlines() if ln.strip().startswith("techniques"))
    assert "Loaded_Language 1" in line and "Doubt 1" in line and "4 span(s)" in line
    assert "Loaded_Language 3" not in document_text(doc)


def test_html_report_shows_tables_and_bars_not_python_values():
    page = report_html([_techniques_doc()])
    assert "{'" not in page and "item(s)" not in page
    assert '<table class="bars">' in page and 'style="width:96.9%"' in page  # opinion 0.9687 on a 0-1 scale
    assert '<table class="records">' in page and "<th>frame</th>" in page and "<td>Morality</td>" in page
    assert "<script src" not in page and "<link" not in page and "url(" not in page  # nothing from elsewhere


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_mode_follows_the_terminal_and_the_option(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    assert progress_mode(None, io.StringIO()) == "off"
    assert progress_mode(True, io.StringIO()) == "lines"
    assert progress_mode(False, _Tty()) == "off"
    assert progress_mode(None, _Tty()) == "bar"
    monkeypatch.setenv("TERM", "dumb")
    assert progress_mode(None, _Tty()) == "lines"


def test_progress_lines_off_a_terminal_and_a_bar_on_one():
    out = io.StringIO()
    with Progress("work", total=100, show=True, stream=out) as p:
        for i in range(1, 101):
            p.update(i)
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and len(lines) == 10 and lines[-1].startswith("work: 100/100 (100%)")
    out = io.StringIO()
    with Progress("work", total=5, stream=out) as p:
        p.update(5)
    assert out.getvalue() == ""
    tty = _Tty()
    with Progress("work", total=5, stream=tty) as p:
        p.update(5)
    assert "\rwork [" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[K")  # cleared at the end


def test_cli_progress_forced_off_a_terminal_prints_plain_lines(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(page), "-a", "none", "--progress"])
    assert res.exit_code == 0 and "analysing: 1/1 (100%)" in res.stderr and "\r" not in res.stderr
    res = runner.invoke(app, ["analyze", str(page), "-a", "none"])
    assert res.exit_code == 0 and "analysing" not in res.stderr


def test_gazetteer_build_reports_through_the_progress_of_the_command(monkeypatch, capsys):
    # issue 13 item 10: the first use built the gazetteer for half a minute in silence
    from presswatch.gazetteer import index as gstore

    def fake_build(say):
        say("gazetteer: first use, building it")
        say("gazetteer: 3 places built", keep=True)
        return "gazetteer"

    monkeypatch.setattr(gstore, "_build", fake_build)
    with Progress("analysing", total=1, show=True):
        assert gstore.build() == "gazetteer"
    err = capsys.readouterr().err
    assert "gazetteer: first use, building it\n" in err and "gazetteer: 3 places built\n" in err and "\r" not in err
    assert gstore.build(progress=False) == "gazetteer" and capsys.readouterr().err == ""


@pytest.mark.parametrize("show", [None, False])
def test_gazetteer_build_is_silent_off_a_terminal_unless_asked(monkeypatch, capsys, show):
    from presswatch.gazetteer import index as gstore

    monkeypatch.setattr(gstore, "_build", lambda say: say("gazetteer: building") or "g")
    with Progress("analysing", total=1, show=show):
        gstore.build()
    assert capsys.readouterr().err == ""
