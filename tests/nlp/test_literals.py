"""The literal words every match of a pattern holds (presswatch.nlp.literals): never a pattern skipped on a text
where it matches."""

from __future__ import annotations

import re
import sys

import pytest

from presswatch.analyzers.incidents import analyzer as incidents
from presswatch.nlp.literals import ODD_CASE, Gate, fold, may_match, required


def test_odd_case_characters_are_those_re_folds_onto_ascii_letters() -> None:
    letters = re.compile("|".join("abcdefghijklmnopqrstuvwxyz"), re.I)
    odd = {c for c in map(chr, range(128, sys.maxunicode + 1)) if letters.fullmatch(c)}
    assert odd == set(ODD_CASE)


def test_required_words() -> None:
    assert required(re.compile(r"(?<![\w-])(?:shell(?:ing|ed)|mortars?)(?![\w])", re.I)) == ("mortar", "shell")
    assert required(re.compile(r"fired (?:[\w-]+ ){0,3}?(?:at|on)")) == ("fired ",)
    assert required(re.compile(r"\w+ish cloud")) == ("ish cloud",)
    assert required(re.compile(r"a|\d+")) is None  # a branch without a word: any text may match
    assert required(re.compile(r"(?:open )?fire")) == ("fire",)  # an optional part is not required
    assert required(re.compile(r"(?:x)+yz")) == ("yz",)
    assert required(re.compile(r"взрыв|обстрел")) is None  # only ASCII words are used


@pytest.mark.parametrize("text", [
    "Troops SHELLED the village.", "The shelling went on.", "No trigger here at all.",
    "\u0130stanbul was shelled", "She ſhelled it", "mortar fire", "Mortars and shells",
])
def test_may_match_never_skips_a_match(text: str) -> None:
    pats = [re.compile(r"(?<![\w-])(?:shell(?:ing|ed)|mortars?)(?![\w])", re.I),
            re.compile(r"istanbul", re.I), re.compile(r"shelled", re.I), re.compile("Mortar")]
    for p in pats:
        if p.search(text):
            assert may_match(p, fold(text)), (p.pattern, text)
    assert fold("\u0130stanbul") is None and fold("ſ") is None
    assert fold("Caf\u00e9") == "caf\u00e9"


@pytest.mark.parametrize("lang", ["en", "ru", "az", "hy"])
def test_gate_over_the_incident_triggers(lang: str) -> None:
    """Every trigger pattern that matches a sentence made of trigger words is let through by the gate, and the
    sentence's type is what the patterns alone give."""
    lex = incidents.lexicon(lang)
    assert lex is not None
    pats = [p for ps in lex.TRIGGERS.values() for p, _ in ps]
    gate = Gate(pats)
    words = sorted({w for p in pats for w in (required(p) or ())})
    sentences = ["Nothing happened in the town on Monday.", "", "The weather was fine."]
    sentences += [f"Reports said that {w} near the river." for w in words]
    sentences += [f"{w.upper()} and {w.title()}" for w in words[::7]]
    for s in sentences:
        may = gate.open(s)
        for i, p in enumerate(pats):
            if p.search(s):
                assert i in may, (p.pattern, s)
    assert not Gate(pats).open("Nothing happened in the town on Monday.") or lang != "en"


def test_classify_is_the_same_with_and_without_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    lex = incidents.lexicon("en")
    sentences = ["Artillery shelled the village of Talish overnight, wounding two soldiers.",
                 "Police detained ten protesters at the rally.", "The minister said nothing new.",
                 "A landmine exploded near the road and injured a shepherd.", "It could shell the town."]
    gated = [incidents._classify.__wrapped__(s, lex) for s in sentences]
    n = sum(len(v) for v in lex.TRIGGERS.values())

    class Open:
        def open(self, text: str) -> frozenset[int]:
            return frozenset(range(n))

    monkeypatch.setattr(incidents, "_gate", lambda lex: Open())
    assert [incidents._classify.__wrapped__(s, lex) for s in sentences] == gated
    assert any(g[0] for g in gated) and not gated[2][0]


def test_trie_finds_a_word_where_the_text_holds_one() -> None:
    from presswatch.nlp.literals import _trie

    words = ["fire", "fired", "firefight", "gunfire", "shell", "shot", "mine-free", "a.b"]
    pat = re.compile(_trie(sorted(words)))
    for text in ["no", "fir", "gunfir", "they fired", "shot", "mine-fre", "mine-free", "axb", "a.b", "shel", "sshell"]:
        assert (pat.search(text) is not None) == any(w in text for w in words), text
