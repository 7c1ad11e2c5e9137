"""What a fired alert carries: the rule, the event key that makes it fire once, a message for a person, and the
exact words it rests on (:class:`Evidence`), where there are any."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words an alert rests on: ``field`` of document ``document_id``, characters ``start``-``end``."""

    document_id: str
    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(slots=True)
class Alert:
    """One event that a rule fired on. ``key`` identifies the event (the rule's name and what happened: a
    document, an incident and a source, a source's quiet spell); the ledger keeps each key once."""

    rule: str
    kind: str
    key: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """A short hash of the event key: the ``id`` a webhook receiver dedupes on."""
        return event_hash(self.key)

    def payload(self, fired_at: str) -> dict[str, Any]:
        """The JSON body of a webhook, also kept in the ledger."""
        return {
            "id": self.id,
            "event_key": self.key,
            "rule": self.rule,
            "kind": self.kind,
            "message": self.message,
            "fired_at": fired_at,
            "evidence": [e.to_dict() for e in self.evidence],
            "details": self.details,
        }


def event_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def iso(moment: datetime) -> str:
    """``2026-05-01T12:00:00Z``: how the ledger writes a moment (UTC, to the second)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def utc(now: datetime | None) -> datetime:
    """``now`` as an aware UTC moment (a naive one is taken as UTC); the current time when None."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def parse_moment(value: str | None) -> datetime | None:
    """A stored date (``2023-06-12``, midnight UTC) or date-time (``2023-06-12T08:30:00Z``, any offset); None when
    absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return utc(moment)
