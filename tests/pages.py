"""Invented pages shared by the tests (no press text is copied here)."""

from __future__ import annotations

ARTICLE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ceasefire holds along the river, officials say - Valley Observer</title>
<meta property="og:site_name" content="Valley Observer">
<meta property="article:published_time" content="2023-05-14T09:30:00Z">
<meta name="author" content="Dana Whitfield">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ceasefire holds along the river, officials say</h1>
<p>The ceasefire along the river held for a third day on Sunday, the regional governor Maria Lindqvist told
reporters in Tallinn. Monitors from the observer mission recorded no violations overnight.</p>
<p>"We are cautiously optimistic," Lindqvist said, adding that the crossing near the old mill would reopen for
farmers on Monday. Residents of the border villages said the night had been quiet.</p>
<p>The observer mission will publish its next weekly report on Friday, a spokesperson said.</p>
</article>
<aside><h3>Latest</h3><ul><li>Markets close higher</li><li>Storm warning issued</li></ul>
<a href="/latest">View more</a></aside>
<footer>Follow us on Twitter. Copyright 2023 Valley Observer.</footer></body></html>"""

RUSSIAN_TEXT = (
    "Миротворцы сообщили, что за прошедшие сутки нарушений режима прекращения огня не зафиксировано. "
    "Жители соседних сёл говорят, что ночь прошла спокойно, а дорога через перевал открыта для грузовиков."
)


def russian_html(charset_decl: str | None) -> str:
    meta = f'<meta charset="{charset_decl}">' if charset_decl else ""
    return (f"<html><head>{meta}<title>Сводка за сутки</title></head><body><article><h1>Сводка за сутки</h1>"
            f"<p>{RUSSIAN_TEXT}</p><p>{RUSSIAN_TEXT}</p></article></body></html>")


RSS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Observer</title>
<item><title>Ceasefire holds</title><link>/article</link><pubDate>Sun, 14 May 2023 09:30:00 GMT</pubDate></item>
<item><title>Removed story</title><link>/gone</link></item>
<item><title>Bulletin</title><link>/plain</link></item>
<item><title>Ceasefire holds (again)</title><link>/article</link></item>
</channel></rss>"""

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<feed xmlns="http://www.w3.org/2005/Atom"><title>Observer</title>
<entry><title>Bulletin</title><link rel="alternate" href="/plain"/><updated>2023-05-14T10:00:00Z</updated></entry>
<entry><title>No link</title></entry>
</feed>"""
