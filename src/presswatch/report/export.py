"""Exports of a set of documents: JSON Lines, CSV (one row per document or per span), GeoJSON and Parquet, each
written as the documents come (an export never holds the whole store).

The document CSV has the same columns whatever the documents hold (listed in ``docs/export.md``): the metadata,
the analyzers' headline figures as one column each, and each figure that varies in shape (speakers, counts by
technique, frame scores) as one JSON column; the rest of the analyzers' figures are kept in ``other_figures``.
Span rows carry the words they cover. Every cell goes through :mod:`presswatch.report.csvsafe`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from presswatch.model import Document
from presswatch.report.csvsafe import SafeDictWriter

DOC_FIELDS = ["id", "source", "source_domain", "url", "canonical_url", "title", "authors", "published",
              "published_from", "language", "kind", "words", "paragraphs", "spans", "analyzers"]
# (column, path in the document's summaries): a number or a name, or a JSON cell where the figure is a mapping
SUMMARY_FIELDS: list[tuple[str, tuple[str, ...]]] = [
    ("sourcing.attributions", ("sourcing", "attributions")),
    ("sourcing.named_share", ("sourcing", "named_share")),
    ("sourcing.anonymous_share", ("sourcing", "anonymous_share")),
    ("sourcing.unsourced_count", ("sourcing", "unsourced_count")),
    ("sourcing.by_kind", ("sourcing", "by_kind")),
    ("sourcing.by_type", ("sourcing", "by_type")),
    ("sourcing.speakers", ("sourcing", "speakers")),
    ("techniques.findings", ("techniques", "findings")),
    ("techniques.density_per_100_words", ("techniques", "density_per_100_words")),
    ("techniques.counts", ("techniques", "counts")),
    ("techniques.genre", ("techniques", "genre", "label")),
    ("techniques.genre_confidence", ("techniques", "genre", "confidence")),
    ("frames.labels", ("frames", "labels")),
    ("frames.scores", ("frames", "scores")),
    ("incidents.incidents", ("incidents", "incidents")),
    ("incidents.by_type", ("incidents", "by_type")),
]
OTHER_FIELD = "other_figures"
CSV_FIELDS = DOC_FIELDS + [c for c, _ in SUMMARY_FIELDS] + [OTHER_FIELD]
SPAN_FIELDS = ["document_id", "source", "published", "analyzer", "label", "start", "end", "text", "attrs"]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cell(value: Any) -> Any:
    """A number or a name as it is; a mapping or a list as JSON; nothing as an empty cell."""
    if value is None:
        return ""
    return _json(value) if isinstance(value, dict | list) else value


_SHOWN = {path for _, path in SUMMARY_FIELDS if len(path) == 2}
_SHOWN_IN_PART: dict[tuple[str, ...], set[str]] = {}
for _, _path in SUMMARY_FIELDS:
    if len(_path) == 3:
        _SHOWN_IN_PART.setdefault(_path[:2], set()).add(_path[2])


def _other_figures(summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The figures no column shows (of a figure shown in part, like the genre, what its columns leave out)."""
    out: dict[str, Any] = {}
    for name, figures in summaries.items():
        rest: dict[str, Any] = {}
        for key, value in figures.items():
            if (name, key) in _SHOWN:
                continue
            part = _SHOWN_IN_PART.get((name, key))
            if part and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k not in part}
                if not value:
                    continue
            rest[key] = value
        if rest:
            out[name] = rest
    return out


def document_row(doc: Document) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": doc.id, "source": doc.source, "source_domain": doc.source_domain, "url": doc.url,
        "canonical_url": doc.canonical_url, "title": doc.title, "authors": "; ".join(doc.authors),
        "published": doc.published, "published_from": doc.published_from, "language": doc.language,
        "kind": doc.kind, "words": len(doc.text.split()), "paragraphs": len(doc.paragraphs), "spans": len(doc.spans),
        "analyzers": _json(doc.analyzers),
    }
    for column, path in SUMMARY_FIELDS:
        value: Any = doc.summaries
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        row[column] = _cell(value)
    other = _other_figures(doc.summaries)
    row[OTHER_FIELD] = _json(other) if other else ""
    return row


def span_rows(doc: Document) -> Iterator[dict[str, Any]]:
    for s in doc.spans:
        yield {"document_id": doc.id, "source": doc.source, "published": doc.published, "analyzer": s.analyzer,
               "label": s.label, "start": s.start, "end": s.end, "text": doc.span_text(s),
               "attrs": _json(s.attrs)}


def write_jsonl(docs: Iterable[Document], out: IO[str]) -> int:
    n = 0
    for doc in docs:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_documents_csv(docs: Iterable[Document], out: IO[str]) -> int:
    writer = SafeDictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    n = 0
    for doc in docs:  # the columns are fixed: rows are written as they come
        writer.writerow(document_row(doc))
        n += 1
    return n


def write_spans_csv(docs: Iterable[Document], out: IO[str]) -> int:
    writer = SafeDictWriter(out, fieldnames=SPAN_FIELDS)
    writer.writeheader()
    n = 0
    for doc in docs:
        for row in span_rows(doc):
            writer.writerow(row)
            n += 1
    return n


def write_geojson(docs: Iterable[Document], out: IO[str]) -> int:
    """The FeatureCollection of :func:`~presswatch.report.geojson.to_geojson`, the same bytes, written a document's
    features at a time."""
    from presswatch.report.geojson import document_features

    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for doc in docs:
        for f in document_features(doc):
            out.write((", " if n else "") + json.dumps(f, ensure_ascii=False))
            n += 1
    out.write("]}\n")
    return n


PARQUET_ROW_GROUP = 1000  # documents per row group: what a Parquet export holds in memory at once
# the csv columns that are numbers (the others are text, a JSON cell as its text); then the whole document
_PARQUET_INTS = {"words", "paragraphs", "spans", "sourcing.attributions", "sourcing.unsourced_count",
                 "techniques.findings", "incidents.incidents"}
_PARQUET_FLOATS = {"sourcing.named_share", "sourcing.anonymous_share", "techniques.density_per_100_words",
                   "techniques.genre_confidence"}
PARQUET_DOCUMENT = "document"  # the column holding each document as `jsonl` writes it


def _parquet_schema() -> Any:
    import pyarrow as pa

    def kind(c: str) -> Any:
        return pa.int64() if c in _PARQUET_INTS else pa.float64() if c in _PARQUET_FLOATS else pa.string()

    return pa.schema([(c, kind(c)) for c in CSV_FIELDS] + [(PARQUET_DOCUMENT, pa.string())])


def _parquet_value(column: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column in _PARQUET_INTS:
        return int(value)
    if column in _PARQUET_FLOATS:
        return float(value)
    return value if isinstance(value, str) else _json(value)


def write_parquet(docs: Iterable[Document], path: Any, *, row_group: int = PARQUET_ROW_GROUP) -> int:
    """One row per document into the Parquet file ``path``: the csv columns (numbers typed) and ``document``, the
    whole document as JSON. Written ``row_group`` documents at a time, each a row group, so that memory holds one
    group whatever the number of documents. Needs pyarrow (the ``parquet`` extra)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from presswatch.errors import ConfigError

        raise ConfigError("a Parquet export needs pyarrow: pip install 'presswatch[parquet]'") from None
    schema = _parquet_schema()
    columns: dict[str, list[Any]] = {c: [] for c in schema.names}
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:

        def flush() -> None:
            writer.write_table(pa.table(columns, schema=schema), row_group_size=row_group)
            for values in columns.values():
                values.clear()

        for doc in docs:
            row = document_row(doc)
            for c in CSV_FIELDS:
                columns[c].append(_parquet_value(c, row[c]))
            columns[PARQUET_DOCUMENT].append(json.dumps(doc.to_dict(), ensure_ascii=False))
            n += 1
            if n % row_group == 0:
                flush()
        if n % row_group or n == 0:
            flush()
    return n
