"""Sending fired alerts: to the log (the ``presswatch.alerts`` logger), to a webhook (a JSON POST through the same
address checks as every fetch) and by e-mail (SMTP).

Each pending delivery of the ledger is claimed, sent, and marked sent; a failed attempt is retried with
exponential backoff (:data:`FIRST_RETRY_SECONDS`, doubling) up to :data:`MAX_ATTEMPTS` attempts, then marked
failed. An answer that retrying cannot change (a refused private address, HTTP 4xx other than 408 and 429, a
redirect) fails at once. Sending is at least once: a process that dies after sending and before marking the
delivery sent sends it again after the lease; webhook receivers dedupe on the payload's ``id``, mail readers on
the ``Message-ID``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from presswatch._version import __version__
from presswatch.alerts import ledger
from presswatch.alerts.rules import SmtpSettings
from presswatch.errors import PresswatchError
from presswatch.settings import current as current_settings

LOG = logging.getLogger("presswatch.alerts")
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30.0  # then 1, 2, 4 ... 32 minutes: about an hour of retries in all
WEBHOOK_TIMEOUT = 10.0
SMTP_TIMEOUT = 20.0
ALLOW_PRIVATE_ENV = "PRESSWATCH_ALLOW_PRIVATE_ADDRESSES"
SMTP_ENV = {
    "host": "PRESSWATCH_SMTP_HOST",
    "port": "PRESSWATCH_SMTP_PORT",
    "from": "PRESSWATCH_SMTP_FROM",
    "starttls": "PRESSWATCH_SMTP_STARTTLS",
    "user": "PRESSWATCH_SMTP_USER",
}
PASSWORD_ENV = "PRESSWATCH_SMTP_PASSWORD"
_TRUE = {"1", "true", "yes", "on"}


class DeliveryError(PresswatchError):
    """One attempt to deliver an alert failed; ``permanent`` when trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, ..."""
    return FIRST_RETRY_SECONDS * 2 ** (attempts - 1)


def deliver_due(store: Any, now: datetime) -> dict[str, int]:
    """Send every delivery whose time has come; return how many were sent, retried later and failed for good.
    E-mail uses the stored ``smtp:`` section, then the environment (:func:`smtp_config`), read now."""
    settings: dict[str, Any] | None = None

    def email(due: ledger.Due, payload: dict[str, Any]) -> None:
        nonlocal settings
        if settings is None:
            settings = smtp_config(ledger.smtp_settings(store))
        send_email(due, settings)

    send: dict[str, Callable[[ledger.Due, dict[str, Any]], None]] = {
        "log": send_log,
        "webhook": send_webhook,
        "email": email,
    }
    counts = {"sent": 0, "retry": 0, "failed": 0}
    claimed: set[int] = set()
    while True:
        # one at a time: the lease covers one attempt, so a slow send never lets another process claim the next
        batch = [d for d in ledger.claim_due(store, now, limit=1) if d.id not in claimed]
        if not batch:
            return counts
        for due in batch:
            claimed.add(due.id)
            try:
                send[due.channel](due, due.payload)
            except DeliveryError as e:
                final = e.permanent or due.attempts >= MAX_ATTEMPTS
                retry_at = None if final else now + timedelta(seconds=retry_delay(due.attempts))
                ledger.mark_failed(store, due.id, e.message, retry_at)
                counts["failed" if final else "retry"] += 1
                LOG.warning(
                    "alert %s: %s delivery to %s failed (attempt %d%s): %s",
                    due.payload.get("id"),
                    due.channel,
                    due.target or "the log",
                    due.attempts,
                    "; given up" if final else f"; retried at {retry_at:%Y-%m-%d %H:%M:%S}",
                    e.message,
                )
            else:
                ledger.mark_sent(store, due.id, now)
                counts["sent"] += 1


def send_log(due: ledger.Due, payload: dict[str, Any]) -> None:
    """The alert as one WARNING record of the ``presswatch.alerts`` logger (on stderr unless the application
    configures logging), its evidence after it."""
    from presswatch.report.text import for_terminal

    quotes = "; ".join(
        f"{e['document_id']} {e['field']}:{e['start']}-{e['end']} '{e['text']}'"
        for e in payload.get("evidence", [])[:5]
    )
    line = f"{payload.get('message')}" + (f" | evidence: {quotes}" if quotes else "")
    # a page's words may hide terminal escape sequences, and the log is read on terminals
    LOG.warning("alert %s [%s]: %s", payload.get("rule"), payload.get("id"), for_terminal(line, oneline=True))


def send_webhook(due: ledger.Due, payload: dict[str, Any]) -> None:
    """POST the payload as JSON. The address is checked as a fetch's is (loopback, private and other non-public
    addresses refused unless the rules were loaded allowing them, or PRESSWATCH_ALLOW_PRIVATE_ADDRESSES is set);
    redirects are not followed."""
    import httpcore
    import httpx

    from presswatch.errors import BlockedAddressError
    from presswatch.ingest.netguard import Deadline, GuardedBackend, GuardedTransport

    allow = due.allow_private or (current_settings().allow_private_addresses or "").strip().lower() in _TRUE
    backend = GuardedBackend(deadline=Deadline(WEBHOOK_TIMEOUT), allow_private=allow)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": f"presswatch/{__version__} (alerts)"}
    try:
        with httpx.Client(
            transport=GuardedTransport(backend), follow_redirects=False, timeout=httpx.Timeout(WEBHOOK_TIMEOUT)
        ) as client:
            resp = client.post(due.target, content=body, headers=headers)
    except BlockedAddressError as e:
        raise DeliveryError(
            e.message.replace(
                "pass --allow-private-addresses to fetch it",
                "load the rules with --allow-private-addresses to post to it",
            ),
            permanent=True,
        ) from None
    except (httpx.TimeoutException, httpcore.TimeoutException):
        raise DeliveryError(f"no answer within {WEBHOOK_TIMEOUT:g} s") from None
    except (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError, OSError) as e:
        raise DeliveryError(f"cannot post ({str(e).splitlines()[0][:200] if str(e) else type(e).__name__})") from None
    if 200 <= resp.status_code < 300:
        return
    transient = resp.status_code >= 500 or resp.status_code in (408, 429)
    raise DeliveryError(
        f"the webhook answered HTTP {resp.status_code} {resp.reason_phrase}"
        + ("" if resp.status_code < 300 or resp.status_code >= 400 else " (redirects are not followed)"),
        permanent=not transient,
    )


def smtp_config(stored: SmtpSettings | None) -> dict[str, Any]:
    """The SMTP settings used: the rules file's ``smtp:`` section, what it leaves out from PRESSWATCH_SMTP_HOST,
    _PORT, _FROM, _STARTTLS and _USER, then localhost:25 without STARTTLS; the password from
    PRESSWATCH_SMTP_PASSWORD only (never stored)."""
    s = stored.to_dict() if stored else {}
    env = {k: current_settings().variable(v) for k, v in SMTP_ENV.items()}
    starttls = s.get("starttls")
    if starttls is None and env["starttls"]:
        starttls = env["starttls"].strip().lower() in _TRUE
    port = s.get("port")
    if port is None and env["port"]:
        try:
            port = int(env["port"])
        except ValueError:
            raise DeliveryError(f"{SMTP_ENV['port']}={env['port']!r} is not a port number", permanent=True) from None
    return {
        "host": s.get("host") or env["host"] or "localhost",
        "port": port or 25,
        "from": s.get("from") or env["from"] or "presswatch@localhost",
        "starttls": bool(starttls),
        "user": s.get("user") or env["user"],
        "password": current_settings().smtp_password,
    }


def send_email(due: ledger.Due, settings: dict[str, Any]) -> None:
    """One plain-text message per alert, its Message-ID made from the alert's id."""
    import smtplib
    import ssl
    from email.message import EmailMessage

    payload = due.payload
    msg = EmailMessage()
    subject = " ".join(f"[presswatch] {payload.get('rule')}: {payload.get('message')}".split())
    msg["Subject"] = subject if len(subject) <= 150 else subject[:149] + "…"
    msg["From"] = settings["from"]
    msg["To"] = due.target
    msg["Message-ID"] = f"<{payload.get('id')}@presswatch.alerts>"
    msg["X-Presswatch-Alert-Id"] = str(payload.get("id"))
    lines = [
        str(payload.get("message")),
        "",
        f"rule: {payload.get('rule')} ({payload.get('kind')})",
        f"fired at: {payload.get('fired_at')}",
        f"event: {payload.get('event_key')}",
    ]
    if payload.get("evidence"):
        lines += ["", "evidence:"]
        lines += [
            f"  {e['document_id']} {e['field']}:{e['start']}-{e['end']}: '{e['text']}'" for e in payload["evidence"]
        ]
    msg.set_content("\n".join(lines) + "\n")
    try:
        with smtplib.SMTP(settings["host"], settings["port"], timeout=SMTP_TIMEOUT) as smtp:
            if settings["starttls"]:
                smtp.starttls(context=ssl.create_default_context())
            if settings["user"]:
                smtp.login(settings["user"], settings["password"] or "")
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as e:
        raise DeliveryError(f"the mail server refused {due.target} ({e.recipients})", permanent=True) from None
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(
            f"cannot send mail through {settings['host']}:{settings['port']} ({str(e)[:200] or type(e).__name__})"
        ) from None
