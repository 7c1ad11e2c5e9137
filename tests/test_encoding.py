import codecs

import pytest

from pages import RUSSIAN_TEXT, russian_html
from presswatch.errors import UnsupportedContentError
from presswatch.ingest.encoding import cyrillic_score, decode, looks_binary


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r", "utf-8"])
def test_undeclared_russian_pages_decode(codec):
    data = russian_html(None).encode(codec)
    text, used = decode(data)
    assert RUSSIAN_TEXT in text, used


def test_header_charset_is_used():
    data = russian_html(None).encode("cp1251")
    text, used = decode(data, header_charset="windows-1251")
    assert RUSSIAN_TEXT in text
    assert used == "cp1251"


def test_wrong_cyrillic_declaration_is_corrected():
    # declared windows-1251, written in KOI8-R: decodes without error but reads as garbage
    data = russian_html("windows-1251").encode("koi8_r")
    text, used = decode(data)
    assert RUSSIAN_TEXT in text
    assert used == "koi8_r"


def test_bom_utf16():
    data = codecs.BOM_UTF16_LE + "Hello, world. Привет.".encode("utf-16-le")
    assert decode(data)[0] == "Hello, world. Привет."


def test_binary_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert looks_binary(png)
    with pytest.raises(UnsupportedContentError, match="binary"):
        decode(png, source="x.png")


def test_latin1_fallback_keeps_text():
    data = "Le cessez-le-feu a été respecté à la frontière, selon les observateurs.".encode("latin-1")
    text, _ = decode(data)
    assert "été respecté" in text


def test_cyrillic_score():
    assert cyrillic_score(RUSSIAN_TEXT) > 0.9
    assert cyrillic_score(RUSSIAN_TEXT.encode("koi8_r").decode("cp1251")) < 0.5
    assert cyrillic_score("no cyrillic") == 0.0
