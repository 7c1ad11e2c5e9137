"""The rules file: every rule kind parses into what it says, durations, and one clear message per mistake, naming
the rule and the key; the examples of docs/alerts.md are valid rules files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presswatch.alerts.rules import Delivery, format_duration, parse_duration, parse_rules
from presswatch.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "alerts.md"

ALL_KINDS = """
smtp:
  host: 127.0.0.1
  port: 2525
  from: alerts@example.org
alerts:
  - name: corridor
    keyword: Lachin corridor
    log: true
  - name: shusha
    place: gn:146970
    source: Shirvan Daily
    webhook: [https://hooks.example.org/a, https://hooks.example.org/b]
  - name: fear
    technique: appeal to fear-prejudice
    email: desk@example.org
  - name: az-names
    policy: az-official
    log: true
  - name: unnamed-sources
    anonymous_share_above: 0.3
    within: 2d
    min_attributions: 4
    log: true
  - name: harbour-silent
    unreported_by: Harbour Gazette
    within: 36h
    log: true
  - name: quiet
    source_quiet: all
    for: 90m
    log: true
"""


def test_every_rule_kind_parses_into_what_it_says():
    rs = parse_rules(ALL_KINDS, "rules.yaml")
    by = {r.name: r for r in rs.rules}
    assert [r.kind for r in rs.rules] == [
        "keyword",
        "place",
        "technique",
        "policy",
        "anonymous_share_above",
        "unreported_by",
        "source_quiet",
    ]
    assert by["corridor"].value == "Lachin corridor" and by["corridor"].deliveries == (Delivery("log"),)
    assert by["shusha"].source == "Shirvan Daily"
    assert [d.target for d in by["shusha"].deliveries] == ["https://hooks.example.org/a", "https://hooks.example.org/b"]
    assert by["fear"].value == "Appeal_to_Fear-Prejudice"  # the taxonomy's key, from its name in any case
    assert by["unnamed-sources"].value == 0.3 and by["unnamed-sources"].window == 2 * 86400
    assert by["unnamed-sources"].min_attributions == 4
    assert by["harbour-silent"].window == 36 * 3600 and by["quiet"].window == 90 * 60
    assert rs.smtp is not None and (rs.smtp.host, rs.smtp.port, rs.smtp.sender) == (
        "127.0.0.1",
        2525,
        "alerts@example.org",
    )


def test_windows_have_defaults():
    rs = parse_rules(
        "alerts:\n- {name: a, unreported_by: X, log: true}\n- {name: b, source_quiet: X, log: true}\n"
        "- {name: c, anonymous_share_above: 0.5, log: true}\n"
    )
    assert [r.window for r in rs.rules] == [86400, 2 * 86400, 7 * 86400]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2d", 172800), ("1.5h", 5400)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "1", "h", "1w", "-1h", "0s", "1 hour", 3600, None, "1h30m"])
def test_bad_durations(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_format_duration_round_trips():
    for text in ("30s", "15m", "1h", "2d", "90m"):
        assert format_duration(parse_duration(text)) == text


def _one_rule(body: str) -> str:
    return "alerts:\n  - name: watch-names\n" + "".join(f"    {line}\n" for line in body.strip().splitlines())


@pytest.mark.parametrize(
    ("body", "key", "says"),
    [
        ("keyword: Lachin\n", None, "at least one delivery"),
        ("keyword: Lachin\nplace: Shusha\nlog: true", "keyword, place", "exactly one condition"),
        ("log: true", None, "exactly one condition"),
        ("keyword: ''\nlog: true", "keyword", "non-empty text"),
        ("keyword: Lachin\nwithin: 1h\nlog: true", "within", "not a key of a keyword rule"),
        ("unreported_by: Harbour Gazette\nwithin: soon\nlog: true", "within", "duration like 30s, 15m, 1h or 2d"),
        ("source_quiet: all\nfor: 0h\nlog: true", "for", "positive duration"),
        ("anonymous_share_above: 1.5\nlog: true", "anonymous_share_above", "between 0 and 1"),
        ("anonymous_share_above: 0.2\nmin_attributions: 0\nlog: true", "min_attributions", "positive whole number"),
        ("technique: Shouting\nlog: true", "technique", "not a technique of the taxonomy"),
        ("policy: no-such-policy\nlog: true", "policy", "unknown naming policy"),
        ("keyword: Lachin\nwebhook: ftp://hooks.example.org/x", "webhook", "not an http:// or https:// URL"),
        ("keyword: Lachin\nemail: desk at example.org", "email", "not an e-mail address"),
        ("keyword: Lachin\nlog: yes please", "log", "true or false"),
        ("keyword: Lachin\nsource: 42\nlog: true", "source", "name of a source"),
    ],
)
def test_a_mistake_is_one_message_naming_the_file_line_rule_and_key(body, key, says):
    with pytest.raises(ConfigError) as e:
        parse_rules(_one_rule(body), "rules.yaml")
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith("rules.yaml line 2: rule 'watch-names'")
    if key:
        assert f"rule 'watch-names': {key}: " in msg, msg
    assert says in msg, msg


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("alerts: [\n", "not valid YAML"),
        ("- name: x\n", "a mapping with an 'alerts:' list"),
        ("alerts: []\n", "at least one"),
        ("alerts:\n- {name: a, keyword: x, log: true}\nrules: []\n", "unknown top-level key(s) rules"),
        (
            "alerts:\n- {name: a, keyword: x, log: true}\n- {name: a, keyword: y, log: true}\n",
            "rule 'a': name: another rule of the file has this name",
        ),
        ("alerts:\n- {keyword: x, log: true}\n", "rule 1: name: every rule needs a name"),
        (
            "alerts:\n- {name: a, keyword: x, log: true}\nsmtp: {host: h, password: secret}\n",
            "smtp: password: not an SMTP setting",
        ),
        ("alerts:\n- {name: a, keyword: x, log: true}\nsmtp: {port: 99999}\n", "smtp: port: must be a port number"),
    ],
)
def test_file_level_mistakes(text, says):
    with pytest.raises(ConfigError, match=re.escape(says)):
        parse_rules(text, "rules.yaml")


def test_a_policy_file_is_stored_by_its_absolute_path(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text(
        "policy: {id: mine}\nrules:\n  - {name: Oldtown, status: deprecated}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    rule = parse_rules("alerts:\n- {name: p, policy: mine.yaml, log: true}\n").rules[0]
    assert rule.value == str(tmp_path / "mine.yaml") and rule.definition["policy"] == rule.value
    assert parse_rules("alerts:\n- {name: p, policy: az-official, log: true}\n").rules[0].value == "az-official"


def test_the_documented_examples_are_valid_rules_files():
    """Every ```yaml block of docs/alerts.md with an ``alerts:`` list parses; together they show every kind."""
    blocks = [
        b for b in re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S) if "alerts:" in b
    ]
    kinds = set()
    for b in blocks:
        kinds |= {r.kind for r in parse_rules(b, "docs/alerts.md").rules}
    assert kinds == {
        "keyword",
        "place",
        "technique",
        "policy",
        "anonymous_share_above",
        "unreported_by",
        "source_quiet",
    }
