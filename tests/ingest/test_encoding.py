import codecs

import pytest

from pages import RUSSIAN_TEXT, russian_html
from presswatch.errors import UnsupportedContentError
from presswatch.ingest.encoding import Decoded, cyrillic_score, decode, decode_detail, looks_binary


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
    assert used == "koi8-r"


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


# Invented sentences, each with the letters that tell its code page apart.
WESTERN = {
    "fr": "Le sommet aura lieu à Genève la semaine prochaine, a déclaré le porte-parole du ministère.",
    "fr-short": "à Genève",
    "de": "Über die Brücke fuhren nur wenige Lastwagen, hieß es aus Zürich.",
    "es": "La reunión terminó sin acuerdo, dijo el portavoz. ¿Hasta cuándo? Mañana.",
}
POLISH = "Rozmowy w Genewie zakończyły się bez porozumienia, powiedział rzecznik. Źródło: służby."
CZECH = "Jednání v Ženevě skončila bez dohody, řekl mluvčí ministerstva."
RUSSIAN = "Переговоры в Женеве завершились без соглашения, сказал представитель министерства."


@pytest.mark.parametrize("lang", sorted(WESTERN))
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_undeclared_western_text_is_not_misread(lang, codec):
    text = WESTERN[lang]
    d = decode_detail(text.encode(codec))
    assert d.text == text, (d.encoding, d.text)
    assert d.encoding == "cp1252"  # Latin-1 text is the same text in windows-1252
    assert 0.5 < d.confidence <= 1.0


@pytest.mark.parametrize("text,codec", [(POLISH, "cp1250"), (POLISH, "iso8859-2"), (CZECH, "cp1250"),
                                        (CZECH, "iso8859-2"), ("Zażółć gęślą jaźń", "cp1250")])
def test_undeclared_central_european_text_picks_the_right_code_page(text, codec):
    d = decode_detail(text.encode(codec))
    assert d.text == text, (d.encoding, d.text)
    assert d.encoding == codecs.lookup(codec).name
    # the same bytes read as windows-1252 would be "zakoñczy³y" / "Ÿród³o": not a close call
    assert d.confidence > 0.5


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_undeclared_russian_text_names_its_code_page(codec):
    d = decode_detail(RUSSIAN.encode(codec))
    assert d.text == RUSSIAN and d.encoding == codec and d.confidence > 0.9


def test_confidence_grows_with_evidence():
    short = decode_detail("à Genève".encode("cp1252"))
    long = decode_detail(WESTERN["fr"].encode("cp1252"))
    assert short.text == "à Genève" and long.confidence > short.confidence


@pytest.mark.parametrize("text", [*WESTERN.values(), POLISH, RUSSIAN])
def test_valid_utf8_still_wins(text):
    assert decode_detail(text.encode("utf-8")) == Decoded(text, "utf-8", 1.0)


def test_declared_charset_is_certain_and_latin1_label_reads_as_windows_1252():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{WESTERN["fr"]} “Calme”, dit-il.</p>'
    d = decode_detail(page.encode("cp1252"))
    assert "“Calme”" in d.text and d.encoding == "cp1252" and d.confidence == 1.0
    d = decode_detail(POLISH.encode("cp1250"), header_charset="windows-1250")
    assert d == Decoded(POLISH, "cp1250", 1.0)


def test_the_document_records_its_encoding():
    from presswatch.ingest.raw import RawInput
    from presswatch.pipeline import to_document

    doc = to_document(RawInput(data=WESTERN["fr"].encode("cp1252"), origin="a.txt", kind="text"))
    assert doc.text == WESTERN["fr"]
    assert doc.encoding == "cp1252" and 0.5 < doc.encoding_confidence <= 1.0
    doc = to_document(RawInput(data=RUSSIAN.encode("utf-8"), origin="b.txt", kind="text"))
    assert (doc.encoding, doc.encoding_confidence) == ("utf-8", 1.0)


def test_utf8_page_with_a_few_stray_latin1_bytes_stays_utf8():
    """A UTF-8 template with one word pasted in from a Latin-1 source: read as UTF-8, the stray word as cp1252,
    not refused and not read whole as a single-byte code page."""
    from presswatch.ingest.encoding import decode_detail

    data = "Die Straße in München ist schön; über die Brücke.\n".encode() * 4 + "Grüße".encode("cp1252")
    d = decode_detail(data)
    assert d.encoding == "utf-8" and d.text.endswith("Grüße") and "München" in d.text
    assert 0.5 < d.confidence < 1.0
    # mostly single-byte text with a few UTF-8-looking pairs is still ranked as a code page
    latin = "Les élèves à Genève étaient très contents. ".encode("cp1252") * 5
    assert decode_detail(latin).encoding == "cp1252"
