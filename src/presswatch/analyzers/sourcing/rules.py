"""Attribution rules on spaCy's dependency parse: which tokens are cues, and for each cue its source and
content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from presswatch.analyzers.sourcing.lexicon import (
    CALL_VERBS,
    CUE_LEMMAS,
    DOCUMENT_HEADS,
    EVIDENCE_VERBS,
    HEARSAY_ADVERBS,
    NOUN_CUES,
    NOUN_PREP_CUES,
    SPEECH_VERBS,
    THOUGHT_VERBS,
    _words,
)
from presswatch.analyzers.sourcing.model import CANDIDATE_POS, CueModel, features, quote_context
from presswatch.analyzers.sourcing.quotes import _CLOSERS


@dataclass
class _Att:
    cue: list[tuple[int, int]] = field(default_factory=list)  # token ranges [a, b)
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)
    type: str = "indirect"
    kind: str = "anonymous"
    speaker: str | None = None
    role: str | None = None
    cue_token: int = -1
    antecedent: tuple[int, int] | None = None  # token range of the mention the source resolves to


_TRIM_LEFT = set(",;:—–-…")
_TRIM_RIGHT = set(".,;:—–-…")
_QUOTE_CHARS = set("\"'“”„«»‚‘’「」『』")


def _is_quote_mark(tok: Any) -> bool:
    """A quotation mark token, typewriter pairs ('' and ``) included."""
    return bool(tok.text) and all(ch in _QUOTE_CHARS or ch == "`" for ch in tok.text)


def _cue_kind(
    t: Any,
    model: CueModel | None = None,
    in_quote: list[bool] | None = None,
    q_tok: list[tuple[int, int]] | None = None,
) -> str | None:
    low = t.lower_
    if low == "according" and any(c.lower_ == "to" for c in t.children):
        return "according"
    if low in HEARSAY_ADVERBS:
        return "hearsay"
    if t.text in (":", "—", "―") and t.i > 0:
        return "colon"
    if t.pos_ == "NOUN" and (t.lemma_.lower() in NOUN_CUES or t.lemma_.lower() in NOUN_PREP_CUES):
        return "noun"
    if not is_verb_candidate(t):
        return None
    if model is not None and in_quote is not None and q_tok is not None:
        if in_quote[t.i]:
            return None
        return "verb" if model.is_cue(features(t, False, quote_context(t.i, q_tok))) else None
    if t.lemma_.lower() in CUE_LEMMAS:
        return "verb"
    return None


def is_verb_candidate(t: Any) -> bool:
    """A verb that may head a cue (the trained scorer and the word lists look at these only)."""
    return t.pos_ in CANDIDATE_POS and t.dep_ not in ("amod", "compound", "aux", "auxpass")


def _depth(t: Any) -> int:
    d = 0
    while t.head.i != t.i and d < 200:
        t = t.head
        d += 1
    return d


def _end_char(sd: Any, b: int) -> int:
    tok = sd[b - 1]
    return tok.idx + len(tok.text)


def _text(sd: Any, a: int, b: int) -> str:
    return sd[a:b].text


def _att_tokens(att: _Att) -> list[int]:
    out: list[int] = []
    for a, b in att.cue + att.content:
        out.extend(range(a, b))
    if att.source:
        out.extend(range(*att.source))
    return out


def _subtract(ranges: list[tuple[int, int]], used: list[bool]) -> list[tuple[int, int]]:
    out = []
    for a, b in ranges:
        s = None
        for k in range(a, b):
            if not used[k] and s is None:
                s = k
            elif used[k] and s is not None:
                out.append((s, k))
                s = None
        if s is not None:
            out.append((s, b))
    return [(a, b) for a, b in out if b - a >= 2]


def _trim(sd: Any, a: int, b: int) -> tuple[int, int]:
    """Drop punctuation and conjunctions at the edges of a token range (quotation marks stay)."""
    while a < b and (
        sd[a].text in _TRIM_LEFT or sd[a].is_space or sd[a].lower_ in ("and",) and b - a > 1 and sd[a].dep_ == "cc"
    ):
        a += 1
    while b > a and (sd[b - 1].text in _TRIM_RIGHT or sd[b - 1].is_space):
        b -= 1
    # a closing quotation mark whose opening is not in the range goes too
    if b > a and _is_quote_mark(sd[b - 1]) and not any(_is_quote_mark(sd[k]) for k in range(a, b - 1)):
        b -= 1
        while b > a and (sd[b - 1].text in _TRIM_RIGHT or sd[b - 1].is_space):
            b -= 1
    return a, b


def _subtree_range(t: Any) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _cue_range(t: Any) -> tuple[int, int]:
    a, b = t.i, t.i + 1
    left = sorted(
        (
            c
            for c in t.children
            if c.i < t.i
            and c.dep_ in ("aux", "auxpass", "neg", "advmod")
            and c.lower_ not in ("then", "when", "how", "why", "where", "now", "later")
        ),
        key=lambda c: -c.i,
    )
    for c in left:
        if c.i == a - 1:
            a = c.i
    for c in sorted((c for c in t.children if c.i > t.i and c.dep_ == "prt"), key=lambda c: c.i):
        if c.i == b:
            b = c.i + 1
    return a, b


_NOMINAL = frozenset(("NOUN", "PROPN", "PRON", "NUM"))


def _subject(t: Any) -> tuple[Any | None, bool]:
    """The subject token of cue verb ``t`` and whether it is a passive (no-source) construction.

    A source is a noun phrase: a clausal subject ("What he said shows ...") is none. When the parse gives a
    verb several subjects ("Gunfire near X, weapons smuggled ..., and the bulletin speaks of"), the nearest
    one before the verb is taken.
    """
    for c in t.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return (g if g.pos_ in _NOMINAL else None), False
    subjects = [c for c in t.children if c.dep_ == "nsubj"]
    if subjects:
        before = [c for c in subjects if c.i < t.i]
        c = before[-1] if before else subjects[0]
        return (c if c.pos_ in _NOMINAL else None), False
    if any(c.dep_ == "csubj" for c in t.children):
        return None, False
    for c in t.children:
        if c.dep_ == "nsubjpass":
            return None, True
    # "..., adding that", "saying ..." and coordinated verbs share the subject of their head
    h = t
    # ("... responded by saying", "began by saying": through the preposition to the verb it hangs on)
    for _ in range(4):
        if (
            h.dep_ in ("advcl", "xcomp", "conj", "pcomp") or h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX")
        ) and h.head.i != h.i:
            h = h.head
            if (
                t.dep_ == "advcl"
                and t.tag_ == "VBG"
                and h.dep_ == "ccomp"
                and h.head.pos_ == "VERB"
                and h.head.lemma_.lower() in CUE_LEMMAS
            ):
                # "Analysts said factors have contributed to X, citing Y": the participle that trails a reported
                # clause is the reporter's ("analysts ... citing"), whatever the parse hangs it on
                h = h.head
            subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return (subj if subj.pos_ in _NOMINAL else None), False
        else:
            break
    if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.i < t.i and t.head.pos_ in ("NOUN", "PROPN"):
        # "Caddell, speaking of the race, ...", "protesters chanting ...": the noun the participle modifies
        return t.head, False
    return None, False


def _verb_attribution(t: Any, sd: Any, q_tok: list[tuple[int, int]], in_quote: list[bool]) -> _Att | None:
    lemma = t.lemma_.lower()
    if lemma in _SEEM_VERBS or lemma in _AS_VERBS:
        seem = _seem_attribution(t, sd, lemma)
        if seem is not None:
            return seem
    children = list(t.children)
    subj, passive = _subject(t)
    # inverted "said Smith" is fine; a subject far to the right is not
    if subj is not None and subj.i - t.i > 6 and t.dep_ not in ("ccomp", "parataxis"):
        subj = None
    content: list[tuple[int, int]] = []
    ctype = "indirect"
    comp = [c for c in children if c.dep_ in ("ccomp", "xcomp") and c.i != subj_i(subj)]
    if lemma in CALL_VERBS or lemma in ("ask", "urge", "tell", "warn", "order", "instruct", "remind"):
        comp = comp or [
            c
            for c in children
            if c.dep_ == "prep"
            and c.lower_ in ("on", "for")
            and not any(_is_time(g) for g in c.children if g.dep_ == "pobj")
        ]
    pp_cue = -1
    if comp:
        for c in comp:
            if c.dep_ == "prep" and c.lower_ == "for" and c.i > t.i:
                # "called for X": "for" belongs to the cue, X is the content
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    pp_cue = c.i
                    content.append(_trim(sd, *_subtree_range(pobj)))
                    continue
            a, b = _subtree_range(c)
            if a > t.i:
                # "told reporters that ...": the content starts at the complement's own left edge,
                # but "asked them to leave", "called on countries to act": the object joins the content
                # "said X and said Y" parsed with the second "said" inside X: the content stops before it
                cut = next(
                    (
                        k
                        for k in range(a, b)
                        if sd[k].dep_ == "conj" and sd[k].lemma_.lower() == lemma and sd[k].head.i != t.i
                    ),
                    None,
                )
                if cut is not None:
                    b = cut
                    while b > a and (sd[b - 1].dep_ in ("cc", "punct", "advmod", "aux") or sd[b - 1].is_space):
                        b -= 1
                if c.dep_ == "xcomp":
                    obj = next((o for o in children if o.dep_ in ("dobj", "dative") and t.i < o.i < a), None)
                    if obj is None:
                        on = next(
                            (o for o in children if o.dep_ == "prep" and o.lower_ == "on" and t.i < o.i < a), None
                        )
                        obj = next((g for g in on.children if g.dep_ == "pobj"), None) if on is not None else None
                        if obj is not None and on is not None and on.i == t.i + 1:
                            pp_cue = on.i
                    if obj is not None and obj.right_edge.i < a:
                        a = obj.left_edge.i
                if c.dep_ == "ccomp" and cut is None:
                    # "said X is over, and the nation has to act": a clause coordinated with the cue
                    # continues the content when nothing but ", and" separates them
                    cj = next(
                        (
                            g
                            for g in children
                            if g.dep_ == "conj"
                            and g.i > b
                            and g.lemma_.lower() not in CUE_LEMMAS
                            and any(x.dep_ == "nsubj" for x in g.children)
                            and all(sd[k].is_punct or sd[k].dep_ == "cc" for k in range(b, g.left_edge.i))
                        ),
                        None,
                    )
                    if cj is not None and not any(
                        sd[k].lower_ == "according" or sd[k].lower_ in HEARSAY_ADVERBS
                        for k in range(cj.left_edge.i, cj.right_edge.i + 1)
                    ):
                        b = cj.right_edge.i + 1
                content.append(_trim(sd, a, b))
            else:
                content.append(_trim(sd, a, min(b, t.i)))
    elif (
        t.dep_ in ("ccomp", "parataxis", "advcl")
        and t.head.pos_ in ("VERB", "AUX")
        and (t.head.i < t.i or _parenthetical(t, sd))
        and (t.dep_ != "advcl" or any(c.dep_ == "mark" and c.lower_ == "as" for c in children))
        and not (subj is not None and subj.lower_ in _WH_SUBJECTS)
    ):
        # (but "... remember who wrote it" is an embedded question, not a reporting clause)
        # "Content, sources said." / "Content, as X reported." / "The plan, a source said, is to ..."
        # (other adverbial clauses, "..., calling him a liar", take their objects below)
        h = t.head
        ha, hb = _subtree_range(h)
        ta, tb = _subtree_range(t)
        content.append(_trim(sd, ha, ta))
        if tb < hb:
            content.append(_trim(sd, tb, hb))
    cue_rng = _cue_range(t)
    wh = (
        next(
            (
                c
                for c in children
                if c.i < t.i
                and c.dep_ in ("dobj", "nsubjpass")
                and c.lower_ in ("which", "who", "whom", "that", "what")
            ),
            None,
        )
        if t.dep_ == "relcl"
        else None
    )
    yes = (
        next(
            (
                c
                for c in children
                if c.i == cue_rng[1]
                and (c.dep_ == "intj" and c.lower_ in ("yes", "no") or c.dep_ == "advmod" and c.lower_ == "so")
            ),
            None,
        )
        if lemma in SPEECH_VERBS
        else None
    )
    if not [c for c in content if c[1] > c[0]]:
        # a direct quote right before or after the cue clause
        q = _adjacent_quote(t, sd, q_tok, subj)
        objs = [c for c in children if c.dep_ == "dobj" and c.i > t.i]
        if not objs and lemma in SPEECH_VERBS:
            # "mentioned, among others, 14 tons of ...": an object the parser took for an adverbial noun
            objs = [c for c in children if c.dep_ == "npadvmod" and c.i > t.i and c.pos_ == "NOUN" and not _is_time(c)]
        preps = [
            c
            for c in children
            if c.dep_ == "prep"
            and c.i > t.i
            and c.lower_ in ("about", "for", "on", "to", "against", "at", "of", "over")
        ]
        if q is not None:
            content = [q]
            ctype = "direct"
        elif yes is not None:
            # "46 percent said yes", "half said so", "said no to the war"
            yb = yes.i + 1
            to = next((c for c in children if c.dep_ == "prep" and c.i == yb and c.lower_ == "to"), None)
            if to is not None and yes.dep_ == "intj":
                yb = to.right_edge.i + 1
            content = [(yes.i, yb)]
        elif wh is not None and wh.dep_ == "dobj":
            # "the plan, which he defended": the relative pronoun stands for the content
            content = [(wh.i, wh.i + 1)]
        elif objs and lemma not in _ADDRESSEE_VERBS and lemma not in ("add",):
            if (
                objs[0].pos_ == "PRON"
                and objs[0].lower_ in ("it", "this", "that", "so")
                and not any(c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > objs[0].i for c in children)
            ):
                return None  # but "called it a disgrace"
            oa, ob = _subtree_range(objs[0])
            # "congratulated Sanders for competing", "remembered Ali as fun", "calling him a liar"
            for c in children:
                if (
                    c.i >= ob
                    and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ in ("for", "as", "of"))
                    and c.left_edge.i == ob
                ):
                    ob = c.right_edge.i + 1
            o = objs[0]
            preps_ok = _LIGHT_PREPS if lemma in _LIGHT_VERBS else _ABOUT_PREPS
            about = next(
                (
                    c
                    for c in o.children
                    if c.dep_ == "prep" and c.lower_ in preps_ok and c.i > o.i and c.right_edge.i + 1 == ob
                ),
                None,
            )
            pobj = next((g for g in about.children if g.dep_ in ("pobj", "pcomp")), None) if about else None
            part = next(
                (
                    c
                    for c in o.children
                    if c.dep_ == "acl"
                    and c.tag_ == "VBG"
                    and c.i > o.i
                    and c.right_edge.i + 1 == ob
                    and c.lemma_.lower() in CUE_LEMMAS
                ),
                None,
            )
            if (
                pobj is not None
                and o.pos_ == "NOUN"
                and oa == cue_rng[1]
                and about is not None
                and all(not sd[k].is_punct for k in range(oa, about.i))
            ):
                # "offered kind words about X", "made allegations against X": the noun phrase joins the cue
                cue_rng = (cue_rng[0], about.i + 1)
                oa = pobj.left_edge.i
            elif (
                part is not None
                and lemma in _LIGHT_VERBS
                and oa == cue_rng[1]
                and all(not sd[k].is_punct for k in range(oa, part.i))
            ):
                # "issued a statement describing X as Y"
                cue_rng = (cue_rng[0], part.i + 1)
                oa = part.i + 1
            elif (
                lemma in _LIGHT_VERBS
                and oa == cue_rng[1]
                and ob < len(sd)
                and sd[ob].text == ":"
                and o.lemma_.lower() in DOCUMENT_HEADS
            ):
                # "released the following statement: ..."
                end = ob + 1
                while end < len(sd) and "\n" not in sd[end - 1].text_with_ws and end - ob < 300:
                    end += 1
                cue_rng = (cue_rng[0], ob + 1)
                oa, ob = ob + 1, end
            content = [_trim(sd, oa, ob)]
        elif preps and lemma not in ("say", "add", "write"):
            pr = preps[0]
            pobj = next((c for c in pr.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is None:
                return None
            if pr.i == cue_rng[1] or (pr.i == cue_rng[1] + 1 and sd[cue_rng[1]].dep_ == "prt"):
                cue_rng = (cue_rng[0], pr.i + 1)
                content = [_trim(sd, *_subtree_range(pobj))]
            else:
                content = [_trim(sd, *_subtree_range(pr))]
        else:
            return None
    content = [(a, b) for a, b in content if b > a]
    if wh is not None and wh.dep_ == "nsubjpass" and not any(a <= wh.i < b for a, b in content):
        content.insert(0, (wh.i, wh.i + 1))  # "ties, which he was accused of"
    if not content:
        return None
    if lemma in THOUGHT_VERBS and not comp:
        return None
    if lemma in EVIDENCE_VERBS - SPEECH_VERBS and subj is None:
        return None
    if subj is None and not passive and t.dep_ != "relcl" and lemma in THOUGHT_VERBS:
        return None
    if _speculative_question(t, sd, in_quote) or (subj is not None and _authorial_formula(t, subj)):
        return None  # the writer's own guess or aside, not a report
    if passive and subj is None and lemma not in _PASSIVE_CUES:
        return None  # "they are aimed to ...": an agentless passive reports words or beliefs only with such verbs
    if subj is None and not passive and t.dep_ in ("ROOT", "dep") and lemma not in SPEECH_VERBS:
        return None  # a main verb of attitude with no subject found ("..., fully supports X"): a broken parse
    if any(in_quote[a] and in_quote[b - 1] and in_quote[t.i] for a, b in content) or any(
        _is_quote_mark(sd[a]) for a, b in content
    ):
        ctype = "direct"
    if pp_cue == cue_rng[1] or (pp_cue == cue_rng[1] + 1 and sd[cue_rng[1]].dep_ == "prt"):
        cue_rng = (cue_rng[0], pp_cue + 1)
    h = t.head
    if t.dep_ == "xcomp" and h.lemma_.lower() in _SEEM_VERBS and h.i < t.i and not passive:
        # "seems to feel", "appeared to imply": the raising verb joins the cue
        ha = _cue_range(h)[0]
        if all(sd[k].lower_ == "to" or sd[k].dep_ in ("advmod", "aux", "neg") for k in range(h.i + 1, cue_rng[0])):
            cue_rng = (ha, cue_rng[1])
    if lemma == "make" and cue_rng[1] + 1 < len(sd):
        # "made (it) clear that ...": "it clear" belongs to the cue
        k = cue_rng[1] + (1 if sd[cue_rng[1]].lower_ == "it" else 0)
        if sd[k].lower_ in ("clear", "plain"):
            cue_rng = (cue_rng[0], k + 1)
            content = [_trim(sd, max(a, k + 1), b) for a, b in content]
            content = [(a, b) for a, b in content if b > a]
    cue_rng, content = _extend_cue(t, sd, cue_rng, content)
    if cue_rng[1] < len(sd) and sd[cue_rng[1]].text == ":" and any(c[0] > t.i for c in content):
        cue_rng = (cue_rng[0], cue_rng[1] + 1)
    if passive and any(c.dep_ == "xcomp" for c in comp):
        # "X is expected to win", "she is believed to have left": the subject is part of the content
        sp = next((c for c in children if c.dep_ == "nsubjpass" and c.i < t.i), None)
        if sp is not None:
            ra, rb = _trim(sd, *_subtree_range(sp))
            if rb > ra and not any(a < rb and ra < b for a, b in content):
                content.insert(0, (ra, rb))
    att = _Att(cue=[cue_rng], content=content, type="passive" if passive else ctype, cue_token=t.i)
    if subj is not None:
        sa, sb = _trim(sd, *_subtree_range(subj))
        # a source never swallows the content or the cue ("Caddell, speaking of ...": the noun phrase before it)
        if sa <= t.i < sb:
            sa, sb = _trim(sd, sa, t.left_edge.i) if sa < t.left_edge.i <= t.i else (subj.i, subj.i + 1)
            if not sa <= subj.i < sb:
                sa, sb = subj.i, subj.i + 1
        if any(a < sb and sa < b for a, b in content):
            sa, sb = subj.i, subj.i + 1
        if sb > sa:
            # "X, the agency that ..., said": the comma closing the apposition belongs to the source
            if sb < len(sd) and sd[sb].text == "," and sb + 1 <= t.i and any(sd[k].text == "," for k in range(sa, sb)):
                sb += 1
            att.source = (sa, sb)
    return att


_CUE_PP_NOUNS = _words("""statement interview part email e-mail letter speech post tweet op-ed editorial conference
release call appearance address remark remarks rally debate message memo video op ed column""")
_TIME_WORDS = _words("""monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
week month year morning evening night afternoon""")


def _is_time(tok: Any) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in _TIME_WORDS


def _extend_cue(
    t: Any, sd: Any, cue_rng: tuple[int, int], content: list[tuple[int, int]]
) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """ "said Tuesday", "said in a statement": adjacent time phrases and channel phrases join the cue."""
    a, b = cue_rng
    for _ in range(3):
        if b >= len(sd):
            break
        k = sd[b]
        end = None
        if k.dep_ == "npadvmod" and _is_time(k) and k.right_edge.i < b + 4:
            end = k.right_edge.i + 1 if k.left_edge.i == b else None
        elif k.head.i == t.i and k.dep_ == "prep" and k.lower_ in ("in", "during") and k.left_edge.i == b:
            pobj = next((g for g in k.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in _CUE_PP_NOUNS and k.right_edge.i - b < 8:
                end = k.right_edge.i + 1
        if end is None:
            break
        if any(ca < end and b < cb and ca != b for ca, cb in content):
            break
        content = [(max(ca, end), cb) if ca == b else (ca, cb) for ca, cb in content]
        content = [(ca, cb) for ca, cb in content if cb > ca]
        b = end
    return (a, b), content


_WH_SUBJECTS = frozenset(("who", "what", "which", "whoever", "whatever"))
_SPECULATIVE = frozenset(("maybe", "perhaps", "possibly"))
_GENERIC_SUBJECTS = frozenset(("we", "i", "one", "you", "us"))
_FORMULA_MARKS = frozenset(("if", "as", "unless", "when", "once"))
# verbs whose agentless passive still reports somebody's words or beliefs ("it is said", "he is believed to")
_PASSIVE_CUES = (
    SPEECH_VERBS
    | THOUGHT_VERBS
    | _words("""believe think know expect consider understand see view
regard rumor rumour estimate assume presume suppose allege quote cite accuse criticize criticise praise blame call
question name describe characterize characterise label brand deem""")
)


def _speculative_question(t: Any, sd: Any, in_quote: list[bool]) -> bool:
    """The writer's own rhetorical guess: a question outside quotes with "maybe", "perhaps" or "possibly" before
    the cue ("Maybe it wants to divert attention?")."""
    sent = t.sent
    last = next((sd[k] for k in range(sent.end - 1, sent.start - 1, -1) if not sd[k].is_space), None)
    if last is None or last.text != "?" or in_quote[last.i]:
        return False
    return any(sd[k].lower_ in _SPECULATIVE and not in_quote[k] for k in range(sent.start, t.i))


def _authorial_formula(t: Any, subj: Any) -> bool:
    """ "if we remember", "as you know", "when one considers": the writer's aside to the reader, not a report."""
    return subj.lower_ in _GENERIC_SUBJECTS and any(c.dep_ == "mark" and c.lower_ in _FORMULA_MARKS for c in t.children)


def _parenthetical(t: Any, sd: Any) -> bool:
    """Cue clause set off by commas inside the content it reports ("The plan, a source said, is ...")."""
    if t.dep_ != "parataxis":
        return False
    a, b = _subtree_range(t)
    return (
        a > t.head.left_edge.i
        and b < len(sd)
        and sd[b - 1].text in (",", "—", "–")
        or (b < len(sd) and sd[b].text in (",", "—", "–"))
    )


_SEEM_VERBS = frozenset(("seem", "appear"))
_AS_VERBS = frozenset(("see", "know", "regard", "view", "consider", "perceive"))


def _seem_attribution(t: Any, sd: Any, lemma: str) -> _Att | None:
    """ "X seems unlikely to ...", "the race appears closer", "X is seen as Y", "Z, known as Y": no source;
    the content is the subject and the complement."""
    cue = _cue_range(t)
    content: list[tuple[int, int]] = []
    src = None
    if lemma in _SEEM_VERBS:
        subj = next((c for c in t.children if c.dep_ == "nsubj" and c.i < t.i), None)
        right = [
            c
            for c in t.children
            if c.i > t.i
            and c.dep_ not in ("conj", "cc", "punct", "dep", "parataxis", "advcl")
            and not (c.dep_ == "prep" and sd[c.i - 1].text == ",")
        ]
        if not right or not any(c.dep_ in ("acomp", "oprd", "xcomp", "attr", "ccomp", "prep", "advmod") for c in right):
            return None
        if subj is not None and subj.lower_ not in ("it", "there"):
            content.append(_trim(sd, *_subtree_range(subj)))
        content.append(_trim(sd, cue[1], max(c.right_edge.i for c in right) + 1))
    else:
        as_ = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > t.i), None)
        pobj = next((g for g in as_.children if g.dep_ in ("pobj", "pcomp")), None) if as_ is not None else None
        if pobj is None or as_.i - cue[1] > 2:
            return None
        if t.dep_ == "acl" and t.tag_ == "VBN" and t.head.i < t.i:
            na, _ = _subtree_range(t.head)
            content.append(_trim(sd, na, t.left_edge.i))
        else:
            subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            if subj is None:
                return None
            if subj.lower_ not in ("it", "there"):
                content.append(_trim(sd, *_subtree_range(subj)))
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            by = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if by is not None:
                src = _trim(sd, *_subtree_range(by))
        if as_.i == cue[1]:
            cue = (cue[0], as_.i + 1)
        content.append(_trim(sd, *_subtree_range(pobj)))
    content = [(a, b) for a, b in content if b > a]
    if not content or any(a < cue[1] and cue[0] < b for a, b in content):
        return None
    if lemma in _SEEM_VERBS:
        # "It seems that ...", "X appears unlikely to ...": the writer's own hedge, nobody else's words
        return _Att(cue=[cue], content=content, type="evidential", kind="author", cue_token=t.i)
    att = _Att(cue=[cue], content=content, type="passive", cue_token=t.i)
    if src is not None and src[1] > src[0] and not any(a < src[1] and src[0] < b for a, b in content):
        att.source = src
    return att


_ABOUT_PREPS = frozenset(("about",))
_LIGHT_PREPS = frozenset(("about", "against", "for", "on", "of", "over", "to"))
_LIGHT_VERBS = frozenset(
    (
        "make",
        "issue",
        "release",
        "offer",
        "express",
        "voice",
        "raise",
        "deliver",
        "level",
        "publish",
        "post",
        "send",
        "file",
        "give",
        "lodge",
    )
)
_ADDRESSEE_VERBS = frozenset(
    ["tell", "ask", "inform", "remind", "notify", "assure", "reassure", "warn", "urge", "thank"]
)


def subj_i(subj: Any | None) -> int:
    return -1 if subj is None else subj.i


def _adjacent_quote(t: Any, sd: Any, q_tok: list[tuple[int, int]], subj: Any | None) -> tuple[int, int] | None:
    sent = t.sent
    lo, hi = t.i, t.i + 1
    if subj is not None:
        lo, hi = min(lo, subj.left_edge.i), max(hi, subj.right_edge.i + 1)
    best = None
    for a, b in q_tok:
        # quote ends just before the cue clause ("…,” he said) or starts just after it (he said: “…”)
        gap_before = lo - b
        gap_after = a - hi
        if 0 <= gap_before <= 2 and all(sd[k].is_punct for k in range(b, lo)):
            best = (a, b)
        elif 0 <= gap_after <= 2 and all(sd[k].is_punct or sd[k].is_space for k in range(hi, a)):
            if best is None:
                best = (a, b)
        elif a < t.i < b:
            continue
        if a > sent.end + 40:
            break
    return best


def _according_attribution(t: Any, sd: Any) -> _Att | None:
    to = next((c for c in t.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    sa, sb = _trim(sd, *_subtree_range(pobj))
    pa, pb = _subtree_range(t)
    pa, pb = min(pa, t.i), max(pb, sb)
    sent = t.sent
    content = []
    left = _trim(sd, sent.start, pa)
    right = _trim(sd, pb, sent.end)
    for r in (left, right):
        if r[1] - r[0] >= 2:
            content.append(r)
    if not content:
        return None
    return _Att(
        cue=[(t.i, to.i + 1)], source=(sa, sb) if sb > sa else None, content=content, type="according_to", cue_token=t.i
    )


def _noun_attribution(t: Any, sd: Any) -> _Att | None:
    """ "his claim that ...", "the warning that ...": a reporting noun with a that-clause; "her criticism of X",
    "the rejection of X by Y": a stance noun with its preposition, only when it names whose stance it is."""
    acl = next(
        (
            c
            for c in t.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > t.i
            and any(g.dep_ == "mark" and g.lower_ == "that" and g.i == t.i + 1 for g in c.children)
        ),
        None,
    )
    cue_end = t.i + 1
    stance = acl is None
    if acl is None and t.lemma_.lower() in NOUN_PREP_CUES:
        pr = next(
            (
                c
                for c in t.children
                if c.dep_ == "prep" and c.i == t.i + 1 and c.lower_ in NOUN_PREP_CUES[t.lemma_.lower()]
            ),
            None,
        )
        acl = next((g for g in pr.children if g.dep_ in ("pobj", "pcomp")), None) if pr is not None else None
        cue_end = t.i + 2
    if acl is None:
        return None
    poss = next((c for c in t.children if c.dep_ == "poss" and c.i < t.i), None)
    by = None
    if poss is None:
        byp = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > t.i), None)
        by = next((g for g in byp.children if g.dep_ == "pobj"), None) if byp is not None else None
        if by is None:  # "FBI criticism of X", "Republican criticism of X"
            by = next(
                (
                    c
                    for c in t.children
                    if c.dep_ in ("compound", "amod") and c.i < t.i and c.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")
                ),
                None,
            )
        if stance and by is None:
            return None  # "the rejection of their territories": nobody's stance is reported
    verb = None
    if poss is None and by is None and t.dep_ == "pobj" and t.head.lower_ in ("in", "during"):
        # "X said in a statement that ...": the verb's subject is the source, "said in a statement" the cue
        v = t.head.head
        if v.pos_ == "VERB" and v.i < t.i and t.head.head.i == v.i and v.lemma_.lower() in SPEECH_VERBS:
            subj, _ = _subject(v)
            if subj is not None and subj.i < v.i:
                verb, by = v, subj
    if poss is not None:
        ca = poss.right_edge.i + 1
        if sd[poss.right_edge.i].tag_ == "POS":  # "Trump's claim": the 's goes with the cue
            ca = poss.right_edge.i
    elif verb is not None:
        ca = _cue_range(verb)[0]
    else:
        ca = t.left_edge.i
    content = _trim(sd, *_subtree_range(acl))
    if content[1] <= content[0]:
        return None
    att = _Att(cue=[(ca, cue_end)], content=[content], type="indirect", cue_token=t.i)
    if poss is not None:
        sa, sb = poss.left_edge.i, poss.right_edge.i + 1
        if sd[sb - 1].tag_ == "POS":
            sb -= 1
        if sb > sa:
            att.source = (sa, sb)
    elif by is not None:
        sa, sb = _trim(sd, *_subtree_range(by))
        if sb > sa and not any(a < sb and sa < b for a, b in att.content):
            att.source = (sa, sb)
    return att


def _dash_attribution(t: Any, sd: Any) -> _Att | None:
    """ "“We will stay.” ― Anna Lee" and embedded posts "text — Name (@handle) date"."""
    # the source: a short name after the dash, running to the line's end or to a (@handle)
    b = t.i + 1
    while b < len(sd) and b - t.i <= 8 and "\n" not in sd[b - 1].text_with_ws and sd[b].text not in ("(", ","):
        b += 1
    handle = b < len(sd) and sd[b].text == "(" and b + 1 < len(sd) and sd[b + 1].text.startswith("@")
    if not handle:
        if b < len(sd) and "\n" not in sd[b - 1].text_with_ws:
            return None
        # a signature after a quote or a link, not a dash inside a sentence
        prev = sd[t.i - 1]
        if not (prev.text in _CLOSERS or prev.is_sent_end or prev.text in ".!?" or prev.like_url):
            return None
    sa, sb = _trim(sd, t.i + 1, b)
    name = sd[sa:sb]
    if not (0 < sb - sa <= 8) or not any(x.pos_ == "PROPN" for x in name) or any(x.pos_ == "VERB" for x in name):
        return None
    # the content: the line (or the quote) before the dash
    a = t.i
    while a > 0 and "\n" not in sd[a - 1].text_with_ws and t.i - a < 400:
        a -= 1
    # embedded posts: markup before the text ("<tweet ...>") and the trailing link stay out
    gt = max((k for k in range(a, t.i) if sd[k].text.endswith(">")), default=None)
    if gt is not None and sd[a].text.startswith("<"):
        a = gt + 1
    e = t.i
    while e > a and (sd[e - 1].like_url or "pic.twitter.com" in sd[e - 1].text):
        e -= 1
    ca, cb = _trim(sd, a, e)
    if cb - ca < 3:
        return None
    return _Att(cue=[(t.i, t.i + 1)], source=(sa, sb), content=[(ca, cb)], type="direct", cue_token=t.i)


_COLON_NOT_SOURCE = _words(
    "note correction update follow related read watch photo credit disclosure clarification "
    "editor editors listen subscribe"
)


def _colon_attribution(t: Any, sd: Any) -> _Att | None:
    """ "Cruz: the ruling is a disgrace" (headlines, transcripts, tweets quoted with a dash)."""
    if t.text != ":":
        return _dash_attribution(t, sd)
    # the source: a short name or noun phrase from the start of the line or sentence up to the mark
    a = t.i
    while (
        a > 0
        and t.i - a < 6
        and "\n" not in sd[a - 1].text_with_ws
        and not sd[a - 1].is_sent_end
        and sd[a - 1].text not in '.!?:;"“”'
    ):
        a -= 1
    if not (0 < t.i - a <= 5):
        return None
    if a > 0 and "\n" not in sd[a - 1].text_with_ws and not sd[a - 1].is_sent_end:
        return None
    src = sd[a : t.i]
    if not any(x.pos_ == "PROPN" for x in src) or any(x.pos_ in ("VERB", "AUX") for x in src):
        return None
    if any(x.lower_ in _COLON_NOT_SOURCE for x in src):
        return None  # "Editor's note:", "Follow X on Twitter:", "Correction:"
    b = t.i + 1
    while b < len(sd) and "\n" not in sd[b - 1].text_with_ws and b - t.i < 300:
        b += 1
    ca, cb = _trim(sd, t.i + 1, b)
    if cb - ca < 3 or sd[cb - 1].text == "?":
        return None  # an interviewer's question is not a claim
    return _Att(cue=[(t.i, t.i + 1)], source=(a, t.i), content=[(ca, cb)], type="direct", cue_token=t.i)


def _hearsay_attribution(t: Any, sd: Any) -> _Att | None:
    h = t.head if t.head.i != t.i else t
    while h.dep_ in ("aux", "auxpass") and h.head.i != h.i:
        h = h.head
    a, b = _subtree_range(h)
    sent = t.sent
    a, b = max(a, sent.start), min(b, sent.end)
    content = []
    for r in (_trim(sd, a, t.i), _trim(sd, t.i + 1, b)):
        if r[1] - r[0] >= 1:
            content.append(r)
    if not content:
        return None
    return _Att(cue=[(t.i, t.i + 1)], content=content, type="hearsay", kind="anonymous", cue_token=t.i)


def _snap_to_quotes(att: _Att, q_tok: list[tuple[int, int]]) -> None:
    """Widen content to whole direct quotes it starts or ends inside (multi-sentence quotes)."""
    cue_lo = min((a for a, _ in att.cue), default=-1)
    src = att.source
    new = []
    for a, b in att.content:
        for qa, qb in q_tok:
            if qa < a < qb or qa < b < qb or (a <= qa and qb <= b):
                na, nb = min(a, qa), max(b, qb)
                if cue_lo >= 0 and na < cue_lo < nb:
                    continue
                if src and na < src[1] and src[0] < nb:
                    continue
                if nb - na > 3 * (b - a) + 200:
                    continue
                a, b = na, nb
        new.append((a, b))
    att.content = new


def _cut_at_paragraphs(att: _Att, sd: Any, in_quote: list[bool]) -> None:
    """Content does not run over a paragraph break outside a quote: keep the side next to the cue."""
    if not att.cue:
        return
    ca, cb = att.cue[0]
    new = []
    for a, b in att.content:
        breaks = [k for k in range(a, b - 1) if "\n" in sd[k].text_with_ws and not in_quote[k]]
        if breaks:
            if b <= ca:
                a = breaks[-1] + 1
            elif a >= cb:
                b = breaks[0] + 1
            a, b = _trim(sd, a, b)
        if b > a:
            new.append((a, b))
    att.content = new
    if att.source:
        # nor does the source: keep the paragraph of its head ("7 p.m.\n\nDonald Trump is questioning ...")
        a, b = att.source
        head = sd[a:b].root.i
        lo = max((k + 1 for k in range(a, head) if "\n" in sd[k].text_with_ws), default=a)
        hi = min((k + 1 for k in range(head, b - 1) if "\n" in sd[k].text_with_ws), default=b)
        if (lo, hi) != (a, b):
            lo, hi = _trim(sd, lo, hi)
            att.source = (lo, hi) if lo < hi else None


_WH = frozenset(("which", "who", "whom", "whose", "where"))


def _cut_trailing_asides(att: _Att, sd: Any, in_quote: list[bool]) -> None:
    """ ", which ...", ", who ...", an apposition closing the content: the writer's aside, not the source's words."""
    new = []
    for a, b in att.content:
        for k in range(a + 2, b - 1):
            if sd[k].text != "," or in_quote[k]:
                continue
            h = sd[k + 1]
            while h.head.i != h.i and h.head.i < b and h.head.left_edge.i == k + 1:
                h = h.head
            if h.right_edge.i < b - 1:
                continue
            if (h.dep_ == "relcl" and sd[k + 1].lower_ in _WH) or (
                h.dep_ == "advcl" and h.tag_ == "VBG" and h.i == k + 1
            ):
                b = k
                break
        new.append((a, b))
    att.content = new


def _looks_like_statement(sd: Any, a: int, b: int) -> bool:
    words = [t for t in sd[a:b] if t.is_alpha]
    if len(words) < 4:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in sd[a:b])


def _next_direct_att(atts: list[_Att], sd: Any, b: int, used: list[bool]) -> _Att | None:
    """The direct-quote attribution whose first quote starts within a few tokens after ``b`` in the same
    paragraph, with nothing claimed in between ("“A” workers. “B,” Warren said.": A is Warren's too)."""
    best, best_pos = None, len(sd)
    for att in atts:
        if att.type not in ("direct", "floating") or not att.content:
            continue
        pos = min(r[0] for r in att.content)
        if b <= pos < best_pos and pos - b <= 12 and _is_quote_mark(sd[pos]):
            best, best_pos = att, pos
    if best is None or any(used[k] or "\n" in sd[k].text_with_ws for k in range(b - 1, best_pos)):
        return None
    return best


def _previous_att(atts: list[_Att], a: int) -> _Att | None:
    best, best_pos = None, -1
    for att in atts:
        pos = max((r[1] for r in att.content + att.cue), default=-1)
        if pos <= a and pos > best_pos:
            best, best_pos = att, pos
    return best
