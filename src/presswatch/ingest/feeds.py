"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: the links of their items, newest first as the feed lists them.

Parsed with lxml (already a dependency through trafilatura), with entity expansion and network
access switched off.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from presswatch.errors import InputError

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"


class MalformedFeedError(InputError):
    pass


@dataclass(slots=True)
class FeedItem:
    url: str
    title: str | None
    published: str | None
    summary: str | None = None  # the item's description (RSS) or summary (Atom), as the feed gives it (may be HTML)


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--") or head.startswith(b"<?"):
            end = head.find(b"-->") + 3 if head.startswith(b"<!--") else head.find(b"?>") + 2
            head = head[end:].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(data: bytes, *, base_url: str | None = None, source: str | None = None) -> list[FeedItem]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as e:
        raise MalformedFeedError(f"malformed feed: {e}", source=source) from None
    items: list[FeedItem] = []
    tag = etree.QName(root).localname.lower()
    if tag == "rss":
        for it in root.iter("item"):
            link = (it.findtext("link") or "").strip() or (it.findtext("guid") or "").strip()
            if link:
                items.append(FeedItem(urljoin(base_url or "", link), _t(it.findtext("title")),
                                      _t(it.findtext("pubDate")), _s(it.findtext("description"))))
    elif tag == "feed":
        for entry in root.iter(f"{ATOM}entry"):
            href = None
            for link in entry.findall(f"{ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    href = link.get("href")
                    break
            if href:
                items.append(FeedItem(urljoin(base_url or "", href.strip()), _t(entry.findtext(f"{ATOM}title")),
                                      _t(entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")),
                                      _s(entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content"))))
    elif tag == "rdf":
        for it in root.iter(f"{RSS1}item"):
            link = (it.findtext(f"{RSS1}link") or "").strip()
            if link:
                items.append(FeedItem(urljoin(base_url or "", link), _t(it.findtext(f"{RSS1}title")), None,
                                      _s(it.findtext(f"{RSS1}description"))))
    else:
        raise MalformedFeedError(f"not an RSS or Atom feed (root element <{tag}>)", source=source)
    seen: set[str] = set()
    unique = [i for i in items if not (i.url in seen or seen.add(i.url))]  # type: ignore[func-returns-value]
    return [i for i in unique if i.url.startswith(("http://", "https://"))]


def _t(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _s(value: str | None) -> str | None:
    """A description as given (its line breaks may separate paragraphs), or None when blank."""
    return value.strip() or None if value else None
