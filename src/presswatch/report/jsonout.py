"""JSON output following ``schema/document.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from presswatch.model import Document


def document_json(doc: Document, *, indent: int | None = 2) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent)


def documents_json(docs: list[Document], *, indent: int | None = 2) -> str:
    from presswatch.model import SCHEMA_VERSION

    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "documents": [d.to_dict() for d in docs],
    }
    return json.dumps(payload, ensure_ascii=False, indent=indent)
