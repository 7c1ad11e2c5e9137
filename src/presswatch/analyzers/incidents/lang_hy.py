"""Armenian: the words that state an incident, its counts and dates, and the words that cancel one.

The names of :mod:`presswatch.analyzers.incidents.lang_en` (see there) for the incidents a Ministry of Defence
bulletin or a news report in Armenian states most: ceasefire violations ("հրադադարի ռեժիմը խախտել է", "կրակ է
բացել", "կրակոցներ", "սադրանք"), shelling ("հրետակոծել", "ականանետ"), drones ("ԱԹՍ", "անօդաչու"), mines and
demining ("ականի վրա պայթել", "ականազերծում"), aid, road closures ("ճանապարհը փակել", "շրջափակում"), detentions,
abductions, attacks on civilians ("խաղաղ բնակավայրերը գնդակոծել"), patrols, statements; killed ("զոհվել է"),
wounded ("վիրավորվել է"). A sentence with "՞" asks, and is no report (:data:`NEGATED`). Dates come from
:mod:`presswatch.nlp.hy`. Written on invented sentences only: there is no Armenian incident set to measure them on.
"""

from __future__ import annotations

import re

from presswatch.nlp.hy import (  # noqa: F401  (the date finder reads them from this module)
    EXPLICIT_DATES,
    LAST_BEFORE,
    MONTH_YEAR,
    MONTHS,
    NIGHT_OF,
    RELATIVE_DAYS,
    WEEKDAY,
    WEEKDAYS,
    YEAR_ONLY,
)

_I = re.IGNORECASE
_S = r"\w*"


def _p(pattern: str) -> re.Pattern[str]:
    """``pattern`` at word boundaries."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", _I)


_FIRE = r"(?:կրակ|հրետակոծ|գնդակոծ|հարձակ|հարված)"
_CIVIL = r"(?:խաղաղ բնակ|քաղաքացիական|բնակավայր|գյուղ|տներ|դպրոց|հիվանդանոց)"
TRIGGERS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "ceasefire_violation": [
        (_p(rf"հրադադար{_S} (?:ռեժիմ{_S} )?խախտ{_S}|խախտ{_S} (?:է |են )?հրադադար{_S}"), 1.2),
        (_p(rf"կրակ (?:է |են )?բաց{_S}|կրակոց{_S}|փոխհրաձգ{_S}|հրաձգ{_S}|սադրանք{_S}|գնդակոծ{_S}"), 1.0),
    ],
    "shelling": [(_p(rf"հրետակոծ{_S}|ականանետ{_S}|հրետանի{_S}|արկ(?:եր|երով|երի|ը|ով|ի)?|հրթիռային հարված{_S}"), 1.05)],
    "air_or_drone_strike": [
        (_p(rf"ավիահարված{_S}|օդային հարված{_S}|(?:ԱԹՍ|անօդաչու|դրոն){_S} (?:{_S} ){{0,2}}?հարված{_S}"), 1.1),
        (_p(rf"ԱԹՍ{_S}|անօդաչու{_S}|դրոն{_S}"), 0.95),
    ],
    "mine_explosion": [
        (_p(rf"ական{_S} (?:է |են )?պայթ{_S}|ականի վրա|պայթուցիկ սարք{_S}"), 1.2),
        (_p(rf"պայթյուն{_S}|պայթ{_S}"), 0.8),
    ],
    "mine_clearance": [(_p(rf"ականազերծ{_S}|վնասազերծ{_S}|սակրավոր{_S}"), 1.35)],
    "attack_on_civilians": [
        (_p(rf"{_FIRE}{_S} (?:\w+ ){{0,3}}?{_CIVIL}{_S}|{_CIVIL}{_S} (?:\w+ ){{0,3}}?{_FIRE}{_S}"), 1.1)
    ],
    "abduction": [(_p(rf"առևանգ{_S}|պատանդ{_S}"), 1.3)],
    "arrest": [(_p(rf"ձերբակալ{_S}|կալանավոր{_S}|գերեվար{_S}"), 1.1)],
    "aid_delivery": [(_p(rf"մարդասիրական (?:բեռ|օգնություն|շարասյուն){_S}|հումանիտար{_S}"), 1.0)],
    "patrol_or_escort": [(_p(rf"պարեկ{_S}|ուղեկց{_S}"), 0.9)],
    "checkpoint_or_road_closure": [
        (
            _p(
                rf"(?:ճանապարհ|միջանցք|երթևեկություն|անցակետ){_S} (?:\w+ ){{0,2}}?(?:փակ|արգելափակ|շրջափակ){_S}|"
                rf"շրջափակում{_S}|անցակետ{_S}"
            ),
            1.05,
        )
    ],
    "official_statement": [(_p(rf"դատապարտ{_S}|կոչ (?:է|են) անում|կոչ արեց|բողոքի նոտա{_S}"), 0.7)],
    **{
        k: []
        for k in (
            "suicide_bombing",
            "grenade_attack",
            "chemical_weapon",
            "sexual_violence",
            "protest",
            "riot",
            "mob_violence",
            "ceasefire_agreement",
            "troop_movement",
            "weapons_seized",
            "base_established",
            "property_destruction",
            "territory_regained",
            "territory_taken",
            "territory_transfer",
            "security_measure",
        )
    },
}
INTERVENTION = _p(rf"ցրել{_S}|ձերբակալ{_S}")
LETHAL = _p(rf"զոհվ{_S}|սպանվ{_S}|սպանել{_S}")
PROTEST_VIOLENCE = _p(rf"այրել{_S}|ջարդ{_S}|անկարգություն{_S}")
FIRE_AT_CIVILIANS = re.compile(rf"{_CIVIL}{_S}\s+(?:\w+\s+){{0,3}}?{_FIRE}{_S}", _I)
TERRITORY_STATE = _p(rf"բանակ{_S}|զինված ուժեր{_S}|կառավարություն{_S}")
TERRITORY_NONSTATE = _p(rf"զինյալ{_S}|ապստամբ{_S}")

NEGATED = [
    _p(rf"(?:խախտում|միջադեպ|կրակոց|դեպք){_S} (?:\w+ ){{0,2}}?(?:չի|չեն) (?:եղել|գրանցվել|արձանագրվել|նկատվել)"),
    _p(r"իրավիճակը (?:\w+ ){0,2}?(?:հանգիստ|կայուն) (?:է|էր|է եղել)"),
    re.compile("\u055e"),  # a question
]
DENIAL = [
    _p(
        rf"չի համապատասխանում իրականությանը|իրականությանը չի համապատասխանում|ապատեղեկատվություն{_S}|հերք{_S}|"
        rf"անհիմն{_S}|կեղծ{_S}|սուտ{_S}|կրակ չեն բացել|կրակ չի բացվել"
    ),
]
HYPOTHETICAL = _p(rf"կարող{_S}|հնարավոր{_S}|եթե|վտանգ{_S}|սպառնալիք{_S}|զգուշացն{_S}|կանխել{_S}|խուսափել{_S}")
MODAL_AFTER = re.compile(r"կարող|հնարավոր|կանխելու", _I)
BACKGROUND_DAYS = 21
MIN_SCORE = 0.75
BOILERPLATE = re.compile(
    r"^\s*(?:այլ նորություններ|նմանատիպ նյութեր|կարդացեք նաև|վերջին լուրեր|թեմայի շուրջ)"
    r"\s*[:.\-–—]?\s*$",
    _I | re.MULTILINE,
)

NUMBER_WORDS = {
    "մեկ": 1,
    "մի": 1,
    "երկու": 2,
    "երեք": 3,
    "չորս": 4,
    "հինգ": 5,
    "վեց": 6,
    "յոթ": 7,
    "ութ": 8,
    "ինը": 9,
    "տասը": 10,
    "քսան": 20,
    "հարյուր": 100,
    "մի քանի": None,
    "տասնյակ": None,
}
_NUM = (
    r"(?P<n>(?<!\d[,.])\d+(?:[ \u00a0]\d{3})*(?![,.]\d)|"
    + "|".join(sorted((k for k in NUMBER_WORDS if " " not in k), key=len, reverse=True))
    + ")"
)
_PEOPLE = (
    rf"(?:\w+ )?(?:զինծառայող{_S}|զինվոր{_S}|խաղաղ բնակիչ{_S}|բնակիչ{_S}|մարդ{_S}|անձ{_S}|երեխա{_S}|"
    rf"կին{_S}|տղամարդ{_S}|ոստիկան{_S}|խաղաղապահ{_S}|լրագրող{_S}|քաղաքացի{_S}|սակրավոր{_S}|սպա{_S})"
)
_FATE = {
    "killed": rf"զոհվ{_S}|սպանվ{_S}|մահաց{_S}",
    "wounded": rf"վիրավորվ{_S}|վիրավոր(?:ում)? (?:է|են) ստաց{_S}|վնասվածք{_S} (?:է |են )?ստաց{_S}",
    "detained": rf"ձերբակալվ{_S}|կալանավորվ{_S}",
    "abducted": rf"առևանգվ{_S}",
    "missing": rf"անհետ կորած{_S}",
    "released": rf"ազատ (?:է|են) արձակվ{_S}|վերադարձվ{_S}",
}
COUNT_PATTERNS: list[tuple[re.Pattern[str], str]] = []
for _fate, _words in _FATE.items():
    # "երկու զինծառայող վիրավորվել է", "զոհվել է մեկ զինծառայող"
    COUNT_PATTERNS.append((re.compile(rf"(?<!\w){_NUM}\s+{_PEOPLE}\s+(?:\w+ ){{0,2}}?(?:{_words})", _I), _fate))
    COUNT_PATTERNS.append((re.compile(rf"(?<!\w)(?:{_words})(?: (?:է|են))?\s+{_NUM}\s+{_PEOPLE}", _I), _fate))
for _noun, _key in [
    (rf"խախտում{_S}|անգամ", "violations"),
    (rf"բեռնատար{_S}", "trucks"),
    (rf"տոննա{_S}", "tonnes"),
    (rf"ական{_S}|արկ{_S}|զինամթերք{_S}|պայթուցիկ{_S}", "munitions"),
    (rf"հեկտար{_S}", "hectares"),
    (rf"ԱԹՍ{_S}|անօդաչու{_S}|դրոն{_S}", "drones"),
    (rf"տուն{_S}|տներ{_S}|շենք{_S}", "buildings"),
]:
    COUNT_PATTERNS.append((re.compile(rf"(?<!\w){_NUM}\s+(?:\w+ ){{0,2}}?(?:{_noun})(?!\w)", _I), _key))
COUNT_PATTERNS.append((re.compile(rf"(?<!\w){_NUM}\s+{_PEOPLE}", _I), "people"))

ACTOR = re.compile(
    r"(?<![\w])(?:(?:Ադրբեջանի|Հայաստանի) (?:զինված ուժեր|բանակ|ՊՆ)\w*|ադրբեջանական (?:կողմ|զինված ուժեր|"
    r"ստորաբաժանում)\w*|հայկական (?:կողմ|զինված ուժեր)\w*|խաղաղապահ\w*|Պաշտպանության բանակ\w*)(?![\w])",
    _I,
)
