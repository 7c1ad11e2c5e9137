"""The command line, in process (CliRunner) and, for the no-traceback promise, as a real subprocess."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pages import ARTICLE_HTML
from presswatch.cli import app

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    text = "Talks resume\n\nNegotiators met in Geneva on Monday and said the talks would go on."
    (d / "b.txt").write_text(text, encoding="utf-8")
    (d / "broken.html").write_bytes(b"\x00\x01binary\x00" * 50)
    return d


def test_help_lists_commands():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for cmd in ("analyze", "ingest", "search", "show", "eval"):
        assert cmd in res.output


def test_analyze_one_file_json(corpus):
    res = runner.invoke(app, ["analyze", str(corpus / "a.html")])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["schema_version"] == "1.1"
    assert doc["title"] == "Ceasefire holds along the river, officials say"
    assert any(s["label"] == "PERSON" for s in doc["spans"])


def test_analyze_directory_json_lines_and_bad_input(corpus):
    res = runner.invoke(app, ["analyze", str(corpus), "--analyzers", "none"])
    assert res.exit_code == 1  # one input failed; the others were still analysed
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert sorted(d["kind"] for d in lines) == ["html", "text"]
    assert "broken.html" in res.stderr and "binary" in res.stderr
    assert "1 input(s) failed, 2 analysed" in res.stderr


def test_analyze_out_dir_and_formats(corpus, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", str(corpus / "a.html"), str(corpus / "b.txt"), "-a", "none",
                              "--out", str(out), "-f", "html"])
    assert res.exit_code == 0, res.output
    files = sorted(p.suffix for p in out.iterdir())
    assert files == [".html", ".html"]
    res = runner.invoke(app, ["analyze", str(corpus / "b.txt"), "-f", "text", "-a", "none"])
    assert res.exit_code == 0 and "Talks resume" in res.stdout and "id " in res.stdout


def test_analyze_stdin():
    res = runner.invoke(app, ["analyze", "-", "-a", "none"], input=ARTICLE_HTML)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["kind"] == "html"


def test_analyze_url(http_server):
    res = runner.invoke(app, ["analyze", f"{http_server}/article", "-a", "none", "--allow-private-addresses"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["url"] == f"{http_server}/article"
    res = runner.invoke(app, ["analyze", f"{http_server}/gone", "--allow-private-addresses"])
    assert res.exit_code != 0 and "HTTP 410" in res.stderr


def test_ingest_search_show_list_with_db_and_env(corpus, tmp_path, monkeypatch):
    db = tmp_path / "press.sqlite"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-a", "none"])
    assert res.exit_code == 1  # the broken file
    assert "stored 2 new" in res.stderr
    # again: nothing new, no second copy
    res = runner.invoke(app, ["ingest", str(corpus / "a.html"), "--db", str(db), "-a", "none"])
    assert res.exit_code == 0 and "already there" in res.stderr and "2 document(s)" in res.stderr
    monkeypatch.setenv("PRESSWATCH_DB", str(db))
    res = runner.invoke(app, ["search", "Geneva talks"])
    assert res.exit_code == 0 and "Talks resume" in res.stdout
    doc_id = res.stdout.split()[0]
    res = runner.invoke(app, ["show", doc_id[:10]])
    assert res.exit_code == 0 and json.loads(res.stdout)["id"] == doc_id
    res = runner.invoke(app, ["list"])
    assert res.exit_code == 0 and len(res.stdout.strip().splitlines()) == 2
    res = runner.invoke(app, ["search", "nonexistentword"])
    assert res.exit_code == 1
    res = runner.invoke(app, ["show", "ffffffff"])
    assert res.exit_code == 4 and "no stored document" in res.stderr


def test_eval_unknown_target():
    res = runner.invoke(app, ["eval", "nothing-like-this"])
    assert res.exit_code == 2 and "unknown eval target" in res.stderr


def test_errors_are_one_line_without_traceback(tmp_path):
    missing = tmp_path / "missing.html"
    proc = subprocess.run([sys.executable, "-m", "presswatch", "analyze", str(missing)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
    assert proc.stderr.startswith("error: ") and "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
    cmd = [sys.executable, "-m", "presswatch", "ingest", "--db", "postgresql://x/y", str(missing)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 4 and "Traceback" not in proc.stderr and "PostgreSQL" in proc.stderr


def test_demo(tmp_path):
    res = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "demo" / "report.json").read_text())
    assert len(report["documents"]) == 4
    page = (tmp_path / "demo" / "report.html").read_text()
    assert page.count('<section class="doc"') == 4 and "<mark" in page
    assert "http://" not in page.split("<main>")[0]  # self-contained: nothing loaded from elsewhere


# -- check and places over several inputs, headlines and voices ---------------------------------------------------

BULLETIN_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Peacekeepers report two ceasefire violations near Stepanakert</title></head><body><article>
<h1>Peacekeepers report two ceasefire violations near Stepanakert</h1>
<p>The mission said its observers recorded two violations on the line of contact during the night. Nobody was
hurt, and the road to the border villages stayed open for farmers and supply trucks on Monday morning.</p>
<p>The next weekly report of the mission is due on Friday, a spokesperson said at the briefing.</p>
</article></body></html>"""


@pytest.fixture
def bulletins(tmp_path):
    d = tmp_path / "bulletins"
    d.mkdir()
    (d / "a-clean.txt").write_text("Convoys drove from Goris to Khankendi.\n\nThe road stayed open all day.",
                                   encoding="utf-8")
    (d / "b-five.txt").write_text(
        "Buses left Stepanakert for Martakert.\n\nLater they reached Stepanakert again, then Berdzor, Akna and "
        "the town of Martakert. Observers spoke of the so-called “Nagorno-Karabakh” entity.", encoding="utf-8")
    (d / "c-headline.html").write_text(BULLETIN_HTML, encoding="utf-8")
    return d


def test_check_reads_every_file_of_a_directory(bulletins):
    res = runner.invoke(app, ["check", str(bulletins), "--policy", "az-official"])
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    five = [ln for ln in lines if ln.startswith(str(bulletins / "b-five.txt") + ":")]
    assert len(five) == 6 and not any("a-clean" in ln for ln in lines)
    head = [ln for ln in lines if ln.startswith(str(bulletins / "c-headline.html") + ":title:")]
    assert len(head) == 1 and "'Stepanakert'" in head[0] and "Khankendi" in head[0]
    assert "7 violation(s) of az-official in 2 of 3 document(s), counting voice own" in res.stderr
    assert "1 more in other voices left out (mentioned 1" in res.stderr
    res = runner.invoke(app, ["check", str(bulletins / "b-five.txt"), str(bulletins / "a-clean.txt"),
                              "--policy", "az-official", "--voice", "all"])
    assert res.exit_code == 1 and "[mentioned]" in res.stdout and "counting all voices" in res.stderr
    res = runner.invoke(app, ["check", str(bulletins / "a-clean.txt"), "--policy", "az-official"])
    assert res.exit_code == 0 and "no violations of az-official in 1 document(s)" in res.stderr
    res = runner.invoke(app, ["check", str(bulletins / "a-clean.txt"), "--policy", "az-official", "--voice", "loud"])
    assert res.exit_code == 2 and "not a voice" in res.output


def test_check_missing_input_is_not_a_pass(bulletins):
    res = runner.invoke(app, ["check", str(bulletins / "a-clean.txt"), str(bulletins / "nope.txt"),
                              "--policy", "az-official"])
    assert res.exit_code == 2 and "nope.txt" in res.stderr and "1 input(s) could not be read" in res.stderr


def test_places_lists_each_document_with_fields_and_voices(bulletins):
    res = runner.invoke(app, ["places", str(bulletins)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stdout.splitlines() if ln.startswith("== ")] == [
        f"== {bulletins / n}" for n in ("a-clean.txt", "b-five.txt", "c-headline.html")]
    assert any(ln.startswith("title:") and "Stepanakert" in ln for ln in res.stdout.splitlines())
    assert any("Nagorno-Karabakh" in ln and "mentioned" in ln for ln in res.stdout.splitlines())
