"""Naming policies: loading, errors that name the line, checks, CLI (invented sentences only)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from presswatch.analyzers import Resources, run
from presswatch.cli import app
from presswatch.errors import ConfigError
from presswatch.gazetteer.policy import available_policies, check, load_policy, parse_policy
from presswatch.model import Document

TEXT = ("The delegation drove from Goris to Stepanakert, then on to Shusha. "
        "Officials spoke of Nagorno-Karabakh and of the Karabakh region.")


@pytest.fixture(scope="module")
def doc():
    return run(["places"], Document(TEXT, language="en"), Resources())


def test_shipped_policies_load_and_cite_a_basis():
    names = available_policies()
    assert {"az-official", "am-official", "dual-naming"} <= set(names)
    for n in names:
        p = load_policy(n)
        assert p.basis and (p.names or p.duals)


def test_az_policy_flags_armenian_names(doc):
    vs = check(doc, load_policy("az-official"))
    got = {(TEXT[v.start:v.end], v.status, v.suggestion) for v in vs}
    assert ("Stepanakert", "deprecated", "Khankendi") in got
    assert ("Nagorno-Karabakh", "not-to-be-used", "Karabakh region") in got
    assert not any(v.text in ("Goris", "Shusha", "Karabakh region") for v in vs)


def test_am_policy_flags_azerbaijani_names(doc):
    vs = check(doc, load_policy("am-official"))
    assert [(v.text, v.suggestion) for v in vs] == [("Shusha", "Shushi")]


def test_dual_naming_wants_both_names_at_first_mention():
    pol = load_policy("dual-naming")
    good = run(["places"], Document("Talks were held in Stepanakert (Khankendi). Later, Stepanakert was quiet."),
               Resources())
    assert check(good, pol) == []
    bad = run(["places"], Document("Talks were held in Khankendi on Monday."), Resources())
    vs = check(bad, pol)
    assert len(vs) == 1 and vs[0].suggestion == "Stepanakert (Khankendi)" and vs[0].start == 19


def test_place_rule_does_not_touch_a_namesake():
    # Martuni is also a town in Armenia: the az-official rule is for the Karabakh town only
    pol = load_policy("az-official")
    r = pol.rule_for("gn:616438", "Martuni", "Martuni")
    assert r is None
    assert pol.rule_for("gn:146969", "Martuni", "Martuni").status == "deprecated"


def test_unknown_policy_is_one_clear_error():
    with pytest.raises(ConfigError, match="unknown naming policy 'nope'.*az-official"):
        load_policy("nope")


MINI_POLICY = "policy: {id: mine}\nrules:\n  - {name: Stepanakert, status: deprecated}\n"


@pytest.mark.parametrize("arg", ["../x", "../policies/dual-naming", "..", ".", "a b", "az-official/..",
                                 "sub/../../dual-naming"])
def test_policy_names_never_leave_the_policy_folder(tmp_path, monkeypatch, arg):
    # a file that a name resolved against the policy folder would reach: POLICY_DIR/../x.yaml
    import presswatch.gazetteer.policy as policy_mod

    shipped = tmp_path / "gazetteer" / "policies"
    shipped.mkdir(parents=True)
    (shipped / "dual-naming.yaml").write_text(MINI_POLICY.replace("mine", "shipped"), encoding="utf-8")
    (tmp_path / "gazetteer" / "x.yaml").write_text(MINI_POLICY, encoding="utf-8")
    (tmp_path / "gazetteer" / "policies.yaml").write_text(MINI_POLICY, encoding="utf-8")
    monkeypatch.setattr(policy_mod, "POLICY_DIR", shipped)
    monkeypatch.chdir(tmp_path)  # and none of these names a file from where the command runs
    with pytest.raises(ConfigError, match=r"unknown naming policy .*: (no such file|not a file)"):
        load_policy(arg)
    assert load_policy("dual-naming").id == "shipped"
    assert load_policy("dual-naming.yaml").id == "shipped"  # a name with the extension is still a name


def test_policy_paths_are_read_only_when_they_look_like_paths_and_exist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text(MINI_POLICY, encoding="utf-8")
    (tmp_path / "az-official").write_text(MINI_POLICY, encoding="utf-8")  # a file named like a shipped policy
    assert load_policy("mine.yaml").id == "mine"
    assert load_policy("./mine.yaml").id == "mine"
    assert load_policy(tmp_path / "mine.yaml").id == "mine"
    assert load_policy("./az-official").id == "mine"  # with a separator: the path the user gave
    assert load_policy("az-official").id == "az-official"  # a bare name: the shipped policy, never a local file
    with pytest.raises(ConfigError, match="unknown naming policy 'other.yaml': no such file"):
        load_policy("other.yaml")
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(ConfigError, match="dir.yaml: cannot read the policy file \\(is a directory\\)"):
        load_policy("dir.yaml")


def test_policy_names_and_paths_over_255_characters_are_one_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="the naming policy name is too long \\(300 characters, at most 255\\)"):
        load_policy("p" * 300)
    for arg in ["q" * 300 + ".yaml", str(tmp_path / ("d" * 300) / "x.yaml"), "p/" * 3000 + "x.yaml"]:
        with pytest.raises(ConfigError, match="the naming policy path is too long for the system") as ei:
            load_policy(arg)
        assert len(str(ei.value)) < 200 and "\n" not in str(ei.value)
    r = CliRunner().invoke(app, ["check", "-", "--policy", "p" * 300], input="Goris.")
    assert r.exit_code == 5 and "too long" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception


@pytest.mark.parametrize("text,line,msg", [
    ("policy: {id: x}\nrules:\n  - name: A\n    status: banned\n", 3, "status 'banned'"),
    ("policy: {id: x}\nrules:\n  - {name: A, status: preferred}\n  - {nam: B, status: preferred}\n", 4,
     "unknown key"),
    ("policy: {id: x}\nrules:\n  - name: A\n   status: x\n", 4, "not valid YAML"),
    ("policy: {id: x}\nrules:\n  - {place: 'gn:1', dual: [A]}\n", 3, "dual"),
])
def test_malformed_policy_names_the_line(text, line, msg):
    with pytest.raises(ConfigError, match=rf"line {line}: .*{msg}|line {line}:.*") as ei:
        parse_policy(text, "my.yaml")
    assert f"my.yaml line {line}" in str(ei.value)
    assert msg.split()[0] in str(ei.value)


def test_cli_check_exits_nonzero_with_offsets(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(f), "--policy", "az-official"])
    assert r.exit_code == 1
    start = TEXT.index("Stepanakert")
    assert f":{start}-{start + len('Stepanakert')}:" in r.output and "Khankendi" in r.output
    ok = tmp_path / "b.txt"
    ok.write_text("The delegation drove from Goris to Khankendi.", encoding="utf-8")
    assert CliRunner().invoke(app, ["check", str(ok), "--policy", "az-official"]).exit_code == 0
    r = CliRunner().invoke(app, ["check", str(ok), "--policy", "nope"])
    assert r.exit_code != 0 and "unknown naming policy" in r.output


def test_cli_places_table(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(app, ["places", str(f), "--policy", "am-official"])
    assert r.exit_code == 0
    line = next(ln for ln in r.output.splitlines() if ln.split()[1:2] == ["Shusha"])
    assert "gn:147105" in line and "deprecated" in line


def test_check_counts_the_voices_asked_for():
    text = ("The bulletin denounced the so-called “Nagorno-Karabakh” label. The minister said: \"Convoys left "
            "Stepanakert at dawn and reached the border by noon.\" Later, trucks were seen in Stepanakert.")
    doc = run(["sourcing", "places"], Document(text, language="en"), Resources())
    pol = load_policy("az-official")
    every = check(doc, pol)
    assert sorted(v.voice for v in every) == ["mentioned", "own", "quoted"]
    own = check(doc, pol, {"own"})
    assert [(v.text, v.start) for v in own] == [("Stepanakert", text.rindex("Stepanakert"))]
    quoted = check(doc, pol, {"quoted"})
    assert quoted[0].speaker and "minister" in quoted[0].speaker
    assert check(doc, pol, set()) == []


def test_dual_rule_first_mention_is_the_first_in_a_counted_voice():
    text = "Officials denounced what they call Stepanakert. Buses then reached Khankendi."
    doc = run(["places"], Document(text, language="en"), Resources())
    vs = check(doc, load_policy("dual-naming"), {"own"})
    assert [(v.text, v.status) for v in vs] == [("Khankendi", "dual-required")]


def test_headline_violation_is_reported_with_its_field():
    title = "Peacekeepers report two ceasefire violations near Stepanakert"
    doc = run(["places"], Document("The mission gave no details.", title=title, language="en"), Resources())
    (v,) = check(doc, load_policy("az-official"))
    assert (v.field, title[v.start:v.end], v.suggestion) == ("title", "Stepanakert", "Khankendi")
    assert v.to_dict()["field"] == "title"


def test_district_gets_no_dual_rule_of_its_town():
    doc = run(["places"], Document("Work began near Pirlar village of the Khojaly district.", language="en"),
              Resources())
    assert check(doc, load_policy("dual-naming")) == []
