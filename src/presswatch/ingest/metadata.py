"""Page metadata that trafilatura does not keep, or keeps without saying where it came from.

Publication dates are looked for in the order of how much a page means them: JSON-LD
(``datePublished``), then meta tags (``article:published_time`` and kin), then the URL
(``/2022/03/08/``), and only then the visible text (htmldate's heuristics). Each result says which.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
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
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_.-](?P<m>0?[1-9]|1[0-2])[/_.-](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
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
    jsonld_date_raw: str | None = None  # the string the JSON-LD date came from (keeps time and offset)
    meta_date_raw: str | None = None
    headlines: list[list[str]] = field(default_factory=list)  # per <h1>: its text, then its parts


def plausible(d: date, *, latest: date | None = None) -> bool:
    latest = latest or date.today()
    return date(1995, 1, 1) <= d <= latest + timedelta(days=366)  # (replace(year=+1) fails on 29 February)


def parse_date(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) from a machine-readable date string, or None: the calendar day of
    :func:`parse_stamp`."""
    stamp = parse_stamp(value)
    return stamp.day.isoformat() if stamp is not None else None


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
        if key in _AUTHOR_META and not content.startswith("http"):
            authors.append(content)
    pm.meta_authors = authors
    pm.og_title = metas.get("og:title") or metas.get("twitter:title")
    pm.site_name = metas.get("og:site_name") or metas.get("application-name")
    pm.description = metas.get("og:description") or metas.get("description")
    for key in _DATE_META:
        d = parse_date(metas.get(key))
        if d:
            pm.meta_date, pm.meta_date_raw = d, metas[key]
            break
    if pm.meta_date is None:
        for t in tree.iter("time"):
            if (t.get("itemprop") or "").lower() == "datepublished" or t.get("pubdate") is not None:
                d = parse_date(t.get("datetime"))
                if d:
                    pm.meta_date, pm.meta_date_raw = d, t.get("datetime")
                    break
    title_el = tree.find(".//title")
    pm.html_title = _text(title_el) or None
    h1 = tree.find(".//h1")
    pm.h1 = _text(h1) or None
    pm.headlines = [v for v in (_headline_variants(h) for h in tree.iter("h1")) if v][:10]
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            pm.canonical_url = link.get("href").strip()
            break
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    lang = root.get("lang") or root.get("xml:lang")
    pm.lang = lang.split("-")[0].lower() if lang else None
    article_dates: list[str] = []
    other_dates: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        for obj in _walk_jsonld(data):
            types = _types(obj)
            is_article = bool(types & _ARTICLE_TYPES)
            for key in ("datePublished", "dateCreated"):
                value = obj.get(key)
                if isinstance(value, str) and parse_date(value):
                    # an article's own date first, then any other object's (a video, a web page)
                    (article_dates if is_article else other_dates).append(value)
                    break
            if is_article or "datePublished" in obj:
                if pm.jsonld_headline is None and isinstance(obj.get("headline"), str):
                    pm.jsonld_headline = " ".join(obj["headline"].split()) or None
                if not pm.jsonld_authors:
                    pm.jsonld_authors = _names(obj.get("author"))
                if pm.site_name is None and isinstance(obj.get("publisher"), dict):
                    names = _names(obj["publisher"])
                    pm.site_name = names[0] if names else None
    for raw in article_dates + other_dates:
        pm.jsonld_date, pm.jsonld_date_raw = parse_date(raw), raw
        break
    pm.title_candidates = [
        t for t in (pm.jsonld_headline, pm.og_title, pm.h1, pm.html_title) if t
    ]
    return pm


def parse_html(text: str) -> Any:
    """lxml tree of an HTML string (declarations stripped so lxml accepts str input)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return None
    try:
        return lxml_html.document_fromstring(text)
    except etree.ParserError:  # markup with no element in it at all ("</body></html>"): an empty page
        return None


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


# --- headline ---------------------------------------------------------------------------------

def _headline_variants(h1: Any) -> list[str]:
    """The text of an <h1>, then the texts of its parts (a kicker and a headline in separate spans)."""
    full = " ".join(h1.text_content().split())
    if not full or len(full) > 300:
        return []
    out = [full]
    parts = [h1.text] + [c.text_content() for c in h1 if isinstance(c.tag, str)] + [c.tail for c in h1]
    for part in parts:
        part = " ".join((part or "").split())
        if part and part != full and part not in out:
            out.append(part)
    return out


def _key(s: str | None) -> str:
    """Comparison key of a title: case, punctuation and typography folded."""
    return " ".join(re.sub(r"[\W_]+", " ", (s or "").casefold()).split())


def choose_title(
    meta: PageMeta, extracted: str | None, *, site_name: str | None, domain: str | None
) -> str | None:
    """The article's headline, as the reader sees it, without the site name.

    Metadata titles (trafilatura's pick, og:title, JSON-LD headline, <title>) are often rewritten for
    search engines or carry the site name, a section or a kicker; the visible <h1> is what the page
    shows. An <h1> is taken when a metadata title confirms it (same words, or the <h1> is the
    better part of one), or when it is the only <h1> and shares words with them. An <h1> that is the
    site name (blogs put their name there) is never taken. Otherwise the cleaned metadata title.
    """
    raws = [t for t in (extracted, meta.og_title, meta.jsonld_headline, meta.html_title) if t]
    cleaned = [clean_title(t, site_name=site_name, domain=domain) or t for t in raws]
    fallback = cleaned[0] if cleaned else (meta.h1 or None)
    site_keys = {_key(site_name), _key((domain or "").split(".")[0]), _key(domain)}
    for raw, clean in zip(raws, cleaned, strict=True):
        kept = _key(clean)
        for part in _SEPARATORS.split(" ".join(raw.split())):
            if _key(part) and _key(part) not in kept:
                site_keys.add(_key(part))  # what clean_title dropped: site name, section
    site_keys.discard("")
    h1s = [[v for v in variants if len(_key(v)) >= 2 and _key(v) not in site_keys]
           for variants in meta.headlines]
    h1s = [v for v, orig in zip(h1s, meta.headlines, strict=True) if v and v[0] == orig[0]]
    ckeys = [_key(c) for c in cleaned]
    # 1. an <h1> (or its headline part) says the same as a metadata title: keep the visible form
    for ck in ckeys:
        for variants in h1s:
            for v in variants:
                if _key(v) == ck:
                    return v
    # 2. an <h1> is most of a metadata title that carries extra words (a section, a slogan)
    for variants in h1s:
        for v in variants:
            vk = _key(v)
            if any(vk in ck and len(vk) >= 0.5 * len(ck) for ck in ckeys):
                return v
    # 3. an <h1> holds a metadata title and more (a kicker, a date): the metadata title
    for variants in h1s:
        for clean, ck in zip(cleaned, ckeys, strict=True):
            if ck and ck in _key(variants[0]):
                return clean
    # 4. a single <h1> that shares words with the metadata titles (or there are none)
    if len(h1s) == 1:
        words = set(_key(h1s[0][0]).split())
        if not ckeys or words & {w for ck in ckeys for w in ck.split()}:
            return h1s[0][0]
    return fallback


# --- publication date -------------------------------------------------------------------------

_ISO_TIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?"
)
# Where a site in a country-code domain lives, for turning a UTC time stamp into its local date.
# One zone per country (the capital's); used only for stamps written in UTC ("Z", "GMT").
_CCTLD_ZONES = {
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz",
    "lu": "Europe/Luxembourg", "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam",
    "it": "Europe/Rome", "es": "Europe/Madrid", "pt": "Europe/Lisbon", "pl": "Europe/Warsaw",
    "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "rs": "Europe/Belgrade", "ba": "Europe/Sarajevo", "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia", "gr": "Europe/Athens", "cy": "Asia/Nicosia", "tr": "Europe/Istanbul",
    "ua": "Europe/Kyiv", "ru": "Europe/Moscow", "by": "Europe/Minsk", "md": "Europe/Chisinau",
    "ge": "Asia/Tbilisi", "am": "Asia/Yerevan", "az": "Asia/Baku", "kz": "Asia/Almaty",
    "uk": "Europe/London", "ie": "Europe/Dublin", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm",
    "no": "Europe/Oslo", "fi": "Europe/Helsinki", "ee": "Europe/Tallinn", "lv": "Europe/Riga",
    "lt": "Europe/Vilnius", "is": "Atlantic/Reykjavik", "ar": "America/Argentina/Buenos_Aires",
    "br": "America/Sao_Paulo", "uy": "America/Montevideo", "cl": "America/Santiago", "pe": "America/Lima",
    "co": "America/Bogota", "ve": "America/Caracas", "bo": "America/La_Paz", "ec": "America/Guayaquil",
    "py": "America/Asuncion", "mx": "America/Mexico_City", "in": "Asia/Kolkata", "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul", "cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong",
    "sg": "Asia/Singapore", "au": "Australia/Sydney", "nz": "Pacific/Auckland", "za": "Africa/Johannesburg",
    "il": "Asia/Jerusalem", "eg": "Africa/Cairo", "ng": "Africa/Lagos", "ke": "Africa/Nairobi",
    "ir": "Asia/Tehran", "iq": "Asia/Baghdad", "sa": "Asia/Riyadh", "ae": "Asia/Dubai",
}


@dataclass(slots=True)
class Stamp:
    """A date as a page states it: the calendar date written, and the instant when a time and
    an offset are given. ``utc_form`` is true for stamps written in UTC ("Z", "GMT", "UTC")."""

    day: date
    instant: datetime | None = None
    utc_form: bool = False


def parse_stamp(value: str | None) -> Stamp | None:
    """The date a machine-readable string states (ISO 8601, RFC 2822, or what ``datetime.fromisoformat`` reads),
    with its instant where a time and an offset are given; None where there is none or it is implausible."""
    if not value:
        return None
    value = value.strip()
    m = _ISO_TIME.search(value)
    if m:
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        if not plausible(day):
            return None
        if m["H"] is None or m["tz"] is None:
            return Stamp(day)
        tz = m["tz"]
        if tz in ("Z", "UTC", "GMT"):
            offset = timedelta(0)
        else:
            sign = -1 if tz[0] == "-" else 1
            offset = sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:]))
        try:
            instant = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0),
                               tzinfo=timezone(offset))
        except ValueError:
            return Stamp(day)
        return Stamp(day, instant, tz in ("Z", "UTC", "GMT"))
    try:
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):  # neither ISO 8601 at the start nor RFC 2822
        try:
            day = datetime.fromisoformat(value).date()
        except ValueError:
            return None
        return Stamp(day) if plausible(day) else None
    if not plausible(dt.date()):
        return None
    if dt.tzinfo is None:
        return Stamp(dt.date())
    return Stamp(dt.date(), dt, dt.utcoffset() == timedelta(0) and "GMT" in value.upper())


def _zone_of(domain: str | None) -> Any:
    tld = (domain or "").rsplit(".", 1)[-1].lower()
    name = _CCTLD_ZONES.get(tld)
    if not name:
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no time-zone database on this system
        return None


def local_day(stamp: Stamp, *, others: list[Stamp], url_day: date | None, domain: str | None) -> date:
    """The publisher's calendar date of a stamp.

    A time stamp in UTC (``...T23:00:00Z``) can fall on the day before or after the date the
    publisher printed. It is moved to the publisher's zone when the page says which (another stamp
    with a local offset), when the URL's date is one day off (URLs are made with the local date),
    or, for stamps written in UTC form, by the zone of the country-code domain.
    """
    if stamp.instant is None or stamp.instant.utcoffset() != timedelta(0):
        return stamp.day
    for o in others:
        if o.instant is not None and o.instant.utcoffset() != timedelta(0):
            return stamp.instant.astimezone(o.instant.tzinfo).date()
    if url_day is not None and abs((url_day - stamp.day).days) == 1:
        return url_day
    if stamp.utc_form:
        zone = _zone_of(domain)
        if zone is not None:
            return stamp.instant.astimezone(zone).date()
    return stamp.day


def choose_date(
    meta: PageMeta, *, url: str | None, text_date: str | None, domain: str | None
) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, provenance)`` of the publication date, provenance one of json-ld/meta/url/text.

    JSON-LD first, then meta tags, then the URL, then the date found in the page text (htmldate's,
    through trafilatura; a bare 1 January there is a copyright year and is dropped). When JSON-LD
    and meta tags disagree, the one the URL or the text date corroborates wins.
    """
    url_iso = date_from_url(url)
    url_day = date.fromisoformat(url_iso) if url_iso else None
    stamps = {k: parse_stamp(v) for k, v in (("json-ld", meta.jsonld_date_raw), ("meta", meta.meta_date_raw))}
    present = [s for s in stamps.values() if s is not None]
    days = {k: local_day(s, others=present, url_day=url_day, domain=domain) for k, s in stamps.items() if s}
    text_iso = parse_date(text_date)
    if "json-ld" in days and "meta" in days and days["json-ld"] != days["meta"]:
        support = {d for d in (url_day, date.fromisoformat(text_iso) if text_iso else None) if d}
        if days["meta"] in support and days["json-ld"] not in support:
            return days["meta"].isoformat(), "meta"
    for k in ("json-ld", "meta"):
        if k in days:
            return days[k].isoformat(), k
    if url_iso:
        return url_iso, "url"
    if text_iso and not text_iso.endswith("-01-01"):
        # htmldate falls back on a copyright year ("© 2024" -> 2024-01-01): not a publication date
        return text_iso, "text"
    return None, None
