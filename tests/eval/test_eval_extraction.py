"""``presswatch eval extraction`` on a two-page corpus invented here: how snippets and metadata are counted, and
what the command prints and writes. (The real corpus is not needed: the scorer is checked, not the figures.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pages import ARTICLE_HTML
from presswatch.errors import DataMissingError
from presswatch.eval import extraction
from presswatch.eval.extraction import Output, Tally, author_set, evaluate, failure_report, format_table, score_meta

ARTICLE = {
    "file": "article.html",
    "with": ["held for a third   day on Sunday", "next weekly report on Friday"],
    "without": ["Follow us on Twitter", "Storm warning issued"],
    "title": "Ceasefire holds along the river, officials say",
    "date": "2023-05-14",
    "author": "Dana Whitfield",
}
EMPTY = {"file": "empty.html", "with": ["a sentence that is on no page"], "without": ["Home"],
         "title": "", "date": "", "author": ""}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "html" / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    evaldata = {"https://valley.example/ceasefire": ARTICLE, "https://valley.example/index": EMPTY}
    (tmp_path / "evaldata.json").write_text(json.dumps(evaldata), encoding="utf-8")
    return tmp_path


def test_author_lists_compare_as_sets_of_names():
    assert author_set("By Dana Whitfield and Lee Moss") == {"dana whitfield", "lee moss"}
    assert author_set("Lee  Moss; dana whitfield.") == author_set("Dana Whitfield & Lee Moss")
    assert author_set("Von Anna Berg und Jonas Keller") == {"anna berg", "jonas keller"}
    assert author_set(None) == author_set("") == frozenset()


def test_snippets_are_counted_after_whitespace_normalisation():
    t = Tally()
    item = {"with": ["quiet  night", "crossing reopens"], "without": ["Subscribe now", "quiet"]}
    missed, leaked = t.add_body(item, "It was a quiet\nnight in the valley.")
    assert (missed, leaked) == (["crossing reopens"], ["quiet"])
    assert (t.tp, t.fn, t.fp, t.tn) == (1, 1, 1, 1)
    missed, leaked = t.add_body(item, None)  # a failed page misses every with-snippet and leaks nothing
    assert (missed, leaked) == (item["with"], [])
    assert (t.tp, t.fn, t.fp, t.tn) == (1, 3, 1, 3)
    s = t.scores()
    assert s["precision"] == pytest.approx(0.5) and s["recall"] == pytest.approx(0.25)
    assert s["accuracy"] == pytest.approx(4 / 8) and s["f1"] == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert s["pages_per_s"] == 0.0  # no time recorded


def test_metadata_is_exact_match_over_pages_with_gold():
    t = Tally()
    out = Output(text="x", title="Ceasefire  holds", date="2023-05-14T09:30:00Z", author="Lee Moss; Dana Whitfield")
    gold = {"title": "Ceasefire holds", "date": "2023-05-14", "author": "Dana Whitfield and Lee Moss"}
    wrong = score_meta(t, gold, out)
    assert wrong == {"author": ("Dana Whitfield and Lee Moss", "Lee Moss; Dana Whitfield")}
    assert t.meta_ok == {"title": 1, "date": 1, "author": 0, "author~": 1}
    assert score_meta(t, {"title": "", "date": None, "author": ""}, Output()) == {}  # no gold: not counted
    assert t.meta_gold == {"title": 1, "date": 1, "author": 1, "author~": 1}


def test_evaluate_scores_both_systems_on_the_same_pages(corpus: Path):
    result = evaluate(corpus, progress=False)
    assert result["pages"] == 2 and result["presswatch_given_url"] and not result["trafilatura_given_url"]
    pw = result["systems"]["presswatch"]
    # the article: both with-snippets found, no boilerplate; the index page: no article text, a failure
    assert (pw["tp"], pw["fn"], pw["fp"], pw["tn"], pw["failures"]) == (2, 1, 0, 3, 1)
    assert pw["precision"] == 1.0 and pw["recall"] == pytest.approx(0.6667) and pw["f1"] == 0.8
    assert (pw["title"], pw["date"], pw["author"]) == (1.0, 1.0, 1.0)
    assert pw["gold_counts"] == {"title": 1, "date": 1, "author": 1, "author~": 1}
    first, second = result["per_page"]
    assert first["lang"] == "en" and second["lang"] == "?"
    assert first["presswatch"] == {"missed": [], "leaked": [], "wrong": {}, "error": None}
    assert second["presswatch"]["error"].startswith("NoArticleTextError")
    assert second["presswatch"]["missed"] == EMPTY["with"]
    tr = result["systems"]["trafilatura"]
    assert tr["tp"] + tr["fn"] == 3 and tr["fp"] + tr["tn"] == 3 and tr["gold_counts"] == pw["gold_counts"]

    table = format_table(result)
    assert table.splitlines()[0].split()[:5] == ["system", "body", "P", "body", "R"]
    assert "title (1)" in table and "on 2 pages" in table
    assert any(line.startswith("presswatch") and line.split()[1:5] == ["1.000", "0.667", "0.833", "0.800"]
               and line.split()[-1] == "1" for line in table.splitlines())
    report = failure_report(result)
    assert "en        1       0       0      0     0       0" in report
    assert "empty.html: NoArticleTextError" in report and "empty.html: 'a sentence that is on no page'" in report


def test_limit_reads_only_the_first_pages(corpus: Path):
    result = evaluate(corpus, limit=1, progress=False)
    assert result["pages"] == 1 and [p["file"] for p in result["per_page"]] == ["article.html"]
    assert result["systems"]["presswatch"]["failures"] == 0


def test_run_prints_the_table_and_writes_the_json_it_is_given(corpus: Path, tmp_path: Path, capsys):
    out = tmp_path / "figures.json"
    assert extraction.run(data=corpus, json_out=out, failures=2, no_progress=True) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("system") and "presswatch errors by page language" in printed
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["pages"] == 2 and saved["systems"]["presswatch"]["tp"] == 2


def test_a_missing_corpus_is_a_clear_error(tmp_path: Path):
    with pytest.raises(DataMissingError, match="evaldata.json"):
        extraction.run(data=tmp_path / "nowhere", no_progress=True)
