"""Source kinds and speakers: what kind of source a SOURCE span is, and whom it names.

Speaker linking is a light, rule-based coreference over spaCy's parse (:class:`Linker`), run over every mention
of a person, organisation or group in the text, in text order:

* **names**: a surname, or a title and a surname ("Volkov", "Gen. Volkov", "Volkov's"), is the full name
  ("Andrei Volkov") given in the last six sentences, else the full name with that surname given most often
  before it (the first one on a tie), of the title's gender ("Mrs. Clinton"); names in title-case headlines
  count only when the body gives none; a first name alone is the one full name that begins with it.
* **pronouns**: he / she / it / they go to a compatible mention outside quotes in the same or the five previous
  sentences: a person of the same gender for he and she (gender from titles, first-name lists, Slavic surname
  endings, gendered role words, and the subject pronouns already linked to that person); an organisation,
  country, document or outlet for it; several people or things, a coordination, or an organisation for they.
  Nearer sentences, subjects, sources of attributions and named entities come first. When no person is found
  for he or she, a lone proper name the tagger took for an organisation is taken for the person. I and we outside
  quotes are the writer (kind ``author``); "who" / "which" are the noun they relate to.
* **nominals**: "the minister", "the general" are the last person named with that role ("Defence Minister
  Anna Kerimova", "Ivan Volkov, the regional governor"); "the ministry", "the agency" are the last fuller
  organisation name with that head ("the Russian Defence Ministry"); "the engineer Maria Lind" is Maria Lind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from presswatch.analyzers.sourcing.lexicon import (
    ANONYMOUS_HEADS,
    ANONYMOUS_MODIFIERS,
    DOCUMENT_HEADS,
    FEMALE_NAMES,
    MALE_NAMES,
    MEDIA_HEADS,
    MEDIA_NAMES,
    ORG_HEADS,
    ROLE_HEADS,
    _words,
)
from presswatch.analyzers.sourcing.rules import _Att, _subtree_range, _text

_MEDIA_RE = re.compile(
    r"\b(Times|Post|News|Journal|Herald|Tribune|Gazette|Telegraph|Guardian|Agency|Radio|TV|"
    r"Television|Press|Daily|Weekly|Magazine|Broadcasting|Network)\b"
)
_MALE = frozenset(("he", "him", "his", "himself"))
_FEMALE = frozenset(("she", "her", "hers", "herself"))
_IT = frozenset(("it", "its", "itself"))
_THEY = frozenset(("they", "them", "their", "theirs", "themselves"))
_WRITER = frozenset(("i", "me", "my", "we", "us", "our"))
_REL = frozenset(("who", "which", "that", "whom"))
_PRONOUNS = _MALE | _FEMALE | _IT | _THEY | _WRITER | _REL
_PERSONAL = _PRONOUNS - _REL  # the pronouns that are mentions of their own (not "who", "which")

# titles that say the gender, and gendered words for people ("the spokeswoman", "his widow")
_TITLE_M = _words("mr mr. sir lord king prince")
_TITLE_F = _words("mrs mrs. ms ms. miss madam madame lady dame queen princess")
_NOUN_M = _words("""man men boy father dad son husband brother uncle nephew grandfather widower spokesman chairman
congressman businessman king prince actor""")
_NOUN_F = _words("""woman women girl mother mom daughter wife sister aunt niece grandmother widow spokeswoman
chairwoman congresswoman businesswoman queen princess actress""")
# words before a name that are no part of it ("Defence Minister Anna Kerimova", "Gen. Volkov")
_TITLES = (
    _TITLE_M
    | _TITLE_F
    | _words("""dr dr. prof prof. gen gen. sen sen. rep rep. gov gov. lt lt. col col. maj maj.
capt capt. sgt sgt. rev rev. hon hon. pres pres. st. mayor""")
)
_PERSON_NOUNS = (
    ROLE_HEADS
    | _NOUN_M
    | _NOUN_F
    | _words("""person people resident residents witness citizen voter
worker farmer teacher student victim survivor delegate protester protestor demonstrator supporter
opponent activist parent family veteran refugee migrant immigrant patient employee staffer volunteer""")
)
_COUNTRY_LABELS = frozenset(("GPE",))
_WINDOW = 6  # sentences searched back for an antecedent


def _classify(sd: Any, a: int, b: int, surnames: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """(kind, role) of the source tokens a..b, decided by the phrase's head: "Clinton campaign" is an
    organisation, "Officials in Yerevan" people with a role, whatever names they hold."""
    span = sd[a:b]
    head = span.root
    low = head.lower_
    lemma = head.lemma_.lower()
    head_label = head.ent_type_
    person_head = (
        head_label == "PERSON"
        or (head.pos_ in ("PROPN", "NOUN") and head.text[:1].isupper() and _unpossess(low) in surnames)
        # "Anahit, a teacher from ...": a name in apposition with a person noun, whatever the tagger says
        # "the engineer Maria Lind", "the minister, Anna Kerimova,"
        or (head.pos_ == "NOUN" and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in head.children))
        or (
            head.pos_ == "PROPN"
            and (
                any(c.dep_ == "appos" and c.lemma_.lower() in _PERSON_NOUNS for c in head.children)
                or (head.dep_ == "appos" and head.head.lemma_.lower() in _PERSON_NOUNS)  # "his wife, Melania"
            )
        )
    )
    role = None
    roles = [t.text for t in span if t.lemma_.lower() in ROLE_HEADS and t.pos_ in ("NOUN", "PROPN")]
    if roles:
        role = " ".join(roles)
    if not person_head and (
        low in MEDIA_NAMES
        or any(t.lower_ in MEDIA_NAMES and t.pos_ == "PROPN" and t.text[:1].isupper() for t in span)
        or ((head_label == "ORG" or head.pos_ == "PROPN") and _MEDIA_RE.search(span.text))
    ):
        return "media_outlet", None
    if lemma in MEDIA_HEADS and head.pos_ == "NOUN" and lemma not in ("post", "paper"):
        return "media_outlet", None
    if lemma in DOCUMENT_HEADS and head.pos_ == "NOUN" and not person_head:
        return "document", None
    if head.pos_ == "PRON" or low in _PRONOUNS:
        return "pronoun", None
    anon_mod = any(t.lower_ in ANONYMOUS_MODIFIERS for t in span if t.i != head.i)
    if lemma in ANONYMOUS_HEADS or low in ANONYMOUS_HEADS:
        return "anonymous", None
    if person_head or (
        head.pos_ == "PROPN"
        and head_label in ("", "PERSON")  # not "July" (DATE), "Easter" (EVENT)
        and lemma not in ORG_HEADS
        and lemma not in ROLE_HEADS
    ):
        return "named_person", role
    if anon_mod and head.pos_ == "NOUN":
        return "anonymous", None
    if head_label in ("ORG", "GPE", "NORP", "FAC", "LOC") or lemma in ORG_HEADS:
        return "named_organisation", None
    if lemma in ROLE_HEADS or head.pos_ == "NOUN":
        return "role_only", role or head.text
    return "role_only", role


# ------------------------------------------------------------------ entities and mentions


@dataclass
class _Entity:
    name: str
    kind: str
    gender: str | None = None  # "m" / "f" for people, when the text says
    plural: bool = False
    roles: set[str] = field(default_factory=set)  # role words the text gives it ("minister", "general")


@dataclass
class _Mention:
    start: int
    end: int
    head: int
    cls: str  # person / org / thing
    subject: bool
    depth: int
    plural: bool
    kind: str = ""
    role: str | None = None
    entity: _Entity | None = None
    pronoun: bool = False
    source: bool = False  # the source of an attribution: a salient antecedent
    group: bool = False  # the head of a coordination


AUTHOR = _Entity("the author", "author")


def _depth(t: Any) -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t = t.head
        d += 1
    return d


def _headline_tokens(sd: Any) -> set[int]:
    """Tokens of title-case lines ("Obama Sees Personal Insult If Black Voters Stay Home"), where the tagger takes
    words for names."""
    out: set[int] = set()
    line: list[Any] = []
    for t in [*sd, None]:
        if t is not None and not (t.is_space and "\n" in t.text):
            line.append(t)
            if "\n" not in t.whitespace_:
                continue
        words = [w for w in line if w.is_alpha and len(w) > 3]
        if len(words) >= 3 and sum(w.text[:1].isupper() for w in words) >= 0.7 * len(words):
            out.update(w.i for w in line)
        line = []
    return out


def _unpossess(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


def _strip_name(toks: list[Any]) -> list[Any]:
    """The name itself: titles, roles, other words before it and a possessive ending dropped ("billionaire
    Gen. Ivan Volkov's" -> Ivan Volkov)."""
    toks = [t for t in toks if t.tag_ != "POS" and t.text not in ("'s", "’s", "'", "’", '"', "“", "”")]
    while len(toks) > 1 and (
        toks[0].lower_ in _TITLES or toks[0].lemma_.lower() in ROLE_HEADS or not toks[0].text[:1].isupper()
    ):
        toks = toks[1:]
    while toks and not toks[-1].text[:1].isalpha():
        toks = toks[:-1]
    return toks


def _name_gender(name: str) -> str | None:
    """ "m" or "f" when a first name says so (word lists), or a Slavic surname's ending ("Kerimova", "Volkov")."""
    words = [w.lower().strip(".") for w in name.split()]
    if not words:
        return None
    if len(words) >= 2 and words[0] in FEMALE_NAMES:
        return "f"
    if len(words) >= 2 and words[0] in MALE_NAMES:
        return "m"
    last = words[-1]
    if len(last) > 4 and last.endswith(("ova", "eva", "skaya", "yeva")):
        return "f"
    if len(last) > 3 and last.endswith(("ov", "ev", "sky", "skiy", "skii")):
        return "m"
    return None


def _core_text(sd: Any, a: int, b: int) -> str:
    """A noun phrase without what follows its head's first apposition, relative clause or participle, and without
    a possessive ending: "Residents of villages near X, the capital of Y," -> "Residents of villages near X"."""
    head = sd[a:b].root
    end = b
    for t in sd[head.i + 1 : b]:
        if t.dep_ in ("appos", "relcl", "acl", "advcl", "parataxis") and t.left_edge.i > head.i:
            end = min(end, t.left_edge.i)
    while end > a + 1 and (sd[end - 1].is_punct or sd[end - 1].is_space or sd[end - 1].tag_ == "POS"):
        end -= 1
    return re.sub(r"\s*['’]s?$", "", _text(sd, a, end))


def _hyphenated(sd: Any, a: int, b: int) -> list[Any]:
    """Tokens a..b, and a hyphenated part the entity left out ("Lim Ha" + "-neul", "Lim Ha-" + "neul")."""
    while b < len(sd) and b > a:
        if sd[b - 1].text == "-" and not sd[b - 1].whitespace_ and sd[b].is_alpha:
            b += 1
        elif (
            b + 1 < len(sd)
            and sd[b].text == "-"
            and not sd[b - 1].whitespace_
            and not sd[b].whitespace_
            and sd[b + 1].is_alpha
        ):
            b += 2
        else:
            break
    toks = list(sd[a:b])
    while toks and toks[-1].text == "-":
        toks.pop()
    return toks


def _name_text(toks: list[Any]) -> str:
    """The name as written ("Ban Ki-moon"), on one line, without a possessive ending."""
    text = "".join(t.text_with_ws for t in toks[:-1]) + toks[-1].text if toks else ""
    return re.sub(r"['’]s?$", "", " ".join(text.split()))


class Linker:
    """The people, organisations and groups a parsed text mentions, and what each source phrase refers to."""

    def __init__(self, sd: Any, in_quote: list[bool], sources: frozenset[int] = frozenset()) -> None:
        self.sd = sd
        # spaCy builds doc.ents anew on every access: read once, with each PERSON entity by its tokens
        self.ents = list(sd.ents)
        self.person_at: dict[int, Any] = {i: e for e in self.ents if e.label_ == "PERSON"
                                          for i in range(e.start, e.end)}
        self.in_quote = in_quote
        self.sources = sources  # head tokens of attribution sources
        self.sent_of = [0] * len(sd)
        self.sents = list(sd.sents)
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        # full names by surname and by first name: (first token, name)
        self.full: dict[str, list[tuple[int, str]]] = {}
        self.first: dict[str, set[str]] = {}
        headline = _headline_tokens(sd)
        from_headlines: dict[str, list[tuple[int, str]]] = {}
        self.subjects: set[int] = set()  # full names that are the subject of their clause
        for e in self.ents:
            if e.label_ != "PERSON":
                continue
            toks = _strip_name(_hyphenated(sd, e.start, e.end))
            # "Injecting Clinton" (a sentence start) is no name
            if len(toks) >= 2 and all(
                t.pos_ == "PROPN" and t.text[:1].isupper()
                for t in toks
                if t.is_alpha and not (t.i > 0 and sd[t.i - 1].text == "-")  # "Ban Ki-moon"
            ):
                name = _name_text(toks)
                if e.start in headline:  # "Obama Speech" in a title-case headline: only if the body has none
                    from_headlines.setdefault(toks[-1].lower_, []).append((e.start, name))
                    continue
                self.full.setdefault(toks[-1].lower_, []).append((e.start, name))
                if e.root.dep_ in ("nsubj", "nsubjpass"):
                    self.subjects.add(e.start)
                self.first.setdefault(toks[0].lower_, set()).add(name)
        for surname, names in from_headlines.items():
            if surname not in self.full:
                self.full[surname] = names
                for _, name in names:
                    self.first.setdefault(name.split()[0].lower(), set()).add(name)
        titled = {
            t.lower_
            for t in sd
            if t.i > 0 and t.pos_ == "PROPN" and sd[t.i - 1].lower_ in _TITLES and t.text[:1].isupper()
        }
        self.surnames = frozenset(self.full) | titled
        self.entities: dict[tuple[str, str], _Entity] = {}
        self.mentions: list[_Mention] = []
        self.by_sent: dict[int, list[_Mention]] = {}
        self._pron: dict[int, _Entity | None] = {}
        self._collect()

    # ---------------------------------------------------------------- building

    def _entity(self, name: str, kind: str) -> _Entity:
        key = ("person" if kind == "named_person" else kind, name.lower())
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = _Entity(name, kind)
        return ent

    def _collect(self) -> None:
        sd = self.sd
        seen: set[int] = set()
        spans = [(e.start, e.end) for e in self.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        spans += [(c.start, c.end) for c in sd.noun_chunks]
        spans += [(t.i, t.i + 1) for t in sd if t.lower_ in _PERSONAL and t.pos_ == "PRON"]
        for a, b in sorted(spans, key=lambda x: (x[0], -x[1])):
            head = sd[a:b].root
            if head.i in seen or head.dep_ == "compound":  # "U.S. senator": no mention of the country
                continue
            seen.add(head.i)
            m = self._mention(a, b, head)
            if m is not None:
                self.mentions.append(m)
        self.mentions.sort(key=lambda m: m.head)
        for m in self.mentions:
            self.by_sent.setdefault(self.sent_of[m.head], []).append(m)
            m.source = m.head in self.sources
        # resolve in text order, so that each mention sees the resolved ones before it (he ... he ...)
        for m in self.mentions:
            if m.pronoun:
                m.entity = self.pronoun(sd[m.head])
            elif m.cls != "thing" or m.plural or m.group:  # several things may be "they"
                m.entity = self.resolve_nominal(m.start, m.end, m.kind, m.role)[0]

    def _mention(self, a: int, b: int, head: Any) -> _Mention | None:
        subject = head.dep_ in ("nsubj", "nsubjpass")
        plural = head.tag_ in ("NNS", "NNPS")
        group = any(c.dep_ == "conj" for c in head.children)  # "Mrs. Oduya and Mr. Brandt": they, or each one
        if head.pos_ == "PRON":
            low = head.lower_
            if low in _MALE or low in _FEMALE:
                cls = "person"
            elif low in _IT:
                cls = "org"
            elif low in _THEY:
                cls = "group"
                plural = True
            else:
                return None
            return _Mention(a, b, head.i, cls, subject, _depth(head), plural or group, pronoun=True)
        kind, role = _classify(self.sd, a, b, self.surnames)
        lemma = head.lemma_.lower()
        if kind == "named_person" or (kind in ("role_only", "anonymous") and lemma in _PERSON_NOUNS):
            cls = "person"
        elif kind in ("named_organisation", "media_outlet", "document") or head.ent_type_ in _COUNTRY_LABELS:
            cls = "org"
        else:
            cls = "thing"
        return _Mention(a, b, head.i, cls, subject, _depth(head), plural, kind, role, group=group)

    # ---------------------------------------------------------------- resolving

    def canonical_name(self, toks: list[Any], pos: int) -> str:
        """The fullest form of a person's name: "Volkov" -> "Ivan Volkov" (of the full names with that surname
        before ``pos``, the most frequent, else the first after it; of the title's gender: "Mrs. Clinton"),
        "Ivan" -> "Ivan Volkov" when only one full name starts so."""
        if toks and toks[0].i > 0 and self.sd[toks[0].i - 1].lower_ in _TITLES:
            toks = [self.sd[toks[0].i - 1], *toks]  # a title just before the name ("Mrs." outside the entity)
        title = next((t.lower_ for t in toks if t.lower_ in _TITLE_M or t.lower_ in _TITLE_F), None)
        gender = None if title is None else ("m" if title in _TITLE_M else "f")
        toks = _strip_name(toks) or toks
        name = _name_text(toks)
        if not toks:
            return name
        if len(toks) == 1:
            low = _unpossess(toks[0].lower_)
            cands = [(i, n) for i, n in self.full.get(low, []) if gender is None or _name_gender(n) in (None, gender)]
            if cands:
                # a full name given in the last few sentences as a subject ("Jeh Johnson says ..."); else the one
                # given most often before (Ted Cruz, not his father Rafael Cruz), the first on a tie
                near = [
                    n
                    for i, n in cands
                    if i <= pos and self.sent_of[pos] - self.sent_of[i] <= _WINDOW and i in self.subjects
                ]
                if near:
                    return near[-1]
                before = [n for i, n in cands if i <= pos] or [cands[0][1]]
                return max(before, key=before.count)
            firsts = self.first.get(low, set())
            if len(firsts) == 1:
                return next(iter(firsts))
        return name

    def resolve_nominal(self, a: int, b: int, kind: str, role: str | None) -> tuple[_Entity, _Mention | None]:
        """The entity a noun phrase names: a person by full name, "the minister" by role, "the ministry" by the
        fuller name of an organisation given before; otherwise the phrase itself."""
        sd = self.sd
        span = sd[a:b]
        head = span.root
        lemma = head.lemma_.lower()
        definite = sd[a].lower_ in ("the", "this", "that")
        has_name = any(t.pos_ == "PROPN" for t in span)
        if kind == "named_person":
            ent_toks = list(self.person_at[head.i]) if head.i in self.person_at else None
            appos = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if ent_toks is None and head.pos_ == "NOUN" and appos is not None:
                # "the engineer Maria Lind", "the editor, Margarita Simonyan,": the name in apposition
                ent_toks = list(self.person_at[appos.i]) if appos.i in self.person_at else None
            if ent_toks and appos is None and head.pos_ == "PROPN":
                ent_toks = [t for t in ent_toks if t.i <= head.i]  # a name ends at its head ("Obama Seeks")
            toks = ent_toks or [t for t in span if t.pos_ == "PROPN" and t.i <= head.i] or [head]
            ent = self._entity(self.canonical_name(toks, a), "named_person")
            if ent.gender is None:
                ent.gender = _name_gender(ent.name)
            self._learn(ent, head, span)
            return ent, None
        if kind in ("role_only",) and definite and not has_name and lemma in ROLE_HEADS and head.tag_ != "NNS":
            for m in reversed(self._before(a)):
                ent = m.entity
                if m.cls == "person" and ent is not None and ent.kind == "named_person" and lemma in ent.roles:
                    return ent, m
        if kind == "named_organisation" and definite and not has_name:
            for m in reversed(self._before(a)):
                if (
                    m.cls == "org"
                    and m.entity is not None
                    and sd[m.head].lemma_.lower() == lemma
                    and any(t.pos_ == "PROPN" for t in sd[m.start : m.end])
                ):
                    return m.entity, m
        ent = self._entity(_core_text(sd, a, b), kind)
        if head.tag_ in ("NNS", "NNPS"):
            ent.plural = True
        self._learn(ent, head, span)
        return ent, None

    def _learn(self, ent: _Entity, head: Any, span: Any) -> None:
        """Roles and gender that the phrase around a mention gives its entity."""
        sd = self.sd
        words = [t for t in span]
        # "Anna Kerimova, the defence minister,": the apposition; "the minister, Anna Kerimova": its head
        for c in head.children:
            if c.dep_ == "appos":
                words += [t for t in c.subtree if t.dep_ not in ("relcl", "acl")]
        if head.dep_ == "appos":
            words.append(head.head)
        if head.i > 0:
            words.append(sd[head.i - 1])
        for t in span.root.lefts:
            words += list(t.subtree)
        for t in words:
            lem, low = t.lemma_.lower(), t.lower_
            if lem in ROLE_HEADS and t.pos_ in ("NOUN", "PROPN"):
                ent.roles.add(lem)
            if ent.kind == "named_person" and ent.gender is None:
                if low in _TITLE_M or lem in _NOUN_M:
                    ent.gender = "m"
                elif low in _TITLE_F or lem in _NOUN_F:
                    ent.gender = "f"

    def _before(self, i: int) -> list[_Mention]:
        """Mentions outside quotes whose head lies before token ``i``, in the window of sentences before it."""
        lo = max(0, self.sent_of[i] - _WINDOW) if i < len(self.sent_of) else 0
        out = []
        for s in range(lo, self.sent_of[i] + 1 if i < len(self.sent_of) else lo):
            out += [m for m in self.by_sent.get(s, []) if m.head < i and not self.in_quote[m.head]]
        return out

    def pronoun(self, tok: Any) -> _Entity | None:
        """The entity a third-person pronoun refers to (see the module's docstring), or None."""
        if tok.i in self._pron:
            return self._pron[tok.i]
        low = tok.lower_
        self._pron[tok.i] = None
        want: str | None = None
        if low in _MALE:
            want = "m"
        elif low in _FEMALE:
            want = "f"
        here = self.sent_of[tok.i]

        def cost(m: _Mention) -> tuple[float, int]:
            # nearer sentences, subjects, speakers of earlier attributions and named entities first
            named = m.entity is not None and m.entity.kind in ("named_person", "named_organisation", "media_outlet")
            c = 2.0 * (here - self.sent_of[m.head]) + (0 if m.subject else 2) + (0 if named or m.pronoun else 1)
            if low in _THEY and not (m.plural or m.group or m.pronoun):
                c += 1.5  # "they" is rather several people than one organisation
            return c - (1.5 if m.source else 0) + 0.1 * min(m.depth, 5), -m.head

        before = [m for m in self._before(tok.i) if not m.start <= tok.i < m.end]
        cands = [m for m in before if self._agrees(m, low, want)]
        if not cands and want is not None:
            # no person at all: a lone proper name the tagger took for an organisation ("Lindqvist said ... he")
            cands = [m for m in before if self._lone_name(m)]
            for m in cands:
                if m.entity is not None:
                    m.entity.kind = "named_person"
        best = min(cands, key=cost) if cands else None
        if best is None and want is not None:
            # "Back when he wrote his book, Mr. McKinley said ...": the subject named later in the same sentence
            for m in self.by_sent.get(here, []):
                if m.head > tok.i and m.subject and m.cls == "person" and not m.pronoun and not self.in_quote[m.head]:
                    if m.entity is None:
                        m.entity = self.resolve_nominal(m.start, m.end, m.kind, m.role)[0]
                    if m.entity.gender in (None, want) and not m.plural:
                        best = m
                        break
        ent = best.entity if best is not None else None
        if ent is not None and want is not None and ent.gender is None and tok.dep_ in ("nsubj", "nsubjpass"):
            ent.gender = want  # "Volkov ... he said": a subject pronoun tells the gender (a possessive is less sure)
        self._pron[tok.i] = ent
        return ent

    def _lone_name(self, m: _Mention) -> bool:
        t = self.sd[m.head]
        return (
            m.cls == "org"
            and not m.pronoun
            and m.end - m.start == 1
            and t.pos_ == "PROPN"
            and t.ent_type_ in ("ORG", "")
            and not t.text.isupper()
            and t.lower_ not in MEDIA_NAMES
            and t.lemma_.lower() not in ORG_HEADS
        )

    def _agrees(self, m: _Mention, low: str, want: str | None) -> bool:
        """Whether mention ``m`` may be what pronoun ``low`` refers to (number, gender, person or not)."""
        ent = m.entity
        if ent is None or ent.kind == "author":
            return False
        if m.pronoun:  # a pronoun already linked: the same pronoun class continues the chain
            mlow = self.sd[m.head].lower_
            if want is not None:  # but not "he and other candidates"
                return mlow in (_MALE if want == "m" else _FEMALE) and not m.plural
            return mlow in (_IT if low in _IT else _THEY)
        if want is not None:
            return m.cls == "person" and not m.plural and not ent.plural and ent.gender in (None, want)
        if low in _IT:
            return m.cls == "org" and not m.plural and not ent.plural
        # they: people, several things, or an organisation (not a country: "he bought land in New York, where they")
        return (m.plural or m.group or ent.plural) or (m.cls == "org" and self.sd[m.head].ent_type_ != "GPE")

    def resolve_source(self, a: int, b: int) -> tuple[_Entity | None, str, str | None, tuple[int, int] | None]:
        """(entity, kind, role, antecedent token range) of the source phrase a..b."""
        sd = self.sd
        kind, role = _classify(sd, a, b, self.surnames)
        head = sd[a:b].root
        if kind != "pronoun":
            ent, m = self.resolve_nominal(a, b, kind, role)
            if kind in ("role_only", "named_organisation") and ent.kind == "named_person":
                kind = "named_person"  # "the general", named before; "Lindqvist", whom a "he" showed a person
            return ent, kind, role, (m.start, m.end) if m is not None else None
        low = head.lower_
        if low in _REL and head.head.dep_ == "relcl":
            noun = head.head.head
            na, nb = _subtree_range(noun)
            nb = min(nb, head.head.left_edge.i)  # the noun phrase without its relative clause
            if nb > na:
                k2, r2 = _classify(sd, na, nb, self.surnames)
                if k2 != "pronoun":
                    ent, _ = self.resolve_nominal(na, nb, k2, r2)
                    return ent, ent.kind if ent.kind == "named_person" else k2, r2, (na, nb)
            return None, "role_only", None, None
        if low in _WRITER:
            return AUTHOR, "author", None, None
        if low in _MALE | _FEMALE | _IT | _THEY:
            ent = self.pronoun(head)
            if ent is not None:
                m = next((m for m in reversed(self._before(head.i)) if m.entity is ent and not m.pronoun), None)
                return ent, ent.kind, role, (m.start, m.end) if m is not None else None
            return None, "named_person" if low in _MALE | _FEMALE else "role_only", None, None
        return None, "role_only", None, None


def _resolve_speakers(atts: list[_Att], sd: Any, in_quote: list[bool] | None = None) -> None:
    """Set each attribution's kind, role, speaker (the name its source resolves to) and antecedent (the token
    range of the mention a pronoun or relative resolves to); a quote with no source takes the speaker of the
    attribution before it."""
    heads = frozenset(sd[a:b].root.i for a, b in (att.source for att in atts if att.source))
    linker = Linker(sd, in_quote if in_quote is not None else [False] * len(sd), heads)
    history: list[tuple[str, str]] = []  # (speaker, kind) of the sources so far, in text order
    for att in sorted(atts, key=lambda x: x.source[0] if x.source else (x.content[0][0] if x.content else 0)):
        if att.source is None:
            if att.type == "floating" and att.speaker is None and history:
                att.speaker, att.kind = history[-1]
            continue
        a, b = att.source
        ent, kind, role, antecedent = linker.resolve_source(a, b)
        att.kind, att.role = kind, role
        att.speaker = ent.name if ent is not None else _text(sd, a, b)
        att.antecedent = antecedent
        if kind != "author":
            history.append((att.speaker, kind))
