"""Exports of any size: Parquet written a row group at a time and read back whole; GeoJSON written as the documents
come, the same bytes as before; the SQLite store read through a cursor, a page of ids at a time."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from presswatch.cli import app
from presswatch.model import Document, Span
from presswatch.report import export as ex
from presswatch.report.geojson import to_geojson
from presswatch.store import open_store

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
runner = CliRunner()


def _docs(n: int) -> list[Document]:
    out = []
    for i in range(n):
        text = f"Bulletin {i}\n\nObservers in Lviv counted {i} convoys on day {i}; the governor confirmed it."
        place = Span(
            text.index("Lviv"),
            text.index("Lviv") + 4,
            "PLACE",
            "places",
            {
                "place_id": "702550",
                "lat": 49.84,
                "lon": 24.03,
                "name": "Lviv",
                "country": "UA",
                "matched_name": "Lviv",
                "name_kind": "official",
                "name_lang": "en",
            },
        )
        out.append(
            Document(
                text,
                title=f"Bulletin {i}",
                source="Invented Herald",
                source_domain="herald.example",
                url=f"https://herald.example/{i}",
                published=f"2024-03-{i % 28 + 1:02d}",
                language="en",
                spans=[place],
                analyzers={"places": "3", "sourcing": "6"},
                summaries={"sourcing": {"attributions": i, "named_share": 0.5, "by_kind": {"official": i}}},
            )
        )
    return out


class Counted:
    """An iterable of documents that records how many were taken."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.taken = 0

    def __iter__(self):
        for d in self.docs:
            self.taken += 1
            yield d


def test_parquet_round_trip_in_row_groups(tmp_path, monkeypatch):
    docs = _docs(7)
    source = Counted(docs)
    taken_at_write: list[int] = []
    real = pq.ParquetWriter.write_table

    def spy(self, table, *args, **kwargs):
        taken_at_write.append(source.taken)
        assert table.num_rows <= 3  # never more than one row group in memory
        return real(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", spy)
    path = tmp_path / "d.parquet"
    assert ex.write_parquet(source, path, row_group=3) == 7
    assert taken_at_write == [3, 6, 7]  # each group written before the next documents are read
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 3 and meta.num_rows == 7
    table = pq.read_table(path)
    assert table.column_names == ex.CSV_FIELDS + [ex.PARQUET_DOCUMENT]
    assert table.schema.field("words").type == pa.int64()
    assert table.schema.field("sourcing.named_share").type == pa.float64()
    rows = table.to_pylist()
    assert [json.loads(r["document"]) for r in rows] == [d.to_dict() for d in docs]
    assert [r["sourcing.attributions"] for r in rows] == list(range(7))
    assert rows[2]["sourcing.by_kind"] == '{"official": 2}'
    assert rows[0]["frames.labels"] is None  # a figure not computed is null, not ""


def test_parquet_of_nothing_is_a_valid_empty_file(tmp_path):
    path = tmp_path / "e.parquet"
    assert ex.write_parquet([], path) == 0
    assert pq.read_table(path).num_rows == 0


def test_export_parquet_from_the_store(tmp_path):
    db = tmp_path / "s.sqlite"
    docs = _docs(4)
    with open_store(db) as store:
        for d in docs:
            store.put(d)
    out = tmp_path / "x.parquet"
    res = runner.invoke(app, ["export", "--db", str(db), "-f", "parquet", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "exported 4 row(s)" in res.output
    got = {json.loads(r["document"])["id"]: json.loads(r["document"]) for r in pq.read_table(out).to_pylist()}
    assert got == {d.id: d.to_dict() for d in docs}
    res = runner.invoke(app, ["export", "--db", str(db), "-f", "parquet"])
    assert res.exit_code == 2 and "--out" in res.output


def test_geojson_is_streamed_and_unchanged():
    docs = _docs(3)
    out = io.StringIO()
    source = Counted(docs)
    assert ex.write_geojson(source, out) == 3
    before = json.dumps(to_geojson(docs), ensure_ascii=False) + "\n"
    assert out.getvalue() == before  # the bytes the whole-list version wrote
    empty = io.StringIO()
    assert ex.write_geojson([], empty) == 0
    assert json.loads(empty.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_store_iterates_through_a_cursor_and_tolerates_writes(tmp_path, monkeypatch):
    import presswatch.store.sqlite as sq

    monkeypatch.setattr(sq, "ITER_PAGE", 2)
    docs = _docs(5)
    with open_store(tmp_path / "s.sqlite") as store:
        for d in docs:
            store.put(d)
        expected = [d.id for d in store.iter_documents()]
        assert sorted(expected) == sorted(d.id for d in docs)
        seen = []
        for d in store.iter_documents():  # rewriting each document while reading them all
            seen.append(d.id)
            d.analyzers["places"] = "4"
            assert store.put(d).status == "updated"
        assert seen == expected
        assert all(store.get(i).analyzers["places"] == "4" for i in expected)
