"""presswatch.ingest.extract: article text and metadata from invented HTML pages."""

from __future__ import annotations

import pytest

from presswatch.errors import NoArticleTextError
from presswatch.ingest.extract import extract_html, extract_html_with_text

PARAS = (
    "<p>The ferry between the two harbour towns resumed service on Tuesday after a week of storms, the "
    "port authority said in a statement. Captain Ilse Brenner told passengers the crossing was calm.</p>"
    "<p>Shopkeepers on the quay said the week without visitors had cost them dearly, and several asked the "
    "council for help with repairs to the pier that the waves had damaged on Thursday night.</p>"
    "<p>The authority expects the timetable to return to normal by the weekend, a spokesman added.</p>"
)

BOILERPLATE = (
    '<aside class="sidebar"><h3>Latest</h3><ul><li><a href="/a">Council approves budget</a></li>'
    '<li><a href="/b">School choir wins prize</a></li></ul><a href="/latest">View more</a></aside>'
    '<footer><p>Follow us on Twitter</p><p>Copyright 2024 Harbour Gazette</p></footer>'
)


def article(head: str, *, h1: str = "Ferry service resumes after storms", byline: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>'
            f'<nav><a href="/">Home</a> <a href="/local">Local</a></nav>'
            f"<article><h1>{h1}</h1>{byline}{PARAS}</article>{BOILERPLATE}</body></html>")


TITLE = "<title>Ferry service resumes after storms - Harbour Gazette</title>"
SITE = '<meta property="og:site_name" content="Harbour Gazette">'


def test_title_without_site_name_and_boilerplate_dropped():
    doc = extract_html(article(TITLE + SITE).encode(), url="https://harbourgazette.example/local/ferry")
    assert doc.title == "Ferry service resumes after storms"
    assert doc.source == "Harbour Gazette" and doc.source_domain == "harbourgazette.example"
    assert "Captain Ilse Brenner" in doc.text and "timetable to return to normal" in doc.text
    for junk in ("Follow us on Twitter", "View more", "Council approves budget", "Copyright 2024"):
        assert junk not in doc.text
    assert not doc.text.startswith("Ferry service resumes")  # the headline is the title, not body text
    assert doc.language == "en" and doc.kind == "html"


def test_full_text_keeps_the_headline_line_for_the_evaluation():
    doc, full = extract_html_with_text(article(TITLE).encode(), url="https://harbourgazette.example/local/ferry")
    assert full.endswith(doc.text)
    assert len(full) >= len(doc.text)


def test_jsonld_date_and_author():
    head = TITLE + ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry service '
                    'resumes after storms", "datePublished": "2024-02-06T08:15:00+01:00", '
                    '"author": {"@type": "Person", "name": "Tomas Vik"}}</script>'
                    '<meta property="article:published_time" content="2024-02-06T08:20:00+01:00">')
    doc = extract_html(article(head).encode(), url="https://harbourgazette.example/2024/02/05/ferry")
    assert (doc.published, doc.published_from) == ("2024-02-06", "json-ld")
    assert doc.authors == ["Tomas Vik"]


def test_meta_date():
    head = TITLE + '<meta property="article:published_time" content="2024-02-07T11:00:00+01:00">'
    doc = extract_html(article(head).encode(), url="https://harbourgazette.example/local/ferry")
    assert (doc.published, doc.published_from) == ("2024-02-07", "meta")


def test_url_date():
    doc = extract_html(article(TITLE).encode(), url="https://harbourgazette.example/2024/02/08/ferry")
    assert (doc.published, doc.published_from) == ("2024-02-08", "url")


def test_text_date():
    byline = '<p class="byline">By Tomas Vik, published 9 February 2024</p>'
    doc = extract_html(article(TITLE, byline=byline).encode(), url="https://harbourgazette.example/local/ferry")
    assert (doc.published, doc.published_from) == ("2024-02-09", "text")


def test_no_date_at_all():
    doc = extract_html(article(TITLE).encode(), url="https://harbourgazette.example/local/ferry")
    assert (doc.published, doc.published_from) == (None, None)


RU_TITLE = "Паром снова ходит после штормов"
RU_PARAS = (
    "<p>Паром между двумя портовыми городами во вторник возобновил рейсы после недели штормов, сообщила "
    "администрация порта. Капитан сказал пассажирам, что переправа прошла спокойно.</p>"
    "<p>Торговцы на набережной говорят, что неделя без гостей обошлась им дорого, и просят городской совет "
    "помочь с ремонтом причала, который волны повредили в ночь на четверг.</p>"
)


def russian_page(charset: str | None) -> str:
    decl = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (f"<html><head>{decl}<title>{RU_TITLE}</title></head><body><article><h1>{RU_TITLE}</h1>"
            f"{RU_PARAS}</article></body></html>")


@pytest.mark.parametrize("codec, declared", [
    ("cp1251", "windows-1251"), ("koi8_r", "koi8-r"), ("cp1251", None), ("koi8_r", None),
])
def test_russian_code_pages_decode(codec, declared):
    data = russian_page(declared).encode(codec)
    doc = extract_html(data, url="https://gazeta.example.ru/ferry")
    assert doc.title == RU_TITLE
    assert "Торговцы на набережной" in doc.text
    assert doc.language == "ru"


def test_page_without_article_text_raises():
    html = ("<html><head><title>Index</title></head><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav>"
            "<footer>Follow us on Twitter</footer></body></html>")
    with pytest.raises(NoArticleTextError):
        extract_html(html.encode(), url="https://harbourgazette.example/")


def test_empty_page_raises():
    with pytest.raises(NoArticleTextError):
        extract_html(b"   ", url="https://harbourgazette.example/empty")


def test_markup_without_any_element_is_an_empty_page_not_a_parser_crash():
    """Found by fuzzing: closing tags only made lxml raise ParserError("Document is empty")."""
    with pytest.raises(NoArticleTextError, match="empty"):
        extract_html(b"</title x='1'></article></body></html>", url=None, fetched_at="2024-01-01T00:00:00Z",
                     origin="fuzz")
