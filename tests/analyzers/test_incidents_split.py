"""One sentence that states two events side by side is two incidents; one event told in two clauses stays one."""

from __future__ import annotations

import pytest

from presswatch.analyzers import Resources, run
from presswatch.model import Document


def analysed(text: str, language: str = "en", published: str = "2024-04-10"):
    """The INCIDENT spans of ``text`` after the analyzers the incidents analyzer reads."""
    doc = Document(text=text, language=language, published=published)
    run(["places", "sourcing", "incidents"], doc, Resources())
    return doc.spans_by("incidents")


def incidents(text: str):
    found = analysed(text=text, published="2024-04-10")
    return [(s.attrs["type"], [p["name_used"] for p in s.attrs["places"]], text[s.start : s.end], s.attrs)
            for s in found]


def test_shelling_and_a_detention_elsewhere_are_two_incidents_sharing_the_date():
    (a, b) = incidents("Troops shelled Aghdam and detained two shepherds near Tartar on Monday.")
    assert (a[0], a[1], a[2]) == ("shelling", ["Aghdam"], "Troops shelled Aghdam")
    assert (b[0], b[1]) == ("arrest", ["Tartar"]) and b[3]["counts"] == {"detained": 2}
    assert a[3]["date"] == b[3]["date"] == "2024-04-08"  # "on Monday", said once for both


@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("Gunmen abducted a teacher in Aghdam, while sappers cleared 3 hectares of land near Tartar.",
         ["abduction", "mine_clearance"]),
        ("Artillery shelled Aghdam and destroyed two houses in Tartar.", ["shelling", "property_destruction"]),
        ("Police arrested four smugglers in Tartar; a drone struck a truck near Aghdam.",
         ["arrest", "air_or_drone_strike"]),
    ],
)
def test_two_events_of_other_families(sentence, types):
    assert [t for t, *_ in incidents(sentence)] == types


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # one family: one exchange of fire, told in two clauses
        ("Soldiers opened fire on the post near Aghdam and shelled the outskirts of the town.", "shelling"),
        # a type made of both clauses: a protest with intervention
        ("Police dispersed the rally in Khankendi and detained ten protesters.", "protest_with_intervention"),
        # damage after violence, at no place of its own: its consequence
        ("Rebels fired rockets at Aghdam and damaged a school.", "shelling"),
    ],
)
def test_one_event_in_two_clauses_stays_one(sentence, kind):
    found = incidents(sentence)
    assert [t for t, *_ in found] == [kind] and found[0][2] == sentence


def test_a_list_of_things_after_a_bare_and_is_not_a_second_clause():
    from presswatch.analyzers.incidents.analyzer import _two_events, lexicon

    text = "Police detained four men and grenades near Tartar, the ministry said."
    assert _two_events(text, 0, len(text), lexicon("en"), []) is None  # "men and grenades": one list
    text = "Police detained four men near Tartar, and grenades exploded in Aghdam."
    assert _two_events(text, 0, len(text), lexicon("en"), []) is not None  # ", and" opens a clause


def test_a_temporal_while_without_a_comma_does_not_split():
    found = incidents("A farmer was wounded when his tractor struck a mine near Tartar while he was ploughing a field.")
    assert [t for t, *_ in found] == ["mine_explosion"]


def test_the_protest_types_are_one_family_and_detentions_at_a_protest_are_its_intervention():
    from presswatch.analyzers.incidents.taxonomy import family, same_family

    assert same_family("protest", "protest_with_intervention")
    assert same_family("protest", "excessive_force_against_protesters")
    assert not same_family("protest", "riot") and family("arrest") == "detention"
    # written for this test: one event, not a protest and an arrest
    doc = Document(text="In Velmar, police broke up a sit-in outside the town hall and detained 31 people.",
                   language="en", published="2023-05-20")
    run(["incidents"], doc, Resources())
    assert [s.attrs["type"] for s in doc.spans_by("incidents")] == ["protest_with_intervention"]


def test_one_family_told_twice_with_its_own_day_and_place_is_two_incidents():
    # written for this test: a round-up sentence that tells two exchanges of fire, days and places apart
    text = ("The week began with fire on army positions near Askeran on Monday and ended, on Friday morning, with "
            "fire from across the border at positions near Khojaly.")
    got = sorted((s.attrs["date"], tuple(p["name_used"] for p in s.attrs["places"]))
                 for s in analysed(text, published="2023-05-21"))
    assert got == [("2023-05-15", ("Askeran",)), ("2023-05-19", ("Khojaly",))]
    # one day, or one place, for both: one incident
    same_day = text.replace("on Friday morning", "later on Monday")
    found = analysed(text=same_day, published="2023-05-21")
    assert len(found) == 1


def test_a_round_up_sentence_of_three_undated_events_at_three_places_is_three_incidents_of_its_period():
    # written for this test: a weekly round-up; the sentence's period dates every part
    text = ("Earlier in the week, a guard was killed in a drone strike near Khojaly and orchards burned near Askeran"
            " in incidents blamed on the other side, while the army accused troops of firing on positions in Tartar.")
    found = analysed(text=text, published="2023-05-21")
    got = [(s.attrs["type"], [p["name_used"] for p in s.attrs["places"]]) for s in found]
    assert got == [("air_or_drone_strike", ["Khojaly"]), ("property_destruction", ["Askeran"]),
                   ("ceasefire_violation", ["Tartar"])]
    assert all(s.attrs.get("date_range") for s in found)


def test_a_dateline_and_the_day_it_was_said_date_the_two_events_of_one_sentence():
    # written for this test: the dateline's day is the story's; "said on Thursday": the first event's day at the latest
    text = ("BAKU, May 19 (Testwire) - The ministry said on Thursday that a sniper had wounded a farmer in the village "
            "of Askeran, and on Friday the other side accused troops of firing on its positions in Tartar.")
    found = analysed(text=text, published="2023-05-19")
    got = [(s.attrs["date"], [p["name_used"] for p in s.attrs["places"]]) for s in found]
    assert got == [("2023-05-18", ["Askeran"]), ("2023-05-19", ["Tartar"])]


def test_what_a_rally_demands_is_another_incident_told_with_its_own_day_and_place():
    # written for this test: the detention the crowd wants undone is a back-reference, not the rally's day or place
    text = ("A drone struck a post near Khojaly on Wednesday. Hours later, about 900 people rallied in central Tartar "
            "to demand the release of the three drivers detained at the Hakari bridge on Monday.")
    found = analysed(text=text, published="2023-05-18")
    got = [(s.attrs["type"], s.attrs["date"], [p["name_used"] for p in s.attrs["places"]], s.attrs.get("reference"))
           for s in found]
    assert got[1][:3] == ("protest", "2023-05-17", ["Tartar"])  # "Hours later": the drone strike's day
    assert got[2][1:] == ("2023-05-15", ["Hakari bridge"], True) and got[2][0] in ("arrest", "abduction")


def test_a_gathering_a_patrol_watched_is_a_protest_not_a_patrol():
    found = analysed(text="A public gathering in central Tartar on 17 May was observed by a mission patrol and passed "
                        "without incident.", published="2023-05-18")
    assert [s.attrs["type"] for s in found] == ["protest"]


def test_the_event_word_said_once_for_two_days_and_two_places_is_two_incidents_of_its_type():
    # written for this test: the second clause leaves the event word out, but has its own day and place
    text = ("The week opened with mortar rounds landing near a farm outside Askeran on Monday night and at army "
            "positions near Tartar before dawn on Tuesday. Mines wounded two deminers in the Fuzuli district on "
            "Thursday and killed a herder near Khojaly on Friday.")
    got = [(s.attrs["type"], s.attrs["date"], [p["name_used"] for p in s.attrs["places"]])
           for s in analysed(text, published="2023-03-12")]
    assert got == [("shelling", "2023-03-06", ["Askeran"]), ("shelling", "2023-03-07", ["Tartar"]),
                   ("mine_explosion", "2023-03-09", ["Fuzuli district"]), ("mine_explosion", "2023-03-10", ["Khojaly"])]
    # no day of its own for the second clause: one event at two places, as before
    one = "Mortar rounds landed near a farm outside Askeran and at army positions near Tartar on Monday night."
    found = analysed(text=one, published="2023-03-12")
    assert len({(s.start, s.end) for s in found}) == 1


def test_an_event_the_same_day_as_another_is_its_own_incident_of_that_day():
    text = ("Two deminers were wounded in Fuzuli on Thursday, the same day that three shepherds were detained near "
            "Shusha; both were handed back on Saturday.")
    found = analysed(text=text, published="2023-03-12")
    got = [(s.attrs["type"], s.attrs["date"]) for s in found]
    assert got == [("mine_explosion", "2023-03-09"), ("arrest", "2023-03-09"), ("ceasefire_agreement", "2023-03-11")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Two shepherds were captured by soldiers this morning while grazing cattle below Shusha.", "arrest"),
        ("There is still no word on the two herders seized near Shusha on Thursday.", "arrest"),
        ("The team facilitated the handover of two persons at the Hakari bridge.", "ceasefire_agreement"),
        ("Three sappers were wounded when clearing a field near Fuzuli.", "mine_explosion"),
        ("The wounded man was taken to hospital in Fuzuli.", None),
        ("The two men had been handed over to the investigative authorities in Fuzuli.", None),
    ],
)
def test_people_taken_and_handed_back(sentence, kind):
    found = analysed(text=sentence, published="2023-03-12")
    assert [s.attrs["type"] for s in found] == ([kind] if kind else [])


@pytest.mark.parametrize(
    "sentence",
    [
        "Over the past day, no ceasefire violations by the armed forces of the other side were recorded on the border.",
        "Over the past day, the operational situation on the border and in the areas where the observers are deployed "
        "remained stable.",
        "Observers were deployed at 18 observation posts.",
        "Units of the army continue combat training in accordance with the training plan for 2023.",
        "Baku denied that its troops had fired.",
        "Both were brought to Tartar in the evening.",
    ],
)
def test_status_lines_report_no_incident(sentence):
    found = analysed(text=sentence, published="2023-03-12")
    assert found == []


def test_where_the_authors_of_fire_stood_is_not_where_it_happened():
    found = analysed(text="At 05:25 today, units positioned in the Aghdara district fired mortars at army positions "
                        "located in the Tartar district.", published="2023-03-07")
    (s,) = found
    assert [p["name_used"] for p in s.attrs["places"]] == ["Tartar district"]


def test_hours_after_opens_another_incident_whatever_words_follow():
    text = ("The ministry said that rebel forces had fired mortars at its positions in the Tartar district before "
            "dawn, hours after local officials accused troops of shelling a village near Askeran.")
    found = analysed(text=text, published="2023-03-07")
    got = [([p["name_used"] for p in s.attrs["places"]], bool(s.attrs.get("reference")))
           for s in found]
    assert got == [(["Tartar district"], False), (["Askeran"], True)]


def test_damage_and_a_visit_to_the_site_add_to_the_incident_just_told():
    text = ("Observers heard three explosions near Askeran at 21:40 on Monday. According to the other side, a house "
            "was damaged and a woman was wounded. A patrol visited the site in the afternoon and saw a crater.")
    found = analysed(text=text, published="2023-03-07")
    (s,) = found  # one incident: the damage and the visit are not incidents of their own
    sentences = [(0, 65), (66, 139), (140, len(text))]  # each of the three sentences is one of its mentions
    assert all(any(a < e and s_ < b for a, b in s.attrs["mentions"]) for s_, e in sentences)


def test_a_shooting_named_by_its_day_refers_to_the_incident_of_that_day():
    text = ("A sniper wounded a farmer near Askeran on Thursday, the ministry said. On Friday, the other side said "
            "troops had fired at its positions near Tartar. The ministry called the claim an attempt to distract from "
            "Thursday's sniper attack.")
    found = analysed(text=text, published="2023-03-10")
    spans = found
    assert [s.attrs["date"] for s in spans] == ["2023-03-09", "2023-03-10"]


def test_two_sides_claims_in_one_sentence_with_their_own_days_and_places_are_two_incidents():
    text = ("Azerbaijan said Armenian troops fired at its positions near Tartar on Friday night, and Armenia said a "
            "soldier was wounded near Askeran on Saturday; each side denied the other's account.")
    found = analysed(text=text, published="2023-03-12")
    got = [(s.attrs["date"], [p["name_used"] for p in s.attrs["places"]]) for s in found]
    assert got == [("2023-03-10", ["Tartar"]), ("2023-03-11", ["Askeran"])]


def test_a_soldier_wounded_by_fire_is_a_report_of_fire():
    found = analysed(text="A soldier had been wounded by enemy fire near Askeran.", published="2023-03-12")
    assert [s.attrs["type"] for s in found] == ["ceasefire_violation"]


@pytest.mark.parametrize(
    "text",
    [
        "The two shepherds captured by soldiers near Shusha on Thursday were handed over at the Hakari bridge today.",
        "Azerbaijan today returned two herders it had detained near Shusha on Thursday, handing them over at the "
        "Hakari bridge.",
    ],
)
def test_what_was_done_before_to_the_people_handed_over_is_another_incident_of_its_own_day(text):
    found = analysed(text=text, published="2023-03-11")
    got = sorted((s.attrs["type"], s.attrs["date"], tuple(p["name_used"] for p in s.attrs["places"]),
                  bool(s.attrs.get("reference"))) for s in found)
    assert got == [("arrest", "2023-03-09", ("Shusha",), True),
                   ("ceasefire_agreement", "2023-03-11", ("Hakari bridge",), False)]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Police had put concrete blocks across the road from Askeran to Aghdam on Wednesday.",
         "checkpoint_or_road_closure"),
        ("A patrol near Askeran on 8 March observed a line of concrete blocks placed across the carriageway.",
         "checkpoint_or_road_closure"),
        ("The agency said a deminer injured on Thursday in the Fuzuli district had had surgery.", "mine_explosion"),
    ],
)
def test_blocks_across_a_road_and_an_injured_deminer(sentence, kind):
    found = analysed(text=sentence, published="2023-03-11")
    assert [s.attrs["type"] for s in found] == [kind]


def test_and_the_same_afternoon_opens_a_second_event_of_that_day():
    text = ("In Khankendi, officials blocked the Aghdam road with concrete on Wednesday and, the same afternoon, "
            "staged a march of a few hundred people.")
    found = analysed(text=text, published="2023-03-12")
    got = [(s.attrs["type"], s.attrs["date"]) for s in found]
    assert got == [("checkpoint_or_road_closure", "2023-03-08"), ("protest", "2023-03-08")]


def test_where_witnesses_stood_is_not_where_the_fire_went():
    text = ("Over the past day, the team registered one ceasefire violation. At 05:25 on 7 March, observers at post 6 "
            "in the Askeran district heard explosions from the direction of the line of contact towards Tartar.")
    found = analysed(text=text, published="2023-03-08")
    (s,) = found
    assert [p["name_used"] for p in s.attrs["places"]] == ["Tartar"]


def test_a_release_by_those_who_detained_is_not_a_handover_and_a_patrol_after_a_closure_is_its_witness():
    text = ("Troops on Thursday detained two men who had been herding cattle near Shusha, and released a teenage boy "
            "hours later. Police put concrete blocks across the road near Askeran on 8 March. The road was not "
            "passable at the time of the patrol.")
    found = analysed(text=text, published="2023-03-10")
    assert [s.attrs["type"] for s in found] == ["arrest", "checkpoint_or_road_closure"]


def test_where_a_road_leads_is_not_where_something_happened():
    text = "Residents demanded the release of two drivers detained on Tuesday and the reopening of the road to Goris."
    found = analysed(text=text, published="2023-05-18")
    for s in found:
        assert all(p["cue"] == "not_location" for p in s.attrs["places"] if p["name_used"] == "Goris")


@pytest.mark.parametrize(
    "text",
    [
        "On 10 March, units located in the direction of the Askeran district subjected the positions of the army "
        "located in the direction of the Tartar district to fire from small arms.",
        "Troops fired on army positions in the Tartar district from positions near Askeran at 06:15.",
        "Troops fired on army positions in the Tartar district from the direction of Askeran at 06:15.",
    ],
)
def test_where_fire_came_from_is_not_where_it_happened(text):
    found = analysed(text=text, published="2023-03-11")
    (s,) = found
    assert [p["name_used"] for p in s.attrs["places"]] == ["Tartar district"]


def test_a_handover_at_someones_request_of_people_taken_on_another_day():
    text = ("On 11 March, at the request of both sides, the team facilitated the handover of two persons taken near "
            "Shusha on 9 March from one side to the other at the Hakari bridge.")
    found = analysed(text=text, published="2023-03-12")
    got = [(s.attrs["type"], s.attrs["date"], bool(s.attrs.get("reference"))) for s in found]
    assert got == [("ceasefire_agreement", "2023-03-11", False), ("arrest", "2023-03-09", True)]


def test_a_sentences_opening_place_frames_every_event_it_tells():
    text = ('In Tartar, officials blocked the Aghdam road with concrete on Wednesday and, the same afternoon, staged a '
            '"women\'s march" of a few hundred people, while trucks waited in Fuzuli.')
    found = analysed(text=text, published="2023-03-12")
    got = [(s.attrs["type"], sorted(p["name_used"] for p in s.attrs["places"])) for s in found]
    assert got[0][0] == "checkpoint_or_road_closure" and got[1][0] == "protest" and "Tartar" in got[1][1]


def test_the_week_began_with_is_this_weeks_period():
    found = analysed(text='"The week began with mortars on Askeran," said a commentator.', published="2023-03-12")
    (s,) = found
    assert s.attrs["date_range"] == ["2023-03-06", "2023-03-12"]


# written for this test (a review of incidents 1.6): ordinary sentences the new constructions must leave alone
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Azerbaijani forces shelled Martakert on Monday and the foreign minister flew to Moscow on Tuesday.",
         ["shelling"]),
        ("A sniper wounded a farmer near Martakert on Monday and talks resumed in Brussels on Wednesday.",
         ["attack_on_civilians"]),
        ("Shelling damaged observation posts near Martakert on Monday.", ["shelling"]),
        ("Border guards who are deployed near Askeran opened fire on a car on Monday.", ["attack_on_civilians"]),
        ("Each soldier has the right to leave, the ministry said after shelling near Martakert on Monday.",
         ["shelling"]),
        ("Sniper fire killed a soldier near Martakert on Monday, the ministry said, adding that the situation on the "
         "border was stable.", ["ceasefire_violation"]),
        ("A soldier was killed in a car accident near Goris on Monday.", []),
        ("A serviceman was injured in a training exercise near Goris on Monday.", []),
        ("Two children were killed by fire in their home in Goris on Monday.", []),
        ("The government returned the land to farmers in Askeran on Monday.", []),
        ("The petition was handed over to the ambassador in Yerevan on Monday.", []),
        ("The photo was taken by troops near Askeran on Monday.", []),
        ("Residents seized the opportunity to leave Martakert on Monday.", []),
        ("Shelling hit Martakert on Monday. Soldiers later detained a man who returned to the scene.",
         ["shelling", "arrest"]),
        ("Protesters rallied in Stepanakert and marched to the UN office in Yerevan.", ["protest"]),
        ("Police broke up a sit-in in Stepanakert and detained 31 people in Askeran.", ["protest_with_intervention"]),
        ("The company moved equipment to its new plant in Goris.", []),
        ("Workers laid concrete on the new bridge in Goris.", []),
        ("Authorities banned large gatherings in Yerevan on Monday.", []),
        ("Large gatherings in Yerevan marked the anniversary of independence on Monday.", []),
    ],
)
def test_ordinary_sentences_keep_their_reading(sentence, expected):
    found = analysed(text=sentence, published="2023-06-14")
    assert [s.attrs["type"] for s in found] == expected


def test_a_trailing_attribution_day_is_not_the_day_of_the_second_event():
    found = analysed(text="Azerbaijani forces shelled Martakert and detained two shepherds near Askeran, the ministry "
                        "said on Friday.", published="2023-06-14")
    assert [s.attrs["date"] for s in found] == ["2023-06-14", "2023-06-14"]


def test_a_sentence_that_goes_on_with_a_pronoun_but_dates_another_day_is_another_incident():
    text = ("An attack drone struck a position north of Martakert early this morning, wounding two soldiers. It was "
            "the second attack on the Martakert front this week, after three soldiers were wounded on Monday evening.")
    found = analysed(text=text, published="2023-09-09")
    assert [s.attrs["date"] for s in found] == ["2023-09-09", "2023-09-04"]


def test_a_pronoun_sentence_dated_only_by_when_it_was_said_goes_on_with_the_incident():
    text = "Troops shelled Askeran on Monday. It was shelled again at night, the ministry said on Tuesday."
    found = analysed(text=text, published="2023-09-09")  # the day it was said is no day of its own
    assert [s.attrs["date"] for s in found][0] == "2023-09-04"


def test_a_village_and_the_district_told_before_are_one_incident_two_villages_two():
    text = ("A shepherd was shot and wounded on Tuesday while grazing sheep near Chartar, a village in the "
            "Khojavend (Martuni) district, officials said. A local newspaper put the shooting on the edge of "
            "Taghavard, a village a few kilometres away.")
    (one,) = incidents(text)  # Taghavard lies in the district the first sentence names
    assert {p["place_id"] for p in one[3]["places"]} >= {"cau:chartar"} and len(one[3]["mentions"]) == 2
    two = incidents("Troops shelled Chartar on Monday. A sniper wounded a farmer in Taghavard on Tuesday.")
    assert [[p["place_id"] for p in t[3]["places"]] for t in two] == [["cau:chartar"], ["cau:taghavard"]]
