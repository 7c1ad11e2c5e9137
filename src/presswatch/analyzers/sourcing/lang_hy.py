"""Sourcing in Armenian: reporting verbs, "according to" phrases and quotes (see :mod:`.rules_light`).

"ՊՆ-ն հայտնել է, որ ...", "«...»,- ասել է նա։", "Աղբյուրների տվյալներով՝ ...", "Ըստ ԱԳՆ-ի, ...", "հաղորդում է
Արմենպրեսը", "հաղորդվում է" (nobody named), «...» quotes; the kinds of source from its words ("աղբյուր":
anonymous, "գործակալություն": media outlet, "հաղորդագրություն": document, "նախարարություն": organisation,
"խոսնակ": a role, a role with a name: a person). The source of a cue that ends a sentence may follow it ("...,
հայտնել է ՊՆ խոսնակը։"). With the Armenian entity model, its PER and ORG entities name the source.
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.analyzers.sourcing.rules_light import Lexicon
from presswatch.analyzers.sourcing.rules_light import extract as _extract
from presswatch.model import Span

_I = re.IGNORECASE
_STEMS = r"(?:հայտն|հաղորդ|տեղեկացն|տեղեկացր|աս|նշ|հայտարար|ընդգծ|պնդ|հերք|հավել|գր|հաստատ|շեշտ|պարզաբան)"
_AUX = r"(?:է|են|էր|էին)"
LEXICON = Lexicon(
    verbs=re.compile(rf"(?<!\w){_STEMS}(?:ել|ում) {_AUX}(?!\w)|(?<!\w){_STEMS}(?:եց|աց)(?:ին)?(?!\w)", _I),
    according_before=re.compile(
        r"(?P<src>[^,.;:«»\"\n!?\u0589\u055d]{1,80}?)\s+(?P<cue>տվյալներով|խոսքով|խոսքերով|համաձայն|հաղորդմամբ|"
        r"փոխանցմամբ|կարծիքով|գնահատմամբ)(?!\w)",
        _I,
    ),
    according_after=re.compile(r"(?<!\w)(?P<cue>ըստ)\s+(?P<src>[^,.;:«»\"\n!?\u0589\u055d]{1,80})", _I),
    passive=re.compile(
        r"(?<!\w)(?:հաղորդվում է|հաղորդվել է|նշվում է|նշվել է|տեղեկացվում է|ասվում է|ասվել է|տեղեկություններ կան)"
        r"(?!\w)",
        _I,
    ),
    complementiser=re.compile(r"\s*,\s*(?:որ|թե)(?!\w)\s*", _I),
    quote_link=re.compile(r"\s*,?\s*[-–—]\s*", _I),
    evidential=re.compile(r"(?<!\w)(?:անկասկած|ակնհայտ է|բոլորին հայտնի է|ապացուցված է|գաղտնիք չէ)(?!\w)", _I),
    anonymous=("աղբյուր", "ականատես", "անանուն", "տեղեկություն", "տվյալ"),
    media=("գործակալ", "կայք", "լրատվական", "թերթ", "հեռուստաընկերություն", "արմենպրես", "news.am", "պորտալ"),
    document=("հաղորդագրություն", "հայտարարություն", "զեկույց", "տեղեկանք", "նամակ", "փաստաթուղթ"),
    organisation=(
        "նախարարություն",
        "պն",
        "ագն",
        "կառավարություն",
        "բանակ",
        "ծառայություն",
        "կոմիտե",
        "առաքելություն",
        "վարչություն",
        "խորհուրդ",
        "ոստիկանություն",
        "դատախազություն",
        "շտաբ",
        "ժողով",
        "գրասենյակ",
        "մակ",
        "եահկ",
        "կողմ",
    ),
    role=(
        "նախարար",
        "խոսնակ",
        "ներկայացուցիչ",
        "նախագահ",
        "վարչապետ",
        "հրամանատար",
        "բնակիչ",
        "փորձագետ",
        "պետ",
        "տեղակալ",
        "պատգամավոր",
        "դեսպան",
        "զինվոր",
        "լրագրող",
        "դիտորդ",
        "ղեկավար",
        "օգնական",
    ),
    pronouns=frozenset({"նա", "նրանք"}),
    lower=str.lower,
    source_after_cue=True,
)


def extract(text: str, parsed: Any) -> list[Span]:
    """The sourcing spans of an Armenian ``text`` from its :class:`~presswatch.nlp.light.LightParse`."""
    return _extract(text, parsed, LEXICON)
