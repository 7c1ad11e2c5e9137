import json
from pathlib import Path

import jsonschema
import pytest

from presswatch.model import Document, Span, content_id, paragraph_offsets

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src/presswatch/schema/document.schema.json").read_text(encoding="utf-8")
)


def test_content_id_is_stable_under_whitespace_and_normalisation():
    a = content_id("Cafe\u0301 opens\n\nin  town")
    b = content_id("Café opens in town")
    assert a == b
    assert content_id("Café opens in town.") != a
    assert len(a) == 20


def test_paragraph_offsets_blank_lines_and_single_lines():
    text = "First line\nstill first.\n\n  Second para.  \n\n\nThird."
    paras = paragraph_offsets(text)
    assert [text[a:b] for a, b in paras] == ["First line\nstill first.", "Second para.", "Third."]
    text2 = "One.\nTwo.\nThree."
    assert [text2[a:b] for a, b in paragraph_offsets(text2)] == ["One.", "Two.", "Three."]


def test_span_rejects_bad_offsets():
    with pytest.raises(ValueError):
        Span(5, 3, "X")
    with pytest.raises(ValueError):
        Span(-1, 3, "X")


def test_document_round_trip_and_schema():
    doc = Document(text="Volkov said the road was open.\nNo incidents.", title="T", authors=["A B"],
                   published="2022-03-08", published_from="meta", language="en", kind="html")
    doc.spans.append(Span(0, 6, "PERSON", "entities", {"text": "Volkov"}))
    doc.analyzers["entities"] = "1"
    d = doc.to_dict()
    jsonschema.validate(d, SCHEMA)
    back = Document.from_dict(json.loads(json.dumps(d)))
    assert back == doc
    assert back.paragraphs == [(0, 30), (31, 44)]
    doc.encoding, doc.encoding_confidence = "cp1252", 0.83
    jsonschema.validate(doc.to_dict(), SCHEMA)
    assert Document.from_dict(doc.to_dict()) == doc


def test_documents_written_before_the_encoding_fields_still_read_and_validate():
    d = Document(text="x y z").to_dict()
    for k in ("encoding", "encoding_confidence"):
        del d[k]
    jsonschema.validate(d, SCHEMA)
    assert Document.from_dict(d).encoding is None
    d["encoding_confidence"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, SCHEMA)


def test_schema_rejects_unknown_date_source():
    d = Document(text="x y z").to_dict()
    d["published_from"] = "guess"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, SCHEMA)
