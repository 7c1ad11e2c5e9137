"""Fetching a URL with httpx: timeouts, a redirect limit, a size limit and a content-type check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from presswatch._version import __version__
from presswatch.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    TooLargeError,
    UnsupportedContentError,
)

USER_AGENT = f"presswatch/{__version__} (press analysis tool; +python-httpx)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(slots=True)
class FetchSettings:
    timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 20 * 1024 * 1024
    user_agent: str = USER_AGENT


@dataclass(slots=True)
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str | None
    charset: str | None
    data: bytes
    fetched_at: str


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return media, charset


def fetch(url: str, settings: FetchSettings | None = None, *, accept: tuple[str, ...] | None = None) -> FetchResult:
    """GET ``url``; raise a :class:`FetchError` subclass with a readable message on any failure."""
    import httpx  # lazily: keeps `presswatch --help` fast

    s = settings or FetchSettings()
    allowed = accept or (HTML_TYPES + TEXT_TYPES)
    headers = {"User-Agent": s.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1"}
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=s.max_redirects,
            timeout=httpx.Timeout(s.timeout),
            headers=headers,
        ) as client, client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise HTTPStatusError(
                    f"the server answered HTTP {resp.status_code} {resp.reason_phrase}",
                    status=resp.status_code,
                    source=url,
                )
            media, charset = _media_type(resp.headers.get("content-type"))
            if media and not any(media == t for t in allowed):
                raise UnsupportedContentError(
                    f"content type {media} is not HTML or text; presswatch reads "
                    + ", ".join(allowed),
                    source=url,
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > s.max_bytes:
                raise TooLargeError(
                    f"the page is {int(declared) / 1e6:.1f} MB, over the {s.max_bytes / 1e6:.0f} MB limit "
                    "(raise it with --max-size)",
                    source=url,
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > s.max_bytes:
                    raise TooLargeError(
                        f"the download passed the {s.max_bytes / 1e6:.0f} MB limit and was stopped "
                        "(raise it with --max-size)",
                        source=url,
                    )
                chunks.append(chunk)
            return FetchResult(
                url=url,
                final_url=str(resp.url),
                status=resp.status_code,
                content_type=media,
                charset=charset,
                data=b"".join(chunks),
                fetched_at=utc_now(),
            )
    except httpx.TimeoutException:
        raise FetchTimeoutError(f"no answer within {s.timeout:g} s (change it with --timeout)", source=url) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {s.max_redirects} redirects", source=url) from None
    except httpx.InvalidURL as e:
        raise FetchError(f"not a valid URL ({e})", source=url) from None
    except httpx.UnsupportedProtocol:
        raise FetchError("only http:// and https:// URLs can be fetched", source=url) from None
    except httpx.ConnectError as e:
        raise FetchError(f"cannot connect ({_reason(e)})", source=url) from None
    except httpx.HTTPError as e:
        raise FetchError(f"the download failed ({_reason(e)})", source=url) from None


def _reason(e: Exception) -> str:
    msg = str(e) or type(e).__name__
    return msg.splitlines()[0][:200]
