"""Sourcing in Azerbaijani: reporting verbs, "according to" phrases and quotes (see :mod:`.rules_light`).

"Müdafiə Nazirliyi bildirib ki, ...", "«...», - deyə nazir qeyd edib.", "Mənbələrin məlumatına görə, ...",
"APA-ya istinadən", "bildirilir ki, ..." (nobody named), «...» and "..." quotes; the kinds of source from the words
of the source ("mənbə": anonymous, "agentliyi": media outlet, "bəyanat": document, "nazirliyi": organisation,
"sözçü", "nazir": a role, a role with a name: a person).
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.analyzers.sourcing.rules_light import Lexicon
from presswatch.analyzers.sourcing.rules_light import extract as _extract
from presswatch.model import Span
from presswatch.nlp.az import lower

_I = re.IGNORECASE
_W = r"[^\W\d_]"
_PL = r"(?:lər|lar)?"
_VERBS = (
    r"bildir(?:ib|di|ir|əcək)|məlumat ver(?:ib|di|ir)|xəbər ver(?:ib|di|ir)|de(?:yib|di|yir)|söylə(?:yib|di|yir)|"
    r"qeyd ed(?:ib|ir)|qeyd etdi|vurğula(?:yıb|dı|yır)|açıqla(?:yıb|dı|yır)|bəyan ed(?:ib|ir)|bəyan etdi|"
    r"iddia ed(?:ib|ir)|iddia etdi|təkzib ed(?:ib|ir)|təkzib etdi|əlavə ed(?:ib|ir)|əlavə etdi|"
    r"xatırla(?:dıb|dı|dır)|təsdiqlə(?:yib|di|yir)|yaz(?:ıb|ır|dı)|çağırış ed(?:ib|ir)"
)
LEXICON = Lexicon(
    verbs=re.compile(rf"(?<!{_W})(?:{_VERBS}){_PL}(?!{_W})", _I),
    according_before=re.compile(
        r"(?P<src>[^,.;:«»\"\n!?]{1,80}?)\s+(?P<cue>(?:məlumatına|sözlərinə|açıqlamasına|iddiasına|xəbərinə|"
        r"bildirdiyinə|dediyinə|verdiyi məlumata|yaydığı məlumata|hesablamalarına)\s+görə|fikrincə|istinadən)"
        rf"(?!{_W})",
        _I,
    ),
    according_after=re.compile(r"(?P<cue>(?!x)x)(?P<src>x)"),
    passive=re.compile(
        rf"(?<!{_W})(?:bildiril(?:ib|ir|di)|məlumat veril(?:ib|ir|di)|xəbər veril(?:ib|ir|di)|qeyd olun(?:ub|ur)|"
        rf"açıqlan(?:ıb|ır)|iddia olun(?:ub|ur)|(?:alınan |əldə olunan |ilkin )?məlumata görə)(?!{_W})",
        _I,
    ),
    complementiser=re.compile(rf"\s+ki(?!{_W})\s*,?\s*", _I),
    quote_link=re.compile(r"\s*,?\s*[-–—]?\s*deyə\s+|\s*,\s*[-–—]\s*", _I),
    evidential=re.compile(
        rf"(?<!{_W})(?:şübhəsiz(?:dir)?|açıq-aydın|hamıya məlumdur|sübut olunub|heç kimə sirr deyil)(?!{_W})", _I
    ),
    anonymous=("mənbə", "məlumatlı", "şahid", "anonim"),
    media=("agentli", "qəzet", "sayt", "portal", "telekanal", "apa", "trend", "report", "azərtac", "televiziya"),
    document=("bəyanat", "hesabat", "bülleten", "sənəd", "məktub", "press-reliz", "açıqlama"),
    organisation=(
        "nazirli",
        "xin",
        "mn",
        "ordu",
        "hökumət",
        "administrasiya",
        "komitə",
        "xidmət",
        "missiya",
        "idarə",
        "parlament",
        "məclis",
        "polis",
        "prokurorluq",
        "qərargah",
        "aparat",
        "bmt",
        "atət",
        "tərəf",
        "komandanlıq",
    ),
    role=(
        "nazir",
        "sözçü",
        "nümayəndə",
        "prezident",
        "komandir",
        "sakin",
        "ekspert",
        "rəis",
        "müavin",
        "köməkçi",
        "deputat",
        "general",
        "zabit",
        "hərbçi",
        "jurnalist",
        "müşahidəçi",
        "səfir",
        "rəhbər",
        "sədr",
    ),
    pronouns=frozenset({"o", "onlar"}),
    lower=lower,
)


def extract(text: str, parsed: Any) -> list[Span]:
    """The sourcing spans of an Azerbaijani ``text`` from its :class:`~presswatch.nlp.light.LightParse`."""
    return _extract(text, parsed, LEXICON)
