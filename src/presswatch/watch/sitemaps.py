"""Sitemaps (sitemaps.org), Google News sitemaps and sitemap indexes: the page URLs they list.

Parsed with the same hardened lxml parser as feeds (:func:`presswatch.ingest.feeds.parse_feed`): no entity is
resolved or expanded, nothing is fetched from the network, no huge trees. A sitemap served as a ``.xml.gz`` file
(``Content-Type: application/gzip``, not ``Content-Encoding``) is unpacked with the fetcher's bounded decoder, so the
size limit holds on the unpacked bytes too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from presswatch.errors import TooLargeError
from presswatch.ingest.feeds import MalformedFeedError
from presswatch.ingest.fetch import BoundedDecoder, size_text

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
GZIP_TYPES = ("application/gzip", "application/x-gzip")


# the prolog of an XML document (declaration, comments, processing instructions) and a DOCTYPE with an internal subset
_INTERNAL_DTD = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE\s[^\[>]*\[", re.S)


def refuse_internal_dtd(data: bytes, source: str | None = None) -> None:
    """Refuse a feed or sitemap whose DOCTYPE carries an internal subset (``<!DOCTYPE rss [ ... ]>``): that is where
    entity bombs and external entities (XXE) are declared, and no real feed or sitemap needs one. The parser would
    not expand them anyway; refusing says so once, instead of storing items with their entities left out."""
    if _INTERNAL_DTD.match(data[:65536]):
        raise MalformedFeedError("the document declares a DTD with entities or other declarations; refused "
                                 "(presswatch never expands XML entities)", source=source)


@dataclass(slots=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None
    title: str | None = None  # <news:title> of a news sitemap
    published: str | None = None  # <news:publication_date>


@dataclass(slots=True)
class Sitemap:
    """A parsed sitemap: ``pages`` of a urlset, or ``children`` (other sitemaps) of a sitemap index."""

    pages: list[SitemapEntry]
    children: list[SitemapEntry]


def gunzip(data: bytes, max_bytes: int, source: str | None = None) -> bytes:
    """Unpack a gzip file within ``max_bytes`` (checked piece by piece, as the fetcher checks a download)."""
    dec = BoundedDecoder(["gzip"])
    out = bytearray()
    for piece in itertools.chain(dec.feed(data), dec.finish()):  # lazily: one piece of at most 64 KiB at a time
        out.extend(piece)
        if len(out) > max_bytes:
            raise TooLargeError(f"the gzip sitemap unpacks to more than {size_text(max_bytes)}; stopped", source=source)
    return bytes(out)


def _text(el: object, path: str) -> str | None:
    value = " ".join((el.findtext(path) or "").split())  # type: ignore[attr-defined]
    return value or None


def parse_sitemap(data: bytes, *, base_url: str | None = None, source: str | None = None) -> Sitemap:
    """The pages (or child sitemaps) a sitemap lists, http(s) URLs only, each once, in the sitemap's order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as e:
        raise MalformedFeedError(f"malformed sitemap: {e}", source=source) from None
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise MalformedFeedError(f"not a sitemap (root element <{tag}>)", source=source)
    ns = etree.QName(root).namespace
    p = f"{{{ns}}}" if ns else ""
    out: list[SitemapEntry] = []
    seen: set[str] = set()
    for el in root.iterchildren(f"{p}url" if tag == "urlset" else f"{p}sitemap"):
        loc = _text(el, f"{p}loc")
        if not loc:
            continue
        url = urljoin(base_url or "", loc)
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        news = el.find(f"{NEWS_NS}news")
        out.append(
            SitemapEntry(
                url=url,
                lastmod=_text(el, f"{p}lastmod"),
                title=_text(news, f"{NEWS_NS}title") if news is not None else None,
                published=_text(news, f"{NEWS_NS}publication_date") if news is not None else None,
            )
        )
    return Sitemap(pages=out, children=[]) if tag == "urlset" else Sitemap(pages=[], children=out)
