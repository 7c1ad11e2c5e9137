"""presswatch.ingest.metadata: dates with provenance, time zones, headline choice, title cleaning.

All pages here are invented for the tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from presswatch.ingest.metadata import (
    choose_date,
    choose_title,
    clean_title,
    date_from_url,
    parse_date,
    parse_html,
    parse_stamp,
    read_meta,
)


def page(head: str = "", body: str = "<p>Some text.</p>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def meta_of(head: str = "", body: str = "<p>Some text.</p>"):
    return read_meta(parse_html(page(head, body)))


JSONLD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          '"headline": "Bridge reopens", "datePublished": "%s", '
          '"author": {"@type": "Person", "name": "Ada Quill"}}</script>')
META_DATE = '<meta property="article:published_time" content="%s">'


# --- dates and where they come from ------------------------------------------------------------

def test_jsonld_date_wins_over_meta_and_url():
    m = meta_of(JSONLD % "2021-04-02T10:00:00+02:00" + META_DATE % "2021-04-02T10:05:00+02:00")
    assert choose_date(m, url="https://news.example/2021/04/01/bridge", text_date=None, domain="news.example") \
        == ("2021-04-02", "json-ld")
    assert m.jsonld_authors == ["Ada Quill"]


def test_meta_date_when_no_jsonld():
    m = meta_of(META_DATE % "2020-12-24T08:00:00+01:00")
    assert choose_date(m, url=None, text_date="2019-01-01", domain=None) == ("2020-12-24", "meta")


def test_time_element_with_itemprop_counts_as_meta():
    m = meta_of(body='<article><time itemprop="datePublished" datetime="2018-06-22">22 June</time><p>x</p></article>')
    assert choose_date(m, url=None, text_date=None, domain=None) == ("2018-06-22", "meta")


def test_url_date_when_no_structured_date():
    m = meta_of()
    assert choose_date(m, url="https://news.example/2019/3/7/story", text_date="2019-03-09", domain=None) \
        == ("2019-03-07", "url")


def test_text_date_last():
    m = meta_of()
    assert choose_date(m, url="https://news.example/story", text_date="2017-05-01", domain=None) \
        == ("2017-05-01", "text")
    assert choose_date(m, url=None, text_date=None, domain=None) == (None, None)


def test_jsonld_of_the_article_preferred_over_a_video_object():
    head = ('<script type="application/ld+json">[{"@type": "VideoObject", "datePublished": "2022-01-01"},'
            '{"@type": "NewsArticle", "datePublished": "2022-02-03"}]</script>')
    assert choose_date(meta_of(head), url=None, text_date=None, domain=None) == ("2022-02-03", "json-ld")


def test_disagreeing_jsonld_and_meta_settled_by_the_url():
    m = meta_of(JSONLD % "2021-06-01" + META_DATE % "2021-06-09")
    assert choose_date(m, url="https://blog.example/2021/06/09/post", text_date=None, domain=None) \
        == ("2021-06-09", "meta")
    # with no corroboration JSON-LD keeps its precedence
    assert choose_date(m, url=None, text_date=None, domain=None) == ("2021-06-01", "json-ld")


# --- time stamps in UTC -----------------------------------------------------------------------

def test_utc_stamp_moved_to_the_country_domain_zone():
    m = meta_of(META_DATE % "2022-11-06T23:00:00.000Z")  # midnight in Berlin, written in UTC
    assert choose_date(m, url="https://zeitung.example.de/a", text_date=None, domain="zeitung.example.de")[0] \
        == "2022-11-07"
    # a generic domain gives no zone: the stamp's own date stays
    assert choose_date(m, url="https://paper.example.com/a", text_date=None, domain="paper.example.com")[0] \
        == "2022-11-06"


def test_utc_stamp_uses_the_url_date_one_day_off():
    m = meta_of(JSONLD % "2020-02-25T02:25:54Z")
    assert choose_date(m, url="https://paper.example.com/2020/02/24/story", text_date=None,
                       domain="paper.example.com") == ("2020-02-24", "json-ld")


def test_utc_stamp_uses_a_local_offset_given_elsewhere_on_the_page():
    m = meta_of(JSONLD % "2019-10-18T22:04:00Z" + '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">')
    assert choose_date(m, url=None, text_date=None, domain=None) == ("2019-10-19", "json-ld")


def test_local_offset_stamp_is_kept_as_written():
    m = meta_of(META_DATE % "2023-01-31T23:30:00-05:00")
    assert choose_date(m, url=None, text_date=None, domain="diario.example.de") == ("2023-01-31", "meta")


def test_parse_stamp_forms():
    s = parse_stamp("Wed, 04 May 2022 00:25:56 GMT")
    assert s is not None and s.day == date(2022, 5, 4) and s.utc_form
    s = parse_stamp("2016-07-09T10:15:18+00:00")
    assert s is not None and s.instant is not None and not s.utc_form
    assert parse_stamp("2022-02-30") is None
    assert parse_stamp("not a date") is None
    assert parse_stamp("1890-01-01") is None  # implausible for an online article


def test_parse_date_and_url_date():
    assert parse_date("2021-3-5T10:00") == "2021-03-05"
    assert parse_date("Tue, 03 May 2022 23:53:14 GMT") == "2022-05-03"
    assert date_from_url("https://x.example/news/20200131-story") == "2020-01-31"
    assert date_from_url("https://x.example/2020/13/40/story") is None


# --- titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, site, domain, expected", [
    ("Ceasefire holds - Valley Observer", "Valley Observer", "valleyobserver.example", "Ceasefire holds"),
    ("Valley Observer | Ceasefire holds", "Valley Observer", None, "Ceasefire holds"),
    ("Ceasefire holds – valleyobserver.example", None, "valleyobserver.example", "Ceasefire holds"),
    ("Why the river matters - and what comes next", None, None, "Why the river matters - and what comes next"),
    ("Ceasefire holds along the river for a third day | Observer", None, None,
     "Ceasefire holds along the river for a third day"),
])
def test_clean_title_removes_site_name(title, site, domain, expected):
    assert clean_title(title, site_name=site, domain=domain) == expected


def test_headline_from_h1_keeps_its_typography():
    m = meta_of('<meta property="og:title" content="Why we said \'no\' - Hill Post">',
                "<h1>Why we said ‘no’</h1><p>text</p>")
    assert choose_title(m, "Why we said 'no' - Hill Post", site_name="Hill Post", domain="hillpost.example") \
        == "Why we said ‘no’"


def test_kicker_inside_h1_is_dropped():
    m = meta_of('<meta property="og:title" content="Farmers return to the valley">',
                '<h1><span class="kicker">Harvest season</span> <span>Farmers return to the valley</span></h1>')
    assert choose_title(m, "Farmers return to the valley", site_name=None, domain=None) \
        == "Farmers return to the valley"


def test_h1_that_is_the_blog_name_is_not_the_title():
    m = meta_of("<title>Notes on a rainy Tuesday | Garden Diary</title>",
                "<h1>Garden Diary</h1><h2>Notes on a rainy Tuesday</h2><p>text</p>")
    assert choose_title(m, None, site_name=None, domain="gardendiary.example") == "Notes on a rainy Tuesday"


def test_single_h1_preferred_to_a_rewritten_meta_title():
    m = meta_of('<meta property="og:title" content="Leasing or buying a car: costs compared">',
                "<h1>Leasing or buying: what does a car really cost?</h1><p>text</p>")
    assert choose_title(m, "Leasing or buying a car: costs compared", site_name=None, domain=None) \
        == "Leasing or buying: what does a car really cost?"


def test_unrelated_single_h1_is_not_taken():
    m = meta_of("<title>Storm closes the mountain pass - Alpine News</title>", "<h1>Weather</h1><p>text</p>")
    assert choose_title(m, None, site_name="Alpine News", domain=None) == "Storm closes the mountain pass"


def test_plausible_date_window_on_29_february():
    from datetime import date

    from presswatch.ingest.metadata import plausible

    assert plausible(date(2024, 3, 1), latest=date(2024, 2, 29))
    assert not plausible(date(2026, 3, 1), latest=date(2024, 2, 29))
    assert not plausible(date(1990, 1, 1))
