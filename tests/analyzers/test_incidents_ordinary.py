"""Ordinary press sentences, invented for these tests, that the English incident analyzer must read as a reader does."""

from __future__ import annotations

import pytest
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


def test_people_hurt_are_an_incident_whatever_hurt_them():
    [(kind, places, day, counts)] = _read("A farmer was shot and wounded on Tuesday while ploughing near Sotk, local "
                                          "officials said.")
    assert (kind, places, day, counts) == ("attack_on_civilians", ["Sotk"], "2023-06-13", {"wounded": 1})
    # "on 12 June" is a day, not twelve people
    [(_, _, day, counts)] = _read("The information spread on 12 June that a civilian was wounded near Sotk is false.")
    assert (day, counts) == ("2023-06-12", {"wounded": 1})
    assert [r[0] for r in _read("A soldier was wounded by a landmine near Kalbajar on Monday.")] == ["mine_explosion"]
    assert "attack_on_civilians" not in [r[0] for r in _read("A man was injured in a car crash near Goris on Monday.")]
    # civilians hurt by shells were shelled
    assert [r[0] for r in _read("Two villagers were wounded when shells hit Martuni on Monday.")] == ["shelling"]


def test_overnight_in_a_story_of_the_day_is_that_day():
    assert [r[2] for r in _read("Troops fired at positions near Sotk overnight, the ministry said.")] == ["2023-06-14"]
    assert [r[2] for r in _read("Troops fired at positions near Sotk last night, the ministry said.")] == ["2023-06-13"]


def test_a_casualty_told_apart_from_its_cause_joins_the_incident_and_a_hospital_is_not_where_it_happened():
    text = ("Correction: an earlier version of this story said two farmers had been killed. According to updated "
            "information, one farmer was killed and another was wounded and is in hospital in Stepanakert.\n\n"
            "A farmer was killed and another wounded this morning when their tractor ran over an anti-tank mine near "
            "Martuni.")
    found = analysed(text=text, published="2023-06-14")
    assert [(s.attrs["type"], [p["name_used"] for p in s.attrs["places"]]) for s in found] == [
        ("mine_explosion", ["Martuni"])]
    assert len(found[0].attrs["mentions"]) == 2  # the updated count and the story


def test_people_held_at_a_checkpoint_are_detained_but_talks_held_are_not():
    for text in ("Over the past day, one resident was held by border personnel at the checkpoint on the Hakari bridge.",
                 "Border guards held a young man at the checkpoint on the Hakari bridge on Monday."):
        assert [r[0] for r in _read(text)] == ["arrest"], text
    assert _read("Talks were held in Goris on Monday.") == []


def test_remains_returned_and_red_cross_vehicles_on_the_road():
    assert [r[0] for r in _read("On Saturday the ministry returned the remains of four servicemen near Aghdam.")] == [
        "ceasefire_agreement"]
    assert [r[0] for r in _read("Ten vehicles of the Red Cross passed through the Lachin checkpoint today.")] == [
        "aid_delivery"]


def test_a_daily_report_dates_its_undated_lines_to_the_day_it_covers():
    text = ("In the past 24 hours the mission registered one incident near Martuni, where shots were fired at a "
            "tractor.\n\nA convoy of nine Red Cross trucks with food reached Stepanakert in the afternoon.")
    found = analysed(text=text, published="2023-06-14")
    assert [(s.attrs["type"], s.attrs["date"]) for s in found] == [
        ("attack_on_civilians", "2023-06-13"), ("aid_delivery", "2023-06-13")]
    # a story that does not open with the period it covers: its undated lines are of its day
    found = analysed(text="A convoy of nine Red Cross trucks with food reached Stepanakert in the afternoon.",
                     published="2023-06-14")
    assert [s.attrs["date"] for s in found] == ["2023-06-14"]


def test_a_round_up_lists_each_event_as_its_own_incident_within_the_week():
    found = analysed(text="The week saw a farmer wounded near Martuni, a road worker killed by a mine in Kalbajar, "
                          "and a drone strike near Khojaly.", published="2023-01-29")
    assert [s.attrs["type"] for s in found] == ["attack_on_civilians", "mine_explosion", "air_or_drone_strike"]
    # the round-up names no day: each event lies somewhere in the week it reviews
    assert {tuple(s.attrs["date_range"]) for s in found} == {("2023-01-23", "2023-01-29")}
    # an apposition between commas is no event of its own
    found = _read("Troops shelled Martakert, a town of 5,000 people, and Askeran on Monday.")
    assert [r[0] for r in found] == ["shelling"]


def test_people_shot_by_troops_are_an_incident_but_the_wounded_man_taken_to_hospital_is_none():
    assert [r[:2] for r in _read("Azerbaijani troops shot a farmer near Askeran on Monday.")] == [
        ("attack_on_civilians", ["Askeran"])]
    assert [r[3] for r in _read("Troops wounded two villagers near Askeran on Monday.")] == [{"wounded": 2}]
    assert _read("The wounded man was taken to hospital in Askeran.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A gas explosion in a residential building in Baku injured three people on Monday.",
        "A boiler exploded at a school in Stepanakert, injuring four children.",
        "A man was injured in a car crash near Goris.",
        "The national shooting championship opened in Ganja on Friday.",
        "Filming of the new war drama began in Shusha, with scenes of shooting and explosions.",
        "Contrary to earlier reports, no shots were fired near Aghdam on Monday.",
    ],
)
def test_harm_outside_the_conflict_and_other_senses_of_its_words_are_no_incident(sentence):
    assert _read(sentence) == []


def test_a_blaze_the_conflict_caused_is_still_an_incident():
    assert [r[0] for r in _read("A forest fire broke out near Shusha after shelling on Monday.")] == ["shelling"]


def test_outlets_in_a_town_are_where_a_claim_was_made_not_where_it_happened():
    [(kind, places, _, _)] = _read("Outlets in Khankendi claimed that shots had been fired at farmers on Monday.")
    assert kind == "attack_on_civilians"
    assert places in ([], ["Khankendi"])
    [span] = analysed(text="Outlets in Khankendi claimed that shots had been fired at farmers on Monday.",
                      published="2023-06-14")
    assert all(p["cue"] == "not_location" for p in span.attrs["places"])


def test_the_shooting_near_another_place_is_not_the_incident_just_told():
    text = ("A shepherd lost a leg on Thursday when he stepped on a landmine near Aghdam, the agency said.\n\n"
            "The shooting near Sotk on Thursday, in which Armenia says a farmer was wounded, has not been repeated, "
            "officials in Yerevan said on Saturday.")
    assert [(r[0], r[1]) for r in _read(text, "2023-05-20")] == [
        ("mine_explosion", ["Aghdam"]), ("attack_on_civilians", ["Sotk"])]


def test_one_of_the_men_detained_earlier_handed_over_today_is_a_handover_of_today():
    text = ("Azerbaijan handed over to the Armenian side this evening one of the two men detained near Aghdam on "
            "Tuesday, the State Commission on Prisoners of War, Hostages and Missing Persons said.")
    got = [(r[0], r[2]) for r in _read(text, "2022-08-06")]
    assert got[0] == ("ceasefire_agreement", "2022-08-06")
    # the detention the clause recalls keeps its own day; the body's name ("Hostages") is no abduction
    assert ("arrest", "2022-08-02") in got and all(kind != "abduction" for kind, _ in got)
    [(kind, places, day, _)] = _read("The mission facilitated the handover at the Hakari bridge of one of the two "
                                     "residents of Martakert on 6 August.", "2022-08-07")
    assert (kind, day) == ("ceasefire_agreement", "2022-08-06")


def test_aid_delivered_in_the_passive_is_an_aid_delivery():
    assert [r[0] for r in _read("Aid was delivered by the Red Cross to Stepanakert on Monday.")] == ["aid_delivery"]


def test_a_daily_report_that_names_the_day_it_covers_dates_its_lines_to_that_day():
    text = ("Reporting period: 10 April 2023, 00:00 to 24:00.\n\n"
            "Three ceasefire violations were registered north-east of Martakert. No casualties were reported.")
    assert [(r[0], r[2]) for r in _read(text, "2023-04-11")] == [("ceasefire_violation", "2023-04-10")]


def test_a_capital_that_speaks_is_not_where_it_happened():
    [span] = analysed(text="Baku has denied that its troops fired near Aghdam on Monday.", published="2023-06-14")
    assert [p["name_used"] for p in span.attrs["places"]] == ["Aghdam"]
    [span] = analysed(text="The checkpoint had been closed for 24 hours from Saturday morning, and officials said two "
                           "patients had missed transfers to Armenia.", published="2023-06-14")
    assert all(p["cue"] == "not_location" for p in span.attrs["places"])


def test_a_size_is_no_count_and_a_woman_wounded_is_one():
    [(_, _, _, counts)] = _read("Mortar fire wounded a woman in Martakert, a town of about 3,000 people, on Monday.")
    assert counts == {"wounded": 1}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The killing of an Armenian conscript near Sotk on Tuesday was the first fatal incident on the border since "
         "February, officials said.", "ceasefire_violation"),
        ("A serviceman was killed by fire from positions across the border on Tuesday.", "ceasefire_violation"),
        ("The civilian injured by an unexploded shell in Fuzuli on Tuesday remains in hospital.", "mine_explosion"),
        ("On Wednesday, 11 patients were transferred to Yerevan with the assistance of the Red Cross.", "aid_delivery"),
        ("The week also saw the return of two servicemen to their country on Friday.", "ceasefire_agreement"),
        ("Another provocation in the Kalbajar direction early on Saturday was decisively suppressed.",
         "ceasefire_violation"),
        ("A 61-year-old shepherd from the village of Nakhichevanik in the Askeran region was wounded on Monday while "
         "grazing his sheep.", "attack_on_civilians"),
    ],
)
def test_ordinary_wordings_of_incidents(sentence, kind):
    assert [r[0] for r in _read(sentence)] == [kind]


@pytest.mark.parametrize(
    "sentence",
    [
        "Only the vehicles of the Red Cross and of the peacekeepers are able to use the road.",
        "The movement of people and goods along the Lachin corridor remained restricted throughout the week.",
        "Five people were injured on Tuesday when a minibus overturned on a mountain road near Goris, police said.",
        "Two patrols were cancelled because of fog.",
        "Since Monday the team has registered six ceasefire violations.",
        "Up to 10,000 servicemen, 200 tanks, and artillery and aviation units will be involved.",
        "The road has been closed since February.",
    ],
)
def test_states_plans_and_accidents_are_no_incident(sentence):
    assert _read(sentence) == []


def test_the_attack_came_a_day_after_another_incident_which_is_dated_the_day_before():
    text = ("This morning, troops fired from grenade launchers at the school of Sarushen in the Martuni region. No one "
            "was hurt.\n\nThe attack came a day after a woman was wounded by mortar fire in Askeran.")
    got = [(r[0], r[1], r[2], r[3]) for r in _read(text, "2023-04-13")]
    assert got[0][2] == "2023-04-13" and got[0][3] == {}  # the woman is not hurt in this attack
    assert got[1][1:] == (["Askeran"], "2023-04-12", {"wounded": 1})


def test_a_week_told_as_a_string_of_what_it_brought_is_one_incident_per_event():
    text = ("It began with shots at a sleeping family in Askeran on Tuesday, brought a drone strike that killed two "
            "young soldiers near Martakert on Thursday, a seven-hour closure of the corridor on Friday and, yesterday, "
            "a farmer wounded in his own field near Martuni.")
    got = [(r[0], r[1], r[2]) for r in _read(text, "2022-08-07")]
    assert got == [("ceasefire_violation", ["Askeran"], "2022-08-02"),
                   ("air_or_drone_strike", ["Martakert"], "2022-08-04"),
                   ("checkpoint_or_road_closure", [], "2022-08-05"),
                   ("attack_on_civilians", ["Martuni"], "2022-08-06")]


def test_someone_still_held_is_no_new_detention():
    assert _read("Hrach Melkonyan remains in detention in Baku, where he has been charged with espionage.") == []


def test_the_day_a_statement_was_made_is_not_the_day_of_the_incident():
    text = "The ministry today called reports of the wounding of a farmer near Askeran \"a fabrication\"."
    [span] = analysed(text=text, published="2023-01-25")
    assert span.attrs["date_from"] == "document"  # undated by the text: the statement is today's, not the wounding
    assert [r[2] for r in _read("Baku on Tuesday denied that its troops shelled Aghdam on Monday.")] == ["2023-06-12"]


def test_an_explosion_that_the_report_says_a_drone_caused_is_a_drone_strike_of_the_day_summarised():
    text = ("Summary of the past day (4 August):\n\n"
            "Description: Explosion at a position north-east of Martakert. The other side informed the mission that "
            "the position had been struck by an unmanned aerial vehicle and that one serviceman was killed.")
    assert [(r[0], r[2]) for r in _read(text, "2022-08-05")] == [("air_or_drone_strike", "2022-08-04")]


def test_a_village_in_its_region_is_one_place_and_the_dead_of_a_long_subject_are_counted():
    text = ("Two servicemen of the Artsakh Defence Army were killed this afternoon when a drone struck a truck near "
            "Ivanyan, in the Askeran region.")
    [(kind, places, _, counts)] = _read(text)
    assert kind == "air_or_drone_strike" and counts.get("killed") == 2 and places[0] == "Ivanyan"


def test_the_two_incidents_came_a_day_after_another_one():
    text = ("Two soldiers were wounded by sniper fire near Sotk this morning.\n\n"
            "The two incidents came a day after a young man was held for six hours at the Hakari bridge.")
    assert [(r[0], r[2]) for r in _read(text, "2023-01-27")][-1] == ("arrest", "2023-01-26")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Border guards held a young ethnic Armenian man at the checkpoint on the Hakari bridge for six hours.",
         "arrest"),
        ("Gagik Hovakimyan was shot while working his land near Askeran on Tuesday.", "attack_on_civilians"),
    ],
)
def test_more_wordings(sentence, kind):
    assert [r[0] for r in _read(sentence)] == [kind]
    assert _read("Traffic on the corridor remained limited to vehicles escorted by the mission.") == []


@pytest.mark.parametrize(
    ("sentence", "kind", "counts"),
    [
        ("Azerbaijani units fired from the direction of Aghdam at Armenian positions near Askeran on Tuesday.",
         "ceasefire_violation", {}),
        ("A shell fired from Aghdam landed in the yard of a house in Askeran.", "shelling", {}),
        ("A sabotage group attacked a border post near Kornidzor on Monday.", "ceasefire_violation", {}),
        ("A soldier from Gyumri was killed near Sotk on Monday.", "ceasefire_violation", {"killed": 1}),
        ("Two border guards were killed and three wounded near Sotk on Monday.", "ceasefire_violation",
         {"killed": 2, "wounded": 3}),
        ("The strike near Sotk on Monday killed one soldier, wounding two others.", "ceasefire_violation",
         {"killed": 1, "wounded": 2}),
    ],
)
def test_fire_and_soldiers_hurt_in_plain_words(sentence, kind, counts):
    assert [(r[0], r[3]) for r in _read(sentence)] == [(kind, counts)]


def test_a_correction_about_the_wounded_joins_the_incident_the_article_tells():
    text = ("Correction: An earlier version of this article said that one serviceman had been wounded. The army has "
            "since said that two servicemen were wounded.\n\n"
            "Two servicemen were wounded on Monday evening when troops fired at positions in the Martakert region.")
    assert [(r[0], r[2]) for r in _read(text)] == [("ceasefire_violation", "2023-06-12")]


def test_a_round_up_of_clauses_each_with_its_verb_is_split_but_a_list_of_things_is_not():
    text = ("In between, a farmer died on a mine near Martuni, two shepherds spent two nights in captivity and a "
            "soldier was wounded at Sotk.")
    assert [r[0] for r in _read(text)] == ["mine_explosion", "arrest", "ceasefire_violation"]
    text = "Sappers found and destroyed 23 explosive objects, including 11 submunitions, four mortar rounds and a mine."
    assert len(_read(text)) <= 1


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Some 2,000 people marched today from Goris to Kornidzor, demanding that Azerbaijan free the people it is "
         "holding.", "protest"),
        ("On 8 September, the Mission accompanied 37 residents in need of medical treatment from Stepanakert along the "
         "Lachin corridor to Kornidzor.", "patrol_or_escort"),
        ("On 9 September, units fired with small arms from their positions in the territory of Armenia at the "
         "positions of the army in the Kalbajar district.", "ceasefire_violation"),
        ("The pipeline that carries gas from Armenia to Artsakh was damaged overnight near Shushi.",
         "property_destruction"),
        ("The mission facilitated the handover at the Hakari bridge of one of the two residents of the Martakert "
         "district who had been held since 2 August.", "ceasefire_agreement"),
    ],
)
def test_states_inside_a_demand_or_a_relative_clause_do_not_hide_the_news(sentence, kind):
    assert [r[0] for r in _read(sentence, "2023-09-09")] == [kind]


def test_postponed_patrols_and_counts_since_a_date_are_no_incident():
    assert _read("Two patrols planned for the Martakert district were postponed because of the closure.") == []
    assert _read("Since 1 January, the Mission has accompanied 61 humanitarian convoys along the corridor.") == []


def test_the_same_day_and_a_day_later_count_from_the_incident_just_told():
    text = ("Troops shelled Martakert on Monday, and detained two servicemen near Kornidzor on the same day.\n\n"
            "A day later, a drone hit a water pipeline near Askeran.")
    assert [(r[0], r[2]) for r in _read(text)] == [
        ("shelling", "2023-06-12"), ("arrest", "2023-06-12"), ("air_or_drone_strike", "2023-06-13")]


def test_speakers_shooters_posts_and_funerals_are_not_where_it_happened():
    [(_, places, _, _)] = _read("Washington and Paris condemned Tuesday's shelling of Sotk.")
    assert places == ["Sotk"]
    [(_, places, _, _)] = _read("Soldiers at the post near Shusha opened fire towards the village of Sotk on Monday.")
    assert places == ["Sotk"]
    found = _read("The funeral of the soldier killed near Sotk on Monday was held in Goris.")
    assert all(r[0] != "arrest" for r in found)


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Private Gevorg Sargsyan, 20, died of gunshot wounds near Sotk on Monday.", {}),  # an age is no toll
        ("A shepherd, 58, was killed on Tuesday when a shell hit his hut near Askeran.", {"killed": 1}),
        ("The detention of two shepherds near Lachin on Monday angered villagers.", {"detained": 2}),
        ("The release of three servicemen at the Hakari bridge on Monday was welcomed.", {"released": 3}),
    ],
)
def test_counts_of_named_aged_and_nominal_victims(sentence, counts):
    [(_, _, _, got)] = _read(sentence)
    assert got == counts


def test_the_vehicles_named_again_and_damage_told_next_belong_to_the_incident_just_told():
    text = ("Seven vehicles of the Red Cross passed through the Lachin checkpoint today, the border service said. "
            "The vehicles carried medical supplies towards Stepanakert, and patients were transported back.")
    assert [r[0] for r in _read(text)] == ["aid_delivery"]
    text = ("Troops fired mortar rounds at the village of Sotk this afternoon.\n\n"
            "The roof of a residential house and a car were damaged.")
    assert [r[0] for r in _read(text)] == ["shelling"]


def test_days_side_by_side_go_with_places_side_by_side_and_a_day_inside_an_item_stays_there():
    got = _read("Officials reported exchanges of fire near Aghdam and Askeran on Monday and Tuesday.")
    assert [(r[1], r[2]) for r in got] == [(["Aghdam"], "2023-06-12"), (["Askeran"], "2023-06-13")]
    got = _read("The week also saw two deaths in a drone strike near Aghdara on Thursday, denied by Baku, and the "
                "detention of two men.", "2022-08-07")
    assert [(r[0], r[2]) for r in got] == [("air_or_drone_strike", "2022-08-04"), ("arrest", "2022-08-07")]


def test_hours_after_the_incident_just_told_is_its_day():
    text = ("A drone struck a position near Martakert on Thursday afternoon, officials said.\n\n"
            "Hours after the explosion, police detained two men in Stepanakert.")
    assert [r[2] for r in _read(text, "2022-08-05")] == ["2022-08-04", "2022-08-04"]


def test_a_drone_that_drops_a_grenade_sniper_fire_and_what_a_detention_sparked():
    assert [r[0] for r in _read("A quadcopter dropped a grenade on an army truck near Martakert on Monday.")] == [
        "air_or_drone_strike"]
    assert [r[0] for r in _read("Sniper fire wounded a soldier near Sotk on Monday.")] == ["ceasefire_violation"]
    got = _read("The detention of two students at the Hakari bridge on Saturday sparked protests in Stepanakert on "
                "Monday.")
    assert [(r[0], r[2]) for r in got] == [("arrest", "2023-06-10"), ("protest", "2023-06-12")]
    got = _read("The week saw three ceasefire violations near Martakert, a drone strike near Askeran and the detention "
                "of two shepherds near Lachin.")
    assert [r[0] for r in got] == ["ceasefire_violation", "air_or_drone_strike", "arrest"]


def test_one_incident_told_again_a_few_kilometres_off_in_one_document_is_one():
    text = ("Two soldiers were wounded on Friday when a drone dropped explosives on their position near Askeran, "
            "officials said.\n\n"
            "A source in the ministry said a drone had been used on Friday to stop fortification works near Khojaly.")
    assert [r[0] for r in _read(text, "2023-04-14")] == ["air_or_drone_strike"]
    # two places shelled in one sentence stay two incidents
    assert len(_read("Troops shelled Askeran and Khojaly on Friday.", "2023-04-14")) == 2


def test_a_routine_patrol_is_no_incident_but_a_patrol_stopped_is():
    assert _read("A patrol visited the Hakari bridge and the entrance to the Lachin corridor.") == []
    assert [r[0] for r in _read("A patrol visited the village of Sotk and was stopped at a post by soldiers.")] == [
        "patrol_or_escort"]


def test_numbers_written_in_compound_words_are_counted_whole():
    [(kind, _, _, counts)] = _read("About two thousand people marched from Goris to Kornidzor on Monday.")
    assert (kind, counts) == ("protest", {"people": 2000})
    assert _read("Twenty-five soldiers were wounded near Sotk on Monday.")[0][3] == {"wounded": 25}
    assert _read("One hundred and twenty people were detained in Yerevan on Monday.")[0][3] == {"detained": 120}


def test_a_march_is_told_by_its_purpose_and_a_road_blocked_in_the_gerund():
    [(kind, places, day, counts)] = _read(
        "Several hundred residents walked from Goris to Kornidzor on Monday to demand that the road be reopened.")
    assert (kind, day) == ("protest", "2023-06-12") and places
    assert _read("Residents walk to the spring in Goris every morning.") == []
    [(kind, places, day, _)] = _read("Farmers drove their tractors onto the highway near Kornidzor on Monday, blocking "
                                     "the road for two hours.")
    assert (kind, places, day) == ("checkpoint_or_road_closure", ["Kornidzor"], "2023-06-12")


def test_a_bulletin_day_in_figures_after_a_preposition():
    [(kind, places, day, _)] = _read("1. On 12.06 a convoy of the Red Cross (4 trucks) passed through the Lachin "
                                     "corridor to Stepanakert.")
    assert (kind, day) == ("aid_delivery", "2023-06-12")
    # a decimal is no day
    assert _read("Sappers cleared 2.9 hectares of land near Khojaly on 13.06.")[0][2] == "2023-06-13"


def test_a_tally_of_routine_demining_with_no_place_or_day_is_no_incident():
    assert _read("Engineering units cleared 2.9 hectares of land and destroyed 18 explosive objects.") == []
    [(kind, places, day, _)] = _read("Engineering units cleared 2.9 hectares of land near Khojaly on Tuesday.")
    assert (kind, places, day) == ("mine_clearance", ["Khojaly"], "2023-06-13")


@pytest.mark.parametrize("text", [
    "According to official figures, 2,908 servicemen were killed in the war.",
    "A military court in Yerevan on Monday sentenced a former conscript to 15 years for shooting dead two soldiers.",
    "Residents say they hear small-arms fire at night two or three times a month.",
    "We now have more than 1,500 deminers in the field.",
    "Two years on, demining remains the main obstacle to the return of displaced people.",
    "The general met the commanders of the units deployed in the Lachin direction on Monday.",
    "Artillery crews practised the suppression of a simulated enemy.",
    "The exercises, which involved firing at targets from different positions, were held on Monday.",
    "Peacekeeping patrols covered the routes assigned to them in the Martakert district.",
    "The European Union and Azerbaijan signed a memorandum of understanding in Baku on Monday on gas supplies.",
    "Such provocations come while the parties are discussing a peace agreement.",
    '"We knew we had to attack and keep shooting," the coach said.',
    "We spoke to the deputy head of the national mine action agency.",
])
def test_sentences_that_tell_no_incident_of_their_days(text):
    assert _read(text) == []


def test_the_war_of_the_people_an_event_concerns_does_not_make_it_background():
    [(kind, places, day, _)] = _read("The remains of three servicemen killed in the 2020 war were returned near Aghdam "
                                     "on Saturday.")
    assert (kind, day) == ("ceasefire_agreement", "2023-06-10")
    assert _read("The two sides agreed on Monday to exchange prisoners near Aghdam.")[0][0] == "ceasefire_agreement"


def test_an_accusation_of_firing_and_fire_the_village_was_subjected_to():
    [(kind, places, day, _)] = _read(
        "The ministry accused Azerbaijani troops of firing at the village of Sotk on Monday.")
    assert (kind, places, day) == ("ceasefire_violation", ["Sotk"], "2023-06-12")
    assert _read("Officials said the village of Sotk was subjected to fire on Monday.")[0][:2] == (
        "ceasefire_violation", ["Sotk"])
    assert _read("The team has been firing on all cylinders this season.") == []


def test_a_refutation_and_its_dated_elaboration_are_one_denial():
    spans = analysed(text="The claim that the village of Sotk was subjected to fire on 12 June does not correspond to "
                          "reality.\n\nUnits stationed on the Kalbajar section of the border did not open fire in the "
                          "said direction on 12 June.", published="2023-06-13")
    assert len(spans) == 1 and spans[0].attrs["stance"] == "denies"


def test_a_place_owned_by_the_place_before_it_is_where_it_happened():
    [(_, places, _, _)] = _read("A soldier was wounded in Karabakh's Askeran district on Monday.")
    assert places == ["Askeran district"]
    # a country's body is no place of the incident: the denial stays with the claim
    spans = analysed(text="The ministry accused Azerbaijani troops of firing at the village of Sotk on Monday. "
                          "Azerbaijan's State Border Service said its units had not opened fire.",
                     published="2023-06-14")
    assert len(spans) == 1


def test_the_march_and_the_marchers_go_on_with_the_march_just_told():
    spans = analysed(text="About two thousand people marched from Goris to Kornidzor today to demand that the road be "
                          "reopened.\n\nThe march was organised by teachers from Sisian, who carried pictures of "
                          "children in Stepanakert. The marchers stopped about a kilometre before the Hakari bridge, "
                          "where the police had put up a barrier.", published="2023-06-14")
    assert [s.attrs["type"] for s in spans] == ["protest"]
    assert len(spans[0].attrs["mentions"]) == 3


def test_the_escort_of_a_convoy_just_told_is_the_convoy():
    spans = analysed(text="A Red Cross convoy of four trucks reached Stepanakert today with flour and baby food, after "
                          "it crossed the Lachin corridor under the escort of the peacekeepers.",
                     published="2023-06-14")
    assert [s.attrs["type"] for s in spans] == ["aid_delivery"]


def test_they_blocked_the_highway_goes_on_with_the_march():
    spans = analysed(text="Several hundred people walked from Goris to Kornidzor on Monday to demand that the corridor "
                          "be reopened. They blocked the highway near Kornidzor for about two hours.",
                     published="2023-06-14")
    assert [s.attrs["type"] for s in spans] == ["protest"]


def test_the_fighting_of_a_past_month_just_recalled_is_background():
    spans = analysed(text="The conflict erupted again last September, when troops shelled towns inside Armenia. Those "
                          "two days of fighting killed nearly 300 soldiers.", published="2023-06-14")
    assert spans == []
    assert _read("Officials marked the anniversary of the killing of civilians in Khojaly on Sunday.") == []


def test_a_closure_or_protest_that_goes_on_is_dated_from_its_first_day():
    # published on Wednesday 14 June: "for the third day" and "since Monday" both start on Monday 12 June
    assert _read("Activists blocked the road near Shusha for the third day on Wednesday.")[0][2] == "2023-06-12"
    assert _read("The road near Shusha has been blocked since Monday by activists.")[0][2] == "2023-06-12"
    [(kind, _, day, _)] = _read("The sit-in outside the government building in Yerevan entered its third day.")
    assert (kind, day) == ("protest", "2023-06-12")
    # begun weeks before and told as going on: an incident of the day it is told, which began on its first day
    [span] = analysed(text="The Lachin corridor has been blocked since 12 April.", published="2023-06-14")
    assert (span.attrs["date"], span.attrs["since"]) == ("2023-06-14", "2023-04-12")
    # the day a state of people began is not the first day of the protest told with it
    [(_, _, day, _)] = _read("Police broke up a sit-in in Yerevan and detained 31 people, among them relatives of "
                             "the students held in Azerbaijan since Monday.")
    assert day == "2023-06-14"


def test_wordings_of_fire_aid_and_explosive_objects_found_missing_on_whole_documents():
    assert _read("On Monday, Armenian units fired with large-calibre machine guns at our positions in the Lachin "
                 "district.")[0][:3] == ("ceasefire_violation", ["Lachin district"], "2023-06-12")
    [(kind, _, day, counts)] = _read("Five tonnes of building materials were delivered to residents of the Hadrut "
                                     "district on Sunday.")
    assert (kind, day, counts) == ("aid_delivery", "2023-06-11", {"tonnes": 5})
    assert _read("The ICRC transferred twelve patients from Stepanakert to Yerevan on Sunday.")[0][0] == "aid_delivery"
    assert _read("On Monday a resident was wounded by the explosion of an unidentified explosive object near "
                 "Khramort.")[0][0] == "mine_explosion"
    # a weekly report's "over the week": the seven days before publication
    [span] = analysed(text="Over the week, four ceasefire violations were recorded in the Martakert district.",
                      published="2023-06-14")
    assert span.attrs["date_range"] == ["2023-06-07", "2023-06-14"]


def test_what_a_convoy_took_back_the_same_day_is_the_convoy():
    spans = analysed(text="A Red Cross convoy reached Stepanakert today with flour. On the way back, the Red Cross "
                          "took nine patients from Stepanakert to Armenia.", published="2023-06-14")
    assert [s.attrs["type"] for s in spans] == ["aid_delivery"]


def test_a_lead_in_without_a_verb_and_the_sentence_that_tells_its_event_are_one():
    [span] = analysed(text="Rally in Yerevan. On Monday, several thousand supporters of the opposition marched to the "
                           "government building in Yerevan.", published="2023-06-14")
    assert (span.attrs["type"], span.attrs["date"]) == ("protest", "2023-06-12")
    assert span.start > 0  # the report's words are the sentence that tells it


def test_a_summary_that_names_only_a_party_takes_the_place_told_next():
    [span] = analysed(text="Over the past day, units of the armed forces of Armenia violated the ceasefire. On Monday, "
                           "Armenian units fired at our positions in the Kalbajar district.", published="2023-06-13")
    assert [p["name_used"] for p in span.attrs["places"]] == ["Kalbajar district"]


def test_the_seat_of_a_body_is_not_where_the_incident_happened():
    [(_, places, _, _)] = _read("On Monday an exchange of fire near Sotk left one soldier dead, according to the "
                                "Defence Ministry in Yerevan.")
    assert places == ["Sotk"]


@pytest.mark.parametrize("text", [
    '"Not a single protester was beaten," the police spokesman said.',
    "The freed men were taken by bus to Yerevan on Monday.",
    "In the same statement, Armenia withdrew its objection to Azerbaijan hosting the summit.",
    "Kady opened the scoring in the 14th minute with a low shot past the goalkeeper.",
    "On Monday, an explosion at a fuel depot near Stepanakert killed dozens of people.",
    '"We were beaten by a better team," their coach admitted.',
    "In Aghdam, where only a few dozen builders and deminers live today, workers gathered around a screen.",
])
def test_more_sentences_that_tell_no_incident(text):
    assert _read(text) == []


def test_fire_heard_by_a_patrol_is_fire_and_the_returned_soldiers_are_the_handover():
    assert _read("On Monday, a patrol near Yeraskh heard sustained small-arms fire.")[0][0] == "ceasefire_violation"
    spans = analysed(text="Armenia and Azerbaijan exchanged prisoners on Monday at a checkpoint near Gazakh, freeing "
                          "32 Armenian and 2 Azerbaijani servicemen.\n\nIn Baku, the returned soldiers were met by "
                          "their families on Monday.", published="2023-06-14")
    assert [s.attrs["type"] for s in spans] == ["ceasefire_agreement"]
    # a body the place owns is no place of the incident
    [(_, places, _, counts)] = _read("Two road workers were killed on Monday when their truck struck a mine in the "
                                     "Kalbajar district, Azerbaijan's Mine Action Agency said.")
    assert places == ["Kalbajar district"] and counts == {"killed": 2}


def test_a_handover_of_people_detained_long_ago_is_dated_by_the_sentences_start():
    [(kind, places, day, _)] = _read(
        "Today, two servicemen of the armed forces of Armenia who had been detained in March after they crossed the "
        "state border were handed over to the Armenian side near Tegh.")
    assert (kind, day) == ("ceasefire_agreement", "2023-06-14")


def test_people_handed_to_their_parents_or_ending_weeks_in_custody_are_given_back():
    assert _read("On Monday two young conscripts, lost in fog a month ago, were walked back across the border near "
                 "Tegh and handed to their parents.")[0][:3] == ("ceasefire_agreement", ["Tegh"], "2023-06-12")
    assert _read("On Monday two conscripts walked across the border near Tegh, ending five weeks in Azerbaijani "
                 "custody.")[0][0] == "ceasefire_agreement"


def test_in_the_morning_is_the_day_of_the_incident_just_told():
    spans = analysed(text="Police detained 93 people in Yerevan on Monday as opposition supporters blocked streets. "
                          "Several thousand protesters gathered in the morning and then split into groups.",
                     published="2023-06-14")
    assert [(s.attrs["type"], s.attrs["date"]) for s in spans][-1] == ("protest", "2023-06-12")


def test_a_closure_told_as_going_on_is_marked_so():
    [span] = analysed(text="The road near Shusha remained blocked on Wednesday.", published="2023-06-14")
    assert span.attrs["type"] == "checkpoint_or_road_closure" and span.attrs.get("ongoing") is True
    [span] = analysed(text="Activists blocked the road near Shusha on Monday.", published="2023-06-14")
    assert "ongoing" not in span.attrs


def test_an_incident_told_without_a_place_takes_the_scene_the_sentence_before_set():
    [span] = analysed(text="The shepherd has grazed sheep on the slopes east of Chartar for forty years. On Monday "
                           "evening, he says, someone fired at his flock.", published="2023-06-14")
    assert [p["name_used"] for p in span.attrs["places"]] == ["Chartar"]
    # the place of an incident told in the sentence before is that incident's
    spans = analysed(text="A mine exploded near Chartar on Sunday. On Monday evening, someone fired at a flock.",
                     published="2023-06-14")
    assert [p["name_used"] for p in spans[-1].attrs["places"]] == []


def test_a_tent_camp_of_protesters_is_a_protest_not_a_base():
    assert _read("On Monday the opposition set up a tent camp in the square in Yerevan.")[0][0] == "protest"
    assert _read("On Monday troops set up a new camp near Aghdam.")[0][0] == "base_established"


def test_a_blockade_told_day_after_day_is_found_and_marked_as_going_on():
    for text in ("For the third day, the only road linking Stepanakert with Armenia remains blocked near Shusha.",
                 "The road remained blocked at the same place below Shusha.",
                 "The blockade of the road near Shusha continues."):
        [span] = analysed(text=text, published="2023-06-14")
        assert span.attrs["type"] == "checkpoint_or_road_closure" and span.attrs.get("ongoing") is True, text
    [span] = analysed(text="Protesters have been camped on the road near Shusha since Monday.", published="2023-06-14")
    assert (span.attrs["type"], span.attrs["date"]) == ("protest", "2023-06-12")
    # the days of another thing ("the blockade, which entered its third day") do not date the rally
    [span] = analysed(text="Thousands rallied in Stepanakert on Wednesday to demand the lifting of the blockade, which "
                           "entered its third day.", published="2023-06-14")
    assert span.attrs["date"] == "2023-06-14"
    [span] = analysed(text="On the third day of the sit-in, protesters marched to the parliament in Yerevan.",
                      published="2023-06-14")
    assert span.attrs["date"] == "2023-06-12" and span.attrs.get("ongoing") is True


def test_a_refutation_of_the_claim_just_told_disputes_it():
    [span] = analysed(text="Armenia's defence ministry said Azerbaijani troops fired at houses in Sotk on Monday.\n\n"
                           "Baku called the claim absolutely groundless.", published="2023-06-14")
    assert span.attrs["stance"] == "reports_claim" and span.attrs.get("disputed") is True
    [span] = analysed(text="Armenia's defence ministry said Azerbaijani troops fired at houses in Sotk on Monday.\n\n"
                           "The weather was cold.", published="2023-06-14")
    assert "disputed" not in span.attrs


def test_on_the_same_day_after_paragraphs_of_quotes_is_the_day_of_the_incident_told():
    text = ("Two deminers were hurt on Monday when a mine exploded near Sotk, the agency said.\n\n"
            "The men were taken to hospital in the regional centre.\n\n"
            '"Our teams work in dangerous fields," the agency\'s head said.\n\n'
            "On the same day, a car struck an anti-tank mine outside Tegh, police said.")
    assert [(r[0], r[2]) for r in _read(text)] == [("mine_explosion", "2023-06-12"), ("mine_explosion", "2023-06-12")]


def test_the_previous_evening_is_the_day_before_the_one_just_told():
    text = ("On 7 June, villagers of Sotk showed a patrol a car with two bullet holes. The owner said troops had "
            "fired at his car the previous evening.")
    assert [r[2] for r in _read(text) if r[0] == "attack_on_civilians"] == ["2023-06-06"]
    # with no day told before it: the evening before the publication
    assert [r[2] for r in _read("Troops fired at Sotk the previous evening, the ministry said.")] == ["2023-06-13"]


def test_that_day_is_the_day_the_sentence_before_stated():
    text = ("Since 2 May it has been a different life in Sotk. That day three soldiers were killed at the edge of the "
            "village.")
    assert [r[2] for r in _read(text)] == ["2023-05-02"]


def test_the_items_of_a_list_take_the_day_of_its_lead():
    text = ("The ministry reports the following violations committed on 12 June:\n\n"
            "1. From 21:15 to 21:40, units stationed near Sotk fired small arms at the positions of the army.\n\n"
            "2. At 23:10, the other side fired mortars at positions near Tegh.\n\n"
            "The situation is under control.\n\n"
            "3. At 02:30, a drone struck a position near Kapan.")
    # the third item comes after a paragraph that ends the list: it takes the day of the document (the 14th)
    assert [r[2] for r in _read(text)] == ["2023-06-12", "2023-06-12", "2023-06-14"]


def test_a_closure_that_began_long_ago_told_as_going_on_is_an_incident_of_the_day_it_is_told():
    [span] = analysed(text="The blockade entered its 35th day on Sunday.", published="2023-01-16")
    assert (span.attrs["type"], span.attrs["date"], span.attrs["since"], span.attrs["ongoing"]) == (
        "checkpoint_or_road_closure", "2023-01-15", "2022-12-12", True)
    for text in ("The road itself continued to be blocked for the 32nd day on Thursday.",
                 "The corridor, the only road to Armenia, has been closed for the 30th day by protesters.",
                 "The blockade of the Lachin corridor has now lasted 31 days."):
        [span] = analysed(text=text, published="2023-01-12")
        # (closed "by protesters": a protest, the closure's family)
        assert span.attrs["type"] in ("checkpoint_or_road_closure", "protest") and span.attrs["ongoing"], text
    # an event of long ago, not told as going on, stays background
    assert analysed(text="Protesters blocked the road on 12 December.", published="2023-01-16") == []


def test_a_day_in_a_clause_about_what_the_people_had_done_before_does_not_date_the_handover():
    [(kind, _, day, _)] = _read("The ministry said that it had returned two Armenian citizens who had strayed across "
                                "the border in May.")
    assert (kind, day) == ("ceasefire_agreement", "2023-06-14")
    # the paragraph's recent day, not the old one its first sentence also states
    text = ("The ombudsman welcomes the return today of two men held since they crossed the border in May. They were "
            "handed over at the Hakari bridge through the mediation of the ICRC.")
    assert [(r[0], r[2]) for r in _read(text)] == [("ceasefire_agreement", "2023-06-14")]


def test_the_previous_night_counts_from_a_stated_day_or_else_from_the_publication():
    # a daily bulletin: its items are dated by the day it covers, and "the previous night" is the night before it
    # appeared, not the night before the item above
    text = ("Yesterday, troops fired at positions near Sotk.\n\n"
            "The previous night, a drone struck a position near Kapan.")
    assert [r[2] for r in _read(text)] == ["2023-06-13", "2023-06-13"]


def test_the_day_an_incident_came_to_light_is_not_its_day():
    [(kind, _, day, _)] = _read("In an incident that came to light only on Tuesday, the agency said a shepherd had "
                                "been killed by a mine near Sotk on Sunday.")
    assert (kind, day) == ("mine_explosion", "2023-06-11")


def test_the_unit_a_village_lies_in_is_not_where_it_happened():
    assert [r[1] for r in _read("On Tuesday afternoon mortar shells hit Sotk, a village in the Vardenis district, "
                                "wounding a woman.")] == [["Sotk"]]


def test_a_similar_event_of_a_past_period_a_match_and_a_general_truth_are_no_incidents():
    for text in ("A similar rally last month ended without arrests.",
                 "A late clash between two players led to yellow cards but no further trouble.",
                 "But agreements are signed by governments and kept by villagers."):
        assert _read(text) == [], text
    # a similar event told with its own day is one
    assert [r[0] for r in _read("Police detained 23 people at a similar rally in Yerevan on Monday.")] == [
        "protest_with_intervention"]


def test_border_guards_stopping_people_who_crossed_is_a_detention_and_a_transfer_of_patients_an_aid_delivery():
    [(kind, _, _, _)] = _read('The border service said its patrol had "stopped two persons who violated the state '
                              'border" on Tuesday.')
    assert kind == "arrest"
    [(kind, _, _, _)] = _read("On Tuesday, the Red Cross transferred four seriously ill patients from Stepanakert to "
                              "hospitals in Armenia, the first such transfer since the road was closed.")
    assert kind == "aid_delivery"


def test_fire_opened_in_the_passive_of_bulletins_is_a_ceasefire_violation():
    assert [(r[0], r[1]) for r in _read("At approximately 14:30, fire was opened on a position near Sotk.")] == [
        ("ceasefire_violation", ["Sotk"])]


def test_what_our_earlier_report_said_is_no_incident_and_a_village_close_to_another_is_the_place():
    assert _read("Correction: Our report of 12 June said that two women had been wounded by mortar fire in Sotk.") == []
    assert [r[1] for r in _read("A soldier was killed in a shooting near Sotk, a village close to Vardenis, on "
                                "Monday.")] == [["Sotk"]]


def test_a_home_village_described_with_its_district_stays_a_home():
    assert [r[1] for r in _read("A resident of Sotk, a village in the Vardenis district, was wounded by fire near Tegh "
                                "on Monday.")] == [["Tegh"]]


def test_the_year_of_a_date_is_no_count():
    # written for this test
    assert _read("On 12 June 2023 the shepherd was detained near Sotk.") == [
        ("arrest", ["Sotk"], "2023-06-12", {})]
    assert _read("On 12 June 2023 three shepherds were detained near Sotk.") == [
        ("arrest", ["Sotk"], "2023-06-12", {"detained": 3})]


def test_one_person_handed_back_is_a_handover_dated_by_its_own_day():
    # written for this test: the detention told inside the sentence is not the day of the handover
    found = _read("On 14 June, with the mediation of the peacekeepers, the resident of Khnatsakh detained on 10 June "
                  "was handed over to the Armenian side near the Hakari bridge.")
    assert ("ceasefire_agreement", ["Hakari bridge"], "2023-06-14", {}) in found
    assert [r[0] for r in _read("The shepherd has been returned to Armenia with the mediation of the peacekeepers, the "
                                "ombudsman said.")] == ["ceasefire_agreement"]
    assert _read("Fire was returned by the units.") == []


def test_towns_passing_under_anothers_control_is_a_transfer_of_territory():
    # written for this test
    for text in ("The town of Kelbajar and two villages came under the control of the Azerbaijani army on Thursday.",
                 "On 15 June the villages of Sus and Aghavno passed under the control of the Azerbaijani side.",
                 "On 15 June the town of Kelbajar was handed over to the control of Azerbaijan."):
        assert [r[0] for r in _read(text, "2023-06-16")] == ["territory_transfer"], text
    for text in ("The fire was brought under control by evening.", "The situation is now under control, police said."):
        assert _read(text) == [], text


def test_a_time_ago_dates_the_incident_and_counts_no_one():
    # written for this test: a year ago is background; a few days ago is an incident of those days
    assert _read("A year ago two journalists were killed when their car hit a mine near Susuz.") == []
    assert _read("It has been almost exactly a year since a mine killed two deminers near Susuz.") == []
    assert _read("Five weeks ago a shepherd was detained near Sotk.") == []
    assert _read("Two shepherds were detained near Sotk four days ago.") == [
        ("arrest", ["Sotk"], "2023-06-10", {"detained": 2})]


def test_football_words_and_arrests_not_made_are_no_incidents():
    # written for this test
    for text in ("The opening goal came after ten minutes, when his shot from the edge of the box flew into the top "
                 "corner.",
                 "Elsewhere in the Premier League, the clash of the two leaders ended in a goalless draw.",
                 "The crowd went home quietly and no arrests were made."):
        assert _read(text) == [], text


def test_the_rest_of_a_sentence_cut_around_a_clause_keeps_its_own_day_and_type():
    # written for this test: "who was abducted on Monday" dates the abduction, not the return told after it
    found = _read("The shepherd from Khnatsakh who was abducted on Monday has been returned to Armenia at the Hakari "
                  "bridge.", "2023-06-16")
    assert ("ceasefire_agreement", ["Hakari bridge"], "2023-06-16", {}) in found
    found = _read("Today, two servicemen who had been detained on Monday were handed over at the border.", "2023-06-16")
    assert [r[0] for r in found if r[2] == "2023-06-16"] == ["ceasefire_agreement"]


def test_bursts_of_automatic_fire_are_a_ceasefire_violation():
    # written for this test
    assert [r[0] for r in _read("Residents of Sotk reported bursts of automatic fire from the heights on Monday.")] == [
        "ceasefire_violation"]
    assert _read("Shots rang out at the wedding as guests celebrated.") == []


def test_border_fighting_words_a_brokered_ceasefire_captives_and_an_advance():
    # written for this test
    found = _read("A ceasefire brokered by Moscow took effect at 18:30 on Tuesday, the ministry said.")
    assert [r[0] for r in found] == ["ceasefire_agreement"]
    [(kind, _, _, counts)] = _read("Yerevan said 15 of its soldiers had been killed and 12 captured in the fighting.")
    assert (kind, counts) == ("ceasefire_violation", {"killed": 15, "detained": 12})
    found = _read("Azerbaijani troops advanced several kilometres into Armenian territory on Tuesday.")
    assert [r[0] for r in found] == ["troop_movement"]
    assert [r[0] for r in _read("A road worker was injured on Monday by a mine near Sus.")] == ["mine_explosion"]


def test_a_time_of_day_after_shortly_before_is_no_second_event():
    # written for this test: "shortly before dawn: bursts of fire" tells the one violation the sentence counts
    found = _read("Over the past day one ceasefire violation was registered in the Askeran district, shortly before "
                  "dawn: bursts of automatic fire lasting several minutes.")
    assert [r[0] for r in found] == ["ceasefire_violation"]


def test_people_held_and_then_handed_over_are_a_handover_counting_the_released():
    # written for this test
    assert _read("The two shepherds detained near Sotk were handed over to the Armenian side on Tuesday.") == [
        ("ceasefire_agreement", ["Sotk"], "2023-06-13", {"released": 2})]
    [(kind, _, _, counts)] = _read("Baku returned ten Armenian soldiers captured in the clashes.")
    assert (kind, counts) == ("ceasefire_agreement", {"released": 10})
    assert [r[0] for r in _read("Police detained two men who were handed over to the police.")] == ["arrest"]


def test_the_undoing_a_protest_demands_is_no_event():
    # written for this test: nobody was returned; the protest is the event
    assert [r[0] for r in _read("Protesters blocked the highway near Sisian on Tuesday, demanding the return of "
                                "prisoners of war.")] == ["protest"]


def test_a_day_after_a_semicolon_in_a_clause_of_no_incident_is_that_clauses():
    # written for this test: the release on Wednesday does not date the detention
    assert [r[2] for r in _read("Two young men were detained near Kapan; they were released on Monday after paying a "
                                "fine.")] == ["2023-06-14"]
    assert [r[2] for r in _read("Troops shelled Sotk; two houses were damaged on Monday.")] == ["2023-06-12"]


def test_a_place_named_by_its_protest_and_a_time_of_day_are_no_protest_or_count():
    # written for this test
    assert [r[0] for r in _read("A man was detained by police at the post next to the protest camp near Shusha on "
                                "Monday.")] == ["arrest"]
    assert [r[0] for r in _read("A convoy of trucks carrying food passed through the protest site near Shusha on "
                                "Monday.")] == ["aid_delivery"]
    [(kind, _, _, counts)] = _read("Today at around 11 am a resident of Shusha was abducted near the road.")
    assert kind == "abduction" and counts.get("abducted") != 11


def test_a_toll_since_the_war_exercises_held_and_a_patrol_cancelled_are_no_incidents():
    # written for this test
    for text in ("The agency recalled that since the end of the war more than 200 people have been killed or wounded "
                 "by mines.",
                 "The agency said that since November 2020 more than 240 people have been killed or injured by mines.",
                 "The exercises are being held at training grounds far from the border.",
                 "One patrol cancelled because of icy roads."):
        assert _read(text) == [], text
    # a blast measured against the past is news
    assert [r[0] for r in _read("A shepherd was wounded by a mine near Sotk on Monday, the first such blast since "
                                "November 2021.")] == ["mine_explosion"]


def test_ranks_how_badly_hurt_bursts_barrages_bodies_and_new_posts():
    # written for this test (publication date 14 June 2023, a Wednesday)
    [(kind, places, day, counts)] = _read("A corporal was seriously wounded near Sotk on Tuesday evening.")
    assert (kind, places, day, counts) == ("ceasefire_violation", ["Sotk"], "2023-06-13", {"wounded": 1})
    [(kind, _, _, counts)] = _read("Three soldiers were lightly injured near Sotk.")
    assert (kind, counts) == ("ceasefire_violation", {"wounded": 3})
    assert [r[0] for r in _read("Troops fired two long bursts from a machine gun towards Sotk.")] == [
        "ceasefire_violation"]
    assert [r[0] for r in _read("A bullet went through the window of a house in Sotk.")] == ["ceasefire_violation"]
    assert [r[0] for r in _read("A barrage struck Sotk before dawn.")] == ["shelling"]
    assert [r[0] for r in _read("A truce was agreed on Monday evening.")] == ["ceasefire_agreement"]
    assert [r[0] for r in _read("The bodies of four soldiers were received from the other side near Sotk.")] == [
        "ceasefire_agreement"]
    [(kind, _, _, counts)] = _read("Troops captured five servicemen near Sotk on Tuesday.")
    assert (kind, counts) == ("arrest", {"detained": 5})
    assert [r[0] for r in _read("Soldiers began setting up two new posts near Sotk.")] == ["base_established"]
    # an attempt to build is what a strike stopped, not a post set up
    assert "base_established" not in [r[0] for r in _read(
        "A drone stopped an attempt to build new fortifications near Sotk.")]


def test_where_captives_are_held_now_is_not_where_they_were_taken():
    # written for this test
    [span] = analysed(text="The six servicemen captured near Sotk on Monday remain in Azerbaijan.",
                      published="2023-06-14")
    assert [p["name_used"] for p in span.attrs["places"]] == ["Sotk"]
    [span] = analysed(text="The six servicemen captured on Monday remain in Azerbaijan.", published="2023-06-14")
    assert {p["cue"] for p in span.attrs["places"]} == {"not_location"}


def test_fire_along_a_front_of_many_places_is_one_incident_a_country_no_place_of_a_clause():
    # written for this test
    [(kind, places, _, _)] = _read("Since midnight Azerbaijan has been firing artillery and drones at positions near "
                                   "Sotk, Jermuk, Goris and Kapan.")
    assert kind == "shelling" and sorted(places) == ["Goris", "Jermuk", "Kapan", "Sotk"]
    # two places side by side are still two incidents, and so are three places each given its day
    assert [r[1] for r in _read("Shots were fired near Khramort and Parukh on Monday.")] == [["Khramort"], ["Parukh"]]
    assert [(r[1], r[2]) for r in _read("Shots were fired near Khramort, Parukh and Sotk on Monday, Tuesday and "
                                        "Wednesday.")] == [
        (["Khramort"], "2023-06-12"), (["Parukh"], "2023-06-13"), (["Sotk"], "2023-06-14")]


def test_a_rising_toll_a_ministrys_provocation_and_directions_of_one_operation():
    # written for this test (publication date Wednesday 14 June 2023)
    [(kind, _, day, counts)] = _read("Our losses since the start of the attack on 12 June have risen to 31 servicemen "
                                     "killed.")
    assert (kind, day, counts) == ("ceasefire_violation", "2023-06-12", {"killed": 31})
    [(_, _, _, counts)] = _read("The number of soldiers killed in the fighting now stands at 40, the ministry said.")
    assert counts == {"killed": 40}
    [(_, _, _, counts)] = _read("The number of servicemen killed as a result of the provocation has risen to 17.")
    assert counts == {"killed": 17}
    # a toll since the war is still no news of the week
    assert _read("Since the end of the war the number of people killed by mines has risen to 300.") == []
    # one operation along two directions is one incident; its denial in the document's own voice is a denial
    [(kind, places, _, _)] = _read("Armenian units carried out large-scale provocations in the Kalbajar and Lachin "
                                   "directions on Monday night.")
    assert kind == "ceasefire_violation" and sorted(places) == ["Kalbajar", "Lachin"]
    [span] = analysed(text='The claims about "provocations" by Armenian units in the Kalbajar direction are an '
                      "absolute lie.", published="2023-06-14")
    assert span.attrs["stance"] == "denies"
    # positions "in the directions of" X and Y are where the fire was aimed
    [(kind, places, _, _)] = _read("Troops subjected positions in the directions of Sotk, Jermuk and Goris to "
                                   "artillery fire.")
    assert kind == "shelling" and sorted(places) == ["Goris", "Jermuk", "Sotk"]


def test_last_evening_minutes_ago_and_a_ceasefire_a_clause_measures_from():
    # written for this test (publication date Wednesday 14 June 2023)
    assert [r[2] for r in _read("Last evening troops opened fire at positions near Sotk.")] == ["2023-06-13"]
    assert [r[2] for r in _read("Residents say shots were fired towards Sotk some twenty minutes ago.")] == [
        "2023-06-14"]
    assert [r[0] for r in _read("Troops opened fire near Sotk on Tuesday evening, the second such report since a "
                                "ceasefire took effect.")] == ["ceasefire_violation"]
    assert [r[0] for r in _read("A ceasefire took effect at midnight.")] == ["ceasefire_agreement"]


def test_a_request_for_consultations_a_campaign_rally_and_the_minutes_of_a_time():
    # written for this test
    assert [r[0] for r in _read("The Foreign Ministry has formally asked the CSTO to start consultations.")] == [
        "official_statement"]
    assert _read("Election campaign: the ruling party held a rally of several thousand people in Goris.") == []
    assert [r[0] for r in _read("Opposition supporters held a rally in Goris against the election results.")] == [
        "protest"]
    [(_, _, _, counts)] = _read("08:50 - Two soldiers were lightly wounded near Sotk.")
    assert counts == {"wounded": 2}


def test_what_happened_without_a_shot_after_a_war_or_in_an_earlier_version_is_no_incident():
    # written for this test
    for text in ("The night passed without shelling for the first time since Monday, residents of Sotk said.",
                 "The group was surrounded and disarmed without a shot being fired.",
                 "After the 2020 war Azerbaijan regained the Kalbajar and Lachin districts.",
                 "An earlier version of our round-up said that 17 servicemen were captured near Sotk.",
                 "Units deployed along the border are carrying out their tasks in accordance with the approved plan."):
        assert _read(text) == [], text
    assert [r[0] for r in _read("Troops entered the town of Lachin without a shot being fired on Monday.")] == [
        "territory_transfer"]
    assert [r[0] for r in _read("Troops shelled Sotk without warning on Monday.")] == ["shelling"]


def test_a_group_is_not_one_person_and_its_number_is_counted():
    # written for this test
    [(_, _, _, counts)] = _read("A group of soldiers surrounded and captured six servicemen near Sotk.")
    assert counts == {"detained": 6}
    [(_, _, _, counts)] = _read("Border guards detained a group of four men near Sotk.")
    assert counts == {"detained": 4}


def test_a_meeting_on_missing_servicemen_held_holds_no_one():
    # written for this test
    assert _read("A meeting of the commission on the search for missing servicemen was held in Yerevan.") == []
    [(kind, _, _, counts)] = _read("Two shepherds were held near Sotk on Monday.")
    assert (kind, counts) == ("arrest", {"detained": 2})


def test_a_capital_that_acknowledges_is_a_speaker_not_a_place():
    # written for this test
    [(kind, places, _, _)] = _read("Troops began building three new posts on Tuesday; Baku acknowledged the works but "
                                   "insists they lie on its side.")
    assert kind == "base_established" and places == []


def test_a_provocation_is_fire_only_where_it_is_placed():
    # written for this test
    assert _read("The minister called the opposition's statement a provocation by the armed forces' critics.") == []
    [(kind, places, _, _)] = _read("Armenian units carried out a provocation in the Kalbajar direction on Monday "
                                   "night.")
    assert kind == "ceasefire_violation" and places == ["Kalbajar"]


def test_the_areas_of_towns_and_a_war_over_a_region():
    # written for this test
    [(_, places, _, _)] = _read("The ministry said the shelling targeted the areas of Jermuk, Goris and Sotk on "
                                "Monday.")
    assert sorted(places) == ["Goris", "Jermuk", "Sotk"]
    [span] = analysed(text="Two soldiers were killed on Monday in the worst fighting since the 2020 war over "
                      "Nagorno-Karabakh.", published="2023-06-14")
    assert {p["cue"] for p in span.attrs["places"]} == {"not_location"}


def test_positions_near_a_village_attacked_are_a_clash_and_the_dead_are_not_held():
    # written for this test
    [(kind, places, _, counts)] = _read("Two soldiers were killed on Monday when troops attacked positions near the "
                                        "village of Tegh.")
    assert (kind, places, counts) == ("ceasefire_violation", ["Tegh"], {"killed": 2})
    [(kind, _, _, _)] = _read("Gunmen attacked the village of Tegh on Monday.")
    assert kind == "attack_on_civilians"
    [(kind, _, date, counts)] = _read("The funerals of the three soldiers killed on Monday near Tegh were held in "
                                      "Goris.")
    assert (kind, date, counts) == ("ceasefire_violation", "2023-06-12", {"killed": 3})


def test_soldiers_named_by_their_fate_are_a_report_but_not_those_of_a_war():
    # written for this test
    [(kind, places, date, counts)] = _read("The names of the three servicemen killed on 12 June in the Tegh section "
                                           "have been released.")
    assert (kind, places, date, counts) == ("ceasefire_violation", ["Tegh"], "2023-06-12", {"killed": 3})
    assert _read("The 2,908 servicemen killed in the war were remembered at the ceremony.") == []


def test_a_truce_established_or_in_force_since_a_time_is_an_agreement():
    # written for this test
    [(kind, _, date, _)] = _read("Since 22:00 yesterday a ceasefire regime has been established in the Lachin "
                                 "direction.")
    assert (kind, date) == ("ceasefire_agreement", "2023-06-13")
    [(kind, _, _, _)] = _read("The ministry said the truce had been in force since 22:00 on Tuesday.")
    assert kind == "ceasefire_agreement"
    assert _read("The truce has been in force for two years.") == []


def test_a_shepherd_handed_back_is_a_handover_not_a_detention():
    # written for this test
    # (and the detention it recalls, two days before)
    got = _read("Azerbaijan handed back an Armenian shepherd on Tuesday, two days after its border guards detained "
                "him.")
    assert [(kind, date) for kind, _, date, _ in got] == [("ceasefire_agreement", "2023-06-13"),
                                                          ("arrest", "2023-06-11")]
    got = _read("Artush Petrosyan, the shepherd taken by soldiers on Sunday, was handed back on Tuesday near "
                "Kornidzor.")
    assert [(kind, places, date) for kind, places, date, _ in got] == [
        ("arrest", [], "2023-06-11"), ("ceasefire_agreement", ["Kornidzor"], "2023-06-13")]


def test_a_shepherd_from_a_village_taken_and_handed_back_is_two_incidents():
    # written for this test
    got = _read("Aram Petrosyan, the shepherd from Verishen taken by soldiers on Sunday, was handed back on Tuesday "
                "near Kornidzor.")
    assert [(kind, date) for kind, _, date, _ in got] == [("arrest", "2023-06-11"),
                                                          ("ceasefire_agreement", "2023-06-13")]


def test_an_undated_handover_takes_the_handover_day_not_the_detention_day_just_told():
    # written for this test
    got = _read("Azerbaijan handed back an Armenian shepherd on Tuesday.\n\nThe man was detained on Sunday while "
                "grazing cattle. He was handed over near the village of Kornidzor.")
    assert ("ceasefire_agreement", ["Kornidzor"], "2023-06-13") in [(k, p, d) for k, p, d, _ in got]
    assert ("arrest", "2023-06-11") in [(k, d) for k, _, d, _ in got]


def test_shots_at_positions_and_a_provocation_committed_in_a_direction():
    # written for this test
    [(kind, places, date, _)] = _read("Baku also said Armenian forces shot at its positions near Arazdayan late on "
                                      "Monday.")
    assert (kind, places, date) == ("ceasefire_violation", ["Arazdayan"], "2023-06-12")
    [(kind, _, date, _)] = _read("Baku claims our soldiers fired from Zod, their name for Sotk, at their positions in "
                                 "Kalbajar yesterday afternoon.")
    assert (kind, date) == ("ceasefire_violation", "2023-06-13")
    [(kind, places, date, _)] = _read("The Ministry recalls that on 12 June a similar provocation was committed in the "
                                      "direction of Arazdayan.")
    assert (kind, places, date) == ("ceasefire_violation", ["Arazdayan"], "2023-06-12")
    assert _read("The minister said the remark was a provocation committed to score points.") == []


def test_guards_holding_a_man_and_fire_just_before_midnight():
    # written for this test
    [(kind, _, _, _)] = _read("Border guards are holding an Azerbaijani man who walked across near Yeraskh this "
                              "morning, a source said.")
    assert kind == "arrest"
    [(kind, _, date, _)] = _read("Residents of Yeraskh say shooting from the other side went on for a quarter of an "
                                 "hour just before midnight.")
    assert (kind, date) == ("ceasefire_violation", "2023-06-13")


def test_the_handover_that_took_place_is_the_one_just_told_and_says_where():
    # written for this test
    got = _read("Azerbaijan today handed over to the Armenian side the remains of four servicemen.\n\nThe handover "
                "took place in the Aghdam direction on humanitarian grounds.")
    assert [(kind, places) for kind, places, _, _ in got] == [("ceasefire_agreement", ["Aghdam"])]
    got = _read("Armenia handed back on Tuesday an Azerbaijani man detained after crossing the border four days ago, "
                "officials said.")
    assert [(kind, date) for kind, _, date, _ in got] == [("ceasefire_agreement", "2023-06-13"),
                                                          ("arrest", "2023-06-10")]


def test_a_handover_on_a_border_section_is_at_both_ends_and_took_place_is_no_capture():
    # written for this test
    [(kind, places, _, _)] = _read("The man was handed over to Azerbaijan today on the Yeraskh–Sadarak section of "
                                   "the border.")
    assert (kind, sorted(places)) == ("ceasefire_agreement", ["Sadarak", "Yeraskh"])
    got = _read("Armenia handed back a man on Tuesday. The handover took place at a crossing point near Sadarak.")
    assert [kind for kind, _, _, _ in got] == ["ceasefire_agreement"]


def test_a_side_that_hands_people_back_is_not_where_it_happened():
    # written for this test
    [(kind, places, _, _)] = _read("Azerbaijan handed back two Armenian shepherds on Tuesday.")
    assert (kind, places) == ("ceasefire_agreement", [])
    [(kind, places, _, _)] = _read("Two Armenian shepherds were handed back on Tuesday near Kornidzor.")
    assert (kind, places) == ("ceasefire_agreement", ["Kornidzor"])
