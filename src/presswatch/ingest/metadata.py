"""Page metadata that trafilatura does not keep, or keeps without saying where it came from.

Publication dates are looked for in the order of how much a page means them: JSON-LD
(``datePublished``), then meta tags (``article:published_time`` and kin), then the URL
(``/2022/03/08/``), and only then the visible text (htmldate's heuristics). Each result says which.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

_DATE_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "citation_publication_date",
    "citation_date",
    "date",
    "og:article:published_time",
)
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_.-](?P<m>0?[1-9]|1[0-2])[/_.-](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "blogposting", "posting", "scholarlyarticle", "webpage", "report", "backgroundnewsarticle",
    "socialmediaposting", "liveblogposting", "techarticle", "review", "medicalwebpage",
}


@dataclass(slots=True)
class PageMeta:
    title_candidates: list[str] = field(default_factory=list)  # og:title, <title>, first <h1>, JSON-LD headline
    og_title: str | None = None
    html_title: str | None = None
    h1: str | None = None
    jsonld_headline: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    lang: str | None = None
    jsonld_date: str | None = None
    meta_date: str | None = None
    jsonld_authors: list[str] = field(default_factory=list)
    meta_authors: list[str] = field(default_factory=list)
    description: str | None = None


def plausible(d: date, *, latest: date | None = None) -> bool:
    latest = latest or date.today()
    return date(1995, 1, 1) <= d <= latest.replace(year=latest.year + 1)


def parse_date(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) from a machine-readable date string, or None."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.search(value)
    if m:
        try:
            d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        return d.isoformat() if plausible(d) else None
    try:  # other forms (RFC 2822 and the like) through dateutil-free fallbacks
        from email.utils import parsedate_to_datetime

        d = parsedate_to_datetime(value).date()
        return d.isoformat() if plausible(d) else None
    except (TypeError, ValueError, IndexError):
        pass
    try:
        d = datetime.fromisoformat(value).date()
        return d.isoformat() if plausible(d) else None
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path
    for rx in (_URL_DATE, _URL_DATE_COMPACT):
        m = rx.search(path)
        if m:
            try:
                d = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if plausible(d):
                return d.isoformat()
    return None


def _text(el: Any) -> str:
    return " ".join(el.text_content().split()) if el is not None else ""


def _walk_jsonld(obj: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(obj, list):
        for x in obj:
            out.extend(_walk_jsonld(x))
    elif isinstance(obj, dict):
        out.append(obj)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in obj:
                out.extend(_walk_jsonld(obj[key]))
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, list):
        return {str(x).lower() for x in t}
    return {str(t).lower()} if t else set()


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        n = value.get("name")
        return _names(n)
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_names(v))
        return out
    return []


def read_meta(tree: Any) -> PageMeta:
    """Collect title candidates, site name, canonical URL, language, dates and authors from a parsed page."""
    pm = PageMeta()
    metas: dict[str, str] = {}
    authors: list[str] = []
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if not key or not content:
            continue
        metas.setdefault(key, content)
        if key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            if not content.startswith("http"):
                authors.append(content)
    pm.meta_authors = authors
    pm.og_title = metas.get("og:title") or metas.get("twitter:title")
    pm.site_name = metas.get("og:site_name") or metas.get("application-name")
    pm.description = metas.get("og:description") or metas.get("description")
    for key in _DATE_META:
        d = parse_date(metas.get(key))
        if d:
            pm.meta_date = d
            break
    if pm.meta_date is None:
        for t in tree.iter("time"):
            if (t.get("itemprop") or "").lower() == "datepublished" or t.get("pubdate") is not None:
                d = parse_date(t.get("datetime"))
                if d:
                    pm.meta_date = d
                    break
    title_el = tree.find(".//title")
    pm.html_title = _text(title_el) or None
    h1 = tree.find(".//h1")
    pm.h1 = _text(h1) or None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            pm.canonical_url = link.get("href").strip()
            break
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    lang = root.get("lang") or root.get("xml:lang")
    pm.lang = lang.split("-")[0].lower() if lang else None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        for obj in _walk_jsonld(data):
            types = _types(obj)
            if types & _ARTICLE_TYPES or "datePublished" in obj:
                if pm.jsonld_date is None:
                    pm.jsonld_date = parse_date(str(obj.get("datePublished") or "")) or None
                if pm.jsonld_headline is None and isinstance(obj.get("headline"), str):
                    pm.jsonld_headline = " ".join(obj["headline"].split()) or None
                if not pm.jsonld_authors:
                    pm.jsonld_authors = _names(obj.get("author"))
                if pm.site_name is None and isinstance(obj.get("publisher"), dict):
                    names = _names(obj["publisher"])
                    pm.site_name = names[0] if names else None
    pm.title_candidates = [
        t for t in (pm.jsonld_headline, pm.og_title, pm.h1, pm.html_title) if t
    ]
    return pm


def parse_html(text: str) -> Any:
    """lxml tree of an HTML string (declarations stripped so lxml accepts str input)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    return lxml_html.document_fromstring(text) if text.strip() else None


_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|«|/)\s+")


def _norm(s: str) -> str:
    return re.sub(r"[^\w]+", "", s.casefold())


def clean_title(title: str | None, *, site_name: str | None = None, domain: str | None = None) -> str | None:
    """Drop the site name from a title: "Ceasefire holds - Example Times" -> "Ceasefire holds".

    A part is dropped when it matches the site name or the domain, or, when neither is known, when it
    is the shorter end of a title split by a separator and looks like a name (a few capitalised words).
    """
    if not title:
        return None
    title = " ".join(title.split())
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = {k for k in (_norm(site_name or ""), _norm((domain or "").split(".")[0])) if k}
    dom_full = _norm(domain or "")

    def is_site(part: str) -> bool:
        p = _norm(part)
        if not p:
            return True
        return any(p == k or (len(k) >= 4 and (k in p or p in k)) for k in keys) or (bool(dom_full) and p == dom_full)

    kept = list(parts)
    while len(kept) > 1 and is_site(kept[-1]):
        kept.pop()
    while len(kept) > 1 and is_site(kept[0]):
        kept.pop(0)
    if len(kept) == len(parts) and not keys:
        # no known site name: drop a short trailing segment of one to three words
        last = kept[-1]
        if len(last.split()) <= 3 and len(last) < 30 and len(" ".join(kept[:-1])) > 20:
            kept.pop()
    sep_parts = title
    if len(kept) != len(parts):
        # rebuild from the original string to keep the separators inside the kept title
        first, last = kept[0], kept[-1]
        i = title.find(first)
        j = title.rfind(last) + len(last)
        sep_parts = title[i:j] if 0 <= i < j else " - ".join(kept)
    return sep_parts.strip() or title
