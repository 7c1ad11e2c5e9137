"""GeoJSON export of the places found in one document or a corpus."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from presswatch.model import Document


def to_geojson(docs: Document | Iterable[Document]) -> dict[str, Any]:
    """A FeatureCollection with one Point per place a document names (resolved places with coordinates).

    Mentions of the same place in the same document are grouped into one feature, which lists each
    mention's offsets and the name used, so that a map can show which names a text chose. A mention in the
    headline or standfirst says so (``field``); its offsets are over that field.
    """
    if isinstance(docs, Document):
        docs = [docs]
    features: list[dict[str, Any]] = []
    for doc in docs:
        features.extend(document_features(doc))
    return {"type": "FeatureCollection", "features": features}


def document_features(doc: Document) -> list[dict[str, Any]]:
    """The features of one document (see :func:`to_geojson`), in the order its places are first named."""
    groups: dict[str, dict[str, Any]] = {}
    for s in doc.spans:
        if s.label != "PLACE":
            continue
        a = s.attrs
        if a.get("place_id") is None or a.get("lat") is None or a.get("lon") is None:
            continue
        f = groups.get(a["place_id"])
        if f is None:
            f = groups[a["place_id"]] = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [a["lon"], a["lat"]]},
                "properties": {"place_id": a["place_id"], "name": a.get("name"), "country": a.get("country"),
                               "feature": a.get("feature"), "document": doc.id, "url": doc.url,
                               "title": doc.title, "mentions": []},
            }
        f["properties"]["mentions"].append({
            "start": s.start, "end": s.end, "text": doc.span_text(s),
            **({"field": s.field} if s.field != "text" else {}),
            "matched_name": a.get("matched_name"), "name_kind": a.get("name_kind"),
            "name_lang": a.get("name_lang"),
            **({"resolved_via": a["resolved_via"]} if a.get("resolved_via") else {}),
        })
    for f in groups.values():
        f["properties"]["count"] = len(f["properties"]["mentions"])
    return list(groups.values())
