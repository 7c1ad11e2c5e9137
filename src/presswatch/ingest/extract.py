"""Article text and metadata from HTML (trafilatura, htmldate, presswatch's own metadata reader).

Extraction is separate from fetching and from analysis: :func:`extract_html` takes a page and
returns a :class:`Document` with no spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from presswatch.errors import NoArticleTextError
from presswatch.ingest.encoding import decode_detail
from presswatch.ingest.metadata import choose_date, choose_title, parse_html, read_meta
from presswatch.ingest.textmeta import read_header
from presswatch.model import Document
from presswatch.nlp.lang import identify


@dataclass(slots=True)
class ExtractSettings:
    include_tables: bool = True
    include_comments: bool = False
    favor_precision: bool = False
    favor_recall: bool = False
    min_text_chars: int = 40


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def _split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    out: list[str] = []
    for part in re.split(r"\s*;\s*|\s*,\s*(?=[A-ZА-Я])|\s+and\s+|\s+&\s+", value):
        part = re.sub(r"^(?:by|von|par|автор:?)\s+", "", part.strip(), flags=re.I).strip(" .,")
        if part and part not in out and len(part) < 80:
            out.append(part)
    return out


def _strip_title_line(text: str, *titles: str | None) -> str:
    """trafilatura's text may begin with the headline; the title is kept separately."""
    first, _, rest = text.partition("\n")
    head = " ".join(first.split()).casefold()
    if rest.strip() and any(t and head == " ".join(t.split()).casefold() for t in titles):
        return rest.lstrip("\n")
    return text


def extract_html(
    data: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    fetched_at: str | None = None,
    settings: ExtractSettings | None = None,
    origin: str | None = None,
) -> Document:
    """Extract the article of an HTML page into a :class:`Document` (no analysis)."""
    return extract_html_with_text(data, url=url, charset=charset, fetched_at=fetched_at, settings=settings,
                                  origin=origin)[0]


def extract_html_with_text(
    data: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    fetched_at: str | None = None,
    settings: ExtractSettings | None = None,
    origin: str | None = None,
) -> tuple[Document, str]:
    """:func:`extract_html`, also returning the article text as trafilatura gave it, before a first line
    repeating the headline was removed (what ``presswatch eval extraction`` scores, to compare like with
    like with bare trafilatura's text)."""
    import trafilatura

    s = settings or ExtractSettings()
    source = origin or url
    decoded = decode_detail(data, header_charset=charset, source=source) if isinstance(data, bytes) else None
    html = decoded.text if decoded is not None else data
    tree = parse_html(html)
    if tree is None:
        raise NoArticleTextError("the page is empty", source=source)
    meta = read_meta(tree)
    canonical = meta.canonical_url if meta.canonical_url and meta.canonical_url.startswith("http") else None
    page_url = url or canonical
    result = trafilatura.bare_extraction(
        html,
        url=page_url,
        with_metadata=True,
        include_comments=s.include_comments,
        include_tables=s.include_tables,
        favor_precision=s.favor_precision,
        favor_recall=s.favor_recall,
        deduplicate=False,
    )
    full_text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len(full_text) < s.min_text_chars:
        raise NoArticleTextError(
            "no article text found in the page (it may be an index, a login wall or a script-only page)",
            source=source,
        )
    domain = domain_of(page_url)
    site = (result.sitename if result is not None else None) or meta.site_name
    raw_title = result.title if result is not None else None
    title = choose_title(meta, raw_title, site_name=site, domain=domain)
    text = _strip_title_line(full_text, title, raw_title)

    published, published_from = choose_date(
        meta, url=page_url, text_date=getattr(result, "date", None) if result is not None else None,
        domain=domain,
    )

    authors = _split_authors(getattr(result, "author", None)) or meta.jsonld_authors or meta.meta_authors
    lang, score = identify(text, hint=meta.lang)
    doc = Document(
        text=text,
        url=url,
        canonical_url=canonical,
        source=site or domain,
        source_domain=domain,
        title=title,
        authors=authors,
        published=published,
        published_from=published_from,  # type: ignore[arg-type]
        fetched_at=fetched_at,
        language=lang,
        language_score=score,
        kind="html",
        description=(getattr(result, "description", None) or meta.description),
        encoding=decoded.encoding if decoded is not None else None,
        encoding_confidence=decoded.confidence if decoded is not None else None,
    )
    return doc, full_text


def from_text(
    data: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    fetched_at: str | None = None,
    origin: str | None = None,
    title: str | None = None,
) -> Document:
    """A plain-text document. Its opening short lines give the title, date and byline (see textmeta)."""
    decoded = decode_detail(data, header_charset=charset, source=origin) if isinstance(data, bytes) else None
    text = decoded.text if decoded is not None else data
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise NoArticleTextError("the text is empty", source=origin)
    published = None
    authors: list[str] = []
    if title is None:
        header = read_header(text)
        title, published, authors = header.title, header.published, header.authors
        text = text[header.body_start:]
    lang, score = identify(text)
    domain = domain_of(url)
    return Document(
        text=text,
        url=url,
        source=domain,
        source_domain=domain,
        title=title,
        authors=authors,
        published=published,
        published_from="text" if published else None,
        fetched_at=fetched_at,
        language=lang,
        language_score=score,
        kind="text",
        encoding=decoded.encoding if decoded is not None else None,
        encoding_confidence=decoded.confidence if decoded is not None else None,
    )

