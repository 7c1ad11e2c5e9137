"""Each rule kind fires on what it says and only on that, with evidence over the exact words; each event fires
once, also across a crash and a restart (the ledger)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from alert_docs import HARBOUR, MISSION, SHIRVAN, doc, located, sourcing

from presswatch.alerts import deliver as deliver_mod
from presswatch.alerts import dry_run, history, load_rules, on_stored, on_tick
from presswatch.alerts.rules import parse_rules
from presswatch.model import Span
from presswatch.store import open_store

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def load(store, text, *, now=T0, allow_private=False):
    load_rules(store, parse_rules("alerts:\n" + text), allow_private=allow_private, now=now)


def put(store, *docs):
    return [store.put(d).document_id for d in docs]


def words(store, evidence):
    """The words each evidence item points at, read back from the stored document."""
    out = []
    for e in evidence:
        d = store.get(e.document_id)
        out.append(d.field_text(e.field)[e.start : e.end])
    return out


# ------------------------------------------------------------------------------------------ keyword
def test_keyword_is_a_whole_word_phrase_in_any_case_in_title_and_text(store):
    load(store, "- {name: corridor, keyword: lachin corridor, log: true}\n")
    hit = doc("Trucks used the Lachin\ncorridor at dawn. LACHIN CORRIDOR traffic resumed.", title="The Lachin corridor")
    miss = doc("The Lachin corridors were closed; lachin-corridor is a hyphenated form.", title="Roads")
    ids = put(store, hit, miss)
    fired = on_stored(store, ids, T0)
    assert [a.details["document_id"] for a in fired] == [hit.id]
    (a,) = fired
    assert [e.field for e in a.evidence] == ["title", "text", "text"]
    assert (
        words(store, a.evidence)
        == [e.text for e in a.evidence]
        == ["Lachin corridor", "Lachin\ncorridor", "LACHIN CORRIDOR"]
    )
    assert a.key == f"corridor|document|{hit.id}" and len(a.id) == 20
    assert SHIRVAN in a.message and "3:" in a.message


def test_source_restricts_a_document_rule(store):
    load(store, f"- {{name: c, keyword: convoy, source: {HARBOUR}, log: true}}\n")
    ids = put(store, doc("A convoy passed.", source=SHIRVAN), doc("A convoy passed by the harbour.", source=HARBOUR))
    assert [a.details["source"] for a in on_stored(store, ids, T0)] == [HARBOUR]


# ------------------------------------------------------------------------------------------ place
def test_place_by_id_by_name_and_through_the_gazetteer(store):
    text = "Shells fell near Shushi and on Khankendi; Agdam was calm."
    spans = [
        located(text, "Shushi", "gn:1", "Shusha"),
        located(text, "Khankendi", "gn:2", "Stepanakert"),
        located(text, "Agdam", "gn:3", "Aghdam"),
    ]
    load(
        store,
        "- {name: by-id, place: 'gn:1', log: true}\n"
        "- {name: by-name, place: shusha, log: true}\n"
        "- {name: by-gazetteer, place: Xankandi, log: true}\n"
        "- {name: elsewhere, place: Ganja, log: true}\n",
    )
    ids = put(store, doc(text, spans=spans))
    asked = []

    def resolve(name):  # the gazetteer's answer, for this invented place
        asked.append(name)
        return {"gn:2"} if name == "Xankandi" else set()

    fired = {a.rule: a for a in on_stored(store, ids, T0, resolve_place=resolve)}
    assert sorted(fired) == ["by-gazetteer", "by-id", "by-name"]
    assert [e.text for e in fired["by-id"].evidence] == ["Shushi"]
    assert [e.text for e in fired["by-name"].evidence] == ["Shushi"]  # the name it resolved to
    assert words(store, fired["by-gazetteer"].evidence) == ["Khankendi"]
    assert sorted(asked) == ["Ganja", "Xankandi", "shusha"]  # an id is never looked up


# ------------------------------------------------------------------------------------------ technique
def test_technique_spans(store):
    text = "These heroic defenders will never yield to the barbaric aggressor."
    i = text.index("barbaric aggressor")
    spans = [
        Span(i, i + 18, "Name_Calling-Labeling", "techniques", {"technique": "Name_Calling-Labeling"}),
        Span(0, 5, "Loaded_Language", "entities", {}),
    ]  # not the techniques analyzer's
    load(
        store,
        "- {name: labels, technique: name calling-labeling, log: true}\n"
        "- {name: loaded, technique: Loaded_Language, log: true}\n",
    )
    fired = on_stored(store, put(store, doc(text, spans=spans)), T0)
    assert [(a.rule, [e.text for e in a.evidence]) for a in fired] == [("labels", ["barbaric aggressor"])]


# ------------------------------------------------------------------------------------------ policy
def test_policy_fires_on_names_in_the_texts_own_voice_only(store):
    own = "Residents of Nagorno-Karabakh queued for bread."
    quoted = 'The envoy said: "Nagorno-Karabakh needs bread."'
    load(
        store,
        "- {name: az, policy: az-official, log: true}\n"
        f"- {{name: az-harbour, policy: az-official, source: {HARBOUR}, log: true}}\n",
    )
    d_own = doc(own, spans=[located(own, "Nagorno-Karabakh", "cau:nagorno-karabakh", "Nagorno-Karabakh")])
    d_quoted = doc(
        quoted, spans=[located(quoted, "Nagorno-Karabakh", "cau:nagorno-karabakh", "Nagorno-Karabakh", voice="quoted")]
    )
    d_ok = doc(
        "Residents of the Karabakh region queued.",
        spans=[
            located("Residents of the Karabakh region queued.", "Karabakh region", "cau:karabakh", "Karabakh region")
        ],
    )
    fired = on_stored(store, put(store, d_own, d_quoted, d_ok), T0)
    assert [(a.rule, a.details["document_id"]) for a in fired] == [("az", d_own.id)]
    (a,) = fired
    assert words(store, a.evidence) == ["Nagorno-Karabakh"]
    assert a.details["violations"][0]["status"] == "not-to-be-used"
    assert a.details["violations"][0]["suggestion"] == "Karabakh region"


# ------------------------------------------------------------------------------------------ anonymous share
def test_anonymous_share_over_a_window_of_the_sources_documents(store):
    load(store, "- {name: unnamed, anonymous_share_above: 0.3, within: 2d, min_attributions: 8, log: true}\n")
    t1 = "Officials who asked not to be named said the road was shut."
    d1 = doc(t1, published="2026-03-02T09:00:00Z", summaries=sourcing(1, 5))
    t2 = "Sources said the bridge was hit. Another source said so too."
    d2 = doc(
        t2,
        published="2026-03-03T09:00:00Z",
        summaries=sourcing(3, 5),
        spans=[
            Span(0, 7, "SOURCE", "sourcing", {"kind": "anonymous", "attribution": 1}),
            Span(
                t2.index("Another"), t2.index(" said so"), "SOURCE", "sourcing", {"kind": "anonymous", "attribution": 2}
            ),
            Span(0, 4, "SOURCE", "sourcing", {"kind": "named_person", "attribution": 3}),
        ],
    )
    late = doc(
        "Named minister Arif Aliyev said all was calm.", published="2026-03-09T09:00:00Z", summaries=sourcing(3, 8)
    )
    other = doc("Sources said nothing.", source=HARBOUR, published="2026-03-03T09:00:00Z", summaries=sourcing(9, 9))
    assert on_stored(store, put(store, d1), T0) == []  # 5 attributions: under the minimum
    fired = on_stored(store, put(store, d2, other, late), T0)
    # d2: 4 of 10 over two days (> 30 %); Harbour: 9 of 9; `late` alone in its window: 3 of 8, a later period
    assert sorted((a.details["source"], a.details["window_end"], a.details["attributions"]) for a in fired) == [
        (HARBOUR, "2026-03-03T09:00:00Z", 9),
        (SHIRVAN, "2026-03-03T09:00:00Z", 10),
        (SHIRVAN, "2026-03-09T09:00:00Z", 8),
    ]
    shirvan = next(
        a for a in fired if a.details["window_end"] == "2026-03-03T09:00:00Z" and a.details["source"] == SHIRVAN
    )
    assert shirvan.details["share"] == 0.4 and set(shirvan.details["documents"]) == {d1.id, d2.id}
    assert words(store, shirvan.evidence) == ["Sources", "Another source"]
    assert "40%" in shirvan.message


def test_an_anonymous_share_event_fires_once_per_period(store):
    load(store, "- {name: unnamed, anonymous_share_above: 0.3, within: 2d, min_attributions: 2, log: true}\n")
    a = doc("Sources said one thing.", published="2026-03-02T09:00:00Z", summaries=sourcing(2, 2))
    b = doc("Sources said another thing.", published="2026-03-02T10:00:00Z", summaries=sourcing(2, 2))
    c = doc("Sources said a third thing a week later.", published="2026-03-09T10:00:00Z", summaries=sourcing(2, 2))
    first = on_stored(store, put(store, a), T0)
    assert len(first) == 1
    assert on_stored(store, put(store, b), T0) == []  # the same source, the same two-day period
    assert len(on_stored(store, put(store, c), T0)) == 1  # a later period: a new event


# ------------------------------------------------------------------------------------------ unreported_by
def incident_doc(source, published, text="Artillery shelled Shusha on 2 March, the ministry said."):
    i = text.index("Artillery")
    attrs = {
        "type": "shelling",
        "date": "2026-03-02",
        "date_from": "explicit",
        "stance": "asserts",
        "places": [
            {
                "place_id": "gn:1",
                "place": "Shusha",
                "name_used": "Shusha",
                "lat": 39.76,
                "lon": 46.75,
                "feature": "PPLA",
            }
        ],
    }
    return doc(text, source=source, published=published, spans=[Span(i, len(text), "INCIDENT", "incidents", attrs)])


def test_unreported_by_fires_once_when_the_window_passes(store):
    load(store, f"- {{name: harbour-silent, unreported_by: {HARBOUR}, within: 24h, log: true}}\n")
    put(
        store,
        incident_doc(SHIRVAN, "2026-03-02T08:00:00Z"),
        incident_doc(MISSION, "2026-03-02T11:00:00Z", "Artillery shelled Shusha on 2 March, the mission reported."),
    )
    assert on_tick(store, datetime(2026, 3, 3, 7, tzinfo=UTC), embed=False) == []  # 23 hours: not yet
    (a,) = on_tick(store, datetime(2026, 3, 3, 9, tzinfo=UTC), embed=False)
    assert a.details["reported_by"] == [MISSION, SHIRVAN] and a.details["first_report"] == "2026-03-02T08:00:00Z"
    assert a.details["deadline"] == "2026-03-03T08:00:00Z"
    assert len(a.evidence) == 2 and all(w.startswith("Artillery shelled Shusha") for w in words(store, a.evidence))
    assert HARBOUR in a.message and "shelling" in a.message
    assert on_tick(store, datetime(2026, 3, 4, tzinfo=UTC), embed=False) == []  # once


def test_unreported_by_is_quiet_when_the_source_reported_it(store):
    load(store, f"- {{name: harbour-silent, unreported_by: {HARBOUR}, within: 24h, log: true}}\n")
    put(
        store,
        incident_doc(SHIRVAN, "2026-03-02T08:00:00Z"),
        incident_doc(HARBOUR, "2026-03-02T20:00:00Z", "Artillery shelled Shusha on 2 March, our reporter saw."),
    )
    assert on_tick(store, datetime(2026, 3, 5, tzinfo=UTC), embed=False) == []


def test_unreported_by_skips_history_older_than_the_rule_but_a_dry_run_shows_it(store):
    put(store, incident_doc(SHIRVAN, "2026-03-02T08:00:00Z"))
    load(
        store,
        f"- {{name: harbour-silent, unreported_by: {HARBOUR}, within: 24h, log: true}}\n",
        now=datetime(2026, 3, 10, tzinfo=UTC),
    )
    assert on_tick(store, datetime(2026, 3, 11, tzinfo=UTC), embed=False) == []
    rules = parse_rules(f"alerts:\n- {{name: harbour-silent, unreported_by: {HARBOUR}, within: 24h, log: true}}\n")
    found = dry_run(store, rules, datetime(2026, 3, 11, tzinfo=UTC))
    assert [(a.rule, before) for a, before in found] == [("harbour-silent", False)]


# ------------------------------------------------------------------------------------------ source_quiet
def stored_at(store, document_id, moment):
    with store.transaction("a test's clock") as c:
        c.execute("UPDATE documents SET ingested_at = ? WHERE id = ?", (moment, document_id))


def test_source_quiet_fires_once_per_quiet_spell(store):
    load(store, "- {name: quiet, source_quiet: all, for: 48h, log: true}\n")
    (a,) = put(store, doc("Morning bulletin.", source=MISSION))
    (b,) = put(store, doc("Harbour news.", source=HARBOUR))
    stored_at(store, a, "2026-03-01T00:00:00Z")
    stored_at(store, b, "2026-03-02T12:00:00Z")
    fired = on_tick(store, datetime(2026, 3, 3, 1, tzinfo=UTC))
    assert [x.details["source"] for x in fired] == [MISSION]  # Harbour: 36.5 hours only
    assert on_tick(store, datetime(2026, 3, 3, 2, tzinfo=UTC)) == []  # the same spell
    (c,) = put(store, doc("Evening bulletin.", source=MISSION))
    stored_at(store, c, "2026-03-03T12:00:00Z")
    later = on_tick(store, datetime(2026, 3, 5, 13, tzinfo=UTC))
    assert sorted(x.details["source"] for x in later) == [HARBOUR, MISSION]  # Mission's second spell is new
    assert next(x for x in later if x.details["source"] == MISSION).details["last_stored"] == "2026-03-03T12:00:00Z"


# ------------------------------------------------------------------------------------------ once per event
def test_each_alert_fires_once_across_a_crash_and_a_restart(tmp_path, webhook, monkeypatch):
    """Evaluate, "crash" after the ledger recorded the alerts but before anything was sent, restart (a new
    connection), evaluate the same documents again: nothing new is recorded and each event is posted once."""
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        load(store, f"- {{name: corridor, keyword: corridor, webhook: '{webhook.url}'}}\n", allow_private=True)
        ids = put(store, doc("The corridor was open."), doc("The corridor was shut.", source=HARBOUR))

        def crash(*args, **kwargs):
            raise KeyboardInterrupt("the process dies here")

        monkeypatch.setattr(deliver_mod, "send_webhook", crash)
        with pytest.raises(KeyboardInterrupt):
            on_stored(store, ids, T0)
        monkeypatch.undo()
    assert webhook.received == []
    with open_store(path) as store:  # the restart
        assert on_stored(store, ids, T0 + timedelta(minutes=10)) == []  # already in the ledger
        assert len(webhook.received) == 2  # the pending deliveries, whose lease ran out, went out now
        assert on_stored(store, ids, T0 + timedelta(minutes=30)) == []
        assert on_tick(store, T0 + timedelta(hours=1)) == []
        assert len(webhook.received) == 2
        assert {r["body"]["id"] for r in webhook.received} == {h["id"] for h in history(store)}
        assert all(d["state"] == "sent" for h in history(store) for d in h["deliveries"])


def test_documents_stored_by_a_process_that_died_before_evaluating_them_are_caught_up(store):
    before = put(store, doc("The corridor was open before any rule was loaded."))
    load(store, "- {name: corridor, keyword: corridor, log: true}\n")
    # stored, then the process died before on_stored: the next call (here a clock tick) evaluates them
    lost = put(store, doc("The corridor was closed at noon."), doc("The corridor reopened at dusk."))
    fired = on_tick(store, T0)
    assert sorted(a.details["document_id"] for a in fired) == sorted(lost)
    assert before[0] not in {a.details["document_id"] for a in fired}  # stored before the rules: not caught up
    later = put(store, doc("The corridor stayed open overnight."))
    assert [a.details["document_id"] for a in on_stored(store, later, T0)] == later
    assert on_tick(store, T0) == [] and on_stored(store, lost, T0) == []


def test_a_document_committed_after_a_later_one_is_still_evaluated_on_postgresql(pg_url):
    """Two writers on PostgreSQL: the one that got the lower row number commits last, after the other's document
    was evaluated and the mark moved; the catch-up (the writer died before evaluating) still fires on it, once."""
    with open_store(pg_url) as slow, open_store(pg_url) as fast:
        load(fast, "- {name: corridor, keyword: corridor, log: true}\n")
        with slow.atomic("a slow batch"):
            (low,) = put(slow, doc("The corridor was closed at noon.", source=HARBOUR))
            (high,) = put(fast, doc("The corridor reopened at dusk.", source=MISSION))
            seqs = dict(fast.conn.execute("SELECT id, seq FROM documents").fetchall())
            assert list(seqs) == [high]  # the slow one is not committed yet
            assert [a.details["document_id"] for a in on_tick(fast, T0)] == [high]
            assert on_tick(fast, T0) == []
        # committed now, below the row number already evaluated
        assert fast.conn.execute("SELECT seq FROM documents WHERE id = ?", (low,)).fetchone()[0] < seqs[high]
        assert [a.details["document_id"] for a in on_tick(fast, T0)] == [low]
        assert on_tick(fast, T0) == [] and on_tick(slow, T0) == []
        assert sorted(h["evidence"][0]["document_id"] for h in history(fast)) == sorted([low, high])
        # the mark moved past both: nothing is evaluated again
        assert fast.conn.execute(
            "SELECT COUNT(*) FROM documents WHERE stored_xid >= CAST(? AS xid8)",
            (str(json.loads(fast.conn.execute(
                "SELECT value FROM alert_settings WHERE key = 'documents_evaluated_through'"
            ).fetchone()[0])["xid"]),),
        ).fetchone()[0] == 0


def test_a_second_evaluation_records_nothing_new(store, caplog):
    load(store, "- {name: corridor, keyword: corridor, log: true}\n")
    ids = put(store, doc("The corridor was open."))
    with caplog.at_level(logging.WARNING, logger="presswatch.alerts"):
        assert len(on_stored(store, ids, T0)) == 1
        assert on_stored(store, ids, T0) == []
    logged = [r.getMessage() for r in caplog.records if r.name == "presswatch.alerts"]
    assert len(logged) == 1 and logged[0].startswith("alert corridor [") and "'corridor'" in logged[0]


def test_a_rule_whose_policy_file_is_gone_is_skipped_and_the_others_run(store, tmp_path, caplog):
    policy = tmp_path / "mine.yaml"
    policy.write_text("policy: {id: mine}\nrules:\n  - {name: Oldtown, status: deprecated}\n", encoding="utf-8")
    load(
        store, f"- {{name: mine, policy: '{policy}', log: true}}\n- {{name: corridor, keyword: corridor, log: true}}\n"
    )
    policy.unlink()
    with caplog.at_level(logging.WARNING, logger="presswatch.alerts"):
        fired = on_stored(store, put(store, doc("The corridor near Oldtown.")), T0)
    assert [a.rule for a in fired] == ["corridor"]
    assert any("alert rule mine is skipped" in r.getMessage() and "mine.yaml" in r.getMessage() for r in caplog.records)


def test_reloading_an_unchanged_rule_keeps_when_it_was_loaded(store):
    from presswatch.alerts import list_rules

    text = f"- {{name: harbour-silent, unreported_by: {HARBOUR}, log: true}}\n"
    load(store, text, now=T0)
    load(store, text, now=T0 + timedelta(days=3))
    assert [r.loaded_at for r in list_rules(store)] == ["2026-03-01T00:00:00Z"]
    load(store, text.replace("log: true", "within: 12h, log: true"), now=T0 + timedelta(days=3))
    assert [r.loaded_at for r in list_rules(store)] == ["2026-03-04T00:00:00Z"]


def test_a_place_name_is_resolved_through_the_shipped_gazetteer(store):
    """No resolver given: the gazetteer gives the places named "Stepanakert", and a span that wrote another name of
    that place (its Azerbaijani name, resolved by the places analyzer to the same id) matches."""
    from presswatch.gazetteer.index import get_gazetteer

    place = next(p for p in get_gazetteer(progress=False).search("Xankəndi") if p.feature.startswith("PPL"))
    text = "Buses left Xankəndi at noon."
    load(store, "- {name: city, place: Stepanakert, log: true}\n")
    (a,) = on_stored(store, put(store, doc(text, spans=[located(text, "Xankəndi", place.id, "Xankəndi")])), T0)
    assert words(store, a.evidence) == ["Xankəndi"]
