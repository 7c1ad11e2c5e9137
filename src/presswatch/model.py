"""The data model every stage shares: plain typed data, no behaviour beyond (de)serialisation.

Every finding is a :class:`Span` in character offsets over one field of its document (standoff
annotation): the body (:attr:`Document.text`), the headline (:attr:`Document.title`) or the standfirst
(:attr:`Document.description`), so any claim in a report can be shown highlighted in the words it rests on.
The JSON form is described by ``schema/document.schema.json`` (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, Literal

SCHEMA_VERSION = "1.1"

DateSource = Literal["json-ld", "meta", "url", "text", "given"]
DocumentKind = Literal["html", "text"]
SpanField = Literal["title", "description", "text"]
# the fields of a document that analyzers read, in reading order
FIELDS: tuple[SpanField, ...] = ("title", "description", "text")

_WS = re.compile(r"\s+")


_SCALARS = (str, int, float, bool, type(None))


def _copied(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, tuples, scalars), as dataclasses.asdict makes it."""
    if isinstance(value, _SCALARS):
        return value
    if type(value) is dict:
        return {k: _copied(v) for k, v in value.items()}
    if type(value) is list:
        return [_copied(v) for v in value]
    if type(value) is tuple:
        return tuple(_copied(v) for v in value)
    return copy.deepcopy(value)


def content_id(text: str) -> str:
    """Stable id of a document: the SHA-256 of its text after Unicode NFC and whitespace folding.

    The same article fetched twice, or from two URLs, gets the same id; a changed word changes it.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class Span:
    """A finding over ``Document.text[start:end]``, or over the headline or standfirst (see :attr:`field`).

    ``label`` names what was found (``PERSON``, ``GPE``, a technique...), ``analyzer`` which analyzer
    found it, and ``attrs`` carries analyzer-specific, JSON-serialisable details.
    """

    start: int
    end: int
    label: str
    analyzer: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    @property
    def field(self) -> str:
        """The field the offsets are over: ``"text"`` (the body), ``"title"`` or ``"description"``.

        Kept in ``attrs["field"]``, absent for the body, so that it travels wherever the attributes go
        (JSON, the store) and a span written before fields existed reads as a body span.
        """
        return str(self.attrs.get("field") or "text")

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "analyzer": self.analyzer,
            "attrs": self.attrs,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            label=str(d["label"]),
            analyzer=str(d.get("analyzer", "")),
            attrs=dict(d.get("attrs") or {}),
        )


@dataclass(slots=True)
class Document:
    """One article, bulletin or post, with its metadata and the spans analyzers found in it."""

    text: str
    id: str = ""
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None  # outlet name ("Example Times"), or its domain when no name is given
    source_domain: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or date-time
    published_from: DateSource | None = None  # where the date was found
    fetched_at: str | None = None  # ISO 8601 UTC date-time, when the input was fetched or read
    language: str | None = None  # ISO 639-1 code
    language_score: float | None = None
    kind: DocumentKind = "text"
    description: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    analyzers: dict[str, str] = field(default_factory=dict)  # name -> version of each analyzer run
    # name -> per-document figures an analyzer computes from its spans (e.g. a sourcing profile)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    encoding: str | None = None  # the codec the bytes were decoded with (Python's name: utf-8, cp1252, koi8-r)
    encoding_confidence: float | None = None  # 0..1: 1.0 when declared or certain, lower when detected

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)
        if not self.paragraphs:
            self.paragraphs = paragraph_offsets(self.text)

    def spans_by(self, analyzer: str, field: str | None = "text") -> list[Span]:
        """The spans ``analyzer`` found in ``field`` (default: the body; None: every field)."""
        return [s for s in self.spans if s.analyzer == analyzer and (field is None or s.field == field)]

    def field_text(self, field: str = "text") -> str:
        """The text of a field: ``"text"`` (the body), ``"title"`` or ``"description"`` ("" when absent)."""
        if field == "text":
            return self.text
        if field == "title":
            return self.title or ""
        if field == "description":
            return self.description or ""
        raise ValueError(f"unknown document field {field!r}; fields are {', '.join(FIELDS)}")

    def span_text(self, span: Span) -> str:
        """The words ``span`` covers, in whichever field it lies."""
        return self.field_text(span.field)[span.start : span.end]

    def paragraph_texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        # what dataclasses.asdict gives (an independent copy), without its generic recursion over the spans: the
        # document endpoint of presswatch serve spent most of its time there
        d: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for name in _DOCUMENT_FIELDS:
            d[name] = None if name in ("paragraphs", "spans") else _copied(getattr(self, name))  # (keeps the order)
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        d["spans"] = [
            {"start": s.start, "end": s.end, "label": s.label, "analyzer": s.analyzer, "attrs": _copied(s.attrs)}
            for s in self.spans
        ]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        known = {f for f in cls.__dataclass_fields__}  # type: ignore[attr-defined]
        kw = {k: v for k, v in d.items() if k in known}
        kw["paragraphs"] = [tuple(p) for p in d.get("paragraphs") or []]
        kw["spans"] = [Span.from_dict(s) for s in d.get("spans") or []]
        kw["authors"] = list(d.get("authors") or [])
        kw["analyzers"] = dict(d.get("analyzers") or {})
        kw["summaries"] = dict(d.get("summaries") or {})
        return cls(**kw)


_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))


def paragraph_offsets(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of ``text``.

    Extracted article text has one paragraph per line; plain text files often separate paragraphs by
    blank lines and wrap lines inside them. A text with blank lines is split on blank lines, otherwise
    on every line break. Leading and trailing whitespace is left out of each range.
    """
    out: list[tuple[int, int]] = []
    pattern = _PARA if re.search(r"\n\s*\n", text) else re.compile(r"[^\n]+")
    for m in pattern.finditer(text):
        a, b = strip_range(text, m.start(), m.end())
        if b > a:
            out.append((a, b))
    return out


def strip_range(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` without the white space at either end of ``text[a:b]`` (empty: ``a == b``)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
