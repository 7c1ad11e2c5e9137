"""presswatch's incident types and the ACLED event and sub-event type each maps to.

ACLED's 25 sub-event types (codebook 2019) cover political violence and protest. A ceasefire-monitoring
context needs finer or additional kinds (aid convoys, patrols, checkpoints, mine clearance, official
statements); each of those maps to the nearest ACLED sub-event type, mostly "Strategic developments /
Other". The table is documented in ``docs/incidents.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# the 25 ACLED sub-event types, by event type (exact names of the ACLED codebook)
ACLED_SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": BATTLES,
    "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": REMOTE,
    "Air/drone strike": REMOTE,
    "Suicide bomb": REMOTE,
    "Shelling/artillery/missile attack": REMOTE,
    "Remote explosive/landmine/IED": REMOTE,
    "Grenade": REMOTE,
    "Sexual violence": VAC,
    "Attack": VAC,
    "Abduction/forced disappearance": VAC,
    "Peaceful protest": PROTESTS,
    "Protest with intervention": PROTESTS,
    "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS,
    "Mob violence": RIOTS,
    "Agreement": STRATEGIC,
    "Arrests": STRATEGIC,
    "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC,
    "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC,
    "Non-violent transfer of territory": STRATEGIC,
    "Other": STRATEGIC,
}


@dataclass(frozen=True, slots=True)
class IncidentType:
    name: str
    acled_sub_event_type: str
    description: str
    violent: bool = False

    @property
    def acled_event_type(self) -> str:
        return ACLED_SUB_EVENT_TYPES[self.acled_sub_event_type]


_TYPES = [
    IncidentType("ceasefire_violation", "Armed clash",
                 "shooting, exchange of fire or a ceasefire violation between armed forces", True),
    IncidentType("territory_regained", "Government regains territory",
                 "state forces retake a place held by a non-state group", True),
    IncidentType("territory_taken", "Non-state actor overtakes territory",
                 "a non-state armed group seizes a place", True),
    IncidentType("chemical_weapon", "Chemical weapon", "use of chemical agents as weapons", True),
    IncidentType("air_or_drone_strike", "Air/drone strike", "strike from an aircraft or a drone", True),
    IncidentType("suicide_bombing", "Suicide bomb", "a bomber detonates explosives on themselves", True),
    IncidentType("shelling", "Shelling/artillery/missile attack", "artillery, mortar, rocket or missile fire", True),
    IncidentType("mine_explosion", "Remote explosive/landmine/IED",
                 "a landmine, roadside bomb, IED or unexploded ordnance goes off", True),
    IncidentType("grenade_attack", "Grenade", "a grenade is thrown or detonated", True),
    IncidentType("sexual_violence", "Sexual violence", "rape or sexual assault", True),
    IncidentType("attack_on_civilians", "Attack", "armed or violent attack on civilians", True),
    IncidentType("abduction", "Abduction/forced disappearance",
                 "kidnapping, abduction or a person taken away and not seen again", True),
    IncidentType("protest", "Peaceful protest", "a demonstration, rally, march or picket without intervention"),
    IncidentType("protest_with_intervention", "Protest with intervention",
                 "a peaceful protest that is dispersed or whose participants are detained"),
    IncidentType("excessive_force_against_protesters", "Excessive force against protesters",
                 "lethal or severe force against protesters", True),
    IncidentType("riot", "Violent demonstration", "demonstrators engage in violence or vandalism", True),
    IncidentType("mob_violence", "Mob violence", "a mob attacks people or property", True),
    IncidentType("ceasefire_agreement", "Agreement", "a ceasefire, peace deal, exchange or agreement is reached"),
    IncidentType("arrest", "Arrests", "detention or arrest by state forces"),
    IncidentType("troop_movement", "Change to group/activity",
                 "troops deployed, withdrawn or moved; a group changes its activity"),
    IncidentType("weapons_seized", "Disrupted weapons use",
                 "weapons or explosives seized, defused or intercepted (not demining of old fields)"),
    IncidentType("base_established", "Headquarters or base established", "a base, post or headquarters set up"),
    IncidentType("property_destruction", "Looting/property destruction",
                 "houses or property burned, destroyed, looted or vandalised"),
    IncidentType("territory_transfer", "Non-violent transfer of territory",
                 "territory handed over without fighting"),
    IncidentType("aid_delivery", "Other", "humanitarian aid convoy, trucks or supplies delivered"),
    IncidentType("patrol_or_escort", "Other", "a patrol, escort or monitoring visit"),
    IncidentType("checkpoint_or_road_closure", "Other", "a checkpoint set up or a road or crossing closed or reopened"),
    IncidentType("mine_clearance", "Other", "demining, clearing of mines or unexploded ordnance"),
    IncidentType("security_measure", "Other",
                 "curfew, state of emergency, ban on gatherings, suspension of operations, a mass grave found"),
    IncidentType("official_statement", "Other", "a protest note, official complaint, appeal, threat or statement"),
]

TYPES: dict[str, IncidentType] = {t.name: t for t in _TYPES}


def acled_of(type_name: str) -> tuple[str, str]:
    """(ACLED event type, ACLED sub-event type) of a presswatch incident type."""
    t = TYPES[type_name]
    return t.acled_event_type, t.acled_sub_event_type


# one side's "detention" of a person is the other side's "abduction": reports of one event under either name
DETENTION = {"arrest", "abduction"}


def family(name: str) -> str:
    """The group of types that can describe one event in two reports (see :func:`same_family`).

    Reports of one exchange of fire call it shooting, a ceasefire violation or shelling, and one side's "fire at
    farmers" is the other's "exchange of fire": the violent types of Battles and Explosions/Remote violence and
    ``attack_on_civilians`` are one family ("fire"); one side's detention is the other's abduction ("detention");
    the three protest types are one family (a rally one source calls peaceful another reports broken up);
    the other violent types are one family per ACLED event type (riots and mob violence; sexual violence alone,
    its event type's other two types being in the families above). Every other type is a family of its own.
    """
    if name in DETENTION:
        return "detention"
    t = TYPES.get(name)
    if t is not None and t.acled_event_type == PROTESTS:
        return PROTESTS  # one side's rally is the other's "protest broken up by police": one event
    if t is None or not t.violent:
        return name
    if t.acled_event_type in (BATTLES, REMOTE) or name == "attack_on_civilians":
        return "fire"
    return t.acled_event_type


def same_family(a: str, b: str) -> bool:
    """Whether two incident types can describe the same event in two reports: they are one :func:`family`.

    One relation, so that the linker's blocking by family (which never compares reports of two families) and its
    scoring (which joins types of one family) agree, and so that it is transitive: an abduction is not an attack on
    civilians, though an attack on civilians may be an exchange of fire and an abduction a detention.
    """
    return a == b or family(a) == family(b)
