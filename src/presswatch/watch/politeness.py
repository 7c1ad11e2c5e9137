"""Politeness towards the hosts ``presswatch watch`` reads: robots.txt, a per-host rate limit, a per-host
concurrency cap.

- robots.txt (RFC 9309) is fetched once per host and kept for :data:`ROBOTS_TTL`, through the same guarded fetch as
  everything else (address checks, deadline, size limit). A 4xx answer (no robots.txt) allows everything; a 5xx
  answer or a failed fetch means "unreachable", which the RFC says to read as "disallow everything" for now: that
  request fails with :class:`RobotsUnavailableError` and is retried later with the usual backoff. A
  ``Crawl-delay`` longer than the configured per-host delay is honoured, up to :data:`MAX_CRAWL_DELAY`.
- :class:`HostGate` lets at most ``per_host`` requests run at once against one host and starts them at least
  ``delay`` seconds apart, whichever thread asks.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from presswatch.errors import BlockedAddressError, FetchError, HTTPStatusError, InputError
from presswatch.ingest.fetch import FetchResult, FetchSettings

ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 300.0  # an unreachable robots.txt is asked again after this long
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
MAX_CRAWL_DELAY = 60.0
AGENT = "presswatch"


class RobotsUnavailableError(FetchError):
    """robots.txt could not be read (a 5xx answer or a failed fetch): nothing is fetched from that host for now."""


class DisallowedError(FetchError):
    """robots.txt forbids the URL to presswatch."""


def host_of(url: str) -> str:
    """scheme://host:port, the unit robots.txt and the politeness limits apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostGate:
    """At most ``per_host`` requests at once per host, started at least ``delay`` seconds apart."""

    def __init__(
        self,
        delay: float,
        per_host: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.per_host = per_host
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer delay for one host (its robots.txt Crawl-delay)."""
        with self._lock:
            self._delays[host] = min(max(delay, self.delay), MAX_CRAWL_DELAY)

    @contextlib.contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with sem:
            with self._lock:
                now = self._clock()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now:
                self._sleep(start - now)
            yield


@dataclass(slots=True)
class _Rules:
    parser: RobotFileParser | None  # None: everything allowed
    expires: float
    error: str | None = None  # set when robots.txt was unreachable


class Robots:
    """robots.txt rules per host, fetched on first use through ``fetcher`` (the guarded fetch) inside the gate."""

    def __init__(
        self,
        fetcher: Callable[..., FetchResult],
        settings: FetchSettings,
        gate: HostGate,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetch = fetcher
        self._settings = replace(settings, max_bytes=min(settings.max_bytes, ROBOTS_MAX_BYTES))
        self._gate = gate
        self._clock = clock
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Return if presswatch may fetch ``url``; raise DisallowedError or RobotsUnavailableError otherwise."""
        host = host_of(url)
        with self._lock:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:  # one fetch of a host's robots.txt, however many threads ask
            rules = self._rules.get(host)
            if rules is None or rules.expires <= self._clock():
                rules = self._load(host)
                self._rules[host] = rules
        if rules.error:
            raise RobotsUnavailableError(
                f"robots.txt could not be read ({rules.error}); nothing is fetched from this host until it can",
                source=url,
            )
        if rules.parser is not None and not rules.parser.can_fetch(AGENT, url):
            raise DisallowedError("robots.txt does not allow presswatch to fetch this page", source=url)

    def _load(self, host: str) -> _Rules:
        now = self._clock()
        url = host + "/robots.txt"
        try:
            with self._gate.slot(url):
                res = self._fetch(url, self._settings, accept=("text/plain",))
        except HTTPStatusError as e:
            if 400 <= e.status < 500:
                return _Rules(None, now + ROBOTS_TTL)
            return _Rules(None, now + ROBOTS_RETRY, e.message)
        except InputError:  # not text (an HTML page for any path), too large: no usable rules
            return _Rules(None, now + ROBOTS_TTL)
        except BlockedAddressError:  # the host itself is refused: say so, not "robots.txt unreachable"
            raise
        except FetchError as e:
            return _Rules(None, now + ROBOTS_RETRY, e.message)
        parser = RobotFileParser()
        parser.parse(res.data.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(AGENT)
        if delay:
            self._gate.set_delay(host, float(delay))
        return _Rules(parser, now + ROBOTS_TTL)
