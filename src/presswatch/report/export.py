"""Exports of a set of documents: JSON Lines, CSV (one row per document or per span) and GeoJSON.

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
    from presswatch.report.geojson import to_geojson

    collection = to_geojson(list(docs))
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(collection.get("features", []))
