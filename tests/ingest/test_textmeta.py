"""The head of plain-text documents: title, date and byline lines (invented texts)."""

import pytest

from presswatch.ingest.extract import from_text
from presswatch.ingest.textmeta import find_date, read_header

BODY = ("Observers from the mission said the night had been quiet along the whole line of contact, and that "
        "the road through the pass had reopened for lorries carrying food and fuel.")


@pytest.mark.parametrize("line,iso,only", [
    ("8 March 2022 14:27 (UTC+04:00)", "2022-03-08", True),
    ("Wednesday June 29 2022", "2022-06-29", True),
    ("March 8, 2022", "2022-03-08", True),
    ("07.03.2024", "2024-03-07", True),  # day first
    ("2023-11-02T10:00", "2023-11-02", True),
    ("8 марта 2022 года", "2022-03-08", True),
    ("Talks resume on 8 March 2022 in Geneva", "2022-03-08", False),
    ("31 February 2022", None, False),
    ("No date here", None, False),
])
def test_find_date(line, iso, only):
    assert find_date(line) == (iso, only)


def test_page_copy_header():
    text = ("Wednesday June 29 2022\n\nPeace talks stall as both sides trade blame\n\n"
            "8 March 2022 14:27 (UTC+04:00)\nPeace talks stall as both sides trade blame\n\nBy Dana Whitfield\n\n"
            + BODY)
    doc = from_text(text)
    assert doc.title == "Peace talks stall as both sides trade blame"
    assert doc.published == "2022-03-08" and doc.published_from == "text"  # the dated line with a time
    assert doc.authors == ["Dana Whitfield"]
    assert doc.text == BODY


def test_russian_header():
    doc = from_text("Сводка за сутки\n\n08.03.2022\n\nАвтор: Иван Петров и Анна Смирнова\n\n"
                    "Миротворцы сообщили, что нарушений режима прекращения огня за сутки не зафиксировано, "
                    "а обстановка на линии соприкосновения остаётся стабильной и полностью контролируемой.")
    assert doc.title == "Сводка за сутки" and doc.published == "2022-03-08"
    assert doc.authors == ["Иван Петров", "Анна Смирнова"]
    assert doc.text.startswith("Миротворцы")


def test_no_header_keeps_text_whole():
    assert read_header(BODY).body_start == 0 and read_header(BODY).title is None
    short = "The talks failed.\nBoth delegations left Geneva on Monday."
    doc = from_text(short)
    assert doc.title is None and doc.text == short
    doc = from_text("Bulletin: no incidents")
    assert doc.text == "Bulletin: no incidents"  # nothing but a short line: nothing is taken away


def test_lead_after_title_is_body():
    text = "Ceasefire holds\nA quiet night on the line\n" + BODY
    doc = from_text(text)
    assert doc.title == "Ceasefire holds"
    assert doc.text.startswith("A quiet night on the line")
