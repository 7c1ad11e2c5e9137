"""Turn what a user names (paths, directories, URLs, ``-``, WARC files) into raw inputs.

Batch inputs are produced lazily and one failure never stops the batch: a bad input becomes an
:class:`InputFailure` next to the good ones.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from presswatch.errors import (
    InputError,
    MissingFileError,
    PresswatchError,
    TooLargeError,
    UnsupportedContentError,
)
from presswatch.ingest.feeds import FeedItem, looks_like_feed, parse_feed
from presswatch.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    TEXT_TYPES,
    FetchResult,
    FetchSettings,
    fetch,
    size_text,
    utc_now,
)
from presswatch.ingest.raw import InputFailure, Kind, RawInput

HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_EXT = {".txt", ".text"}
FEED_EXT = {".rss", ".atom"}  # what a directory walk picks up as feeds
XML_EXT = {".xml"}  # a file named with this is read as a feed when its content is one
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def sniff_kind(data: bytes) -> Kind:
    head = data[:4096].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<html" in head:
        return "html"
    return "text"


def kind_for_path(path: Path, data: bytes) -> Kind:
    ext = path.suffix.lower()
    if ext in HTML_EXT:
        return "html"
    if ext in TEXT_EXT:
        return "text"
    return sniff_kind(data)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    origin = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MissingFileError("no such file or directory", source=origin) from None
    except OSError as e:
        raise InputError(f"cannot read it ({e.strerror})", source=origin) from None
    if size > max_bytes:
        raise TooLargeError(
            f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-size)",
            source=origin,
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read it ({e.strerror})", source=origin) from None
    return RawInput(data=data, origin=origin, kind=kind_for_path(path, data), url=None,
                    fetched_at=utc_now())


def fetch_url(url: str, settings: FetchSettings) -> RawInput:
    return _raw_from_fetch(fetch(url, settings))


def _raw_from_fetch(res: FetchResult) -> RawInput:
    kind: Kind = "text" if res.content_type == "text/plain" else "html"
    if res.content_type is None:
        kind = sniff_kind(res.data)
    return RawInput(data=res.data, origin=res.url, kind=kind, url=res.final_url, charset=res.charset,
                    fetched_at=res.fetched_at)


def _feed_items(items: list[FeedItem], settings: FetchSettings, limit: int) -> Iterator[RawInput | InputFailure]:
    for item in items[:limit]:
        try:
            yield fetch_url(item.url, settings)
        except PresswatchError as e:
            yield InputFailure(origin=item.url, error=e)


def is_feed_file(path: Path, data: bytes) -> bool:
    """Whether a file is read as a feed (whose items are then fetched): ``.rss`` and ``.atom`` files always,
    ``.xml`` files when their content is a feed. An ``.html`` or ``.txt`` file (or one without a known
    extension) is a document, even if it starts with ``<rss``: its content alone never makes presswatch fetch."""
    ext = path.suffix.lower()
    return ext in FEED_EXT or (ext in XML_EXT and looks_like_feed(data))


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> RawInput:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLargeError(f"standard input is over the {size_text(max_bytes)} limit", source="stdin")
    if not data.strip():
        raise InputError("standard input is empty", source="stdin")
    return RawInput(data=data, origin="stdin", kind=sniff_kind(data), fetched_at=utc_now())


def _walk(directory: Path) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            low = name.lower()
            if name.startswith("."):
                continue
            if p.suffix.lower() in HTML_EXT | TEXT_EXT | FEED_EXT or low.endswith(WARC_SUFFIXES):
                out.append(p)
    return out


def expand(specs: list[str]) -> list[str]:
    """Expand directories into the documents they hold (sorted), keep everything else as given."""
    out: list[str] = []
    for spec in specs:
        if spec != "-" and not is_url(spec) and Path(spec).is_dir():
            out.extend(str(p) for p in _walk(Path(spec)))
        else:
            out.append(spec)
    return out


def iter_inputs(
    specs: list[str],
    *,
    settings: FetchSettings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    feed_limit: int = 100,
) -> Iterator[RawInput | InputFailure]:
    """Yield a :class:`RawInput` or an :class:`InputFailure` for each document named by ``specs``.

    Directories are expanded beforehand with :func:`expand`; a WARC file yields one input per HTML
    response it holds; an RSS/Atom feed yields its items' pages, at most ``feed_limit``, each fetched with
    its own ``settings.timeout``. A URL is a feed when its content type says so or its content is one; a
    file is a feed when :func:`is_feed_file` says so, never because of its content alone.
    """
    s = settings or FetchSettings(max_bytes=max_bytes)
    for spec in specs:
        try:
            if spec == "-":
                yield read_stdin(max_bytes)
            elif is_url(spec):
                res = fetch(spec, s, accept=HTML_TYPES + TEXT_TYPES + FEED_TYPES)
                if res.content_type in FEED_TYPES or looks_like_feed(res.data):
                    yield from _feed_items(parse_feed(res.data, base_url=res.final_url, source=spec), s, feed_limit)
                else:
                    yield _raw_from_fetch(res)
            elif is_warc(spec):
                from presswatch.ingest.warc import iter_warc

                yield from iter_warc(Path(spec), max_bytes=max_bytes)
            else:
                p = Path(spec)
                if p.is_dir():
                    raise InputError("is a directory; expand it first", source=spec)
                raw = read_file(p, max_bytes)
                if is_feed_file(p, raw.data):
                    yield from _feed_items(parse_feed(raw.data, source=spec), s, feed_limit)
                else:
                    yield raw
        except PresswatchError as e:
            yield InputFailure(origin=spec, error=e)
        except OSError as e:  # anything the OS says that was not foreseen above
            yield InputFailure(origin=spec, error=InputError(f"cannot read it ({e})", source=spec))


__all__ = [
    "RawInput",
    "InputFailure",
    "iter_inputs",
    "expand",
    "read_file",
    "is_url",
    "UnsupportedContentError",
]
