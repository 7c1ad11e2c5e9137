"""Azerbaijani: the words that state an incident, its counts and dates, and the words that cancel one.

The names of :mod:`presswatch.analyzers.incidents.lang_en` (see there) for the incidents a Ministry of Defence
bulletin or a news report in Azerbaijani states most: ceasefire violations ("atəşkəs rejimini pozub", "atəşə
tutub", "təxribat"), shelling ("minaatan", "artilleriya"), drones ("PUA"), mines and demining ("minaya düşüb",
"minatəmizləmə"), aid, road closures ("yolu bağlayıb"), detentions, abductions, attacks on civilians, patrols,
statements; killed ("şəhid olub", "həlak olub"), wounded ("yaralanıb", "xəsarət alıb"). Words are stems followed by
any suffixes (Azerbaijani is agglutinative: "atəşə tutulub", "atəşə tutublar"); a verb's negation is a suffix
("pozulmayıb"), read by :data:`NEGATED`. Dates come from :mod:`presswatch.nlp.az`. Written on invented sentences
only: there is no Azerbaijani incident set to measure them on.
"""

from __future__ import annotations

import re

from presswatch.nlp.az import (  # noqa: F401  (the date finder reads them from this module)
    EXPLICIT_DATES,
    LAST_BEFORE,
    MONTH_YEAR,
    MONTHS,
    NIGHT_OF,
    RELATIVE_DAYS,
    WEEKDAY,
    WEEKDAYS,
    YEAR_ONLY,
    AzKeys,
)

_I = re.IGNORECASE
_L = r"[^\W\d_]"
_S = rf"{_L}*"  # any suffixes


def _p(pattern: str) -> re.Pattern[str]:
    """``pattern`` at word boundaries."""
    return re.compile(rf"(?<!{_L})(?:{pattern})(?!{_L})", _I)


TRIGGERS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "ceasefire_violation": [
        (_p(rf"atəşkəs{_S} (?:rejim{_S} )?poz{_S}|atəşkəs{_S} pozuntu{_S}"), 1.2),
        (_p(rf"atəş aç{_S}|atəşə tut{_S}|atışma{_S}|təxribat{_S}|atəş{_S} (?:altına|altında)"), 1.0),
    ],
    "shelling": [(_p(rf"minaatan{_S}|artilleriya{_S}|top atəşi{_S}|mərmi{_S}|raket zərbə{_S}"), 1.05)],
    "air_or_drone_strike": [
        (_p(rf"hava zərbə{_S}|(?:PUA|dron){_S} (?:ilə |vasitəsilə )?(?:zərbə|hücum){_S}"), 1.1),
        (_p(rf"PUA{_S}|pilotsuz uçan aparat{_S}|dron{_S}"), 0.95),
    ],
    "mine_explosion": [
        (_p(rf"minaya düş{_S}|mina{_S} partla{_S}|partlayıcı qurğu{_S}"), 1.2),
        (_p(rf"partlayış{_S}|partla{_S}"), 0.8),
    ],
    "mine_clearance": [(_p(rf"minatəmizləmə{_S}|minalardan təmizlə{_S}|zərərsizləşdiril{_S}|ANAMA{_S}"), 1.35)],
    "attack_on_civilians": [
        (
            _p(
                rf"(?:atəş|hücum){_S} (?:{_L}+ ){{0,3}}?(?:dinc|mülki) (?:sakin|əhali|şəxs){_S}|(?:dinc|mülki) "
                rf"(?:sakin|əhali|şəxs){_S} (?:{_L}+ ){{0,3}}?(?:atəşə tut|hücum){_S}|yaşayış məntəqə{_S} (?:{_L}+ ){{0,2}}?"
                rf"atəşə tut{_S}"
            ),
            1.1,
        )
    ],
    "abduction": [(_p(rf"girov götürül{_S}|qaçırıl{_S}|oğurlan{_S}"), 1.3)],
    "arrest": [(_p(rf"həbs ed{_S}|həbs olun{_S}|saxlanıl{_S}|tutulub"), 1.0)],
    "aid_delivery": [(_p(rf"humanitar (?:yük|yardım|karvan){_S}"), 1.0)],
    "patrol_or_escort": [(_p(rf"patrul{_S}|müşayiət{_S}"), 0.9)],
    "checkpoint_or_road_closure": [
        (
            _p(
                rf"(?:yol|dəhliz|hərəkət){_S} (?:{_L}+ ){{0,2}}?bağla{_S}|blokada{_S}|buraxılış məntəqə{_S}|"
                rf"keçid məntəqə{_S}|nəzarət-buraxılış{_S}"
            ),
            1.05,
        )
    ],
    "official_statement": [(_p(rf"pislə{_S}|qına{_S}|etiraz nota{_S}|çağırış ed{_S}"), 0.7)],
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
INTERVENTION = _p(rf"dağıd{_S}|saxlanıl{_S}")
LETHAL = _p(rf"şəhid ol{_S}|həlak ol{_S}|öldürül{_S}|ölüb")
PROTEST_VIOLENCE = _p(rf"yandır{_S}|dağıt{_S}|iğtişaş{_S}")
FIRE_AT_CIVILIANS = re.compile(rf"atəş{_S}\s+(?:{_L}+\s+){{0,4}}?(?:dinc|mülki)\s+(?:sakin|əhali){_S}", _I)
TERRITORY_STATE = _p(rf"ordu{_S}|silahlı qüvvə{_S}|hökumət{_S}")
TERRITORY_NONSTATE = _p(rf"silahlı birləşmə{_S}|separatçı{_S}|qiyamçı{_S}")

NEGATED = [
    _p(
        rf"(?:pozuntu|insident|atəş|hadisə){_S} (?:{_L}+ ){{0,2}}?(?:qeydə alınmayıb|qeydə alınmamışdır|olmayıb|"
        rf"baş verməyib|müşahidə (?:edilməyib|olunmayıb))"
    ),
    _p(rf"atəşkəs{_S} (?:rejim{_S} )?pozulmayıb"),
    _p(rf"vəziyyət (?:{_L}+ ){{0,2}}?(?:sakit|sabit)(?:dir|dır|keçib)?|sakit keçib"),
]
DENIAL = [
    _p(
        rf"həqiqəti əks etdirmir|yalan(?:dır)?|dezinformasiya{_S}|təkzib ed{_S}|əsassız{_S}|uydurma{_S}|"
        rf"atəş açmayıb|atəş açılmayıb"
    ),
]
HYPOTHETICAL = _p(rf"əgər|ehtimal{_S}|mümkün{_S}|təhlükə{_S}|risk{_S}|hədələ{_S}|xəbərdarlıq{_S}|qarşısını")
MODAL_AFTER = re.compile(r"bilər|bilərlər|biləcək|bilməz|mümkündür|qarşısını|ehtimal", _I)
BACKGROUND_DAYS = 21
MIN_SCORE = 0.75
BOILERPLATE = re.compile(
    r"^\s*(?:digər xəbərlər|oxşar xəbərlər|son xəbərlər|həmçinin oxuyun|bu mövzuda)"
    r"\s*[:.\-–—]?\s*$",
    _I | re.MULTILINE,
)

NUMBER_WORDS = AzKeys(
    {
        "bir": 1,
        "iki": 2,
        "üç": 3,
        "dörd": 4,
        "beş": 5,
        "altı": 6,
        "yeddi": 7,
        "səkkiz": 8,
        "doqquz": 9,
        "on": 10,
        "iyirmi": 20,
        "yüz": 100,
        "bir neçə": None,
        "onlarla": None,
    }
)
_NUM = (
    r"(?P<n>(?<!\d[,.])\d+(?:[ \u00a0]\d{3})*(?![,.]\d)|"
    + "|".join(sorted((k for k in NUMBER_WORDS if " " not in k), key=len, reverse=True))
    + ")"
)
_PEOPLE = (
    rf"(?:{_L}+ )?(?:hərbçi{_S}|əsgər{_S}|hərbi qulluqçu{_S}|sakin{_S}|nəfər{_S}|şəxs{_S}|uşaq{_S}|"
    rf"qadın{_S}|kişi{_S}|polis{_S}|sülhməramlı{_S}|jurnalist{_S}|minaaxtaran{_S}|zabit{_S})"
)
_FATE = {
    "killed": rf"şəhid ol{_S}|həlak ol{_S}|öldürül{_S}|ölüb",
    "wounded": rf"yaralan{_S}|xəsarət al{_S}",
    "detained": rf"saxlanıl{_S}|həbs olun{_S}|həbs edil{_S}",
    "abducted": rf"girov götürül{_S}|qaçırıl{_S}",
    "missing": rf"itkin düş{_S}",
    "released": rf"azad edil{_S}|azad olun{_S}|qaytarıl{_S}",
}
COUNT_PATTERNS: list[tuple[re.Pattern[str], str]] = []
for _fate, _words in _FATE.items():
    # "iki hərbçi yaralanıb", "bir nəfər həlak olub"
    COUNT_PATTERNS.append((re.compile(rf"(?<!{_L}){_NUM}\s+{_PEOPLE}\s+(?:{_L}+ ){{0,2}}?(?:{_words})", _I), _fate))
for _noun, _key in [
    (rf"pozuntu{_S}|dəfə", "violations"),
    (rf"yük maşın{_S}|tır{_S}", "trucks"),
    (rf"ton{_S}", "tonnes"),
    (rf"mina{_S}|mərmi{_S}|partlayıcı{_S}|sursat{_S}", "munitions"),
    (rf"hektar{_S}", "hectares"),
    (rf"PUA{_S}|dron{_S}", "drones"),
    (rf"ev{_S}|bina{_S}", "buildings"),
]:
    COUNT_PATTERNS.append((re.compile(rf"(?<!{_L}){_NUM}\s+(?:{_L}+ ){{0,2}}?(?:{_noun})(?!{_L})", _I), _key))
COUNT_PATTERNS.append((re.compile(rf"(?<!{_L}){_NUM}\s+{_PEOPLE}", _I), "people"))

ACTOR = re.compile(
    r"(?<![\w])(?:(?:Azərbaycan|Ermənistan)(?: Respublikasının)? (?:Silahlı Qüvvələri|silahlı qüvvələri|ordusu|"
    r"Müdafiə Nazirliyi)\w*|erməni (?:silahlı birləşmələri|hərbçiləri|tərəfi)\w*|Azərbaycan tərəfi\w*|"
    r"sülhməramlı\w*|ANAMA)(?![\w])",
    _I,
)
