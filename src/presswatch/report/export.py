"""Exports of a set of documents: JSON Lines, CSV (one row per document or per span) and GeoJSON.

CSV rows flatten what a spreadsheet user needs: the document's metadata and each analyzer's headline
figures (``summaries``) as ``analyzer.key`` columns; span rows carry the words they cover.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from presswatch.model import Document

DOC_FIELDS = ["id", "source", "source_domain", "url", "canonical_url", "title", "authors", "published",
              "published_from", "language", "kind", "words", "paragraphs", "spans"]
SPAN_FIELDS = ["document_id", "source", "published", "analyzer", "label", "start", "end", "text", "attrs"]


def _flat_summaries(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, figures in doc.summaries.items():
        for key, value in figures.items():
            if isinstance(value, int | float | str | bool) or value is None:
                out[f"{name}.{key}"] = value
            elif isinstance(value, dict) and all(isinstance(v, int | float) for v in value.values()):
                for k, v in value.items():
                    out[f"{name}.{key}.{k}"] = v
    return out


def document_row(doc: Document) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": doc.id, "source": doc.source, "source_domain": doc.source_domain, "url": doc.url,
        "canonical_url": doc.canonical_url, "title": doc.title, "authors": "; ".join(doc.authors),
        "published": doc.published, "published_from": doc.published_from, "language": doc.language,
        "kind": doc.kind, "words": len(doc.text.split()), "paragraphs": len(doc.paragraphs), "spans": len(doc.spans),
    }
    row.update(_flat_summaries(doc))
    return row


def span_rows(doc: Document) -> Iterator[dict[str, Any]]:
    for s in doc.spans:
        yield {"document_id": doc.id, "source": doc.source, "published": doc.published, "analyzer": s.analyzer,
               "label": s.label, "start": s.start, "end": s.end, "text": doc.span_text(s),
               "attrs": json.dumps(s.attrs, ensure_ascii=False, sort_keys=True)}


def write_jsonl(docs: Iterable[Document], out: IO[str]) -> int:
    n = 0
    for doc in docs:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_documents_csv(docs: Iterable[Document], out: IO[str]) -> int:
    rows = [document_row(d) for d in docs]  # the summary columns are known only after all rows
    extra = sorted({k for r in rows for k in r} - set(DOC_FIELDS))
    writer = csv.DictWriter(out, fieldnames=DOC_FIELDS + extra, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def write_spans_csv(docs: Iterable[Document], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=SPAN_FIELDS)
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
