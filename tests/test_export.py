import csv
import io
import json

from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.demo import sample_paths
from presswatch.model import Document, Span
from presswatch.report.export import document_row, write_documents_csv, write_spans_csv

runner = CliRunner()


def test_rows_flatten_summaries():
    doc = Document(text="Volkov said the road was open.", source="Mission", title="T")
    doc.spans.append(Span(0, 6, "SOURCE", "sourcing", {"kind": "named_person"}))
    doc.summaries["sourcing"] = {"attributions": 1, "by_kind": {"named_person": 1}, "speakers": ["x"]}
    row = document_row(doc)
    assert row["sourcing.attributions"] == 1 and row["sourcing.by_kind.named_person"] == 1
    assert "sourcing.speakers" not in row  # lists are not flattened into a cell
    buf = io.StringIO()
    assert write_documents_csv([doc], buf) == 1
    assert "sourcing.by_kind.named_person" in buf.getvalue().splitlines()[0]
    buf = io.StringIO()
    write_spans_csv([doc], buf)
    (span,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert span["text"] == "Volkov" and json.loads(span["attrs"]) == {"kind": "named_person"}


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
