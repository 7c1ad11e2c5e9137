"""Ordinary press sentences, invented for these tests, that the English incident analyzer must read as a reader does."""

from __future__ import annotations

from test_incidents_split import analysed


def _read(text: str, published: str = "2023-06-14"):
    return [(s.attrs["type"], [p["name_used"] for p in s.attrs["places"]], s.attrs["date"], s.attrs["counts"])
            for s in analysed(text=text, published=published)]


def test_a_crowd_of_hundreds_is_a_protest_not_a_toll_of_years():
    assert _read("Hundreds of people held a rally in Stepanakert on Monday.") == [
        ("protest", ["Stepanakert"], "2023-06-12", {})]
    # "held a rally" holds no one: no detention is counted
    [(kind, _, _, counts)] = _read("Hundreds of people held a rally in Stepanakert on Monday, and police detained four "
                                   "protesters.")
    assert (kind, counts) == ("protest_with_intervention", {"detained": 4})
    assert _read("Mines have maimed hundreds of people since the war.") == []


def test_a_place_where_a_statement_was_made_is_not_where_the_incident_happened():
    assert _read("In Yerevan, the defence ministry said Azerbaijani troops shelled Sotk on Tuesday.") == [
        ("shelling", ["Sotk"], "2023-06-13", {})]
    # the frame is the only place named: the witnesses' village is kept
    assert [r[1] for r in _read("In Sotk, villagers said shells fell on Tuesday night.")] == [["Sotk"]]


def test_one_shell_that_landed_is_shelling():
    assert _read("A civilian was killed and two others were injured when a shell hit a house in Martakert on Sunday "
                 "evening.") == [("shelling", ["Martakert"], "2023-06-11", {"killed": 1, "wounded": 2})]
    assert _read("The shell of the old church was restored last year.") == []


def test_a_claim_dismissed_or_rejected_is_a_relayed_denial():
    for text in ('The ministry dismissed as "a lie" claims that its troops had fired at positions near Sotk on Monday.',
                 "A ministry source said reports of mortar fire near Aghdam on Monday were a staged provocation.",
                 "Baku rejected the allegations that its units shelled Tegh on Monday."):
        [span] = analysed(text=text, published="2023-06-14")
        assert span.attrs["stance"] in ("denies", "reports_denial"), text
    # staging a march denies nothing
    [span] = analysed(text="Residents staged a march in Stepanakert on Monday.", published="2023-06-14")
    assert span.attrs["stance"] == "asserts"


def test_violence_at_two_places_told_with_two_verbs_is_two_incidents():
    assert [(r[0], r[1]) for r in _read("Troops fired on Sotk and shelled positions outside Martuni on Monday.")] == [
        ("ceasefire_violation", ["Sotk"]), ("shelling", ["Martuni"])]
    # weapons listed after one verb: one incident
    assert len(_read("Troops violated the ceasefire near Martuni on Monday, firing small arms and under-barrel grenade "
                     "launchers at positions of the Defence Army.")) == 1
    # a crowd that rallied in one place and marched to another: one protest
    assert len(_read("Protesters rallied in Stepanakert and marched to Askeran on Monday.")) == 1
