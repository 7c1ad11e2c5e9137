"""Following sources over time: a registry of feeds and sitemaps, a durable queue in the store, a polite poller
(``presswatch watch``) and each source's health. See docs/watch.md.

Light on purpose: the submodules are imported by what uses them (the CLI imports them inside its commands).
"""

from __future__ import annotations

import re

from presswatch.errors import ConfigError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(value: str) -> float:
    """Seconds from ``30s``, ``15m``, ``1h``, ``1d`` (a bare number is seconds); one ConfigError when it is not one."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if not m or float(m.group(1)) <= 0:
        raise ConfigError(f"{value!r} is not an interval; write it as 30s, 15m, 1h or 1d")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]
