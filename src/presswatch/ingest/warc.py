"""Read the HTML responses out of a WARC (or ARC) file with warcio.

warcio does not report a truncated archive: a record whose block is cut short reads as a shorter record
(its ``Content-Length`` is simply not reached), a gzip member cut before its end decompresses as far as it
goes, and a member cut before any of its data comes out ends the iteration as if the archive were
complete. So after each record this module checks that the whole block was there and that its gzip
member ended, and after the last one that the file was read to its end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presswatch.errors import InputError, MalformedWarcError, PresswatchError
from presswatch.ingest.fetch import HTML_TYPES, _media_type, size_text
from presswatch.ingest.localfile import open_regular, os_error, shown
from presswatch.ingest.raw import InputFailure, RawInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1 << 16


class _Truncated(Exception):
    """Record ``number`` (1-based, any type), starting at byte ``offset`` of the file, is incomplete."""

    def __init__(self, number: int, offset: int, why: str) -> None:
        super().__init__(why)
        self.number = number
        self.offset = offset
        self.why = why


def _drain(stream: Any) -> None:
    while stream.read(_CHUNK):
        pass


def _check_complete(it: Any, record: Any, number: int, offset: int) -> None:
    """Raise :class:`_Truncated` when ``record`` (already read to its end) is not whole."""
    if record.length is None:  # a WARC record must say how long it is: its headers were cut
        raise _Truncated(number, offset, "its headers end without a Content-Length")
    declared = record.rec_headers.get_header("Content-Length")
    if declared is not None and not declared.strip().isdigit():  # warcio reads it as 0
        raise _Truncated(number, offset, f"its Content-Length {declared.strip()[:20]!r} is cut or invalid")
    left = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: bytes of the block never read
    if left:
        raise _Truncated(number, offset, f"{left} byte(s) of its {record.length}-byte block are missing")
    reader = getattr(it, "reader", None)
    decompressor = getattr(reader, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        raise _Truncated(number, offset, "its gzip member ends before its end-of-stream marker")


def iter_warc(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawInput | InputFailure]:
    """Yield a RawInput per HTML response record (status < 400), in file order.

    A record that is too large is yielded as an InputFailure. Damage to the archive, a truncated one
    included, ends the iteration with a :class:`MalformedWarcError` that names the record and the byte
    offset where it broke and how many HTML records were read before it: those stay analysed, and the
    record that was cut short is not passed on as if it were whole.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed

    origin = shown(path)
    n = 0  # HTML records yielded
    count = 0  # records of any type read
    current = 1  # the record being read (for messages)
    end = 0  # where the last complete record ends: where the one being read starts
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            it = ArchiveIterator(fh, arc2warc=True)
            for record in it:
                count += 1
                current = count
                http = record.http_headers
                raw: RawInput | InputFailure | None = None
                if record.rec_type == "response" and http is not None:
                    status = int(http.get_statuscode() or 0)
                    media, charset = _media_type(http.get_header("Content-Type"))
                    if status < 400 and (not media or media in HTML_TYPES):
                        url = record.rec_headers.get_header("WARC-Target-URI")
                        rec_origin = f"{origin}#{n + 1} {url}" if url else f"{origin}#{n + 1}"
                        data = record.content_stream().read(max_bytes + 1)
                        if len(data) > max_bytes:
                            raw = InputFailure(rec_origin, InputError(
                                f"record is over the {size_text(max_bytes)} limit; skipped", source=rec_origin))
                        else:
                            date = record.rec_headers.get_header("WARC-Date")
                            raw = RawInput(data=data, origin=rec_origin, kind="html", url=url, charset=charset,
                                           fetched_at=date)
                _drain(record.raw_stream)
                offset = it.get_record_offset()  # also reads to the end of the record's gzip member
                _check_complete(it, record, count, offset)
                # where the next record starts, blank lines between records included
                end = getattr(it, "offset", offset + it.get_record_length())
                current = count + 1
                if raw is not None:  # only a whole record is passed on
                    n += 1
                    yield raw
            if end < size:
                # bytes after the last whole record that warcio gave up on silently: the start of a record,
                # or a gzip member cut before anything in it could be decompressed
                raise _Truncated(count + 1, end, f"only {size - end} byte(s) of it are there")
        except PresswatchError:
            raise
        except _Truncated as e:
            raise MalformedWarcError(
                f"not a valid WARC/ARC archive, truncated or damaged: record {e.number} at byte {e.offset} is "
                f"incomplete ({e.why}); kept the {n} HTML record(s) before it", source=origin,
            ) from None
        except OSError as e:
            raise os_error(e, path) from None
        except (ArchiveLoadFailed, ChunkedDataException, ValueError, EOFError, AttributeError, KeyError,
                TypeError) as e:
            # warcio fails on damaged archives with whatever the broken bytes lead it to
            what = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
            raise MalformedWarcError(
                f"not a valid WARC/ARC archive: record {current} at byte {end} cannot be read ({what}); "
                f"kept the {n} HTML record(s) before it", source=origin,
            ) from None
    if n == 0:
        raise InputError("the archive holds no HTML response records", source=origin)
