"""Word lists for the ``sourcing`` analyzer (English).

The reporting-verb lemmas below were written for this project; part of them is derived from the
Gender Gap Tracker's quote verb list (sfu-discourse-lab/GenderGapTracker, nlp/english/rules/
quote_verb_list.txt, MIT licence, Copyright (c) 2018-2023 Maite Taboada), reduced to lemmas and
extended with verbs of belief, intention and evaluation that attribution corpora (PARC, PolNeAR) count.
"""

from __future__ import annotations


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# verbs of saying / reporting / writing: a subject of one of these is a source
SPEECH_VERBS = _words("""
acclaim acknowledge add admit advise allege announce answer argue ask assert assure attest
boast brag caution charge claim clarify comment complain concede conclude confess confirm contend
counter declare decry demand deny describe disclose dismiss dispute emphasize emphasise estimate
exclaim explain forecast grumble highlight hint indicate inform insist instruct joke lament maintain
mention mock note notify object observe opine order outline pledge point post predict proclaim
promise propose protest quip reaffirm reassert reassure recall reckon recount reiterate remark
remind reply report respond restate retort reveal say scoff speculate state stress suggest swear
tell testify threaten tout tweet urge vow warn write yell shout scream cry whisper
""")

# verbs of belief, knowledge, intention, evaluation (PolNeAR annotates these as attributions too)
# (think, know, want, believe... are left out: in news they are mostly inside quotes or hedges)
THOUGHT_VERBS = _words("""
fear hope hop expect doubt suspect worry wonder predict agree disagree
""")

# verbs that take "on/for X to ..." or an object + content
CALL_VERBS = _words("call urge accuse criticize criticise praise blame condemn slam blast")

# verbs whose subject is usually evidence, a document or a study ("the poll shows")
EVIDENCE_VERBS = _words("show find suggest indicate reveal conclude estimate say state read")

# verbs that head an attribution in at least ~35% of their uses in PolNeAR train (400 articles,
# lemmas of the small English spaCy model; "hop" is its lemma of "hoping"): derived counts only
TRAINED_CUE_VERBS = _words("""
accord accuse acknowledge add admit advocate agree allude anger announce answer apologize appear applaud
argue articulate ask assail assert assure balk blame blast boast brag call caution challenge charge cite
claim comment complain concede conclude condemn confirm congratulate convince criticize declare decline
decry deem defend demand denounce deny describe detail devote disavow disclose discuss dismiss distance
document dwell echo email emphasize endorse envision estimate expect explain express fear hail highlight
hint hop imply indicate insist intend interpret joke lament liken list mention mock name note offer
order persuade plead pledge point portray post praise predict prefer press pressure proclaim project
promise propose protest question quote rail rebuff rebut recall recite recommend recount refer
reference refuse reiterate reject remark remind renew repeat reply report repudiate respond reveal rule
say seek seem shout show shrug signal slam speculate state stress suggest suspect tell thank threaten
title tout tweet underscore urge vouch vow warn wonder worry write yell
""")

CUE_LEMMAS = TRAINED_CUE_VERBS | SPEECH_VERBS | THOUGHT_VERBS | CALL_VERBS | EVIDENCE_VERBS

# nouns that report a claim when a that-clause follows ("his claim that ...", "the warning that ...")
NOUN_CUES = _words("""
claim suggestion statement assertion complaint promise pledge hope admission warning argument allegation
accusation belief insistence contention announcement assurance prediction charge fear concern doubt
""")

# nouns that report a stance on what their preposition introduces ("his criticism of X")
NOUN_PREP_CUES: dict[str, frozenset[str]] = {
    "criticism": frozenset(("of", "for", "on", "over")),
    "endorsement": frozenset(("of",)),
    "praise": frozenset(("for", "of")),
    "denunciation": frozenset(("of",)),
    "condemnation": frozenset(("of",)),
    "rejection": frozenset(("of",)),
    "defense": frozenset(("of",)),
}

# adverbs and fixed phrases that mark a claim as reported without naming a source
HEARSAY_ADVERBS = _words("reportedly allegedly purportedly supposedly ostensibly")

# nouns that head a vague or anonymous source
ANONYMOUS_HEADS = _words("""
source insider person people someone somebody some many others other observer critic expert
analyst witness resident eyewitness diplomat rumor rumour report reports account accounts
""")
# words that make an otherwise concrete noun phrase anonymous ("informed sources", "a person familiar")
ANONYMOUS_MODIFIERS = _words("""
informed unnamed anonymous unidentified familiar knowledgeable several some many certain
""")

# nouns that head a document source ("the bulletin said", "the statement reads")
DOCUMENT_HEADS = _words("""
statement bulletin report document letter memo memorandum release communique communiqué filing
study survey poll paper analysis review assessment record records data figures transcript email
e-mail tweet post message note resolution decree order indictment complaint lawsuit ruling verdict
affidavit testimony book article editorial op-ed column website web site page video footage
announcement declaration plan proposal bill law draft text platform manifesto textbook
""")

# media outlets by name or head noun
MEDIA_HEADS = _words("""
newspaper paper daily weekly magazine agency broadcaster channel network station outlet tabloid
radio television tv website journal gazette times post herald tribune telegraph guardian
""")
MEDIA_NAMES = _words("""
tass ria interfax reuters ap afp bloomberg cnn bbc msnbc fox nbc abc cbs npr pbs politico axios
breitbart huffpost huffington buzzfeed vice vox slate salon xinhua sputnik rt al-jazeera aljazeera
jazeera dpa efe ansa anadolu trend apa armenpress news.am azertac yonhap kyodo nhk haaretz
""")

# organisation or official body heads ("the ministry said")
ORG_HEADS = _words("""
ministry department government cabinet administration office agency army military police force
forces command committee commission council parliament assembly senate congress house court
campaign party union federation association organization organisation institute foundation
company firm corporation bank fund group coalition alliance embassy consulate mission service
presidency kremlin pentagon white-house secretariat authority authorities prosecutor's bureau
board church university school hospital center centre team staff
""")

# person-denoting role nouns ("a senior official", "the general", "the spokesman")
ROLE_HEADS = _words("""
official spokesman spokeswoman spokesperson minister secretary president vice-president premier
chairman chairwoman chair director head chief leader commander general colonel officer soldier
governor mayor senator congressman congresswoman representative lawmaker legislator deputy
ambassador envoy diplomat aide adviser advisor assistant manager executive ceo founder owner
candidate nominee lawyer attorney prosecutor judge doctor professor researcher scientist economist
strategist consultant pollster activist journalist reporter correspondent editor writer author
member chairperson negotiator mediator militant fighter commentator host anchor representative
prime premier king queen prince sheikh pope bishop priest imam rabbi cleric mufti
""")

PERSON_PRONOUNS = _words("he she him her his hers i me we us they them you who whom")

# first names whose bearers are mostly women / men (English-language news and the region's own names); only to
# tell "he" from "she" when linking pronouns. Names used for both (Jordan, Alex, Jean, Lindsey) are left out.
FEMALE_NAMES = _words("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice abigail alice
judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte
marie kayla lori hillary hilary melania ivanka chelsea condoleezza kamala nikki michele tulsi kellyanne huma
loretta sonia elaine eleanor claire ellen jane jill joanne kate katie kristen lucy megyn molly nora
rosa sally sylvia valerie wendy yvonne zoe elena olga natalia natasha tatiana svetlana irina ekaterina yekaterina
yulia julia marina galina ludmila lyudmila valentina oksana alla nina larisa aygun leyla leila gunel sevinj nigar
aysel mehriban lala narmin anahit lilit armine mariam gayane hasmik nune tamar nino ketevan ayse fatma zeynep elif
emine merve ursula sophie camille chloe francesca giulia chiara ingrid greta astrid
""")
MALE_NAMES = _words("""
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick
jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold keith
christian roger noah gerald carl sean austin arthur lawrence dylan bryan joe billy bruce albert willie
gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny barack bill
mike mitt ted marco rand jeb chris ben bernie tim newt rudy reince rick ron mitch harry howard jim tom tony dick
vladimir dmitry dmitri sergei sergey ivan alexei aleksei alexey andrei andrey mikhail nikolai nikolay pavel yuri
igor oleg boris viktor victor petr pyotr ilham heydar ramil elchin rashad farid anar orkhan rauf vugar elnur
nikol serzh armen aram tigran gevorg davit vahagn levon hakob arayik recep mehmet mustafa ahmet ali hasan huseyn
hussein mohammed muhammad ahmed omar emmanuel francois hans karl wolfgang olaf giuseppe luca giovanni
don dan bob ed josh jake jeff greg steve dave rob nick matt andy ken pete marc luis carlos jorge
miguel javier pedro
""")
