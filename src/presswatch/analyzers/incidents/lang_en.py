"""English: the words that state an incident, its counts and dates, and the words that cancel one.

Everything language-specific of the incidents analyzer lives in one module per language with the same
names (``TRIGGERS``, ``NEGATED``, ``DENIAL``, ``HYPOTHETICAL``, ``CIVILIAN``, ``COUNT_PATTERNS``,
``NUMBER_WORDS``, ``RELATIVE_DAYS``, ``WEEKDAYS``, ``MONTHS``, ``BOILERPLATE``, ``ACTOR``), so that a
Russian module can be added beside it without touching the analyzer.

Triggers are regular expressions (case-insensitive, on word boundaries) with a weight; the type with the
highest weight in a sentence wins, and a few combinations refine it (see ``analyzer.refine_type``).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


# people (not troops) whom one side can hold and give back: "two shepherds were captured", "the handover of two persons"
# people who are no side's fighters, as press names them when they are hurt
_VICTIM = (r"civilians?|farmers?|shepherds?|herders?|villagers?|residents?|woman|man|men|women|boys?|girls?|child|children"
           r"|teenagers?|pensioners?|students?|drivers?|workers?|persons?|people|locals?|passers-by|tractor drivers?")
# soldiers by their rank or kind of service ("a sergeant was wounded", "two contract soldiers were killed")
_SOLDIER = (r"soldiers?|servicem[ae]n|conscripts?|(?:border )?guards?|officers?|fighters|sergeants?|privates?"
            r"|lieutenants?|(?:lance )?corporals?|colonels?|snipers?|gunners?|paratroopers?|reservists?")
# how badly people were hurt, between the verb and the participle ("were lightly wounded", "was critically injured")
_HOW_BADLY = r"lightly|slightly|seriously|severely|critically|gravely|badly|fatally|mortally"
_HELD = (r"civilians?|citizens?|nationals?|residents?|villagers?|shepherds?|herders?|farmers?|persons?|people|m[ae]n|boys?"
         r"|teenagers?|students?|drivers?|workers?")

# a place named by what is there ("next to the protest camp", "at the protest site"): the words before it, as lookbehinds
_NOT_WHERE = "".join(f"(?<!{w} the )" for w in ("at", "near", "next to", "through", "past", "by", "beside", "outside",
                                                 "from", "to", "around", "behind", "opposite"))
# whom people are handed to inside one side (not a handover between sides): "handed over to the investigative bodies"
_AUTHORITIES = r"authorities|police|investigat\w*|prosecutors?|courts?|bodies|organs|agencies|custody"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", _I)


# type -> [(pattern, weight)]; a weight of 1 is a clear statement, 0.5 a word that needs support
TRIGGERS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "ceasefire_violation": [
        (_p(r"cease-?fire violations?|violat\w* (?:of )?the (?:cease-?fire|truce)|broke the (?:cease-?fire|truce)"
            r"|breach(?:es)? of the (?:cease-?fire|truce)"), 1.2),
        (_p(r"open(?:ed|s|ing)? (?:[\w-]+ )?fire|(?:did not|didn't|never) (?:open )?fire"), 1.0),
        (_p(r"open(?:ed|s|ing)? fire|exchang(?:e|es|ed|ing) (?:of )?(?:fire|gunfire|shots)|came under (?:small[- ]arms )?fire"
            r"|fired (?:[\w-]+ ){0,5}?(?:at|on|upon|towards|in the direction)|firing (?:[\w-]+ ){0,3}?(?:at|upon|towards"
            r"|on(?! all cylinders))|subjected (?:\w+ )?to (?:[\w-]+ ){0,2}?(?:fire|gunfire|shooting)|shots? (?:were |was |had been )?fired|gunfire|firefights?|gun ?battles?"
            r"|skirmish(?:es)?|fire from (?:small arms|automatic|machine|sniper|large-calibre)\w*"), 1.0),
        (_p(r"clash(?:es|ed)?|fighting|shooting|sniper fire|small[- ]arms fire|machine-gun fire|ambush(?:ed)?"
            r"|armed (?:clash|confrontation|provocation)s?|grenade[- ]launchers?"), 0.8),
        (_p(r"provocations?"), 0.7),
        # what a patrol or residents heard: "a patrol near X heard sustained small-arms fire"
        (_p(r"heard (?:[\w-]+ ){0,3}?(?:fire|gunfire|shooting|shots|bursts|explosions|shelling)"), 1.1),
        (_p(r"(?:by|from) (?:an? |the )?(?:[\w-]+ )?snipers?|snipers? (?:had |has )?(?:shot|fired|wounded|killed|hit)"
            r"|firing (?:[\w-]+ ){0,2}?(?:on|at|upon) (?:[\w-]+ ){0,2}?positions|fire (?:from [\w -]{3,40} )?(?:on|at) "
            r"(?:[\w-]+ ){0,2}?positions"
            # a casualty of fire: "a soldier had been wounded by Azerbaijani fire near X"
            # (a fire needs a word for whose or what fire it was: "killed by fire in their home" is not)
            r"|(?:killed|wounded|injured|hit) (?:by|in) (?:(?!(?:a|an|the) )[\w-]+ ){1,2}fire|(?:killed|wounded|injured|hit) by "
            r"(?:[\w-]+ ){0,2}?(?:gunfire|shots|bullets?)"), 1.0),
        (_p(r"(?:" + _SOLDIER + r") (?:had |has |have )?(?:was |were |been )(?:(?:" + _HOW_BADLY + r") )?"
            r"(?:killed|wounded|injured) (?:near|at|in|on)\b(?! (?:a |an |the )?(?:[\w-]+ )?(?:accident|crash|collision"
            r"|exercises?|drills?|training|fire)\b)"), 0.8),
        (_p(r"trad(?:ed|ing|es) (?:fire|shots|gunfire|blows)|engaged (?:\w+ ){0,2}(?:gunmen|militants|rebels|insurgents|fighters|attackers"
            r"|militia\w*|smugglers|bandits)|repell?(?:ed|ing) (?:an? |the )?(?:\w+ )?(?:assault|attack|raid|incursion|offensive)"
            r"|fighting broke out|heavy fighting|gunfights?|battled|firefight|fought (?:with|against) (?:\w+ ){0,3}(?:troops|soldiers"
            r"|army|forces|rebels|militants|militia\w*|fighters|police)"), 1.0),
        (_p(r"(?:reports?|claims?|allegations?|information) (?:of|about|that) (?:\w+ ){0,3}?(?:fire|firing|shots)"), 1.0),
        # "shot at its positions near X"; "fired from Zod, their name for Sotk, at their positions"
        (_p(r"(?:shot|shooting|shoots?) (?:at|on|upon) (?:[\w-]+ ){0,2}?(?:positions|posts)\b"
            r"|fired\b[^.;]{0,60}?\b(?:at|on|upon) (?:[\w-]+ ){0,2}?(?:positions|posts)\b"), 1.0),
        (_p(r"attack(?:ed|s)? (?:on )?(?:the )?(?:\w+ )?(?:positions|posts|soldiers|troops|servicemen|units|patrol)"), 0.9),
    ],
    "shelling": [
        # ("mines and unexploded shells" neutralised by deminers: ordnance lying about, not fire)
        (_p(r"(?<!unexploded )(?<!mines and )(?<!mines, )shell(?:ing|ed|s)|artillery(?! pieces| systems| units| guns? (?:were|was) moved)|mortars?|rockets?|missiles?|howitzers?|bombard(?:ed|ment)"
            r"|multiple[- ]launch rocket|grad rockets?|heavy weapons fire"), 1.05),
        # one shell that landed: "when a shell hit a house", "an artillery shell struck the school"
        (_p(r"(?:a|an|the|one|another|second) (?:[\w-]+ )?shell (?:had |has )?(?:hit|struck|landed|fell|slammed|tore|smashed)"),
         1.05),
    ],
    "air_or_drone_strike": [
        (_p(r"air ?strikes?|airstrikes?|drone (?:strike|attack)s?|(?:struck|hit|attacked) by (?:a |an )?(?:drones?|aircraft|warplanes?)"
            r"|warplanes?|fighter jets?|air raids?|aerial (?:bombardment|attack|strike)s?|helicopter gunships?|bombing raids?"
            r"|(?:military |attack |combat )?helicopters? (?:fired|attacked|struck|strafed|bombed)|(?:jets?|aircraft|planes?) "
            r"(?:bombed|struck|attacked|hit|targeted)|barrel bombs?"), 1.1),
        (_p(r"drones?|UAVs?|unmanned aerial vehicles?|quadcopters?|loitering munitions?|kamikaze drones?"), 0.95),
    ],
    "suicide_bombing": [
        (_p(r"suicide (?:bomb\w*|attack\w*|vest|car bomb\w*|bomber)|blew (?:himself|herself|themselves) up|explosive (?:belt|vest)"
            r"|(?:the|a) bomber|set off (?:his|her|their) (?:vest|belt|device)|triggered (?:his|her) (?:device|vest|belt)"), 1.5),
    ],
    "mine_explosion": [
        (_p(r"(?:land)?mines? (?:explod\w*|blast|went off|detonat\w*)|(?:stepped on|struck|hit|drove over|ran over|triggered) (?:a |an )?"
            r"(?:[\w-]+ )?(?:land)?mine"
            r"|(?:land)?mine (?:explosion|blast)|IEDs?|roadside bombs?|improvised explosive devices?|car bombs?"
            r"|explosive devices? (?:exploded|went off|detonated)|(?:ordnance|shell) (?:exploded|went off|detonated)"
            r"|booby[- ]trap\w*|bombs? (?:[\w-]+ ){0,5}?(?:went off|exploded|detonated)|planted (?:a |an )?(?:\w+ )?bombs?"
            r"|(?:motorcycle|car|truck|parked|roadside|magnetic|sticky) bombs?"
            r"|(?:land)?mines? (?:that |which )?(?:maimed|killed|wounded|injured|tore)"), 1.2),
        # deminers hurt at work: a mine went off, whatever the clearance word says (not a near-tie with it); "every
        # wounded deminer" is no one in particular
        (_p(r"(?:deminers?|de-miners?|sappers?) (?:(?:\w+ ){0,3}?(?:were|was|have been|had been) |who was |who were )?"
            r"(?:killed|wounded|injured|hurt)\b"
            r"|(?<!every )(?<!each )(?<!any )(?<!no )(?:killed|wounded|injured) (?:(?:\d+|a|an|one|two|three|four|five|six"
            r"|several|the) )?(?:\w+ )?(?:deminers?|de-miners?|sappers?)\b"), 1.6),
        (_p(r"explosions?|blasts?|detonat(?:ed|ion)|exploded"), 0.8),
        (_p(r"landmines?|anti-(?:personnel|tank) mines?|unexploded ordnance"), 0.5),
    ],
    "grenade_attack": [(_p(r"grenades?(?! launchers?)(?!-launchers?)"), 1.3)],
    "chemical_weapon": [
        (_p(r"chemical (?:weapons?|attacks?|agents?|munitions?|devices?|substances?)|chlorine|sarin|nerve agents?|mustard gas"
            r"|toxic (?:gas|agents?|chemicals?|substances?)|(?:yellow|green|poison(?:ous)?) gas|smell of (?:bleach|chlorine)"), 1.5),
        (_p(r"suffocat\w*|chok(?:ing|ed)|blister\w*|foaming at the mouth|breathing difficulties"), 0.6),
    ],
    "sexual_violence": [
        (_p(r"rap(?:e|ed|es|ing)|sexual(?:ly)? (?:assault\w*|violence|abuse\w*|harass\w*)|gang-?rap\w*"), 1.7),
    ],
    "attack_on_civilians": [
        # (the words between are the place's own, not a phrase that ends near it: "attacked positions near the village of
        # X" is an attack on positions)
        (_p(r"beat (?:\w+ ){0,3}to death|beaten to death|hacked to death|machetes?|attack(?:ed|s)? (?:a |an |the )?"
            r"(?:(?!(?:near|at|in|on|outside|by|close|around|of|from|towards?|positions?|posts?)\b)[\w-]+ ){0,3}"
            r"(?:camp|village|market|church|mosque|school|hospital|bus|congregation|worshippers|mourners|displaced)"), 1.1),
        (_p(r"massacre\w*|gunmen|shot dead|stabbed|beaten|beat (?:up )?(?:a |an |two |\d+ )?"
            r"|assault(?:ed)?|execut(?:ed|ion)s?|lynch\w*|attack(?:ed|s)? (?:on )?(?:a |an |the )?(?:civilians?|villagers?"
            r"|residents?|farmers?|shepherds?|famil(?:y|ies)|journalists?|worshippers|passers-by|bus)"), 1.0),
    ],
    "abduction": [
        (_p(r"abduct\w*|kidnap\w*|hostages?|forcibly disappeared|forced disappearance|taken away by (?:armed|unknown|masked)"
            r"|seized by (?:gunmen|armed men|militants|an armed group|unknown|masked)|whereabouts (?:remain|are) unknown|held for ransom"
            r"|ransom|not been seen since|vanished|bundled into|taken (?:away )?from (?:his|her|their) (?:home|office|house|car)"), 1.3),
    ],
    "protest": [
        (_p(r"(?:people|residents|crowds?|thousands|hundreds|protesters|demonstrators|supporters) (?:had |have )?(?:filled"
            r"|packed|took to|poured into|massed (?:in|at|outside)|gathered (?:in|at|outside)) (?:the )?(?:[\w-]+ ){0,3}?"
            r"(?:squares?|streets?|avenues?|parks?|government building|parliament)"), 1.0),
        # "staged a \"women's march\"": a protest whatever its name (in quotes or not)
        (_p(r"(?:staged|held|organi[sz]ed|led|joined) (?:an? |the )?[\"“'‘]?(?:[\w'’-]+ ){0,2}(?:march|rally|protest|demonstration"
            r"|sit-in|picket|vigil)"), 1.0),
        # "a public gathering ... was observed by a mission patrol": the gathering is the event, the patrol its witness
        (_p(r"(?:a|the) (?:public|mass|street|peaceful|spontaneous) gathering\b|(?<!on )(?<!banned )(?<!ban )gatherings? of "
            r"(?:[\w,]+ ){0,3}(?:people|persons|residents"
            r"|citizens|protesters|supporters|locals|students|relatives)"), 1.0),
        # ("passed through the protest site": where, not what happened)
        (_p(r"protest(?:ers|ors|s|ed|ing)?(?! notes?)(?! (?:site|area|spot|camp|tent)s?\b)|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|marche[sd]|marchers"
            r"|pickets?|picketed|sit-ins?|vigils?|walkouts?|marched|marching|(?:a|the|peaceful|protest|silent) march|gathered "
            r"(?:\w+ )?(?:outside|in front of)|(?:took|take) to the streets|gathered (?:outside|in front of)"
            r"|went on strike|hunger strike|strike action|(?:people|residents|citizens|women|students|activists|crowds?) "
            r"(?:[\w-]+ ){0,2}?gathered|gathered (?:in|at|on) (?:the )?(?:[\w'’-]+ ){0,3}?(?:square|street|avenue|park|embassy"
            r"|parliament|building|office|headquarters)"), 1.0),
        # people camped on a road or a square ("activists have been camped on the road near X since 12 December")
        (_p(r"(?:activists|protesters|demonstrators|people|Azerbaijanis|Armenians|residents|group) (?:[\w-]+ ){0,3}?"
            r"(?:camped|camping|encamped) (?:on|at|near|outside|in|along)"), 1.0),
        # a protest camp: "the opposition set up a tent camp in the square"
        # ("detained at the post next to the protest camp": where)
        (_p(r"(?:set up|pitched|erected) (?:a |an )?(?:[\w-]+ )?(?:tent|protest) (?:camp|city|town)|" + _NOT_WHERE
            + r"(?:tent|protest) camps?"),
         1.2),
        # "two thousand people walked from Goris to Kornidzor to demand ...": a march by its purpose
        (_p(r"(?:people|residents|crowds?|thousands|hundreds|protesters|demonstrators|activists|students|women|villagers)"
            r" (?:[\w-]+ ){0,2}?(?:walked|marched|drove|cycled|rode|gathered|assembled|lined up) (?:[\w,'’-]+ ){0,10}?"
            r"(?:to demand|demanding|to call for|calling for|to protest|in protest)"), 1.0),
    ],
    "riot": [
        (_p(r"riot(?:s|ers|ing|ed)?(?! (?:police|officers|gear|squads?|control|units|troops))|vandali[sz]\w*"
            r"|(?:threw|hurled|throwing|hurling) (?:stones|rocks|bottles|petrol bombs|molotov cocktails)|stoned (?:\w+ )?(?:cars|vehicles"
            r"|police)|barricaded (?:the )?(?:roads?|streets?) with burning"
            r"|molotov cocktails?|torched (?:cars|vehicles|police)|set fire to (?:cars|police|tyres|tires)"), 1.15),
    ],
    "mob_violence": [(_p(r"mobs?|lynch\w*|set (?:him|her|them) alight|dragged (?:a |the )?(?:\w+ ){0,3}out of|crowd (?:\w+ ){0,5}"
                           r"(?:beat|lynched|attacked|killed|stoned)|armed with (?:sticks|clubs|stones|knives)|fought with (?:knives"
                           r"|sticks|stones|clubs)"), 1.25)],
    "ceasefire_agreement": [
        (_p(r"agreed (?:to|on)|agreements?|signed (?:a |an |the )?(?:\w+ ){0,3}(?:deal|accord|agreement|treaty|memorandum|protocol"
            r"|cease-?fire|truce)|exchanged (?:\d+ |\w+ )?(?:prisoners|detainees|captives|bodies|remains)"
            r"|prisoner (?:swap|exchange)|exchange of (?:prisoners|bodies|detainees|captives)"
            r"|memorandum of|reached a deal"), 0.95),
        (_p(r"peace (?:deal|accord|treaty|agreement)|truce|accord"), 0.7),
        (_p(r"(?:remains|bodies) (?:of [^.;]{0,80}? )?(?:were |was |have been |had been )?(?:returned|exchanged|handed over"
            r"|repatriated|received from)\b|exchanged (?:the )?remains"
            r"|in an exchange|prisoners? (?:were )?(?:released|freed) in"), 1.0),
        # people held by the other side given back: "handed two soldiers back", "the handover of two servicemen"
        (_p((r"handed (?:\w+ ){0,3}(?:servicem[ae]n|soldiers|prisoners|detainees|captives|conscripts|POWs|bodies|HELD) (?:back|over)"
            r"|hand(?:over|ing over)(?: (?:at|on|near|in|to) [^.;,]{0,40}?)? of (?:\w+ ){0,4}?(?:servicem[ae]n|soldiers|prisoners"
            r"|detainees|captives|conscripts|POWs"
            r"|bodies|remains|HELD)|(?:servicem[ae]n|soldiers|prisoners|detainees|captives|conscripts|POWs|HELD) (?:[\w-]+ ){0,20}?"
            r"(?:were|was|have been|has been|had been) (?:handed over|handed back|returned|repatriated)(?! to (?:the )?(?:\w+ )?"
            r"(?:" + _AUTHORITIES + r"))").replace("HELD", _HELD)),
         # (above the detention words by more than the type model's say: "the two shepherds detained near X were handed
         # over" is the handover)
         1.35),
        # ("released" is also the end of a detention by those who made it, not a handover between sides)
        (_p(r"(?:returned|handed back|handed over) (?!fire\b)(?:(?:on \w+day|today|yesterday|this morning) )?"
            r"(?:the |all |both |an? )?(?:(?:\d+|two|three|four|five|six|seven"
            r"|eight|nine|ten|eleven|twelve|several) )?(?:(?!(?:to|at|the|an?|from|in|on|of|for|with)\b)[\w-]+ ){0,2}?(?:" + _HELD +
            r"|servicem[ae]n|soldiers"
            r"|conscripts|detainees|prisoners|captives)\b(?! (?:had|have|has) been (?:killed|wounded))|handing (?:them|him|her|\w+ \w+)"
            r" (?:over|back)"), 1.3),
        # "both were handed back on Saturday": people handed back, whoever the pronoun that opens the clause stands for
        # (or a clause that opens with the verb, its subject cut off before it: "[the shepherds ...] were handed over")
        # (or after a comma that closes the subject's apposition: "X, the shepherd taken on Thursday, was handed back")
        (_p(r"(?:^\W*(?:(?:both|they|he|she|all|the two|the three) (?:[\w-]+ ){0,2}?)?|(?<=, )|(?:(?<=[;,] )|(?<=\band ))(?:both"
            r"|they|he|she|all|the two|the three) (?:[\w-]+ ){0,2}?)(?:were|was|have been|has been|had been) (?:handed (?:back|over)"
            r"|returned|repatriated)(?! fire\b)(?! to (?:the )?(?:\w+ )?(?:" + _AUTHORITIES + r"))"),
         1.0),
    ],
    "arrest": [
        (_p(r"arrest(?:ed|s)?|detain(?:ed|s|ing)?|taken into custody|apprehended|rounded up|remanded"), 1.1),
        (_p(r"(?:were|was) caught (?:red-handed )?(?:with|smuggling|carrying|trying)"), 1.0),
        # people (not a town) captured, seized or taken by armed men: "two shepherds were captured by servicemen",
        # "the shepherds seized near X on Thursday"; "taken to hospital" is not
        # (with the people named: "the town was captured by government forces", "the photo was taken by troops" are not)
        (_p(r"(?:" + _HELD + r"|servicem[ae]n|soldiers|conscripts)\b[^.;]{0,80}?\b(?:were|was|had been|have been) (?:captured"
            r"|seized|taken)\b(?! (?:to|into|part|ill|away to|aback|by surprise|for|by (?:bus|car|coach|ambulance|helicopter"
            r"|plane|train|minibus))\b)|(?:" + _HELD + r"|servicem[ae]n|soldiers"
            # (and where they are from: "the shepherd from Verishen taken by soldiers on Thursday")
            r"|conscripts)(?: from (?:the )?(?:village of )?[\w-]+)? (?:captured|seized|taken) (?:by|near|at|in|on|from"
            r"|while)\b(?! surprise)"), 1.1),
        (_p(r"detention|in custody|held (?:at|by) (?:a |the )?"), 0.9),
    ],
    "troop_movement": [
        # "had moved troops and artillery towards the border": the guns moved, none fired
        (_p(r"(?:moved|moving|deployed|redeployed|amassed|massed|concentrated|brought up|pulled back|withdrew) (?:\w+ ){0,2}"
            r"(?:troops|artillery|forces|units|armou?r|tanks|soldiers|reinforcements|military vehicles|howitzers)"),
         1.2),
        (_p(r"(?:troops|units|soldiers|forces|servicem[ae]n|tanks|vehicles|artillery|equipment|reinforcements|battalions?"
            r"|brigades?|military|weapons|personnel|howitzers|launchers) (?:[\w-]+ ){0,6}?(?:were|was|been|have been|had been)"
            r" (?:moved|deployed|redeployed|brought|transferred) (?:to|into)"
            r"|deployed (?:\d[\d,]*|more|additional|new|extra|reinforcements)|movements? of (?:personnel|troops|forces|armou?red"
            r"|military|units|soldiers)"), 1.1),
        (_p(r"deploy(?:ed|ment|s|ing)?"), 0.75),
        (_p(r"redeploy\w*|withdr(?:ew|awn|awal|aws)(?! (?:its|their|his|her|the) (?:objections?|candidacy|proposals?|requests?"
            r"|complaints?|support|applications?|bids?|claims?|demands?|reservations?|ambassadors?|envoys?|draft|veto|consent"
            r"|offer))|reinforcements?|pull(?:ed|s)? (?:out|back)"
            r"|moved (?:troops|units|forces|armou?r)|military (?:build-?up|exercises?|drills?)|drills|mobili[sz]\w*"
            r"|disband\w*|splinter(?:ed)?|merg(?:e|ed|es|ing) (?:with|into)|joined forces|rebrand\w*|announced (?:a |its )?(?:new|split)"
            r"|stepped down|replaced by|recruit(?:ment|ing|ed) (?:drive|campaign|\w+)|(?:troops|forces|armou?red vehicles|tanks|columns?"
            r"|convoys? of troops) (?:\w+ ){0,4}(?:moving|moved|advancing|advanced|heading) (?:toward|towards|to|into)"), 0.9),
    ],
    "weapons_seized": [
        (_p(r"(?:seized|confiscated|intercepted|found|discovered|uncovered|recovered) (?:a |an |the )?(?:\w+ ){0,3}"
            r"(?:weapons|arms|cache|explosives|ammunition|rifles|stockpile|munitions|grenades|bomb-making|bombs?|IEDs?|missiles)"
            r"|(?:weapons|arms) caches?|defus(?:ed|al|ing) (?:a |an |the )?(?:bomb|explosive|device|IED)s?"
            r"|bomb disposal|intercepted (?:a |an |the |two |\d+ )?(?:drones?|missiles?|rockets?)|shot down"
            r"|thwarted (?:a |an )?(?:\w+ )?(?:attack|bombing|plot)|detonated it safely|controlled explosion|would-be (?:suicide )?"
            r"bombers?|before (?:he|she|they) could (?:set off|detonate|blow)|intercepted (?:a |an |the )?(?:[\w-]+ ){0,4}carrying"), 1.6),
    ],
    "base_established": [
        (_p(r"(?:set up|established|built|opened|erected|constructed|installed|moved|relocated) (?:a |an |new |two |three |its |their "
            r"|\d+ )*(?:\w+ ){0,2}"
            r"(?:base|outpost|headquarters|observation post|military post|command post|(?<!tent )(?<!protest )camp"
            r"|forward operating base|garrison)s?"
            r"|new (?:military |forward )?(?:base|outpost|headquarters)s?"), 1.3),
    ],
    "property_destruction": [
        (_p(r"set (?:on )?fire|set ablaze|burn(?:ed|t) (?:down )?(?:a |an |the |two |\d+ )?(?:houses?|homes?|buildings?|cars?"
            r"|shops?|crops|fields|vehicles?|barns?|farmhouses?|church\w*|mosques?|schools?)|torched|loot(?:ed|ing|ers)|ransack\w*"
            r"|demolish\w*|bulldoz\w*|arson|destroy(?:ed|ing)? (?:a |an |the |two |\d+ )?(?:\w+ )?(?:houses?|homes?|buildings?"
            r"|property|shops?|crops|monuments?|graves?|cemeter\w*|church\w*|mosques?|schools?|farmhouses?|barns?)|desecrat\w*"
            r"|vandalised|vandalized|(?:houses?|homes?|farmhouses?|barns?|buildings?|shops?|cars?|vehicles?) (?:[\w-]+ ){0,6}?"
            r"(?:burned|burnt|were burned|was burned) down|(?:houses?|homes?|farmhouses?|barns?|buildings?) (?:was|were) "
            r"(?:destroyed|demolished|burned|burnt|looted)"
            r"|pillag\w*|(?:tore|pulled) down|razed|wrecked|smashed (?:up )?(?:\w+ ){0,2}(?:shops?|windows|cars?|offices?)"
            r"|burn(?:ed|t) (?:down )?(?:the |a |an )?(?:[\w-]+ ){0,3}(?:centre|center|clinic|hospital|market|school|office|station"
            r"|village)"), 1.1),
        (_p(r"(?:fire|blaze|flames) (?:had |has )?(?:swept through|broke out in|engulfed|gutted|ravaged|destroyed)"
            r"|(?:fields?|crops?|wheat|barley|harvest|orchards?|hectares of [\w -]{1,30}?) (?:had )?(?:burned|burnt|were burned"
            r"|was burned|caught fire|went up in flames)"), 1.0),
    ],
    "territory_regained": [
        (_p(r"retook|retaken|recaptur\w*|reclaim\w*|regained (?:control|the)|took back|recovered (?:control of )?(?:the )?"
            r"(?:[\w-]+ ){0,2}(?:town|village|city|district|region|area|territory|base|airport|port)|pushing (?:\w+ ){0,2}back"
            r"|liberat(?:ed|ion of) (?:the )?(?:town|village|city"
            r"|district|region|area|territory)|liberation of|back under (?:government|state) control"),
         1.3),
    ],
    "territory_taken": [
        (_p(r"seized control|(?:taken|took|seized|gained|grabbed) (?:full |complete |effective )?control (?:of|over)"
            r"|(?:captured|seized|overran) (?:a |an |the )?(?:[\w-]+ ){0,3}(?:town|village|city|district|region|area|base|hill"
            r"|hilltop|airport|border|crossing|outpost|garrison|port)"
            r"|overran|overrun|took (?:over|control of)|stormed and took|fell to|under (?:the )?control of (?:the )?(?:rebels|militants|insurgents)"),
         1.2),
    ],
    "territory_transfer": [
            (_p(r"hand(?:ed|s|ing)? (?:over|back) (?:control (?:of|over) )?(?:the )?(?:[\w-]+ )?(?:town|village|city|district|region"
            r"|territory|area|positions|base|airport|border|province|zone)s?|hand(?:s|ing|ed)? over control|transfer(?:red|s)? "
            r"(?:of )?(?:control|territory)|ceded"
            r"|returned to (?:\w+ )?(?:government |state )?control|handover of (?:the )?"
            r"(?:territory|town|village|district|region|port|airport|base|camp)"
            # a place taken over peacefully ("entered the town without a shot being fired"; not people "disarmed without a
            # shot being fired")
            r"|(?:town|village|city|district|region|territory|area|positions|base|airport|control)\b[^.;]{0,60}?"
            r"without a (?:single )?shot (?:being )?fired"
            r"|hand(?:ed|s|ing)? (?:over )?control of|hand(?:ed|s)? over (?:its |their |the )?(?:[\w-]+ ){0,2}(?:camp|base|positions"
            r"|airport|port|town|barracks)|took over (?:the |their )?positions (?:vacated|left|abandoned)|vacated"), 1.35),
    ],
    "aid_delivery": [
        (_p(r"food (?:parcels|supplies|aid)|humanitarian (?:aid|assistance|supplies)"), 0.6),
        (_p(r"humanitarian goods"), 0.6),
        (_p(r"humanitarian (?:cargo|convoys?|deliver\w*|shipments?)|aid (?:convoys?|trucks?|lorries|shipments?"
            r"|deliver\w*|packages|parcels)|relief (?:supplies|goods|convoy)"
            r"|(?:trucks|lorries|vehicles) (?:carrying|loaded with|with|delivering|bringing) (?:[\w-]+ ){0,6}?(?:food|flour|medicine"
            r"|medical|fuel|aid|supplies|baby|wheat|grain|insulin|vaccines?|goods|cargo)"), 1.1),
        (_p(r"deliver(?:ed|y|ies|ing)|tonnes? of|tons of|convoys?|distributed|medical supplies"), 0.55),
        (_p(r"deliver(?:ed|s|ing) (?:[\d,.]+ |\w+ )?(?:tonnes|tons|trucks|kits|supplies|food|aid|medicine|parcels)|(?:tonnes|tons) of "
            r"(?:\w+ )?(?:supplies|food|aid|flour|wheat|sorghum|grain|rice|maize|medicine|fuel)|distributed (?:[\w-]+ ){0,4}(?:to|among)"
            r"|(?:planes?|barges?|ships?|trucks?|lorries|convoys?|flights?) (?:loaded with|with|carrying) (?:[\d,.]+ )?(?:[\w-]+ ){0,3}"
            r"(?:supplies|aid|food|medicine|flour|wheat)"), 1.1),
    ],
    "patrol_or_escort": [
        # "monitoring mission", "observation mission" name a body ("the monitoring mission said"), not an event
        (_p(r"patrol(?:s|led|ling|ed|ing)?|escort(?:ed|ing|s)?|monitoring (?:visit|trip)s?|observation visits?"
            r"|reconnaissance"), 0.85),
        (_p(r"inspect(?:ed|ion)s?"), 0.6),
    ],
    "checkpoint_or_road_closure": [
        (_p(r"checkpoints?|check-points?|roadblocks?|road ?blocks?|barricad\w*|blockade[sd]?"), 0.7),
        # blocks across a road: "police had put concrete blocks across the road", "blocks placed across the carriageway"
        (_p(r"(?:put|placed|laid|installed|erected|dumped) (?:\w+ ){0,3}?(?:blocks|barriers|roadblocks?|barricades?|boulders"
            r"|trenches?) across|(?:blocks|barriers|barricades?|boulders) (?:\w+ ){0,2}?(?:placed|put|laid|erected) "
            r"across|blocked the (?:[\w–-]+ ){0,2}(?:road|highway|corridor|crossing|route)"), 1.1),
        (_p(r"(?:put up|set up|erected|mounted|manned) (?:\w+ )?(?:roadblocks?|checkpoints?|barricades?)|(?:stayed|remained|remains|kept)"
            r" (?:shut|closed|sealed)"), 1.05),
        (_p(r"(?:stopped|halted|suspended|blocked|restricted|banned) (?:all )?(?:the )?(?:movement|traffic|passage|crossings?)"
            r"|(?:movement|traffic|passage)(?: [\w-]+){0,12}? (?:was |were |is |has been |had been )?(?:stopped|halted|suspended|blocked"
            r"|restricted|resumed)"
            r"|(?:set up|installed|established|erected) (?:a |an |the )?(?:new )?(?:checkpoint|roadblock|barrier)s?"
            r"|(?:road|corridor|crossing|highway|checkpoint"
            r"|bridge|border|pass|route)s? (?:itself |(?:near|to|from|at|through|between|in) (?:the )?(?:[\w'’-]+ ){1,3}?)?"
            r"(?:was |were |is |are |remains? |remained |stay(?:s|ed)? |has been |have been |had been )?(?:closed"
            r"|blocked|shut|sealed|reopened|re-opened|opened)|(?:closed|blocked|shut|reopened|sealed|closing|blocking|shutting|sealing) (?:the )?(?:\w+ )?"
            r"(?:road|corridor|crossing|highway|bridge|border|route|pass|checkpoint)|clos(?:ure|ing) of the (?:\w+ )?(?:road|corridor|crossing|highway|route)"), 1.05),
    ],
    "mine_clearance": [
        (_p(r"mine action(?! (?:agency|centre|center|programme|program|service|authority|coordinator|department|office"
            r"|board))"), 0.8),
        (_p(r"demin\w*|de-mining|mine clearance|mine[- ]clearing|cleared (?:of )?(?:\w+ ){0,3}(?:mines|ordnance|explosives)"
            r"|clearing (?:of )?(?:mines|ordnance)|sappers?|neutrali[sz]ed (?:\w+ ){0,3}(?:mines|shells|items|munitions|ordnance)"
            r"|explosive ordnance disposal|(?:mines|ordnance) (?:were |was )?(?:removed|destroyed|cleared)"
            r"|hectares? (?:of land )?(?:cleared|checked)|cleared (?:[\d.,]+ |\w+ )?(?:hectares|square (?:metres|meters|kilometres)"
            r"|kilometres|km)|(?:detected|detecting|found|finding) and (?:destroyed|destroying|neutrali[sz](?:ed|ing)|defused"
            r"|defusing)|explosive (?:objects|remnants)|removed (?:\d+ |\w+ )?(?:[\w-]+ )?(?:mines|explosive devices|ordnance)"
            r"|cleared (?:[\w-]+ ){0,6}?of (?:mines|explosive devices|explosives|ordnance|unexploded)"), 1.25),
    ],
    "security_measure": [
        (_p(r"curfews?|state of emergency|martial law|banned (?:all )?(?:public )?(?:gatherings|protests|rallies|demonstrations)"
            r"|(?:were|was|are|is) prohibited"
            r"|suspended (?:all )?(?:its |their )?(?:operations|activities|work)|mass graves?|bodies (?:were )?(?:found|discovered|exhumed)"
            r"|lockdown"), 1.0),
    ],
    "official_statement": [
        (_p(r"protest notes?|notes? of protest|lodged (?:a |an )?(?:formal |official |strong )?(?:protest|complaint)|summoned the \w+ (?:ambassador"
            r"|envoy|charg[eé])|demarche|official complaint"), 1.2),
        (_p(r"condemn(?:ed|s|ation)|issued a statement|appeal(?:ed)? to|called on|urged"), 0.6),
        (_p(r"statement threatening|threatened to|issued (?:a |an )?(?:threat|ultimatum|warning)"), 0.9),
        # a request to an alliance or a body: "formally asked the CSTO to hold consultations", "invoked Article 4"
        (_p(r"(?:asked|requested|called for|appealed for) [^.;]{0,100}?consultations|(?:request|call|appeal) for "
            r"consultations|invok(?:ed|ing|es) article \d+"),
         1.2),  # (sure: the detector has seen few such requests)
    ],
}

# combinations that refine a type: protest -> intervention or excessive force, shooting at civilians -> attack
INTERVENTION = _p(r"dispers(?:ed|e|ing)|broke up|(?:detain\w*|arrest\w*) (?:\w+ ){0,3}(?:protesters|demonstrators|participants"
                  r"|marchers|activists|organi[sz]ers|leaders?|students|supporters)|police (?:detained|arrested)|tear ?gas|water cannons?"
                  r"|rubber bullets|pepper spray|cleared (?:the |a )?(?:square|camp|protest)|removed (?:the )?protesters|batons?"
                  r"|halted by (?:the )?police|drove (?:\w+ ){0,3}away|forcibly removed|scattered|carried away|bundled into police"
                  r"|stopped (?:a |the )?(?:\w+ )?march|pushing (?:\w+ )?back|held at (?:a )?police station")
LETHAL = _p(r"live (?:ammunition|fire|rounds)|opened fire on (?:the )?(?:protesters|demonstrators|crowd)|killed|killing|shot dead"
            r"|fired (?:on|into|at) (?:a |the )?(?:crowd|protesters|demonstrators|marchers|peaceful)|seriously (?:injured|wounded)|died"
            r"|dead|machine guns?|blind(?:ed|ing)|point-blank|beaten (?:unconscious|to death)")
PROTEST_VIOLENCE = _p(r"threw|hurled|stoned|clashed with (?:the )?police|vandali[sz]\w*|smashed|looted|set (?:\w+ ){0,2}(?:on )?fire"
                      r"|torched|burning|injuring (?:\w+ )?police|attacked (?:the )?police|petrol bombs?|barricaded|stormed"
                      r"|rampag\w*|besieged|beat a police\w*|burned down|destroyed|ablaze|hurling")
CIVILIAN = _p(r"civilians?|villagers?|residents?|farmers?|shepherds?|herders?|child(?:ren)?|wom[ae]n|famil(?:y|ies)|tractor"
              r"|journalists?|teachers?|worshippers|passers-by|pensioners?|a man|a boy|a girl|driver|(?:agricultural |farm )?workers"
              r"|harvest\w*|people (?:harvesting|working|tending)|combine harvesters?|houses?|homes?|school|hospital|congregation"
              r"|mourners|displaced|migrants|refugees|passengers|students|pupils|patients|worshippers|car|vehicle|couple|baby"
              r"|vendor|candidate|motorists?|shoppers")
# fire aimed at civilians: an attack on civilians, not a clash between forces
FIRE_AT_CIVILIANS = re.compile(r"(?:fired|firing|opened fire|shot|shooting|shots(?: had been| were)? fired)\s+(?:[\w-]+\s+){0,4}?"
                               r"(?:at|on|upon|towards)\s+(?:[\w-]+\s+){0,4}?" + CIVILIAN.pattern
                               # a civilian a sniper shot: "a farmer was wounded by a sniper", "a sniper had wounded a farmer"
                               + r"|" + CIVILIAN.pattern + r"\s+(?:[\w-]+\s+){0,3}?(?:was|were|had been) (?:shot|wounded|killed|hit)"
                               r" by (?:an? |the )?(?:[\w-]+ )?snipers?|snipers? (?:had )?(?:shot|wounded|killed|hit) (?:an? |the |two )?"
                               r"(?:[\w-]+\s+){0,2}?" + CIVILIAN.pattern, _I)
FORCES = _p(r"soldiers?|servicem[ae]n|troops|positions|posts|units|military|army|armed forces|armed formations|fighters"
            r"|militants|rebels|peacekeepers|border guards?|police|militia\w*|gunmen|insurgents|smugglers|bandits|guards|commandos")
TERRITORY_STATE = _p(r"army|government|(?:state|national|federal|armed) forces|troops|military")
TERRITORY_NONSTATE = _p(r"rebels|militants|insurgents|jihadists|fighters|militia\w*|gunmen|separatists")
CLEARANCE_WORDS = _p(r"demin\w*|clear\w*|neutrali[sz]\w*|sappers?|removed|defused")

# sentences saying that no violence happened ("no violations were recorded", "passed without incident"): they
# rule out violent incidents only, so "the handover passed without incident" still reports the handover
NO_VIOLENCE = [
    _p(r"no (?:\w+ ){0,2}(?:violations?|incidents?|shooting|shots|fire|clashes|casualties|attacks?)\b(?:\s+[\w-]+){0,8}?\s+"
       r"(?:were|was|had been|have been|has been)?\s*(?:recorded|registered|reported|observed|detected|noted|occurred"
       r"|fired|exchanged|heard|launched|took place)"),
    _p(r"(?:recorded|registered|reported|observed|noted) no (?:\w+ ){0,2}(?:violations?|incidents?|shooting|clashes|casualties)"),
    _p(r"(?:cease-?fire|truce) (?:was|has been|had been|is being) (?:observed|respected|maintained|holding)"),
    _p(r"(?:the )?situation (?:remained|remains|was|is) (?:calm|quiet|stable)|passed (?:calmly|quietly|without incident)"),
    # a status line that opens with the situation, however long its subject ("Over the past day, the operational
    # situation on the border and in the areas where ... remained stable"); not a clause added to a report of violence
    re.compile(r"^\W*(?:[\w\s-]{0,40},\s*)?(?:the )?(?:[\w-]+ )?situation (?:[^,.;]{0,160}? )?(?:remained|remains|was|is)"
               r" (?:calm|quiet|stable)", _I),
    _p(r"without (?:any )?(?:cease-?fire )?(?:violations?|breaches|shooting|shots being fired)"),
    # "Not a single protester was beaten", "nobody was hurt": the violence said not to have happened
    re.compile(r"^\W*(?:not a single|not one|nobody|no one|none of (?:the |them|us)?)\b", _I),
]
# a sentence that says that nothing happened ("No mortars are deployed ...", "No shots ...")
NEGATED = [
    *NO_VIOLENCE,
    re.compile(r"^\W*(?:there (?:were|was|have been|has been) )?no\b", _I),
    # a patrol or a visit that did not take place ("Two patrols were cancelled because of fog")
    _p(r"(?:patrols?|visits?|inspections?|convoys?|flights?|talks|meetings?)\b[^.;]{0,50}?\b(?:(?:was|were|had been|has been"
       r"|have been) )?(?:cancell?ed|called off|postponed)"),
    # "the crowd dispersed peacefully and no arrests were made": the arrests that did not happen
    _p(r"no (?:arrests|detentions) (?:were|was|have been|had been) (?:made|reported|carried out)"),
    # "Correction: an earlier version of this article said that two farmers had been killed": what was said wrongly
    _p(r"(?:an? |the )?(?:earlier|previous|original) version of (?:this|the|our) (?:article|story|report|item|text|bulletin)"
       # "Correction: Our report of 23 February said that two women had been wounded"
       r"|(?:an? |the )?(?:earlier|previous|original) version of (?:this|the|our) (?:round-?up|post|update|live blog|blog"
       r"|piece|summary|dispatch)"
       r"|(?:our|this|the) (?:article|story|report|item|text|bulletin|entry) (?:of|on|from) (?:\d{1,2} \w+|\w+day|yesterday)"
       r" (?:said|stated|reported|wrongly|incorrectly)"),
]
# a source refuting that something happened ("groundless", "did not open fire")
DENIAL = [
    _p(r"groundless|baseless|unfounded|untrue|not true|do(?:es)? not (?:correspond|reflect) (?:to )?(?:reality|the truth)"
       r"|false (?:information|reports?|claims?)|(?:is|are|was|were) (?:completely |absolutely |entirely )?false|disinformation|fabricat\w*|fake|refut\w*|(?:categorically )?den(?:y|ies|ied)"
       r"|(?:did|do|does|has|have|had) not (?:open(?:ed)? fire|fire[d]?|shell(?:ed)?|violate[d]?|attack(?:ed)?|take place|happen)"
       r"|no (?:such )?(?:shooting|fire|incident|attack) (?:took place|occurred|happened)|did not take place"
       # "dismissed as 'a lie' the claim that ...", "rejected the allegations", "a staged provocation"
       r"|dismiss(?:ed|es|ing)? (?:[\w-]+ ){0,4}?(?:as\b|claims?|reports?|allegations?|accusations?)"
       r"|reject(?:ed|s|ing)? (?:as \S+ )?(?:the |these |such |those |all |its |their )?(?:[\w-]+ ){0,2}?(?:claims?|reports?"
       r"|allegations?|accusations?)|(?:a|an|outright|blatant|another)(?: (?:absolute|complete|total|utter|outright"
       r"|blatant|shameless))? lies?\b|misinformation"
       r"|(?:a|was|were|been) staged\b(?! (?:a|an|the)\b)|(?:staged|stage-managed) (?:provocation|incident|attack)s?"),
]
# a denial told aside, in a clause hung on the claim (", which Baku denies", ", a charge the ministry rejected as ...",
# ", an accusation Yerevan dismissed"), or each side denying the other's account: the sentence relays the claim, which
# is ``disputed``, not a denial (matched on the words before the refutation)
DENIAL_ASIDE = re.compile(r"(?:,\s+(?:which|an? (?:charge|accusation|claim|allegation|assertion|version|account)s?)\s+"
                          r"(?:[\w'’.-]+\s+){0,6}[\"“']?"
                          r"|\b(?:each|both|either) (?:side|sides|part(?:y|ies)|of them|countries|governments)\s+"
                          r"(?:\w+\s+)?)$", _I)
# a refutation that is a verb, and who said it: the words before it ("Baku flatly denied ...", "the ministry has
# rejected ..."), or the agent of a passive one ("was refuted by the Defence Ministry"); the document's own voice has no
# verb of denial of its own but in the first person ("we deny")
DENYING_VERB = re.compile(r"(?:categorically )?(?:den(?:y|ies|ied)|refut(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?)\b",
                          _I)
DENIER_BEFORE = re.compile(r"(?:^|[,;:(]\s*|\b(?:and|but|while|as)\s+)(?P<who>(?!(?:we|i|it|they|which|who|that)\b)"
                           r"[\w'’-]+(?:\s+[\w'’-]+){0,5}?)\s+(?:(?:has|have|had|also|today|again|flatly|strongly"
                           r"|quickly|later|swiftly|promptly|immediately)\s+){0,3}$", _I)
PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$", _I)
DENIER_AFTER = re.compile(r"^\s+by\s+(?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,5}?)(?=\s*(?:[,;.:(]|$|\s+(?:which|who"
                          r"|as|on|in|and)\b))", _I)
# the incident a refutation says the claim is meant to hide ("an attempt to divert attention from the wounding of a
# civilian", "to cover up its own provocations, including the fire opened yesterday"): the source states it (matched on
# the words between the refutation and the incident's trigger)
DIVERSION = _p(r"divert(?:s|ed|ing)? (?:the )?attention (?:away )?from|distract(?:s|ed|ing)? (?:attention )?from"
               r"|cover(?:s|ed|ing)? up|hide (?:its|their) own|conceal(?:s|ed|ing)?")
# a speaker who accuses another party of what the sentence tells ("Baku accused Yerevan of shelling Aghdam", "blamed
# Armenian forces for the attack"): a claim relayed, though the accusation's object is no quoted content
# a verb of violence that a speech frame may take for a cue ("fired off a letter", "hit out at"): right before the
# incident's trigger ("units fired mortars at ...") it is the act, and its subject no speaker
ACTION_CUE = _p(r"fir(?:e|es|ed|ing)|shot|shoot(?:s|ing)?|hit|hits|struck|strikes?|attack(?:s|ed)?|blast(?:s|ed)?"
                r"|shell(?:s|ed)?|pound(?:s|ed)?|target(?:s|ed)?|launch(?:es|ed)?|open(?:s|ed)?")
ACCUSING = _p(r"accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|charg(?:e|es|ed|ing)|alleg(?:e|es|ed|ing)")
# a source casting doubt on an incident without refuting it ("questioned whether", "could not be independently
# verified"): stance ``questions``
QUESTIONING = _p(r"question(?:ed|s|ing)? (?:whether|if|the (?:\w+ )?(?:claims?|reports?|accounts?|version))"
                 r"|cast(?:s|ing)? doubt|doubt(?:ed|s)? (?:that|whether)|(?:is|was|remains|remained) unclear whether"
                 r"|could not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)|unverified|unconfirmed")
# a sentence about what might, should or did not happen is not a report of an incident
# "may" only in lower case: "May 17", "in May" name the month
HYPOTHETICAL = _p(r"would|could|might|(?-i:may)|can|cannot|threaten\w*|warn\w*|fears?|feared|risk\w*|if|unless|should|must|possible"
                  r"|prevent\w*|avoid\w*|plans? to|planned|intends?|aims? to|ready to|refrain\w*"
                  r"|demand\w*|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:\w+ ){0,2}?(?:on|for)|appeal\w*|unable to|failed to"
                  r"|could not|(?:had|has|have|need|needs|needed|want|wants|wanted) to")
# "have not agreed", "no units had been redeployed": a non-violent event said not to have happened (a denial of
# violence is kept: it is a report of the incident it denies)
# "the first night without shelling", "disarmed without a shot being fired": what did not happen
WITHOUT_BEFORE = re.compile(r"\bwithout\s+(?:an?\s+|any\s+|a single\s+)?(?:[\w-]+\s+)?$", _I)
NEGATION_BEFORE = re.compile(r"\b(?:not|no|never|n't|neither|nor)\s+(?:\w+\s+){0,3}$", _I)
# what follows a demand is what is asked for ("demanded that the mission stop escorting ...")
# ("at the request of both sides, the team facilitated the handover": a request granted, not a demand)
DEMAND_BEFORE = re.compile(r"\b(?:demand(?:ed|s|ing)?|call(?:ed|s|ing)? on|urg(?:ed|es|ing)|asked|(?<!at the )request(?:ed|s)?)"
                           r" (?:that )?", _I)
# the start of a non-restrictive relative clause (", who was detained on Wednesday"): what it says is a fact, outside a
# demand or a call that comes before it
RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whom|which|whose)\b", _I)
# an incident dated this long before publication is background ("withdrew in November 2020")
BACKGROUND_DAYS = 21
# a sentence that opens with a pronoun or "the incident" goes on with the incident just told
PRONOUN_START = re.compile(r"^\W*(?:it|they|both|this|these|those|(?:the|both) (?:two |three |latest |new )?(?:incident|incidents"
                           r"|attack|attacks|shooting|shelling)"
                           # the things or people of the incident just told, named again: "The vehicles carried ..."
                           r"|the (?:vehicles|trucks|lorries|convoy|column|buses|patients|detainees|captives|marchers"
                           r"|protesters|demonstrators|crowd))\b", _I)
# a sentence about what happens habitually or over a long time is background, not a report of an incident
HABITUAL = _p(r"since (?:the )?(?:beginning|start|end) of(?! (?:the |this |their |its |our )?(?:[\w-]+ )?(?:attack|fighting"
              # (the start of the attack a toll counts from is this week's news: "losses since the start of the attack")
              r"|hostilities|offensive|escalation|assault|aggression|clashes|shelling|bombardment|provocation)\b)|since (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
              r"[a-z]* )?\d{4}|so far this year|remains? (?:deployed|stationed|in place)"
              # a toll: "more than 280 people have been killed or wounded by mines"
              r"|(?:have|has) been (?:killed|wounded|injured|maimed) or (?:killed|wounded|injured|maimed)"
              # a truth in general, of things in the plural: "But agreements are signed by governments"
              r"|^\W*(?:but |and |yet )?[a-z]+s (?:are|get) [a-z]+ed by\b"
              r"|(?<!who )(?<!which )(?<!that )(?:is|are) (?:deployed|stationed|based)\b"
              r"|(?:at|in|on) (?:\d+|\w+) (?:observation|monitoring) posts"
              # a ministry's routine line: "units deployed along the border are carrying out their tasks as planned"
              r"|carr(?:y|ies|ying) out (?:their|its) (?:tasks|duties|service|combat duty)|in accordance with the (?:approved )?plan"
              r"|continu(?:es|e|ed|ing) (?:\w+ ){0,2}(?:training|exercises|drills|duty|duties|service)|training plan"
              r"|^\W*(?:every|each) (?:[\w-]+ ){0,2}(?:is|are)\b"
              # an activity kept up over a stretch of time: "had been moving equipment ... for several nights"
              r"|\b(?:had|has|have) been \w+ing\b[^.;]{0,80}? for (?:several|many|some|two|three|four|five|six|seven)"
              r" (?:nights|days|weeks|months)\b"
              r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|several|mobile"
              r"|night|regular|routine) "
              r"patrols (?:were )?(?:carried out|conducted|made|performed)|carried out (?:\w+ )?(?:\d+|\w+) patrols|conducted (?:\w+ )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten"
              r"|eleven|twelve|several) patrols|every few|repeatedly|has grown more"
              r"|since (?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october|november|december|last \w+)|(?:has|have) been (?:[\w-]+ )?"
              r"(?:[\w-]+ing|restricted|limited|closed|blocked|suspended) (?:[\w-]+ ){0,6}?since|(?:has|have) been holding|"
              r"(?:is|are) (?:still )?(?:holding(?! (?:an?|the|two|three|four|five|six|several|\d+) )|continuing|ongoing)|ongoing|continu(?:es|e|ed|ing) to|keeps? (?:on )?|over the (?:past|last) (?:few )?(?:years|months"
              r"|decades)|in recent (?:years|months)|remains? on duty|around the clock|every (?:day|week|month)|routinely|regularly"
              # a toll of years ("mines have maimed hundreds of people"), not a crowd ("hundreds of people rallied")
              r"|(?:killed|injured|wounded|maimed|displaced|claimed the lives of) (?:[\w-]+ ){0,2}?hundreds of (?:civilians"
              r"|people)|have (?:killed|injured|wounded) (?:or (?:killed|injured|wounded) )?(?:hundreds|thousands"
              r"|dozens)"
              # what may be done, or what stayed so over a stretch: "only Red Cross vehicles are able to use the road",
              # "movement remained restricted throughout the week", "since Monday the team has registered six violations"
              r"|remains? (?:in (?:detention|custody|captivity|prison|jail)|detained|jailed|missing)|(?:is|are) still"
              r" (?:held|detained|missing|in (?:detention|custody|captivity))"
              r"|(?:is|are) (?:only |still |now )?(?:able|allowed|permitted) to|remained (?:[\w-]+ )?(?:restricted|closed|blocked"
              r"|suspended|limited|halted)\b[^.;]{0,40}?\bthroughout|throughout the (?:week|month|year|period)"
              r"|remained (?:limited|restricted|confined|open only) to"
              # a routine patrol of a mission's report ("A patrol visited the Hakari bridge"), where nothing happened to
              # it (a patrol turned back or fired at is news)
              r"|patrols? (?:covered|followed|completed) (?:the |their )?(?:[\w-]+ )?(?:routes?|sectors?)|routes? assigned"
              r"|^\W*(?:an?|one|two|three|four|five|\d+|the) (?:[\w-]+ )?patrols? (?:visited(?! the (?:site|scene|crater|damaged|place))|checked|inspected|monitored"
              r"|observed|drove (?:along|to|through)|passed)\b(?![^.;]{0,80}\b(?:turned back|stopped|blocked|denied|refused"
              r"|fired|came under|detained|prevented))"
              r"|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the start of the (?:week|month))\b[^.;]{0,80}?"
              r"\b(?:has|have) (?:[\w-]+ )?(?:registered|recorded|counted|documented|reported|observed)"
              r"|(?:has|have) (?:registered|recorded|counted|documented) (?:[\w-]+ ){0,4}?(?:violations|incidents) since")
# what a sentence tells that is no incident of its days: the toll of a past war, a trial for an old incident, how often
# something happens, how many people an organisation has, a lasting problem, the units deployed somewhere that an
# official met, a drill ("2,908 servicemen were killed in the war", "the court sentenced him for shooting dead two
# soldiers", "they hear fire two or three times a month", "we now have more than 1,500 deminers", "demining remains
# the main obstacle", "practised the suppression of a simulated enemy")
NOT_NEWS = _p(r"sentenced|convicted|acquitted|found (?:\w+ )?guilty|stood trial|on trial|the trial of|pleaded (?:not )?guilty"
              # another event like it, of a past period: "A similar rally last month ended without arrests"
              r"|(?:an?|the) similar (?:[\w-]+ ){1,6}?(?:last|earlier this|the previous) (?:week|month|year)"
              r"|court (?:also )?heard|appeal (?:of|against|hearing)|verdict"
              r"|(?:\w+ )?times a (?:day|week|month|year)|(?:once|twice) a (?:day|week|month|year)|(?:almost|nearly) every "
              r"(?:day|night|week)|most nights"
              r"|(?:have|has|had|employs?|there (?:are|were)) (?:now )?(?:more than |over |about |some |nearly |almost )?"
              r"[\d,]+ (?:[\w-]+ )?(?:deminers|sappers|peacekeepers|troops|servicemen|observers|monitors|staff|personnel"
              r"|employees|volunteers)\b"
              r"|(?:remains?|remained|is|are|was) (?:still )?(?:the |a |an )?(?:main|major|key|biggest|greatest|serious|chief"
              r"|primary|top|central|principal) (?:obstacle|problem|challenge|priority|threat|concern|task|issue|danger"
              r"|hurdle)s?"
              r"|(?:met|meeting with|visited|inspected|addressed) (?:the )?(?:[\w-]+ ){0,4}?(?:formations|units|troops|forces"
              r"|brigades|battalions|contingent|personnel|officers|servicemen) (?:[\w-]+ )?(?:deployed|stationed|based)"
              r"|practi[cs]ed|rehears(?:ed|al)|(?:simulated|mock|conditional|notional|imaginary) (?:enemy|attacks?|targets?"
              r"|adversary)|(?:live|lives|living|work|works) (?:there |here )?(?:today|now|these days)"
              r"|(?:firing|fired|shooting|shots) at (?:[\w-]+ )?targets|exercises?,? which|live-fire (?:exercises?"
              r"|drills?)"
              # a party's rally in an election campaign is campaigning, not a protest (unless it protests something)
              r"|(?:(?:election|electoral|pre-election) campaign|campaign (?:for|ahead of) (?:the )?(?:[\w-]+ ){0,2}?"
              r"elections?|campaign(?:ing)? rall(?:y|ies))(?![^.;]*\b(?:protest|against|demand))")
# an event that has lasted a number of days by the day it is told of ("blocked the road for the third day",
# "the sit-in entered its fifth day", "on day four of the protest"): group ``n`` counts the days (or weeks, ``unit``)
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
            "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
            "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True)) + r"|\d+(?:st|nd|rd|th)"
ONGOING_NTH = re.compile(rf"\bfor (?:the|a) (?P<n>{_ORDINAL}) (?:consecutive |straight |successive |running )?"
                         rf"(?P<unit>day|night|week)\b|\b(?:entered|entering|enters|into) (?:its|their|the) (?P<n2>{_ORDINAL})"
                         rf" (?P<unit2>day|week)\b|\bday (?P<n3>two|three|four|five|six|seven|eight|nine|ten|\d+) of\b"
                         rf"|\bthe (?P<n4>{_ORDINAL}) (?:consecutive |straight )?day of\b", _I)
# the words before a count of days that make it another thing's ("to demand the lifting of the blockade, which entered
# its fourteenth day": the blockade's days, not the rally's)
ONGOING_OF_OTHER = re.compile(r"\b(?:which|that|whose)\s+(?:has\s+|had\s+|now\s+)?$", _I)
# a closure or a protest told as going on, without its first day ("the road remained blocked on Wednesday", "the
# sit-in continued"): the same event as one told on an earlier day at its place
ONGOING_STATE = re.compile(r"\b(?:remained|remains|is still|was still|were still|are still|stayed|stays|continued to be"
                           r"|continues to be) (?:[\w-]+ )?(?:blocked|closed|shut|sealed|cut off)\b|\b(?:blockade|sit-in|protests?"
                           r"|closure|standoff|rally|picket|strike)s?(?: of (?:the )?(?:[\w-]+ ){0,5}?[\w-]+)? (?:continued|continues"
                           r"|went on|goes on|entered|dragged on|persists?|persisted|(?:has |had )?(?:now |already )?lasted)\b"
                           r"|\bcontinu(?:ed|es|ing) (?:to block|blocking|their|its|the) ", _I)
# a state kept since a day ("has been blocked since Monday", "have camped outside the building since 12 June"): the
# word before the day (or opening its words: "since Monday") that makes the day the start of what goes on
ONGOING_SINCE = re.compile(r"\b(?:blocked|closed|shut|sealed|camped|camping|protesting|protested|blockading|blockaded"
                           r"|picketing|picketed|on strike|rallying|gathered|stayed|remained|continued)(?: [\w'’-]+){0,5}?"
                           r" since\s*(?:$|(?=\w))", _I)
# the war an event told right after its words belongs to ("were killed in the war", "missile strikes on Ganja during
# the war"), not the war of people an event concerns ("the remains of servicemen killed in the 2020 war were returned")
# a war long over named before a change of territory ("after the 2020 war Azerbaijan regained ...")
PAST_WAR_BEFORE = _p(r"(?:after|since|during|in|with) the (?:(?:\d{4}|\d+-day|last|previous|first|second|recent|Karabakh"
                     r"|autumn) )?war\b")
PAST_WAR = _p(r"(?:in|during) the (?:(?:\d{4}|\d+-day|last|previous|first|second|recent|Karabakh|autumn) )?war\b"
              r"(?! (?:zone|crimes?))")
# an event named as what a day recalls ("the anniversary of the killing of civilians in Khojaly in 1992", "in memory of
# the victims of the shelling"): remembered, not reported
RECALLED_BEFORE = re.compile(r"\b(?:anniversary|commemoration|remembrance|memory|memorial|victims) of (?:the )?(?:[\w-]+ ){0,3}$",
                             _I)
# people described by the war they fell or went missing in ("the remains of servicemen killed in the 2020 war were
# returned", "mothers of soldiers who went missing during the war marched"): the war says who they are
WAR_OF_PEOPLE = _p(r"(?:servicem[ae]n|soldiers|people|civilians|victims|those|men|sons|husbands|fighters|relatives|troops"
                   r"|prisoners|captives|residents) (?:who (?:were|had been|went) )?(?:killed|missing|wounded|lost|fallen"
                   r"|captured|taken|held|displaced)(?: [\w-]+){0,3}? (?:in|during) the (?:[\w-]+ )?war\b")
# an agreement that is no event of the conflict: one on trade or energy, or one still discussed or drafted ("signed a
# memorandum on gas supplies", "while the parties are discussing a peace agreement")
NOT_AN_AGREEMENT = _p(r"(?:gas|oil|electricity|energy|power|trade|imports?|exports?|investments?|tariffs?|visas?|flights?"
                      r"|cables?|supplies|tourism|customs|loans?|grants?|economic|cultural|educational)\b(?![^.;]{0,60}"
                      r"\b(?:prisoners?|detainees|captives|bodies|remains|cease-?fire|truce|servicem[ae]n|soldiers))"
                      r"|(?:discuss\w*|negotiat\w*|talks (?:on|about)|working on|prepar\w+|draft\w*) (?:[\w-]+ ){0,4}?"
                      r"(?:agreement|treaty|deal|accord)|(?:agreement|treaty|deal|accord) (?:[\w-]+ ){0,8}?(?:was|is|were|are)"
                      r" being (?:prepared|drafted|negotiated|discussed)")
# what hurts people or blows up outside any conflict (an accident, a disaster, a household blast), and the other senses
# of the words of violence (a sport, a film): a sentence that names one of them and none of the conflict's own means
# or actors reports no incident ("a gas explosion injured three", "the national shooting championship opened")
NOT_CONFLICT = _p(r"(?:car|road|traffic|bus|workplace|industrial|mining|construction|plane|air|train|rail) (?:accident|crash"
                  r"|collision)s?|(?:an? |the )accident|crashed|collided|gas (?:explosion|leak|cylinder|blast)s?|boilers?"
                  r"|earthquakes?|floods?|flooding|avalanches?|landslides?|mudslides?|lightning|(?:forest|wild|bush|grass|house"
                  r"|apartment|kitchen) ?fires?|wildfires?|storms?|heart attack|drown(?:ed|ing|s)?|stampede|food poisoning"
                  r"|carbon monoxide|electrocuted|short circuit|fireworks?|overturned|skidded|ran off the road"
                  r"|(?:fell|plunged) (?:into|down) (?:a |the )?(?:ravine|gorge|river|cliff)"
                  r"|(?:in|during) (?:an? |the )?(?:training|exercises?|drills?|manoeuvres)|training (?:exercise|accident)"
                  # "the exercises are being held at training grounds far from the border"
                  r"|(?:exercises?|drills?|manoeuvres) (?:are|were|is|was|will be) (?:being )?(?:held|conducted|carried out"
                  r"|staged)|training grounds?"
                  r"|shooting (?:championships?|competitions?|contests?|tournaments?|ranges?|clubs?|sports?|festival)"
                  r"|(?:sport|clay|skeet|trap|target|archery) shooting|film(?:ing|ed|s)?|movies?|scenes? of|(?:video )?games?"
                  r"|goalkeeper|opened the scoring|scored|the \d+(?:st|nd|rd|th) minute|striker|midfielder"
                  r"|penalty kick|free kick|(?:fuel|oil|gas|petrol) (?:depot|station|tank|storage)s?|(?:better|stronger) (?:team|side)"
                  r"|the (?:home|away) (?:team|side)|the (?:match|game)\b|(?:yellow|red) cards?|(?:two|the|opposing) players"
                  r"|the referee|(?:league|cup) (?:match|game|tie|fixture)s?"
                  # "the opening goal", "a goalless draw", "crushed X four goals to one", "into the top corner"
                  r"|(?:opening|winning|equali[sz]ing|consolation|own) goal|goalless|goals? to (?:nil|one|two|three|\d+)"
                  r"|premier league|(?:top|bottom|far|near) corner|edge of the (?:box|area)|(?:ended|finished) in a (?:\w+ )?draw"
                  r"|kick-?off|half-?time|full-?time whistle|the pitch\b")
CONFLICT_MEANS = _p(r"shell(?:s|ed|ing)?|mortars?|artillery|drones?|snipers?|(?:land)?mines?|gunfire|opened fire|fired (?:at|on|upon)"
                    r"|rockets?|missiles?|grenades?|ordnance|explosives?|troops|armed forces|positions|cease-?fire|provocation"
                    r"|sabotage|attack(?:s|ed)?|strikes?|bomb(?:s|ed|ing|ings)?|warplanes?|airstrikes?")
# an incident measured against the past: "the first fatal incident on the border since February"
MEASURED_SINCE = re.compile(r"\b(?:first|worst|deadliest|heaviest|biggest|largest|most serious|only)\b[^.;]{0,50}$", _I)
# a trigger scores this much (its best word, plus half of the other words of its type) to state an incident
MIN_SCORE = 0.75
# modal words after the trigger also make a sentence hypothetical ("inspections can be requested")
MODAL_AFTER = _p(r"can|could|(?-i:may)|might|would|should|must|will|shall")
# a date right after these words is when something was said or published, not when the incident happened
REPORT_DATE_BEFORE = re.compile(r"\b(?:said|says|reported|announced|confirmed|stated|added|told \w+|bulletin|statement|report"
                                r"|accus(?:ed|es) (?:each other|one another|[\w-]+(?: [\w-]+)?)"
                                r"|briefing|update"
                                # when it became known: "an incident that came to light only on Friday"
                                r"|came to light(?: only)?|(?:was|were) made public(?: only)?|became known(?: only)?)"
                                r"\s+(?:late |early )?$", _I)
# a date right before these words is when something was said ("The ministry today called the reports a fabrication",
# "Baku on Tuesday denied that ..."): the day of the statement, not of the incident
REPORT_DATE_AFTER = re.compile(r"\s+(?:also |again |flatly |categorically |strongly )?(?:said|says|called|calls|denied"
                               r"|denies|accused|accuses|rejected|rejects|dismissed|dismisses|claimed|claims|announced"
                               r"|confirmed|stated|told|insisted|refuted|condemned|blamed|described|branded|issued|released"
                               r"|published)\b(?!\s+by\b)", _I)
# a date after "since" says when a state began ("held since Tuesday", "closed since 12 May"), not an event's day
STATE_SINCE = re.compile(r"(?:^|\b)since(?:\s+$|\s)", _I)
# words that date a sentence's event by the incident told just before ("Hours later", "later that day")
# the period a daily report covers, said at its start: its undated incidents are of that day (the day before it)
REPORT_PERIOD = re.compile(r"\b(?:(?:over|in|during|for|of) the (?:past|last|previous) (?:24 hours|twenty-four hours|day)"
                           r"|during the reporting period)\b", _I)
# the words before the day a report covers, in its opening lines: "Reporting period: 10 April 2023", "covering 10 April"
REPORTED_DAY = re.compile(r"\b(?:reporting period|period (?:covered|under review)|(?:this )?report covers|covering(?: the day of)?"
                          r"|report(?:ing)? for|summary (?:of|for) the (?:past|previous|last) (?:day|24 hours)"
                          r"|summary for)\s*:?\s*\(?(?:from\s+)?(?=\S)", _I)
SAME_DAY = re.compile(r"\b(?:(?:hours|minutes|an hour|a few hours|two hours|three hours) (?:later|earlier)|later (?:that|the same)"
                      r" (?:day|morning|afternoon|evening|night)|(?:on )?(?:that|the) (?:same )?(?:day|afternoon|evening|night)"
                      r" (?:that|as|when)|(?:on )?that (?:same )?(?:day|afternoon|evening|night)|the same (?:afternoon|evening"
                      r"|morning|night)|(?:on )?the same day|^\W*(?:hours|minutes|shortly|an hour|soon) after"
                      # "Several thousand protesters gathered in the morning" after the arrests of that day
                      r"|in the (?:early |late )?(?:morning|afternoon|evening)(?! of))\b", _I)
# the words between a place and the unit it lies in, said of it: "Khramort, a village in the Askeran district"
APPOSED_UNIT = re.compile(r"\s*,\s*(?:an?|the)\s+(?:small\s+|border\s+|frontline\s+|remote\s+|mountain\s+)?(?:village"
                          r"|town|city|settlement|hamlet|community)\s+(?:in|of|near|close to|not far from|next to|outside)\s+(?:the\s+)?", _I)
# a clause, after the words of an event, that tells what its people had done before ("returned two men who had strayed
# across the border in December"): a day in it is not the event's
PAST_CLAUSE = re.compile(r"\b(?:who|whom|which|that)\s+had\s+(?:been\s+)?[\w-]+", _I)
# the day of the incident just told, and how many days after it: "a day later", "the next day", "two days later"
DAYS_AFTER_PREVIOUS: list[tuple[re.Pattern[str], int]] = [
    (_p(r"(?:a|one) day later|the (?:next|following) (?:day|morning|evening)|next morning|the day after"), 1),
    (_p(r"(?:two|2) days later"), 2),
    (_p(r"(?:three|3) days later"), 3),
    # "On 7 April residents showed a patrol a tractor hit by bullets. The owner said he had been fired at the previous
    # evening": the day before the one just told (before the publication's when none was told)
    (_p(r"the previous (?:evening|night|morning|afternoon)|the (?:evening|night) before|a day earlier"
        r"|the day before(?! yesterday)"), -1),
]
# a dateline: "BAKU/YEREVAN, June 13 (Caucasus Wire) - " or "KHANKENDI, 18 June (Reuters) —": where and when the story
# was filed, not where and when the incident happened
DATELINE = re.compile(r"^\s*[A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w'’.-]*)?,?\s+(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
                      r"|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?\s*(?:\([^)]{1,60}\))?\s*[-–—:]+\s+")
# the phrases that open a list of other stories at the end of a page
BOILERPLATE = re.compile(
    r"^\s*(?:related(?: stories| articles| news| coverage| reading)?|read (?:more|also)|see also|more (?:news|stories|on this"
    r"(?: story)?)|latest(?: news| stories)?|most read|you (?:may|might) also (?:like|be interested in)|also (?:read|on \w+)"
    r"|recommended|trending|popular|in other news|more from [\w ]+)\s*[:.\-–—]?\s*$",
    _I | re.MULTILINE,
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "single": 1, "several": None, "dozens": None, "hundreds": None,
}
# words that multiply the number before them ("two thousand", "one hundred and twenty", "1.5 million")
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
NUMBER_JOINERS = frozenset({"and"})  # "one hundred and twenty"
_NUM_WORD = "|".join(sorted((w for w, v in NUMBER_WORDS.items() if v is not None and w not in ("a", "an", "single")),
                            key=len, reverse=True))
_NUM_MORE = r"(?:(?:-|\s+)(?:" + _NUM_WORD + r"|thousand|million)(?![\w-]))*(?:(?<=hundred)\s+and\s+(?:" + _NUM_WORD + r")(?:-(?:" \
    + _NUM_WORD + r"))?)?"
_NUM = (r"(?<!\d:)(?P<n>\d(?:[\d,.]*\d)?(?:\s+(?:thousand|million)(?![\w-]))?|(?:" + _NUM_WORD + r")(?!\w|-(?!" + _NUM_WORD + r"))"
        + _NUM_MORE + r"|several|dozens|hundreds|single"
        # ("a group of servicemen captured six soldiers": a group is not one person)
        r"|an?(?!\s+(?:group|number|unit|squad|team|detachment|column|crowd|couple|pair|handful|dozen|party|band)\b))")
# ("on 12 June that a civilian was wounded": a day of a month, not twelve people)
_NUM += r"(?!\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)"
# ("Five weeks ago a shepherd was detained": a length of time, not five people)
_NUM += r"(?!\s+(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?)\b)"
# ("at around 11 am a resident was abducted": a time, not eleven people)
_NUM += r"(?!\s*(?:a\.m\.|p\.m\.|am|pm|o'clock|hrs|h)(?!\w))"
# what a count counts: the noun (or participle) after the number -> the key in ``counts``
COUNT_NOUNS: list[tuple[str, str]] = [
    (r"(?:cease-?fire )?violations?|incidents? of (?:fire|shooting)|provocations?", "violations"),
    (r"trucks?|lorries|lorry|vehicles? (?:of|with|carrying) (?:aid|food|supplies)", "trucks"),
    (r"(?:metric )?tonnes?|(?:metric )?tons?", "tonnes"),
    (r"(?:land)?mines|shells|(?:explosive )?items|unexploded (?:shells|munitions|devices)|munitions|pieces of ordnance", "munitions"),
    (r"hectares?", "hectares"),
    (r"shots|rounds", "shots"),
    (r"drones?|UAVs?", "drones"),
    (r"houses|homes|buildings", "buildings"),
]
# people with what happened to them
_PEOPLE = (r"(?:[\w-]+ ){0,3}?(?:soldiers?|servicem[ae]n|troops|civilians?|people|persons|residents?|villagers?|farmers?"
           r"|men|women|children|officers?|police(?:men| officers)?|peacekeepers?|fighters|militants|protesters|demonstrators"
           r"|journalists?|workers?|members|shepherds?|individuals|citizens|nationals|detainees|prisoners|captives|hostages"
           r"|sappers?|deminers?|students|passengers|others|wom[ae]n|m[ae]n|child|boys?|girls?|conscripts?|herders?"
           r"|teenagers?|pensioners?|drivers?|(?:border )?guards?|employees|builders|labourers|engineers|road workers"
           r"|sergeants?|corporals?|lieutenants?|privates?|reservists?|paratroopers?)")
_FATE = {
    "killed": r"killed|killing|dead|died|lost their lives|were slain|fatalities|deaths",
    "wounded": r"wounded|wounding|injured|injuring|hurt|hospitali[sz]ed",
    "detained": r"detained|arrested|taken into custody|held|captured|taken prisoner",
    "abducted": r"abducted|kidnapped|taken hostage",
    "missing": r"missing",
    "released": r"released|freed|handed over|returned",
}
COUNT_PATTERNS: list[tuple[re.Pattern[str], str]] = []
# a toll given as a number it reached: "the number of servicemen killed ... now stands at 129", "has risen to 66"
for _fate in ("killed", "wounded"):
    for _reached in (r"(?:risen|rose|climbed|grown|gone up|increased) to", r"(?:stands|stood|is|was|reached) (?:now )?(?:at )?"):
        COUNT_PATTERNS.append((re.compile(rf"(?<![\w-])number of {_PEOPLE}\s+(?:{_FATE[_fate]})\b[^.;]{{0,80}}?\b{_reached}"
                                          rf"\s*(?:at least |about |some )?{_NUM}", _I), _fate))
for _fate, _words in _FATE.items():
    COUNT_PATTERNS.append((re.compile(rf"(?<![\w-]){_NUM}\s+{_PEOPLE}(?:,\s*(?:aged\s+)?\d{{1,2}},)?\s+"
                                      rf"(?:(?!and\b|but\b|while\b|as\b)\w+ ){{0,5}}?(?:were |was |have been |had been |"
                                      rf"are |being |got )?(?:\w+ )?(?:{_words})\b", _I), _fate))
    # ("held a rally", "released a statement": "a" counts one only before people)
    # ("detained a group of six servicemen": the group's number)
    COUNT_PATTERNS.append((re.compile(rf"(?<![\w-])(?:{_words})\s+(?:an? (?:group|team|unit|party|total) of )?"
                                      rf"(?:at least |some |about |nearly |up to )?"
                                      rf"(?=an?\s+{_PEOPLE}\b|(?!an?\b)){_NUM}\s+{_PEOPLE}?", _I), _fate))
    COUNT_PATTERNS.append((re.compile(rf"(?<![\w-]){_NUM}\s+(?:{_words})\b", _I), _fate))
# "the detention of two shepherds", "the release of three servicemen": what was done to how many
_FATE_NOUNS = {
    "detained": r"detention|arrest|capture",
    "abducted": r"abduction|kidnapping",
    "released": r"release|return|handover|repatriation",
    "killed": r"killing|deaths",
    "wounded": r"wounding|injuring",
}
for _fate, _nouns in _FATE_NOUNS.items():
    COUNT_PATTERNS.append((re.compile(rf"(?<![\w-])(?:{_nouns}) of (?:at least |some |about |the )?(?!an?\b){_NUM}\s+{_PEOPLE}",
                                      _I), _fate))
for _noun, _key in COUNT_NOUNS:
    COUNT_PATTERNS.append((re.compile(rf"(?<![\w-]){_NUM}\s+(?:[\w-]+ ){{0,2}}?(?:{_noun})(?![\w])", _I), _key))
COUNT_PATTERNS.append((re.compile(rf"(?<![\w-]){_NUM}\s+{_PEOPLE}", _I), "people"))
# the words before a year, which is no count: "On 27 August 2022 the shepherd was detained", "since 2020 three men"
YEAR_CONTEXT = re.compile(r"(?:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?"
                          r"|\b(?:in|since|of|until|till|by|from|year|early|late|mid|spring|summer|autumn|winter|fall)"
                          r"|\d{1,2}[./-]\d{1,2}[./-])\s*$", _I)
# the words before a number that give a place's size, not a count of what happened: "a village of about 3,000 people"
SIZE_OF = re.compile(r"\b(?:village|town|city|settlement|community|district|region|province|country|population|home to"
                     r"|inhabited by|houses|capital) (?:of )?(?:about |some |around |nearly |roughly |over |more than |almost"
                     r" |just over |just under |fewer than |less than )?$", _I)
# "a resident" is not a count of people; "a soldier was wounded" is one of the wounded
NOT_A_COUNT = {"people": {"a", "an"}}
# words before a place name that say it is where something happened, and words that say it is not
LOCATIVE = re.compile(r"(?:\b(?:in|near|at|on|outside|around|along|through|across|into|over|towards?|within|between|"
                      r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?: of)?|(?:kilometres?|km|miles?) from|(?:towns?|villages?|city|cities|settlements?|districts?|regions?|areas?|vicinity|outskirts|edge|directions?"
                      r"|surroundings|approaches|environs|section|part|centre|center|side) of)\s+(?:the\s+)?$)", _I)
NOT_LOCATIVE = re.compile(r"(?:\b(?:resident|residents|native|natives|citizen|citizens|from|to visit|visit|"

                          r"(?:travell?(?:ed|ing)|going|driving|flying|heading|returning|on (?:their|his|her|its|the) way)"
                          r" (?:back )?to|heading for|en route to|bound for|born in|based in|capital|of"
                          # where a road leads is not where something happened on it ("the reopening of the road to X")
                          r"|(?:road|route|highway|corridor|way|flights?|link)(?: leading| linking \w+)? to)\s+(?:the\s+)?$)", _I)
# words after which a place is not where something happened, however locative their last word ("in"): where the hurt
# were taken ("is in hospital in X", "taken to X"), where someone was born or is based
ELSEWHERE = re.compile(r"\b(?:hospital(?:i[sz]ed)? in|(?:taken|transferred|evacuated|brought|rushed|flown|airlifted) to"
                       r"|(?:transfers?|evacuations?|transport|trips?|journeys?|treatment) (?:[\w-]+ )?to|treatment in"
                       r"|born in|based in|buried in|funerals? (?:[\w-]+ ){0,5}?(?:in|at)"
                       # what a war or a dispute is about: "the 2020 war over Nagorno-Karabakh"
                       r"|(?:war|wars|conflict|dispute|fighting|talks|negotiations|tensions|row|quarrel) over"
                       # where captives are held now, not where they were taken ("the six soldiers remain in X")
                       r"|remain(?:s|ed)? (?:[\w-]+ )?in|(?:are|is|were|was|being|still) (?:[\w-]+ )?(?:held|kept|imprisoned"
                       r"|jailed) in|in (?:custody|captivity|detention|prison) in)\s+(?:the\s+)?$", _I)
# a speaker placed where it speaks from, before the place: "outlets in X claimed", "officials in X said" (followed by
# ``REPORTING``): where it was said, not where it happened
SPEAKER_AT = re.compile(r"\b(?:outlets?|media|officials?|authorities|sources?|ministry|agenc(?:y|ies)|journalists?|reporters?"
                        r"|correspondents?|analysts?|diplomats?|spokes(?:man|men|woman|person)|government|leadership"
                        r"|press service|activists?|bloggers?|channels?) (?:based )?in\s+(?:the\s+)?$", _I)
# a body a place owns, after the place's possessive ("Azerbaijan's Mine Action Agency", "Armenia's State Revenue
# Committee"): the place names the body, nothing happened there
BODY_OF = re.compile(r"['’]s\s+(?:[A-Z][\w-]*\s+){0,4}(?:Agency|Service|Ministry|Committee|Office|Council|Commission|Centre"
                     r"|Center|Bureau|Authority|Administration|Department|Court|Army|Forces|Police|Guard|Parliament"
                     r"|Government|President|Prosecutor|Ombudsman|Defender|Agency \(\w+\))\b")
# the words that name a claim a later sentence refutes ("Baku called the claim absolutely groundless")
CLAIM_NOUN = _p(r"(?:the|this|that|these|those|such) (?:[\w-]+ )?(?:claims?|reports?|accusations?|allegations?|information"
                r"|statements?|charges?|assertions?|story|stories)")
# a body's seat before the place: "the Defence Ministry in Yerevan", "the embassy in Baku" (where it sits, not where
# something happened)
SEAT_OF = re.compile(r"\b(?:ministry|ministries|government|embassy|embassies|parliament) (?:based |located )?in\s+(?:the\s+)?$",
                     _I)
# a verb of saying right after a place name: the place is a state or a government that speaks ("Baku has denied that
# ...", "Yerevan says"), not where something happened
SPEAKS = re.compile(r"(?:\s*,?\s+(?:and\s+)?[A-Z][\w'’-]+){0,3}"  # "Washington and Paris condemned"
                    r"\s+(?:has |have |had |also |again |later |swiftly |quickly |flatly |strongly ){0,2}(?:denied|denies|deny"
                    r"|said|says|claimed|claims|accused|accuses|insisted|insists|rejected|rejects|blamed|blames|stated"
                    r"|states|announced|announces|confirmed|confirms|responded|responds|countered|counters|dismissed"
                    r"|dismisses|maintains|maintained|alleged|alleges|called|calls|condemned|condemns|protested|protests"
                    r"|demanded|demands|warned|warns|retorted|replied|refuted|refutes|acknowledged|acknowledges|admitted"
                    r"|admits|conceded|concedes|argued|argues|reported|reports|explained|explains"
                    r"|described|describes|calls|branded|brands|wants|urged|urges"
                    # or gives people back: "Azerbaijan handed back an Armenian shepherd" (the side, not the place)
                    r"|handed (?:back|over)|hands (?:back|over)|returned|returns|released|releases|freed|frees"
                    r"|repatriated)\b")
# the start of a relative clause just before a state ("residents who had been held since 2 August"): the people's
# state, not the sentence's news
# ("that" with at least one word between: "recalled that since the war ..." is no relative clause)
RELATIVE_STATE = re.compile(r"\b(?:who|whom|which)\b[^,.;]{0,35}$|\bthat\s+\w[^,.;]{0,33}$")
# "near X, in the Y region": the words and the head of a unit that says where X lies, not a second place
UNIT_AFTER = re.compile(r"\s*,\s*in\s+(?:the\s+)?")
UNIT_WORD = re.compile(r"\b(?:district|region|province|rayon|area|oblast|marz|county)$", re.I)
# a place before the word for a party to the conflict or the name of a body ("the Nagorno-Karabakh side", "the Artsakh
# Defence Army"): nothing happened there
PARTY_AFTER = re.compile(r"\s+(?:side|sides|Defen[cs]e (?:Army|Ministry|Forces)|Army|Armed Forces|Ministry|Government"
                         r"|Foreign|Security Service|Police|Border Service|State Border|Human Rights|Ombudsman|Parliament"
                         r"|President|National Assembly|Information Centre|Operational Headquarters)\b")
# a sentence's opening frame of place, which holds every event the sentence tells: "In Khankendi, ...", group 1
FRAME = re.compile(r"\W*(?:In|At|Near|Outside|Around) (?:the )?((?:[\w'’()-]+ ){0,4}?[\w'’()-]+),\s", _I)
# a verb of saying: after a frame ("In Yerevan, the ministry said ..."), the frame is where it was said
REPORTING = re.compile(r"\b(?:said|says|told|reported|announced|claimed|accused|stated|according to)\b", _I)
# where fire came from, however the direction is worded: "from the direction of X", "from the X side"
ORIGIN = re.compile(r"\bfrom (?:the )?(?:(?:direction|side|territory|area) of (?:the )?|(?:[\w-]+ )?(?:positions?|posts?|firing"
                    r" points?) (?:in|near|at|around|of|outside) (?:the )?)?$", _I)
# the positions a fire was aimed at, before their place: "subjected the positions of the X units located in the
# direction of Y to fire", "fired at army positions near Y"
TARGET = re.compile(r"\bpositions\b[^.;]{0,70}?\b(?:in|near|at|around|of)\s+(?:the\s+)?(?:directions? of\s+(?:the\s+)?)?$", _I)
# a clause about people, telling what was done to them before ("the shepherds [captured near X on Thursday] were
# handed over", "returned two herders [it had detained near X on Thursday], handing them over"): group ``rel``
EMBEDDED_EVENT = re.compile(
    r"\b(?:" + _HELD + r"|servicem[ae]n|soldiers|conscripts|detainees|prisoners|captives|hostages)"
    # "servicemen of the armed forces of Armenia who had been detained ..."
    r"(?: of (?:the )?(?:[\w-]+ ){0,5}?[\w-]+(?= (?:who|that|whom)\b))?"
    # "the resident of X detained on 24 August was handed over"
    r"(?: (?:of|from) (?:the )?(?:[\w-]+ ){0,3}?[\w-]+(?= (?:captured|detained|seized|taken|arrested|abducted|kidnapped)\b))? (?P<rel>(?:(?:who|that|whom)"
    r" (?:had been|have been|were|was) |(?:it|they|he|she|who|that|which|whom) (?:(?:had|have|has) )?)?(?:captured|detained"
    r"|seized|taken|held|arrested|abducted|kidnapped)\b(?!\s+(?:a|an|the|to|into|part|aback|by surprise)\b)[^.;]{0,120}?)"
    # what the sentence goes on with: a verb for the people, a participle clause, a source ("..., the commission said")
    r"(?=\s+(?:were|was|have been|has been|had been)\b|,\s+\w+ing\b|\s+(?:from|to) the\b"
    r"|,\s+(?:the |an? )?(?:[\w'’-]+,? ){0,12}?(?:said|says|reported|announced|told)\b)",
    _I)
# where the authors of an event stood, before the event word: "units positioned in X fired at positions in Y"
STATIONED = re.compile(r"(?:\b(?:positioned|stationed|deployed|based|located|dug in|entrenched) (?:in|at|near|around|on)"
                       # or the witnesses: "observers at post 6 in the X district heard explosions ... towards Y"
                       r"|\b(?:observers|monitors|post \w+|posts|patrol) (?:[\w-]+ ){0,3}?(?:in|at|near)"
                       # the shooters: "soldiers at the post near X opened fire towards Y"
                       r"|\b(?:soldiers|troops|units|servicemen|snipers?|gunners) (?:at|from|in) (?:the |a |their |its )?"
                       r"(?:posts?|positions?|trench(?:es)?)(?: (?:near|in|at|outside))?)"
                       r" (?:the )?(?:direction of (?:the )?)?(?:\w+ )?$", _I)
# "..., a day after the shooting near Martakert": what opens a reference to another, earlier or later incident
BACK_REFERENCE = re.compile(r",?\s+(?P<gap>(?:a|one|two|three|four|\d+) (?:day|days|week|hours?) |shortly |just |hours )?"
                            r"(?:after|before|following|days after)\s+(?=(?:the|an?|its|their|last)\b)"
                            # a time apart opens another incident whatever words follow ("hours after X accused Y")
                            r"|,\s+(?:and\s+)?(?P<gap2>(?:a|one|two|three|\d+) (?:day|days|hours?)|hours|minutes|shortly) (?:after|before)\s+"
                            # (", shortly before dawn", "shortly after 22:00": a time of the day, not another event)
                            r"(?!(?:dawn|dusk|noon|midday|midnight|daybreak|sunrise|sunset|nightfall|\d{1,2}[:.]\d\d)\b)"
                            r"|,\s+(?:who|which) (?:was|were|had been|has been) (?=(?:\w+ed|taken|held|shot|hit)\b)"
                            # what a rally demands is another event's undoing ("rallied to demand the release of the
                            # students detained on Tuesday"): the detention is told elsewhere, with its own day and place
                            r"|,?\s+(?:to demand|demanding|to call for|calling for|to press for|pressing for|to seek|seeking"
                            r"|to protest(?: against)?|protesting(?: against)?|in protest (?:at|against|over))\s+"
                            # (the undoing demanded is no event: "demanding the return of prisoners of war" returned no
                            # one; what follows it may be one told elsewhere)
                            r"(?:the (?:immediate |swift )?(?:release|return|freeing|reopening|unblocking|lifting) of\s+"
                            r"|(?=the (?:detention|arrest|abduction|killing|death|shelling|closure|blockade)\b))", _I)
# what joins two clauses that may each state an event of their own ("shelled X and detained two shepherds near Y")
EVENT_COORDINATION = re.compile(r",?\s+and\s+(?:then\s+|also\s+|later\s+)?(?=[a-z])|;\s+|,\s+then\s+|,\s+while\s+"
                                # ", and Armenia said ...": a comma before "and" closes a clause, whoever speaks next
                                r"|,\s+and\s+(?=[A-Z])"
                                # "blocked the road on Wednesday and, the same afternoon, staged a march"
                                r"|,?\s+and,\s+(?=(?:on )?the same (?:day|afternoon|evening|morning|night),)"
                                r"|,\s+as well as\s+|,\s+(?=(?:on )?the same (?:day|evening|night|morning) (?:that|as|when)\s)"
                                # a round-up's list of events ("saw a farmer wounded near X, a road worker killed by a
                                # mine in Y, and a drone strike near Z"): an item before the list's last ", and"
                                r"|,\s+(?=(?:an?|the|two|three|four|five|six|several|\d+)\s[^,;.]{3,90}(?:,\s+and\s|\s+and,\s))"
                                # ("a farmer died on a mine near X, two shepherds spent two nights in captivity and a
                                # soldier was wounded at Y": items that are clauses, each with its verb; not a list of
                                # things, "11 submunitions, four mortar rounds and an anti-tank mine")
                                r"|,\s+(?=(?:an?|the|two|three|four|five|six|several|\d+)\s[^,;.]{0,40}?\b(?:[a-z]+ed|spent|died"
                                r"|was|were|hit|struck|shot|took|held|fell)\b[^,;.]{0,60}?\s+and\s+(?:an?|the|two|three|four"
                                r"|five|six|several|\d+)\s)"
                                # (or items that each name an event: "three violations near X, a drone strike near Y and
                                # the detention of two shepherds near Z")
                                r"|,\s+(?=(?:an?|the|two|three|four|five|six|several|\d+)\s[^,;.]{0,40}?\b(?:strikes?|attacks?"
                                r"|shelling|explosions?|blasts?|clash(?:es)?|detentions?|shootings?|ambush(?:es)?|raids?)\b"
                                r"[^,;.]{0,50}?\s+and\s+(?:an?|the|two|three|four|five|six|several|\d+)\s)"
                                # what one event led to: "the detention of two students on Saturday sparked protests"
                                r"|\s+(?=(?:sparked|triggered|provoked)\s)"
                                # "It began with X on Tuesday, brought Y on Thursday ... and, yesterday, Z": a week
                                # told as a string of what it brought
                                r"|,\s+(?=(?:brought|saw|included|witnessed|ended with|continued with)\s)"
                                r"|,?\s+and,\s+(?=(?:yesterday|today|later|earlier|then|on|last|this|at|overnight)\b)")
# a verb that can open the second of two clauses ("... and detained two shepherds"), as opposed to a noun that
# continues a list ("moved troops and artillery")
CLAUSE_VERB = re.compile(r"(?:[a-z]+ed|shot|struck|hit|fought|took|seized|blew|threw|stole|burnt|set|drove|broke|led|held|sent"
                         r"|began|opened|overran|retook|withdrew|fired|shelled)\b")
# places named as the directions of one operation: "in the X and Y directions", "along the directions of X and Y"
FRONT_AFTER = re.compile(r"\s+(?:directions|axes|fronts|sectors)\b", _I)
FRONT_BEFORE = re.compile(r"\b(?:directions|axes|fronts|sectors) of\s+(?:the\s+)?$", _I)
# what stands between places listed side by side: ", ", " and near ", " as well as in the "
COORDINATION = re.compile(r"(?:\s*(?:,|;|and|or|as well as|&)\s*)+(?:(?:near|in|at|around|outside|on)\s+)?(?:the\s+)?"
                          r"(?:(?:villages?|towns?|settlements?|areas?|districts?) of\s+)?", _I)
# a definite noun phrase that names an incident already told ("the detention", "this shooting")
ANAPHORIC = re.compile(r"\b(?:the|this|that|these|those|his|her|their|its|such)\s+(?:\w+\s+)?$"
                       # "Friday night's shooting", "yesterday's shelling": an incident dated by a day already told
                       r"|\b(?:\w+day(?: night| morning| evening| afternoon)?|yesterday|last night|Sunday)['’]s\s+(?:\w+\s+)?$",
                       _I)
# the words between a mention of an incident and a place that says where that incident was ("the shooting near X",
# "the march on Monday in X"), not where its people went next ("the marchers stopped a kilometre before X")
ATTACHED_PLACE = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:near|in|at|outside|around|on|of|from|by)\s+(?:the\s+)?"
                            r"(?:(?:village|town|city|district|area|region)\s+of\s+)?", _I)
# the people of an incident told before, named by what was done to them ("the returned soldiers were met by their
# families", "the freed men"): a mention of that incident, not a new one
PEOPLE_OF_EVENT = re.compile(r"(?:returned|released|freed|repatriated|exchanged|detained|arrested|abducted|captured"
                             r"|wounded|injured|evacuated) (?:[\w-]+ )?(?:soldiers|servicem[ae]n|men|women|people|detainees"
                             r"|prisoners|captives|conscripts|civilians|residents|shepherds|patients|herders)\b", _I)
# the nouns that name an event, so that "the shooting" refers back and "the remains" or "the convoy" do not
EVENT_NOUN = re.compile(r"(?:\w+(?:ing|tion|sion|ment|ure|ade)|attacks?|fire|blasts?|strikes?|raids?|clash(?:es)?|incidents?"
                        r"|violations?|explosions?|arrests?|rall(?:y|ies)|protests?|march(?:es)?|breach(?:es)?|assault|shots?|gunfire"
                        r"|killings?|deaths?|handovers?|swaps?"
                        # the people of an event told before: "the protesters had blocked the entrance"
                        r"|protesters|demonstrators|marchers|rioters|gunmen|attackers|assailants|kidnappers|abductors)$", _I)
# event nouns that, followed by what they were of, tell the event itself, not one told before ("facilitated the handover
# of two persons"; but "the handover took place at the bridge" is the one just told)
NEWS_NOUN_OF = re.compile(r"(?:handovers?|swaps?) of\b", _I)
# a name given to an incident already told ("called the detention an abduction"): that incident, whatever the name
CHARACTERISING = re.compile(r"\b(?:called|calling|described|describing|termed|branded|labell?ed|denounced|qualified)"
                            r" (?:[\w'’-]+ ){0,4}?(?:as )?(?:an? |the )?(?:\w+ )?$", _I)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# phrase -> days before the publication date
RELATIVE_DAYS: list[tuple[re.Pattern[str], int]] = [
    (_p(r"the day before yesterday"), -2),
    # ("overnight" in a story of the day: the night just ended, dated the day it ended; "last night": the evening before)
    (_p(r"yesterday|last (?:night|evening)|over the past day|over the last day|in the (?:past|last) 24 hours|during the (?:past|last) day"
        r"|over the past 24 hours|the previous day|on the previous day"
        # (a night told with no day: the one before the text, which tells it after it ended)
        r"|(?:just |shortly |a little )?before midnight"), -1),
    (_p(r"today|this (?:morning|afternoon|evening)|tonight|earlier today|overnight"), 0),
    (_p(r"(?:two|2) days ago"), -2),
    (_p(r"(?:three|3) days ago"), -3),
]
# "a year ago", "five weeks ago", "it has been almost a year since": a day that far before the publication (``n`` and
# ``unit``: how many of which of ``AGO_UNITS``, in days; "a few", "several": ``VAGUE_NUMBERS``)
_AGO_N = (r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
          r"|fifty|sixty|ninety|(?:a )?few|several|(?:a )?couple of)")
# ("some twenty minutes ago", "two hours ago": earlier the same day)
_AGO_UNIT = r"(?P<unit>minutes?|hours?|days?|weeks?|months?|years?)"
AGO = [
    _p(rf"{_AGO_N} {_AGO_UNIT} ago"),
    _p(rf"(?:it has been|it is|it's|it was|that was) (?:almost |nearly |exactly |about |some |more than |over |just |only )*"
       rf"{_AGO_N} {_AGO_UNIT} since"),
]
AGO_UNITS = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}
# a period without a day -> the kind of ``dates.period`` it names; ``n``: how many days, weeks or months
_RANGE_N = r"(?:(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of)\s+)?"
RELATIVE_RANGES: list[tuple[re.Pattern[str], str]] = [
    (_p(r"(?:over|in the course of) the (?:reporting )?week(?! (?:before|ahead|to come))"), "past_weeks"),
    (_p(r"(?:earlier |so far |later )?this week|(?:earlier |later )?in the week|during the week"
        # a round-up's "the week began with X and ends with Y"
        r"|the week (?:began|started|opened) with|the week (?:also )?(?:saw|brought|was marked by)"), "this_week"),
    (_p(r"last week|the previous week|the week before"), "last_week"),
    (_p(r"(?:earlier |so far |later )?this month"), "this_month"),
    (_p(r"last month|the previous month"), "last_month"),
    (_p(r"(?:over|at|during|on) the weekend|(?:this|last) weekend"), "weekend"),
    (_p(rf"(?:(?:over|in|during|for) )?the (?:past|last|previous) {_RANGE_N}days|in recent days"), "past_days"),
    (_p(rf"(?:(?:over|in|during|for) )?the (?:past|last|previous) {_RANGE_N}weeks?"), "past_weeks"),
    (_p(rf"(?:(?:over|in|during|for) )?the (?:past|last|previous) {_RANGE_N}months?"), "past_months"),
]
# counts of days that name no number ("the past few days": three)
VAGUE_NUMBERS = {"few": 3, "several": 3, "couple of": 2}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
EXPLICIT_DATES = [
    re.compile(rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+{_MON}(?:,?\s+(?P<y>(?:19|20)\d\d))?(?![\w])", _I),
    re.compile(rf"(?<![\w]){_MON}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?(?!\d)", _I),
    re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    # a bulletin's day and month in figures ("on 21.02", "since 20.02"): only after a preposition, where a decimal
    # ("2.9 hectares") does not stand
    re.compile(r"(?:(?<=\bon )|(?<=\bOn )|(?<=\bof )|(?<=\bsince )|(?<=\bfrom )|(?<=\buntil )|(?<=\bby ))"
               r"(?P<d>[0-3]?\d)\.(?P<m>[01]\d)(?![\d]|\.\d)"),
]
# "in November 2020", "in 2020": when something long past happened (a month's or a year's first day)
MONTH_YEAR = re.compile(rf"(?<![\w])(?:in |since |by |of )?{_MON}\s+(?P<y>(?:19|20)\d\d)(?!\d)", _I)
# "in April", "since March": a month without a day or a year (the month before the publication's, or earlier)
MONTH_ONLY = re.compile(rf"(?<![\w])(?:in|since|by|until|of|from|early|late|mid-?|last) {_MON}(?![\w])(?!\s+\d)", _I)
YEAR_ONLY = re.compile(r"(?<![\w])(?:in|since|during|of) (?:the )?(?P<y>(?:19|20)\d\d)(?: war)?(?![\w])", _I)
WEEKDAY = re.compile(r"(?<![\w])(?P<pre>(?:late |early |on |last |this |since )?)(?P<wd>" + "|".join(WEEKDAYS)
                     + r")(?P<post>(?: night| morning| evening| afternoon)?)(?![\w])", _I)
# the night of 13 to 14 June: the first day
NIGHT_OF = re.compile(rf"night of (?:the )?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:to|into|-|–)\s*(?:the )?[0-3]?\d(?:st|nd|rd|th)?\s+"
                      rf"{_MON}", _I)

ACTOR = re.compile(
    r"(?<![\w])(?:(?:the |an? )?(?:[A-Z][\w-]+ ){1,2}(?:armed forces|armed formations|armed units|forces|troops|soldiers|servicemen|units"
    r"|army|military|side|police|border guards?|militants|rebels|fighters|gunmen|protesters|authorities|positions|sappers|deminers)"
    r"|(?:the |Russian |international )?peacekeep(?:ers|ing (?:contingent|forces|mission))|the (?:Defen[cs]e Army|Defen[cs]e Ministry"
    r"|Ministry of Defen[cs]e|Red Cross|ICRC)|(?:unknown |masked |armed )?gunmen|militants|insurgents|rebels|protesters|demonstrators"
    r"|(?:illegal )?armed (?:formations|groups|men))(?![\w])",
)

# ---------------------------------------------------------------------------------------------------------------
# More words of each type, found missing on a second development set of sentences (incident-types-dev2.tsv); kept
# apart so that the first lists stay readable
_MORE: dict[str, list[tuple[str, float]]] = {
    "ceasefire_violation": [
        # the other side's fire in a ministry's words: "large-scale provocations by Armenian units in the X direction",
        # "carried out subversive acts", "the provocation committed by the armed forces"
        # (at a place: "provocation" alone is a ministry's word for much that is no fire)
        (r"(?:provocations? (?:was|were|has been|had been) (?:committed|carried out|staged|launched)"
         r"|provocations?\W{0,3} (?:committed |carried out |staged |launched )?(?:by|of) (?:the )?(?:[\w-]+ ){0,2}?(?:armed "
         r"forces|units|troops|army|servicem[ae]n|forces|formations|military)\b|(?:carried out|committed|conducted) (?:[\w-]+ )?"
         r"(?:subversive acts?|acts? of sabotage|sabotage|provocations?))(?=[^.;]{0,40}?\b(?:in|near|along|at|on|from) the "
         r"[^.;]{0,50}?\b(?:directions?|sections?|areas?|districts?|border|line|positions|villages?|heights)\b)", 1.0),
        # a toll that rises: "losses since the attack have risen to 98 servicemen killed", "the number of soldiers
        # killed now stands at 129", "raised the number of its soldiers killed to 98", "42 servicemen died a martyr's
        # death" (the incident it counts told before; a toll since a war is no news: ``HABITUAL``)
        (r"(?:losses|casualties|death toll|toll) [^.;]{0,60}?(?:have |has |had )?(?:risen|rose|climbed|grown|reached) "
         r"(?:to )?\d+|number of (?:[\w-]+ ){0,3}?(?:killed|dead|wounded|injured)\b[^.;]{0,60}?\b(?:has |had )?(?:risen"
         r"|rose|climbed|grown|reached|now stands|stands|stood|is now|was now)\b|raised (?:the|its|their) (?:number|count"
         r"|toll) of|\d+ (?:[\w-]+ ){0,2}?(?:servicem[ae]n|soldiers|troops) (?:killed|dead) since|(?:servicem[ae]n|soldiers"
         r"|troops|people|civilians) (?:[^.;]{0,40}? )?died (?:a martyr's death|as a result of)|(?:\d+|[\w-]+) of (?:its"
         r"|their|our) (?:servicem[ae]n|soldiers|troops) (?:had |have |has )?died\b",
         # (sure: the detector, which has seen few tolls, may not veto it)
         1.2),
        # "fired several bursts from a machine gun", "bursts from an automatic rifle"; "a bullet went through a roof"
        (r"fired (?:[\w-]+ ){0,2}?bursts|bursts (?:of [\w -]{0,20})?from (?:a |an )?(?:[\w-]+ )?(?:machine[- ]guns?|rifles?"
         r"|automatic weapons?|sniper rifles?)|(?:bullets?|rounds?) (?:went through|pierced|struck|hit|smashed|lodged in) "
         r"(?:a |an |the )?(?:[\w-]+ ){0,2}?(?:roofs?|house|houses|homes?|windows?|walls?|cars?|vehicles?|schools?|buildings?"
         r"|fences?|barns?|gates?)\b", 1.0),
        # the passive of bulletins: "fire was opened on a position near X", "fire had been opened from small arms"
        (r"fire (?:was|were|had been|has been) opened\b", 1.0),
        (r"fought (?:along|near|in|for|around|on|over)|combat|assaulted (?:a |an |the )?(?:military |army |police )?(?:post"
         r"|base|position|outpost|camp|convoy|patrol)|killed (?:\w+ ){0,2}(?:militants|insurgents|rebels|attackers|gunmen)", 1.0),
        # "fired from the direction of X at positions near Y", "fired from positions in X"
        (r"fired (?:[\w-]+ ){0,4}?from (?:the |their |its |our )?(?:direction|side|territory|positions?|posts?|area)\b", 1.0),
        # soldiers hurt, whatever hurt them: "a soldier from Gyumri was killed near Sotk", "killed one soldier, wounding
        # two others", "two border guards were killed"
        (r"(?:" + _SOLDIER + r")\b[^.;:]{0,60}?\b(?:was|were|had been|has been|have been) (?:" + _HOW_BADLY + r" )?"
         r"(?:killed|wounded|injured|shot)\b|(?:killed|killing|wounded|wounding|injured|injuring) "
         r"(?:one|two|three|four|five|a|an|\d+) (?:[\w-]+ ){0,2}?(?:" + _SOLDIER + r")\b|attacked (?:a |an |the )?(?:[\w-]+ )?"
         r"(?:post|position|outpost|checkpoint|base|patrol)\b"
         # the soldiers a later text names by their fate: "the names of the three servicemen killed on 28 July in the X
         # section", "the two soldiers wounded near X on Wednesday"
         r"|(?:the |one |two |three |four |five |six |\d+ )(?:[\w-]+ ){0,2}?(?:" + _SOLDIER + r") (?:killed|wounded|injured)"
         r" (?:on|near|at|when|while)\b|(?:the |one |two |three |four |five |six |\d+ )(?:[\w-]+ ){0,2}?(?:" + _SOLDIER
         + r") (?:killed|wounded|injured) (?:in|during) (?!(?:the |a |an )?(?:[\w-]+ ){0,2}?(?:wars?|conflict)\b)", 0.9),
        # "shots at a sleeping family", "bursts of fire at the post" (not "took a shot at the minister")
        (r"(?<!took )(?<!take )(?<!takes )(?<!taking )(?<!a )(?:shots|bursts(?: of (?:automatic |machine-gun )?fire)?|volleys)"
         r" (?:at|on|towards) (?:a |an |the |their |his |her |two |several )?(?:[\w-]+ ){0,2}?(?:famil(?:y|ies)|hous(?:e|es)|homes?"
         r"|villagers?|farmers?|shepherds?|positions?|posts?|soldiers?|servicem[ae]n|village|cars?|vehicles?|civilians?"
         r"|tractors?|workers?)\b", 1.0),
        # "residents reported bursts of automatic fire from the heights", "shots came from the posts", "machine-gun fire
        # coming from the direction of X"
        (r"(?:bursts|volleys|rounds|exchanges) of (?:automatic |machine-gun |small-arms |sniper |heavy )?(?:fire|gunfire)"
         r"|shots (?:came from|were heard|could be heard)\b|(?:automatic|machine-gun|small-arms|sniper) fire"
         r" (?:coming |came |was coming |could be heard )?from\b", 1.0),
        # "died of gunshot wounds", "died of his injuries"
        (r"died (?:of|from) (?:his |her |their )?(?:gunshot |shrapnel |bullet )?(?:wounds|injuries)", 0.9),
        # "sniper fire wounded a resident"
        (r"sniper (?:fire|shots?|bullets?)", 1.1),
        # "a serviceman was killed by fire from positions near X"
        (r"(?:killed|wounded|injured|hit) by (?:[\w-]+ ){0,2}?(?:fire|gunfire|bullets?|shots) from", 1.0),
        # "the killing of an Armenian conscript near X", "the wounding of two servicemen"
        (r"(?:killing|wounding|death|deaths|injuring|shooting) of (?:a |an |the |one |two |three |four |\d+ )?(?:[\w-]+ ){0,2}?"
         r"(?:soldiers?|servicem[ae]n|conscripts?|officers?|contract servicem[ae]n)\b", 0.9),
        # "another provocation ... which was decisively suppressed": the formula of a ministry's report of fire
        (r"provocations? (?:[^.;]{0,100}?)(?:(?:was|were) )?(?:decisively |immediately |promptly )?(?:suppressed|thwarted"
         r"|repelled|prevented by (?:retaliatory|return) fire)", 1.0),
    ],
    "territory_regained": [
        (r"(?:were|was) driven (?:from|out of)|back in (?:our|government|state) hands|pushed (?:\w+ ){0,3}out of|taken back"
         r"|brought back under (?:state|government|army) control|recovered (?:a string of |several |\w+ )?positions", 1.3),
    ],
    "territory_taken": [
        # (not what "took place" or "took part" somewhere: "the handover took place at a crossing point")
        (r"took (?!(?:place|part)\b)(?:the )?(?:[\w-]+ ){0,4}(?:district centre|town|city|village|district|base|garrison|pass"
         r"|airport|crossing)s?"
         r"|(?:now |was now )?under (?:their|its|the group's|rebel|militant|insurgent|jihadist) control"
         r"|occupied (?:the )?(?:commune|town|village|district|city|base|barracks)|forced (?:the )?(?:last )?(?:soldiers|troops"
         r"|army) out|now hold the", 1.2),
    ],
    "air_or_drone_strike": [
        (r"air force (?:said it )?(?:had )?bombed|bombed (?:[\w-]+ )?(?:hideouts|positions|camps|bases|targets)"
         r"|unmanned (?:aircraft|aerial)", 1.12),
        # a grenade or a charge a drone dropped is the drone's strike: "a quadcopter dropped a grenade on a truck"
        (r"(?:drones?|quadcopters?|UAVs?|unmanned aerial vehicles?)\b[^.;]{0,30}?\bdropp(?:ed|ing|s)", 1.5),
    ],
    "suicide_bombing": [
        (r"wearing explosives|explosives strapped to (?:his|her|their) bod(?:y|ies)|(?:triggered|detonated|set off) "
         r"(?:their|his|her) (?:vests?|belts?)", 1.5),
    ],
    "shelling": [
        # "a barrage hit the village at dawn", "a salvo of rockets struck the outskirts"
        (r"(?:barrages?|salvos?|salvoes) (?:of [\w-]+ )?(?:hit|struck|fell on|landed (?:on|in|near))\b", 1.1),
        # "a shell fired from X landed in the yard", "mortar rounds landed near the village"
        (r"(?:shells?|mortar rounds?|rounds|rockets?|projectiles?|mortar bombs?) (?:fired |launched )?(?:from [^.;]{0,40}? )?"
         r"(?:landed|fell|struck|hit|exploded)\b", 1.05),
    ],
    "mine_explosion": [
        (r"set off (?:a |an )?(?:[\w-]+ )?(?:land)?mine", 1.2),
        # "a road worker was injured this morning by a mine near X", "killed by an anti-tank mine"
        (r"(?:killed|wounded|injured|hurt|maimed)(?: [\w-]+){0,3}? by (?:an? |the )?(?:[\w-]+ )?(?:land)?mine\b"
         r"(?! (?:workers?|shafts?|owners?|operators?))", 1.2),
        # "wounded by the explosion of an unidentified explosive object": a device left behind, not fire
        (r"(?:explosion|detonation|blast) of (?:an? |the )?(?:[\w-]+ )?(?:explosive (?:object|device|item)|unexploded \w+"
         r"|(?:cluster )?submunition|piece of ordnance|ordnance)", 1.2),
        # "a farmer died on a mine", "stepped on a landmine"
        (r"(?:died|was killed|were killed|was wounded|was injured|stepped|drove) (?:on|over) (?:a |an )?(?:[\w-]+ )?(?:land)?mine\b",
         1.2),
        # "injured by an unexploded shell", "killed when a piece of unexploded ordnance went off"
        (r"(?:killed|wounded|injured|maimed|hurt) (?:by|in|when) (?:a |an |the )?(?:piece of )?(?:unexploded|leftover|old)"
         r" (?:shell|ordnance|munition|bomb|grenade|device|mortar round|projectile|rocket)s?|(?:unexploded (?:shell|ordnance|munition"
         r"|bomb|device|mortar round|projectile)s?|UXO) (?:went off|exploded|detonated|blew up)", 1.3),
        # "a soldier was wounded by a landmine", "killed in a mine blast"
        (r"(?:killed|wounded|injured|maimed|hurt) (?:by|in) (?:a |an |the )?(?:[\w-]+ ){0,2}?(?:land)?mines?"
         r"(?: blast| explosion)?\b", 1.2),
    ],
    "sexual_violence": [(r"sex(?:ual)? slaves?|sexual slavery", 1.7)],
    "attack_on_civilians": [
        # a named victim: "Gagik Hovakimyan was shot while working his land", "Private Narek Gasparyan, 19, was killed"
        (r"(?-i:(?:Private |Sergeant |Corporal |Lieutenant |Captain )?[A-Z][a-z]+ [A-Z][a-z]+(?:yan|ian|ov|ova|ev|eva|li|lu"
         r"|zade|uni|ants|enko)),? (?:\d{1,2},? )?(?:had been |was |has been )(?:shot|wounded|killed|injured|hit)\b", 0.9),
        (r"kicked and clubbed|clubbed|(?:was|were) shot and killed|opened fire on (?:a |the )?(?:car|bus|vehicle|crowd of civilians)",
         1.0),
        # people hurt, whatever hurt them ("a 46-year-old farmer was wounded", "the wounding of a farmer", "a road worker
        # killed near X"), unless an accident or a blaze did ("a man was injured in a car crash")
        (r"(?:(?<![\w-])(?:" + _VICTIM + r")\b[^.;:]{0,80}?\b(?:had |has |have )?(?:was|were|been) (?:(?:" + _HOW_BADLY
         + r") )?(?:shot|wounded|injured|killed|hurt)\b|(?:wounding|killing|shooting|injuring) of (?:a |an |the |two |three |\d+ )?(?:[\w-]+ ){0,2}?(?:"
         + _VICTIM + r")\b|(?:a|an|one|two|three|four|five|\d+) (?:[\w-]+ ){0,2}?(?:" + _VICTIM + r") (?:shot|wounded"
         r"|injured|killed) (?:near|in|at|by|on|outside|when|while)\b"
         # "troops shot a farmer near X", "soldiers shot and killed a shepherd", "fired at two villagers"
         # (not "the wounded man": a verb, not an adjective after a determiner)
         r"|(?<!the )(?<!a )(?<!an )(?<!two )(?<!three )(?<!\d )"
         r"(?:shot|shot and (?:killed|wounded|injured)|shot (?:at|dead)|wounded|injured|killed|fired (?:at|on|upon)) "
         r"(?:a |an |the |two |three |four |five |\d+ |several )?(?:[\w-]+ ){0,2}?(?:" + _VICTIM + r")\b)"
         r"(?![^.;]{0,30}\b(?:accident|crash|collision|blaze|flood|storm|avalanche|landslide|earthquake|house fire|gas"
         r"|by (?:a )?fire\b(?! from)))", 0.9),
    ],
    "abduction": [
        (r"seized (?:\w+ ){0,3}(?:teachers|students|pupils|workers|passengers|villagers|civilians|journalists|children|women"
         r"|hostages)|missing for|no (?:authority|one) admits to holding|came for (?:him|her)|failed to return from", 1.3),
    ],
    "protest": [
        (r"human chain|demonstrated|rallying|procession", 0.95),
    ],
    "mob_violence": [
        (r"(?:villagers|residents|a crowd|a group of (?:men|youths)|locals) (?:\w+ ){0,3}(?:pelted|beat|lynched|set upon|attacked"
         r"|assaulted|stoned|doused)|set upon|pelted (?:\w+ ){0,3}with stones|lynched", 1.35),
    ],
    "ceasefire_agreement": [
        (r"signed (?:a |an |the )?(?:\w+ ){0,3}pact|peace pact", 1.0),
        # "the handover took place at a crossing point" (of people: a territory's is "the handover of the district")
        (r"(?:the|a) handover (?:[\w-]+ ){0,2}?(?:took place|happened|was carried out|went ahead|was completed)", 1.1),
        # "a ceasefire brokered by Moscow took effect at 18:30", "Russia brokered a truce"
        (r"(?:cease-?fire|truce)(?: regime)? (?:was |had been |has been )?(?:brokered|mediated|reached|announced|declared"
         r"|restored|agreed|established)\b"
         # "the truce had been in force since 22:00 on Wednesday" (a clock time: the start of this truce)
         r"|(?:cease-?fire|truce)(?: regime)? (?:had been|has been|have been|was|is) in (?:force|effect) since \d{1,2}[:.]\d\d"
         # (not the time a clause measures from: "the second report since a ceasefire took effect")
         r"|(?<!since a )(?<!since the )(?<!after a )(?<!after the )(?<!before a )(?<!before the )(?:cease-?fire|truce) "
         r"(?:[\w-]+ ){0,4}?(?:took|came into|went into|entered into) (?:force|effect)"
         r"|(?:cease-?fire|truce) (?:[\w-]+ ){0,4}?took hold"
         r"|brokered (?:a |an |the )?(?:[\w-]+ )?(?:cease-?fire|truce)", 1.1),
        # people given back: "were handed to their parents at the border", "ending five weeks in Azerbaijani custody"
        (r"(?:handed|returned|given) (?:back )?(?:over )?to (?:their|his|her) (?:families|family|parents|relatives|mothers)"
         r"|ending (?:[\w-]+ ){1,3}?(?:in|of) (?:[\w-]+ )?(?:custody|captivity|detention)", 1.0),
        # "the return of two Armenian servicemen to their country", "the repatriation of three detainees"
        (r"(?:return|repatriation|handover|handing over|handing back|transfer|release) of (?:the |all |both |one |two |three |four"
         r" |five |six |\d+ )?(?:[\w-]+ ){0,2}?(?:servicem[ae]n|soldiers|conscripts|detainees|prisoners|captives|POWs|" + _HELD
         + r")\b", 1.0),
        # "returned the remains of four servicemen", "handed over to the other side the bodies of two soldiers"
        (r"(?:returned|handed over|handed back|transferred|repatriated)(?: to [^.;]{0,40}?)? (?:the )?(?:bodies|remains) of",
         1.0),
        # "handed over to the Armenian side this evening one of the two men detained ...", "released one of two men"
        (r"(?:returned|handed over|handed back|released|freed|transferred|repatriated)(?: to [^.;]{0,40}?)? (?:[\w-]+ ){0,3}?"
         r"(?:one|two|three|both|all|\d+) of (?:the |its |their |his |her )?(?:[\w-]+ ){0,3}?(?:" + _VICTIM
         + r"|servicem[ae]n|soldiers|conscripts|detainees|prisoners|captives)\b", 1.0),
    ],
    "arrest": [
        # soldiers or people taken by the other side's troops: "surrounded and captured six servicemen"
        (r"(?:captured|seized|abducted|took captive) (?:a |an |the |one |two |three |four |five |six |seven |eight |nine "
         r"|ten |\d+ |several )?(?:[\w-]+ ){0,3}?(?:" + _SOLDIER + r"|" + _HELD + r")\b", 1.1),
        # "border guards are holding an Azerbaijani man who walked across"
        (r"(?:are|is|were|was|been) holding (?:an? |two |three |four |\d+ )?(?:[\w-]+ ){0,2}?(?:" + _HELD + r"|" + _SOLDIER
         + r")\b", 1.1),
        # border guards that stop people who crossed: "its patrol had stopped two persons who violated the state border"
        (r"(?:stopped|intercepted|apprehended) (?:[\w-]+ ){0,3}?(?:persons|people|men|individuals|civilians|citizens"
         r"|nationals|residents|shepherds|herders|violators)\b[^.;]{0,40}?\b(?:violated|crossed|trespassed|strayed)", 1.2),
        # "two shepherds spent two nights in captivity", "were kept in custody"
        (r"(?:spent|held|kept) (?:[\w-]+ ){0,3}?in (?:captivity|custody|detention)\b", 1.0),
        (r"captured (?:a |an |the )?(?:[\w-]+ ){0,3}(?:commander|leader|suspects?|militants?|members?)|took (?:\d+ |\w+ )?"
         r"(?:[\w-]+ ){0,3}into custody|ordered the (?:arrest|detention)", 1.1),
        # people held: "a resident ... was held by border personnel", "held a young man at the checkpoint", "was held
        # for six hours" (not "talks were held", "held responsible")
        # (not the dead whose funeral or memorial "was held")
        (r"(?<!funeral of the )(?<!funeral of a )(?<!funerals of the )(?<!memory of the )"
         # (a plural right before "was held" is not its subject: "a meeting on missing servicemen was held")
         r"(?:" + _VICTIM + r"|servicem[ae]n|soldiers?|conscripts?|journalists?|activists?|detainees?)\b"
         r"(?!(?:(?<=s)|(?<=men)|(?<=people)|(?<=children))\s+was\b)"
         # (the dead are not held: "the funerals of the three soldiers killed on Wednesday were held in X")
         r"(?:(?!\b(?:killed|dead|died|fallen)\b)[^.;]){0,60}?\b"
         r"(?:was|were|had been|has been|have been|being) held\b(?! (?:in (?:high )?(?:esteem|regard)|responsible|liable"
         r"|accountable|up\b))(?![^.;]{0,30}\bsince\b)|held (?:[\w-]+ ){0,4}?(?:" + _VICTIM + r"|servicem[ae]n|soldiers?) (?:at|near|on) (?:a |an |the )?"
         r"(?:[\w-]+ ){0,2}?(?:checkpoint|post|border|bridge|crossing)|(?:was|were) held for (?:[\w-]+ ){0,2}(?:hours|days"
         r"|weeks|nights)", 1.0),
    ],
    "troop_movement": [
        # "troops advanced several kilometres into Armenian territory"
        (r"advanced (?:[\w-]+ ){0,3}?(?:into|deep into|inside) (?:the )?(?:[\w-]+ ){0,2}?territory", 1.0),
        (r"suspend(?:ing|ed|s)? its participation|surrendered (?:with )?(?:their )?weapons|demobili[sz]\w*|creation of a (?:\w+ )?"
         r"(?:unit|force)|split from|pledged allegiance|pulled out of|changed its name|launched a (?:new )?(?:security |military )?"
         r"operation|sending (?:\d[\d,]*|\w+) (?:troops|officers|soldiers)|(?:troops|soldiers) would be pulled out", 0.95),
    ],
    "weapons_seized": [
        (r"defus(?:ed|ing) (?:a |an |the )?(?:[\w-]+ ){0,2}(?:bomb|explosive|device|IED)s?|made (?:it |them )?safe|seized "
         r"(?:\w+ ){0,5}(?:rifles|weapons|explosives|ammunition|grenades)|failed to (?:go off|explode|detonate)|dismantled", 1.6),
    ],
    "base_established": [
        # troops digging in: "began building three new posts", "setting up new fortified positions near the lake" (not
        # what they were fired at for trying: "attempts to build new fortifications were stopped")
        (r"(?<!to )(?:set(?:ting)? up|build(?:ing)?|built|erect(?:ed|ing)|establish(?:ed|ing)|install(?:ed|ing)) (?:two |three "
         r"|four |five |several |\d+ )?new (?:[\w-]+ ){0,2}?(?:posts|fortified positions|fortifications|outposts"
         r"|firing positions)\b", 1.2),
        (r"running (?:their|its) operations from|(?:outpost|base|headquarters|command (?:centre|center|post)) (?:\w+ ){0,4}"
         r"(?:has been |have been |was |were )?(?:built|set up|established|opened)|relocated (?:its|their) (?:command|headquarters"
         r"|base)|turned (?:\w+ ){0,4}into (?:their|its|a) (?:headquarters|base)", 1.3),
    ],
    "property_destruction": [
        (r"(?:line|pipeline|power line|bridge|mast|substation|tower|dam|school|hospital|house|houses|homes?) (?:[\w-]+ ){0,8}?"
         r"(?:was |were |had been )?(?:damaged|destroyed|blown up)|damaged (?:a |the )?(?:[\w-]+ ){0,2}(?:line|pipeline|bridge|mast"
         r"|substation)|left (?:\w+ ){0,2}without (?:electricity|power|gas|water)", 1.1),
        (r"setting (?:\w+ ){0,2}alight|plunder\w*|drove away (?:\d[\d,]* |\w+ )?(?:head of )?(?:cattle|livestock|goats|sheep)"
         r"|stole (?:\d[\d,]* )?(?:head of )?(?:cattle|livestock)", 1.1),
    ],
    "territory_transfer": [
        (r"left it to|lowered (?:their|its) flag|walked into [A-Z]|quietly evacuated|swapped control|negotiated (?:the )?departure"
         r"|made way for|formally returned to|in a handover|no fighting (?:was )?reported|under a (?:local |regional )?deal", 1.35),
        # "the town and two villages came under the control of the X Army", "passed under X control", "were handed over to
        # the control of X", "one of the villages handed over yesterday", "are now under X control"
        (r"(?:(?:came|passed|were placed|was placed) under|(?:is|are) now under) (?:the )?(?:full )?(?:control of"
         r"|(?:government|state|[\w-]+(?:ani|ian|an|ish)) control)"
         r"|(?:were|was|been) handed over to (?:the )?(?:control|jurisdiction|administration) of"
         r"|passed (?:back )?to (?:the )?(?:control|jurisdiction|sovereignty) of", 1.35),
        (r"(?:towns?|villages?|settlements?|territor(?:y|ies)|districts?|lands) (?:that were |which were |were |was |being )?"
         r"handed over\b(?! to (?:the )?(?:\w+ )?(?:" + _AUTHORITIES + r"))", 0.9),
    ],
    "security_measure": [
        (r"(?:would|will) be permitted|pulled (?:its|their) staff out|halted (?:its |their )?work|flew (?:its|their) "
         r"staff out|exhumed|cut (?:mobile )?internet|internet shutdown|postponed (?:the )?(?:voting|vote|elections?)|a ban on"
         r"|announced a ban|closed (?:all )?schools|suspended all", 1.0),
    ],
    "aid_delivery": [
        # "a convoy of the peacekeepers' trucks carrying food passed through ...", "a convoy of trucks is on its way with food"
        (r"convoy (?:of [^.;]{0,50}?)?(?:trucks|lorries|vehicles)\b[^.;]{0,80}?\b(?:food|flour|medicines?|medical supplies"
         r"|fuel|humanitarian|supplies|aid)\b", 1.25),
        # "Five tonnes of building materials were delivered to residents of X", "the ICRC transferred twelve patients
        # from X to Y"
        (r"(?:tonnes|tons|truckloads|trucks|lorries|boxes|parcels) of (?:[\w-]+ ){0,3}?(?:were |was |had been |have been )?"
         r"(?:delivered|brought|transported|shipped|distributed)\b", 1.0),
        # (above a road's closure told beside it: "the first such transfer since the road was closed")
        (r"(?:transferred|evacuated|transported|airlifted|took) (?:[\w-]+ ){0,3}?(?:patients|sick|wounded|injured)"
         r" (?:[\w-]+ ){0,3}?(?:from|to)\b", 1.1),
        # patients or aid moved by an aid organisation: "11 patients were transferred to Armenia with the assistance of
        # the Red Cross", "escorted by the ICRC"
        (r"(?:patients|wounded|sick|aid|supplies|medicines?|cargo)\b[^.;]{0,80}?\b(?:with the (?:assistance|help|mediation"
         r"|support|facilitation) of|escorted by|accompanied by|facilitated by) the (?:International Committee of the )?"
         r"(?:Red Cross|ICRC)", 1.0),
        # "aid was delivered by the Red Cross", "humanitarian cargo was brought to X"
        (r"(?:aid|food|medicines?|medical supplies|supplies|humanitarian (?:aid|assistance|cargo|goods)|relief)"
         r" (?:was|were|had been|has been|have been) (?:delivered|brought|transported|sent|taken|distributed)\b", 1.0),
        # the vehicles of an aid organisation on the move: "ten vehicles of the Red Cross passed through the checkpoint"
        (r"(?:trucks|lorries|vehicles|convoys?|cars)(?: of| belonging to| from)? (?:the )?(?:International Committee of the )?"
         r"(?:Red Cross|ICRC)|(?:Red Cross|ICRC) (?:trucks|lorries|vehicles|convoys?)", 1.1),
        (r"flour|tents|baby formula|biscuits|food rations?|rations|blankets|jerrycans|hygiene kits|water purification|relief "
         r"(?:trucks|goods)|emergency supplies", 0.55),
        (r"reached|arrived|dropped|carried|received|shipment", 0.5),
    ],
    "patrol_or_escort": [
        (r"travell?ed alongside|accompanied (?:a |the )?(?:column|convoy)|to verify that|observers visited|military observers"
         r"|blue helmets", 0.9),
        # people in need of treatment taken out under escort: "the Mission accompanied 37 residents in need of medical
        # treatment ... to Kornidzor", "34 patients left Stepanakert today for treatment in Armenia"
        (r"(?:accompanied|escorted) (?:\d+ |[\w-]+ )?(?:[\w-]+ ){0,2}?(?:residents|patients|people|persons|civilians|children"
         r"|buses|vehicles)\b|patients\b[^.;]{0,60}?\b(?:left|were taken|were transferred|were evacuated|travell?ed|crossed)"
         r"\b[^.;]{0,40}?\bfor (?:medical )?treatment", 1.0),
    ],
    "checkpoint_or_road_closure": [
        # a closure told as going on: "the only road linking X with Y remains blocked", "the blockade of the road
        # continues", "the road remained blocked"
        (r"(?:road|corridor|highway|route|crossing)\b[^.;]{0,80}?\b(?:remains?|remained|stays?|stayed|is still|was still)"
         r" (?:[\w-]+ )?(?:blocked|closed|shut|sealed)\b|blockade (?:of (?:the )?(?:[\w-]+ ){1,6}?)?(?:continue[sd]?|went on"
         r"|goes on|entered|persist(?:s|ed)?|dragged on)\b"
         # "the corridor, the only road to X, has been closed for the 30th day", "continued to be blocked", "the
         # blockade has now lasted 31 days"
         r"|(?:road|corridor|highway|route|crossing)\b[^.;]{0,80}?\b(?:(?:has|have|had) been (?:[\w-]+ )?(?:blocked|closed"
         r"|shut|sealed) (?:for|since)|continue[sd]? to be (?:blocked|closed|shut|sealed))\b"
         r"|blockade (?:of (?:the )?(?:[\w-]+ ){1,6}?)?(?:has |had )?(?:now |already )?(?:lasted|been going on)\b", 1.05),
        (r"must stop at (?:a |the )?(?:[\w-]+ )?(?:post|checkpoint)|closed to (?:civilian |all )?traffic|(?:checkpoint|roadblock|post)"
         r" (?:manned|set up|installed|erected) by|controls access", 1.05),
    ],
    "mine_clearance": [
        (r"mine-free|unexploded (?:[\w-]+ ){0,4}(?:were|was) (?:lifted|removed|cleared|destroyed|defused)|(?:destroyed|lifted"
         r"|removed) (?:\d[\d,]* )?unexploded", 1.35),
    ],
    "chemical_weapon": [
        (r"(?:suffocating|poisonous|poison|toxic) (?:gas|substance|agent)|mustard agent|pinpoint pupils|convulsions"
         r"|respiratory failure|\w+ish cloud|filled with (?:a )?(?:riot-control|toxic|poison\w*) gas", 1.5),
    ],
}
for _kind, _pairs in _MORE.items():
    TRIGGERS[_kind].extend((_p(_pattern), _weight) for _pattern, _weight in _pairs)

