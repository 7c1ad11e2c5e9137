"""Coverage-guided fuzzing (atheris, libFuzzer) of what reads untrusted bytes: HTML extraction and metadata,
charset detection, plain-text reading, feed parsing and WARC reading.

    .venv/bin/python fuzz/fuzz_inputs.py -atheris_runs=20000            # a fixed number of executions
    .venv/bin/python fuzz/fuzz_inputs.py -max_total_time=3600 fuzz/corpus # an hour, growing a corpus folder

Any libFuzzer flag works (``-help=1``). The first byte of each input picks the reader; the rest is the input.
A reader may refuse an input only with a :class:`~presswatch.errors.PresswatchError` (a clear message); any other
exception is a crash: libFuzzer stops, prints the traceback and writes the input to ``crash-*``. The seeds are
small invented documents (``seeds()``), so a short run already reaches the interesting code.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.errors import PresswatchError
    from presswatch.ingest.encoding import decode_detail
    from presswatch.ingest.extract import extract_html, from_text
    from presswatch.ingest.feeds import looks_like_feed, parse_feed
    from presswatch.ingest.raw import RawInput
    from presswatch.ingest.warc import iter_warc

READERS = ("html", "charset", "text", "feed", "warc")
_TMP = Path(tempfile.mkdtemp(prefix="presswatch-fuzz-"))


def read_one(kind: str, data: bytes) -> None:
    """Run one reader on ``data``; return normally or raise PresswatchError."""
    if kind == "html":
        extract_html(
            data, url="https://example.org/news/2024/05/01/story", fetched_at="2024-05-01T00:00:00Z", origin="fuzz"
        )
    elif kind == "charset":
        decoded = decode_detail(data, header_charset=None, source="fuzz")
        assert isinstance(decoded.text, str)
    elif kind == "text":
        from_text(data, url=None, charset=None, fetched_at="2024-05-01T00:00:00Z", origin="fuzz")
    elif kind == "feed":
        looks_like_feed(data)
        parse_feed(data, base_url="https://example.org/feed.xml")
    else:
        path = _TMP / "input.warc"
        path.write_bytes(data)
        for item in iter_warc(path, max_bytes=1 << 20):
            assert isinstance(item, RawInput) or isinstance(item.error, PresswatchError)


def test_one(data: bytes) -> None:
    if not data:
        return
    kind = READERS[data[0] % len(READERS)]
    with contextlib.suppress(PresswatchError):  # a clear refusal is fine; anything else is a crash
        read_one(kind, data[1:])


def seeds() -> list[bytes]:
    """Small invented inputs, one or more per reader (the first byte picks the reader)."""
    html = (
        b"<html><head><meta charset='windows-1252'><title>Talks resume</title>"
        b"<meta property='article:published_time' content='2024-05-01'><meta name='author' content='A. Writer'>"
        b"</head><body><nav>Home</nav><article><h1>Talks resume</h1><p>The mayor of Riverton said on Monday "
        b"that talks with the council would resume. \xe0 Gen\xe8ve, observers agreed.</p><p>Second paragraph "
        b"of the story, long enough to count as article text for the extractor.</p></article></body></html>"
    )
    feed = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>One</title>"
        b"<link>https://example.org/a</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
        b"<description>First item</description></item></channel></rss>"
    )
    atom = (
        b"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>"
        b"<entry><title>E</title><link href='https://example.org/e'/><updated>2024-05-01T00:00:00Z</updated>"
        b"</entry></feed>"
    )
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    warc = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\n"
        b"WARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Target-URI: https://example.org/a\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
        + b"\r\n\r\n"
    )
    text = "Министр сказал, что переговоры возобновятся в понедельник.".encode("cp1251")
    return [
        b"\x00" + html,
        b"\x01" + html,
        b"\x01" + text,
        b"\x02" + text,
        b"\x02" + "à Genève".encode("cp1252"),
        b"\x03" + feed,
        b"\x03" + atom,
        b"\x04" + warc,
    ]


def main(argv: list[str]) -> None:
    args = list(argv)
    # the seeds go in a folder of their own after any corpus folder given (libFuzzer writes new inputs to the
    # first folder), so that even a short run starts from real documents
    seed_dir = _TMP / "seeds"
    seed_dir.mkdir(exist_ok=True)
    for i, s in enumerate(seeds()):
        (seed_dir / f"seed-{i}").write_bytes(s)
    args.append(str(seed_dir))
    if not any(a.startswith("-max_len") for a in args):
        args.append("-max_len=65536")
    atheris.Setup(args, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PRESSWATCH_NO_PROGRESS", "1")
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    main(sys.argv)
