"""Read the HTML responses out of a WARC (or ARC) file with warcio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presswatch.errors import InputError, MalformedWarcError, MissingFileError, PresswatchError
from presswatch.ingest.fetch import HTML_TYPES, _media_type
from presswatch.ingest.raw import InputFailure, RawInput

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def iter_warc(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator:
    """Yield a RawInput per HTML response record (status < 400), in file order.

    A record that is too large is yielded as an InputFailure; damage to the archive itself ends the
    iteration with a :class:`MalformedWarcError` naming how many records were read before it, so that
    those stay analysed.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    origin = str(path)
    if not path.exists():
        raise MissingFileError("no such file", source=origin)
    n = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, arc2warc=True):
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                if http is None:
                    continue
                status = int(http.get_statuscode() or 0)
                media, charset = _media_type(http.get_header("Content-Type"))
                if status >= 400 or (media and media not in HTML_TYPES):
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                rec_origin = f"{origin}#{n} {url}" if url else f"{origin}#{n}"
                stream = record.content_stream()
                data = stream.read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield InputFailure(rec_origin, InputError(
                        f"record is over the {max_bytes / 1e6:.0f} MB limit; skipped", source=rec_origin))
                    continue
                date = record.rec_headers.get_header("WARC-Date")
                yield RawInput(data=data, origin=rec_origin, kind="html", url=url, charset=charset,
                               fetched_at=date)
    except PresswatchError:
        raise
    except (ArchiveLoadFailed, ValueError, EOFError, OSError, AttributeError, KeyError, TypeError) as e:
        # warcio fails on damaged archives with whatever the broken bytes lead it to
        what = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
        raise MalformedWarcError(
            f"not a valid WARC/ARC archive after {n} HTML record(s) ({what})", source=origin
        ) from None
    if n == 0:
        raise InputError("the archive holds no HTML response records", source=origin)
