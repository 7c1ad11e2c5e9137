"""Source health: is each watched source still publishing at its usual rate, and can it still be read?

Computed from the watcher's own tables (``watch_endpoints``, ``watch_items``), so it costs two queries per source and
needs no extra bookkeeping. For each source:

- ``last_success``: the last poll of any of its feeds or sitemaps that succeeded; ``error_streak``: failed polls in a
  row (the worst of its endpoints), with the last error;
- ``items_last_day``: new items found in the last 24 hours;
- ``usual_per_day``: new items per day over the baseline window, from its first successful poll (at most
  :data:`BASELINE_DAYS` back) to 24 hours ago; needs a day of history. The backlog a feed holds on its first poll is
  left out: it says nothing about the rate;
- ``status``: ``failing`` after :data:`FAILING_STREAK` failed polls in a row; ``quiet`` when no new item came for
  longer than the time in which the usual rate gives :data:`QUIET_EXPECTED` items (a Poisson source at that rate
  stays silent that long about 5 % of the time), and at least :data:`QUIET_MIN_HOURS`; ``waiting`` before the first
  successful poll; otherwise ``ok``. ``warning`` says it in words for ``failing`` and ``quiet``.

The alerts engine and the API call :func:`source_health`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from presswatch.store.base import Store
from presswatch.watch.queue import iso
from presswatch.watch.registry import sqlite_of

DAY = 86400.0
BASELINE_DAYS = 14
FAILING_STREAK = 3
QUIET_EXPECTED = 3.0
QUIET_MIN_HOURS = 6.0


@dataclass(slots=True)
class SourceHealth:
    name: str
    status: str  # ok, quiet, failing, waiting
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    error_streak: int
    items_last_day: int
    usual_per_day: float | None
    last_item: str | None
    queued: int  # items not stored yet, or stored from the feed's words with the page still to come
    warning: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).timestamp()


def _ago(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def source_health(store: Store, now: float | datetime | None = None) -> list[SourceHealth]:
    """The health of every registered source at ``now`` (seconds since the epoch, a datetime, or the present)."""
    import time

    t = time.time() if now is None else now.timestamp() if isinstance(now, datetime) else float(now)
    conn = sqlite_of(store).conn
    out: list[SourceHealth] = []
    for (name,) in conn.execute("SELECT name FROM watch_sources ORDER BY name").fetchall():
        ep = conn.execute(
            "SELECT MAX(last_success), MIN(first_success), COALESCE(MAX(error_streak), 0) FROM watch_endpoints "
            "WHERE source = ?",
            (name,),
        ).fetchone()
        last_success, first_success, streak = ep[0], ep[1], int(ep[2])
        err = conn.execute(
            "SELECT last_error, last_error_at FROM watch_endpoints WHERE source = ? AND "
            "last_error_at IS NOT NULL ORDER BY last_error_at DESC LIMIT 1",
            (name,),
        ).fetchone()
        last_item, day_count, queued = conn.execute(
            "SELECT MAX(discovered_at), SUM(CASE WHEN discovered_at >= ? AND backlog = 0 THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN state IN ('pending', 'fallback') THEN 1 ELSE 0 END) FROM watch_items WHERE source = ?",
            (iso(t - DAY), name),
        ).fetchone()
        usual = None
        if first_success:
            start = max(_seconds(first_success), t - (BASELINE_DAYS + 1) * DAY)
            days = (t - DAY - start) / DAY
            if days >= 1:
                n = conn.execute(
                    "SELECT COUNT(*) FROM watch_items WHERE source = ? AND backlog = 0 AND "
                    "discovered_at >= ? AND discovered_at < ?",
                    (name, iso(start), iso(t - DAY)),
                ).fetchone()[0]
                usual = n / days
        status, warning = "ok", None
        if streak >= FAILING_STREAK:
            status = "failing"
            warning = f"the last {streak} polls failed" + (f" ({err[0]})" if err else "")
        elif not last_success:
            status = "waiting"
        elif usual:
            silent = t - _seconds(last_item or first_success)
            limit = max(QUIET_EXPECTED / usual * DAY, QUIET_MIN_HOURS * 3600)
            if silent > limit:
                status = "quiet"
                warning = f"no new item for {_ago(silent)}; it usually publishes {usual:.1f} a day"
        out.append(
            SourceHealth(
                name=name,
                status=status,
                last_success=last_success,
                last_error=err[0] if err else None,
                last_error_at=err[1] if err else None,
                error_streak=streak,
                items_last_day=int(day_count or 0),
                usual_per_day=round(usual, 2) if usual is not None else None,
                last_item=last_item,
                queued=int(queued or 0),
                warning=warning,
            )
        )
    return out
