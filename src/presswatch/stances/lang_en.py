"""English: the words that deny, doubt, hedge, attribute or confirm a claim.

Everything language-specific of the stance model is here, one module per language with the same name
(``CUES``), so that a Russian or an Azerbaijani list can be added beside it without touching the model: the
model reads how many cues of each *category* a sentence holds, never which words they are. A category is a list
of regular expressions, matched case-insensitively on word boundaries.

Categories (:data:`presswatch.stances.features.CUE_CATEGORIES`):

* ``refute``: the text says the claim is false ("denied", "groundless", "hoax", "no evidence", "debunked");
* ``doubt``: the text questions it without refuting it ("skeptical", "unlikely", "questionable");
* ``hedge``: the claim is reported as unconfirmed ("reportedly", "allegedly", "rumours", "could");
* ``attribute``: somebody else says it ("according to", "said", "told");
* ``confirm``: the text vouches for it ("confirmed", "it is true", "officials announced");
* ``negation``: a plain negation ("not", "never", "no"), read against the claim's own negations.

Question marks are counted by the model itself (they are the same in most scripts).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", _I)


CUES: dict[str, list[re.Pattern[str]]] = {
    "refute": [
        _p(
            r"den(?:y|ies|ied|ying|ial|ials)|refut\w*|rebut\w*|debunk\w*|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?"
            r"|contradict\w*|disput(?:e|es|ed|ing)|counter(?:ed|s)? (?:the |these |those )?(?:claims?|reports?)"
        ),
        _p(
            r"false(?:ly|hood|hoods)?|fake[ds]?|hoax(?:es)?|bogus|fabricat\w*|made[- ]up|made it up|untrue|not true"
            r"|(?:isn't|is not|wasn't|was not|aren't|are not) (?:\w+ )?(?:true|real|genuine|authentic|accurate)"
        ),
        _p(
            r"groundless|baseless|unfounded|without (?:any )?(?:basis|foundation)|no (?:truth|basis|foundation)"
            r"|(?:no|zero|little) (?:\w+ ){0,2}evidence|nothing to (?:do with|suggest|support)"
        ),
        _p(
            r"(?:do(?:es)?|did) not (?:correspond|reflect) (?:to )?(?:reality|the truth|the facts)"
            r"|(?:never|did not|didn't) (?:happen|take place|occur)"
            r"|no such (?:\w+ ){0,2}(?:took place|happened|occurred)"
        ),
        _p(
            r"disinformation|misinformation|propaganda|satir\w*|parody|spoof|prank|photoshopped|doctored|staged"
            r"|myth|nonsense|rubbish|absurd|ridiculous|misleading|inaccurate|incorrect|erroneous|wrong"
        ),
        _p(r"retract(?:ed|s|ion)?|corrected|correction|set the record straight|turned out (?:to be )?(?:false|fake)"),
    ],
    "doubt": [
        _p(
            r"doubt\w*|skeptic\w*|sceptic\w*|question(?:ed|able|ing)|suspicious|dubious|unlikely|implausible"
            r"|hard to believe|not so fast|not (?:be )?the case|remains? to be seen|too good to be true"
        ),
        _p(
            r"unverified|unconfirmed|could not (?:be )?(?:verif|confirm)\w*|cannot (?:be )?(?:verif|confirm)\w*"
            r"|has not (?:been )?(?:verif|confirm)\w*|not (?:yet |independently )?(?:been )?(?:verif|confirm)\w*"
        ),
    ],
    "hedge": [
        _p(
            r"reportedly|allegedly|alleged|purportedly|supposedly|apparently|seemingly|claim(?:s|ed|ing)?"
            r"|rumou?r(?:s|ed)?|speculat\w*|unclear|not clear|if true|it is possible|possibly|perhaps|maybe"
        ),
        _p(r"may|might|could|appears? to|seems? to|is said to|are said to|is believed to|are believed to"),
    ],
    "attribute": [
        _p(
            r"according to|said|says|told|stated|statement|spokes(?:man|woman|person)|sources?|reports?|reported"
            r"|reporting|wrote|writes|tweeted|posted|quoted|cited|claims? by"
        ),
    ],
    "confirm": [
        _p(
            r"confirm(?:s|ed|ing|ation)?|verified|(?:is|was|are|were) (?:indeed |actually )?true|indeed|in fact"
            r"|announced|officially|proved|proven|evidence (?:shows|showed|suggests)|authentic|genuine"
        ),
    ],
    "negation": [
        _p(r"not|no|never|none|nobody|nothing|neither|nor|without|\w+n't"),
    ],
}
