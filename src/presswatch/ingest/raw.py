"""What ingestion hands on: the bytes of one document (:class:`RawInput`), or why one could not be read
(:class:`InputFailure`). Its own module so that every reader (files, URLs, feeds, WARC) can produce them
without importing the dispatcher in :mod:`presswatch.ingest.sources`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presswatch.errors import PresswatchError

Kind = Literal["html", "text"]


@dataclass(slots=True)
class RawInput:
    """Bytes of one document, before decoding and extraction."""

    data: bytes
    origin: str  # what to call it in messages: the path, URL, "stdin" or "archive.warc#3"
    kind: Kind
    url: str | None = None
    charset: str | None = None  # declared by the server, if any
    fetched_at: str | None = None


@dataclass(slots=True)
class InputFailure:
    origin: str
    error: PresswatchError
