"""Deliveries against receivers the tests start on loopback: a webhook (JSON POST, retried with exponential backoff,
refused on a private address unless allowed) and e-mail (SMTP, aiosmtpd)."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta

import pytest
from alert_docs import doc

from presswatch.alerts import history, load_rules, on_stored, on_tick
from presswatch.alerts.deliver import MAX_ATTEMPTS, retry_delay, smtp_config
from presswatch.alerts.rules import parse_rules

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def load(store, text, *, allow_private=True):
    load_rules(store, parse_rules(text), allow_private=allow_private, now=T0)


def deliveries(store):
    return [d for h in history(store) for d in h["deliveries"]]


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in (
        "PRESSWATCH_ALLOW_PRIVATE_ADDRESSES",
        "PRESSWATCH_SMTP_HOST",
        "PRESSWATCH_SMTP_PORT",
        "PRESSWATCH_SMTP_FROM",
        "PRESSWATCH_SMTP_STARTTLS",
        "PRESSWATCH_SMTP_USER",
        "PRESSWATCH_SMTP_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)


def test_a_webhook_gets_the_alert_as_json(store, webhook):
    load(store, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n")
    d = doc("The corridor was open at dawn.", title="Roads")
    (alert,) = on_stored(store, [store.put(d).document_id], T0)
    (got,) = webhook.received
    assert got["path"] == "/hook" and got["headers"]["Content-Type"] == "application/json"
    body = got["body"]
    assert body["id"] == alert.id and body["rule"] == "corridor" and body["kind"] == "keyword"
    assert body["event_key"] == f"corridor|document|{d.id}" and body["fired_at"] == "2026-03-01T00:00:00Z"
    assert body["evidence"] == [{"document_id": d.id, "field": "text", "start": 4, "end": 12, "text": "corridor"}]
    assert body["message"] == alert.message
    assert [(x["state"], x["attempts"]) for x in deliveries(store)] == [("sent", 1)]


def test_a_failing_webhook_is_retried_with_exponential_backoff(store, webhook):
    webhook.statuses = [500, 503]  # then 200
    load(store, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n")
    on_stored(store, [store.put(doc("The corridor was open.")).document_id], T0)
    assert [(x["state"], x["attempts"]) for x in deliveries(store)] == [("pending", 1)]
    assert "HTTP 500" in deliveries(store)[0]["last_error"]
    on_tick(store, T0 + timedelta(seconds=retry_delay(1) - 1))  # too early: nothing is sent
    assert len(webhook.received) == 1
    on_tick(store, T0 + timedelta(seconds=retry_delay(1)))
    assert len(webhook.received) == 2 and deliveries(store)[0]["attempts"] == 2
    second = T0 + timedelta(seconds=retry_delay(1))
    on_tick(store, second + timedelta(seconds=retry_delay(2) - 1))
    assert len(webhook.received) == 2  # the second wait is twice the first
    on_tick(store, second + timedelta(seconds=retry_delay(2)))
    assert len(webhook.received) == 3
    assert [(x["state"], x["attempts"]) for x in deliveries(store)] == [("sent", 3)]
    assert len({r["body"]["id"] for r in webhook.received}) == 1  # one event: receivers dedupe on its id
    assert retry_delay(2) == 2 * retry_delay(1)


def test_a_webhook_that_keeps_failing_is_given_up_after_the_last_attempt(store, webhook):
    webhook.statuses = [502] * (MAX_ATTEMPTS + 2)
    load(store, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n")
    on_stored(store, [store.put(doc("The corridor was open.")).document_id], T0)
    now = T0
    for attempt in range(1, MAX_ATTEMPTS):
        now += timedelta(seconds=retry_delay(attempt))
        on_tick(store, now)
    assert len(webhook.received) == MAX_ATTEMPTS
    assert [(x["state"], x["attempts"]) for x in deliveries(store)] == [("failed", MAX_ATTEMPTS)]
    on_tick(store, now + timedelta(days=1))
    assert len(webhook.received) == MAX_ATTEMPTS


def test_a_client_error_is_not_retried(store, webhook):
    webhook.statuses = [404]
    load(store, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n")
    on_stored(store, [store.put(doc("The corridor was open.")).document_id], T0)
    on_tick(store, T0 + timedelta(hours=2))
    assert len(webhook.received) == 1
    (d,) = deliveries(store)
    assert d["state"] == "failed" and "HTTP 404" in d["last_error"]


def test_a_webhook_to_a_private_address_is_refused_unless_allowed(store, webhook, monkeypatch):
    load(store, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n", allow_private=False)
    on_stored(store, [store.put(doc("The corridor was open.")).document_id], T0)
    assert webhook.received == []
    (d,) = deliveries(store)
    assert d["state"] == "failed" and "loopback" in d["last_error"] and "--allow-private-addresses" in d["last_error"]
    # the environment variable allows it too, for rules loaded without the option
    monkeypatch.setenv("PRESSWATCH_ALLOW_PRIVATE_ADDRESSES", "1")
    on_stored(store, [store.put(doc("The corridor was shut.")).document_id], T0)
    assert len(webhook.received) == 1


def test_email_through_smtp(store, smtp_server):
    load(
        store,
        f"smtp:\n  host: 127.0.0.1\n  port: {smtp_server.port}\n  from: alerts@example.org\n"
        "alerts:\n- {name: corridor, keyword: corridor, email: [desk@example.org, night@example.org]}\n",
    )
    d = doc("The corridor was open at dawn.", title="Roads")
    (alert,) = on_stored(store, [store.put(d).document_id], T0)
    assert sorted(m["to"][0] for m in smtp_server.messages) == ["desk@example.org", "night@example.org"]
    msg = email.message_from_string(smtp_server.messages[0]["data"])
    assert smtp_server.messages[0]["from"] == "alerts@example.org"
    assert msg["Subject"].startswith("[presswatch] corridor: ")
    assert msg["Message-ID"] == f"<{alert.id}@presswatch.alerts>"
    body = msg.get_payload(decode=True).decode("utf-8")
    assert alert.message in body and f"{d.id} text:4-12: 'corridor'" in body
    assert [x["state"] for x in deliveries(store)] == ["sent", "sent"]


def test_smtp_settings_come_from_the_file_then_the_environment(monkeypatch):
    from presswatch.alerts.rules import SmtpSettings

    monkeypatch.setenv("PRESSWATCH_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("PRESSWATCH_SMTP_PORT", "587")
    monkeypatch.setenv("PRESSWATCH_SMTP_STARTTLS", "yes")
    monkeypatch.setenv("PRESSWATCH_SMTP_PASSWORD", "from-the-environment")
    cfg = smtp_config(SmtpSettings(host="relay.example.org", sender="a@example.org"))
    assert (cfg["host"], cfg["port"], cfg["starttls"], cfg["from"]) == ("relay.example.org", 587, True, "a@example.org")
    assert cfg["password"] == "from-the-environment"
    monkeypatch.delenv("PRESSWATCH_SMTP_HOST")
    monkeypatch.delenv("PRESSWATCH_SMTP_PORT")
    assert (smtp_config(None)["host"], smtp_config(None)["port"]) == ("localhost", 25)


def test_an_unreachable_mail_server_is_retried(store, smtp_server):
    import socket

    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    rules = "alerts:\n- {name: c, keyword: corridor, email: desk@example.org}\n"
    load(store, f"smtp: {{host: 127.0.0.1, port: {dead}}}\n" + rules)
    on_stored(store, [store.put(doc("The corridor was open.")).document_id], T0)
    (d,) = deliveries(store)
    assert d["state"] == "pending" and d["attempts"] == 1 and "cannot send mail" in d["last_error"]
    load(store, f"smtp: {{host: 127.0.0.1, port: {smtp_server.port}}}\n" + rules)  # settings are read when sending
    on_tick(store, T0 + timedelta(seconds=retry_delay(1)))
    assert [(x["state"], x["attempts"]) for x in deliveries(store)] == [("sent", 2)]
    assert len(smtp_server.messages) == 1


def test_a_delivery_claimed_by_one_process_is_not_sent_by_another(tmp_path, webhook):
    from presswatch.alerts import ledger
    from presswatch.alerts.deliver import deliver_due
    from presswatch.alerts.engine import Evaluator
    from presswatch.store import open_store

    path = tmp_path / "shared.sqlite"
    with open_store(path) as a, open_store(path) as b:
        load(a, f"alerts:\n- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n")
        ids = [a.put(doc("The corridor was open.")).document_id]
        assert len(ledger.record(a, Evaluator(a, ledger.stored_rules(a)).documents(ids), T0)) == 1
        (claimed,) = ledger.claim_due(a, T0)  # process a is about to send it ... and dies
        assert deliver_due(b, T0 + timedelta(minutes=1)) == {"sent": 0, "retry": 0, "failed": 0}
        assert webhook.received == []
        assert deliver_due(b, T0 + timedelta(seconds=ledger.LEASE_SECONDS)) == {"sent": 1, "retry": 0, "failed": 0}
        assert [r["body"]["id"] for r in webhook.received] == [claimed.payload["id"]]
