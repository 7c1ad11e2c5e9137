"""Files, directories, stdin and WARC archives as inputs; one bad input never stops a batch."""

import gzip
import io
from pathlib import Path

import pytest

from pages import ARTICLE_HTML
from presswatch.errors import MalformedWarcError, MissingFileError, TooLargeError, UnsupportedContentError
from presswatch.ingest.sources import InputFailure, RawInput, expand, iter_inputs, read_file, sniff_kind


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    """Write a WARC with one response record per (url, content-type, body), plus a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, ctype, body in pages:
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(rec)


def test_sniff_kind():
    assert sniff_kind(b"  <!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"Just a line of text.") == "text"


def test_read_file_errors(tmp_path):
    with pytest.raises(MissingFileError):
        read_file(tmp_path / "nope.html")
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * 2048 + b"</p>")
    with pytest.raises(TooLargeError, match="limit"):
        read_file(big, max_bytes=1024)


def test_expand_directory_sorted_and_filtered(tmp_path):
    (tmp_path / "b.html").write_text(ARTICLE_HTML)
    (tmp_path / "a.txt").write_text("Some text.")
    (tmp_path / "notes.md").write_text("# not a document")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.htm").write_text(ARTICLE_HTML)
    (tmp_path / ".hidden.html").write_text(ARTICLE_HTML)
    names = [Path(p).name for p in expand([str(tmp_path)])]
    assert names == ["a.txt", "b.html", "c.htm"]


def test_batch_with_failures_keeps_going(tmp_path):
    good = tmp_path / "good.html"
    good.write_text(ARTICLE_HTML)
    binary = tmp_path / "pic.html"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    items = list(iter_inputs([str(tmp_path / "missing.txt"), str(binary), str(good)]))
    assert isinstance(items[0], InputFailure) and isinstance(items[0].error, MissingFileError)
    assert isinstance(items[1], RawInput)  # bytes are read; decoding refuses them later
    assert isinstance(items[2], RawInput) and items[2].kind == "html"
    from presswatch.pipeline import to_document

    with pytest.raises(UnsupportedContentError):
        to_document(items[1])


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path, name):
    path = tmp_path / name
    write_warc(path, [
        ("https://a.example/2023/05/14/one", "text/html; charset=utf-8", ARTICLE_HTML.encode()),
        ("https://a.example/logo.png", "image/png", b"\x89PNG...."),
        ("https://a.example/two", "text/html", ARTICLE_HTML.replace("third day", "fourth day").encode()),
    ])
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawInput", "RawInput"]
    assert items[0].url == "https://a.example/2023/05/14/one"
    assert items[0].charset == "utf-8"
    assert "#1" in items[0].origin and "#2" in items[1].origin


def test_malformed_warc_keeps_earlier_records(tmp_path):
    good = tmp_path / "good.warc"
    write_warc(good, [("https://a.example/one", "text/html", ARTICLE_HTML.encode())])
    broken = tmp_path / "broken.warc"
    cut = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"
    broken.write_bytes(good.read_bytes() + cut)
    items = list(iter_inputs([str(broken)]))
    assert isinstance(items[0], RawInput)
    assert isinstance(items[-1], InputFailure)
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(gzip.compress(b"this is not a web archive at all\n" * 10))
    (failure,) = list(iter_inputs([str(garbage)]))
    assert isinstance(failure, InputFailure) and isinstance(failure.error, MalformedWarcError)
    assert "not a valid WARC" in str(failure.error)


def _record_spans(path: Path) -> list[tuple[str, int, int]]:
    """(record type, start, end) of each record of an intact archive, the end including the blank lines or the
    gzip member that closes it."""
    from warcio.archiveiterator import ArchiveIterator

    spans = []
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            it.read_to_end()
            spans.append((rec.rec_type, it.get_record_offset(), it.offset))
    return spans


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_keeps_whole_records_and_reports_the_cut(tmp_path, name):
    intact = tmp_path / name
    pages = [(f"https://a.example/2023/05/1{i}/story", "text/html", ARTICLE_HTML.replace("third day", f"day {i}")
              .encode()) for i in range(4)]
    write_warc(intact, pages)
    data = intact.read_bytes()
    spans = _record_spans(intact)
    assert [t for t, _, _ in spans] == ["request", "response"] * 4
    cuts = []
    for number, (_, start, end) in enumerate(spans, 1):
        cuts += [(number, start, start + 12), (number, start, (start + end) // 2), (number, start, end - 3)]
    for number, start, cut in cuts:
        if name.endswith(".warc") and cut >= spans[number - 1][2] - 4:
            continue  # only the blank lines after a whole record are gone: nothing is lost
        broken = tmp_path / f"cut-{cut}-{name}"
        broken.write_bytes(data[:cut])
        items = list(iter_inputs([str(broken)]))
        whole = sum(1 for t, _, end in spans if t == "response" and end <= cut)
        assert [type(i).__name__ for i in items] == ["RawInput"] * whole + ["InputFailure"], (cut, items)
        assert [i.url for i in items[:-1]] == [u for u, _, _ in pages[:whole]]
        err = items[-1].error
        assert isinstance(err, MalformedWarcError)
        assert f"record {number} at byte {start} is incomplete" in str(err), (cut, str(err))
        assert f"kept the {whole} HTML record(s) before it" in str(err) and "\n" not in str(err)


def test_warc_cut_between_gzip_members_reports_the_bytes_left(tmp_path):
    intact = tmp_path / "crawl.warc.gz"
    write_warc(intact, [("https://a.example/one", "text/html", ARTICLE_HTML.encode())])
    _, start, end = _record_spans(intact)[-1]
    broken = tmp_path / "cut.warc.gz"
    broken.write_bytes(intact.read_bytes() + intact.read_bytes()[:5])  # a new member that stops in its header
    items = list(iter_inputs([str(broken)]))
    assert [type(i).__name__ for i in items] == ["RawInput", "InputFailure"]
    assert f"record 3 at byte {end} is incomplete (only 5 byte(s) of it are there)" in str(items[-1].error)
