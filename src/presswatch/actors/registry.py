"""The actors and affiliation registry: who a named body, outlet or official belongs to.

The registry (``actors.yaml`` next to this module, extended by a user file: ``PRESSWATCH_ACTORS`` or
``--actors FILE``) maps names to an **affiliation** (a neutral label per conflict side: ``az-state``,
``nk-de-facto``, ``mediator``, ``international``, ``media-international``, ...) and a country. It says who a
body belongs to, never whether it is right. See ``docs/actors.md``.

:meth:`Registry.identify` reads a source phrase as the sourcing analyzer finds it ("Azerbaijan's defence
ministry", "Defence Army spokesman Hrach Simonyan", "officials in Stepanakert") and returns the body it
names, by three kinds of name:

* an **alias** of an entry (``ICRC``, ``Defence Army``, ``Минская группа ОБСЕ``), matched as a token sequence,
  case- and inflection-tolerantly (:mod:`presswatch.actors.normalize`);
* a **body word** (``defence ministry``, ``officials``, ``media``) with a **qualifier** of a polity next to it
  (``Azerbaijani``, ``of Armenia``, ``in Stepanakert``, ``Министерство обороны Армении``): the polity's own
  entry for that word, else the polity's state (or media) affiliation;
* a body word alone, when the text's outlet has a **home polity** (an outlet of Azerbaijan writing "the
  Ministry of Defence" means Azerbaijan's); with no home it names nobody (``unknown``).

The longest name wins. A name counts only as the head of the phrase: "Analysts in Baku" names no body,
"members of the illegal armed formations" does, "Military expert ..." does not name the military.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presswatch.actors.normalize import LANGUAGES, Token, keys, stem, tokens
from presswatch.errors import ConfigError
from presswatch.settings import current as current_settings

UNKNOWN = "unknown"
ACTORS_ENV = "PRESSWATCH_ACTORS"
SHIPPED = Path(__file__).resolve().parent / "actors.yaml"


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (word lists read better that way)."""
    return frozenset(text.split())


# words before a name that do not make it a modifier of something else
_DETERMINERS = _words("the a an some this these that those its their his her our several two three")
# "members of <body>", "<body> spokesman Hrach Simonyan": the person or group belongs to the body
_MEMBERS = _words(
    """member members representative representatives unit units serviceman servicemen soldier soldiers officer
    officers official officials spokesman spokeswoman spokesperson spokespeople head chief commander command
    leadership staff employee employees reporter reporters correspondent correspondents journalist journalists
    editor editors minister deputy press secretary service department office division source sources director
    directors chairman chairwoman chair coordinator envoy adviser advisor aide aides"""
)
# words before a person's surname that keep it that person's ("President Aliyev"); any other capitalised word
# is another person's given name ("Rovshan Aliyev" is not Ilham Aliyev)
_TITLES = _words(
    """president prime minister foreign defence defense secretary general mr mrs ms dr spokesman spokeswoman
    chairman premier ambassador leader de facto президент премьер министр глава господин prezident nazir cənab
    жена նախագահ վարչապետ նախարար"""
)
_RELATIVE = re.compile(r"^(?:who|which|that)\s+\w+\s+", re.I)
# words that put what follows them in a modifier ("Analysts in Baku", "Residents of Khankendi")
_BREAKERS = _words(
    """of in from at near on for with by about who whom whose which that after before between against в из на у о
    об с со при от по для"""
)
_LINKERS = frozenset({"of", "in", "from"})  # "Ministry of Defence of Armenia", "officials in Stepanakert"
# lower-case English words that may follow a name in a source phrase without making it a modifier
_FOLLOW_OK = (
    _MEMBERS
    | _BREAKERS
    | _words("""and or the a an its their his her as was were is are has have had who which that said says""")
)
_DATELINE = re.compile(r"\s[-–—]\s")
_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True, slots=True)
class Polity:
    """A state, or a de facto entity, that bodies belong to, with the words that qualify a body as its own."""

    key: str
    name: str
    country: str | None
    state: str
    media: str
    qualifiers: dict[str, tuple[str, ...]]
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Actor:
    """One registry entry."""

    id: str
    name: str
    affiliation: str
    country: str | None
    kind: str
    polity: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    generic: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "affiliation": self.affiliation,
            "country": self.country,
            "kind": self.kind,
            "polity": self.polity,
            "aliases": {k: list(v) for k, v in self.aliases.items()},
            "generic": {k: list(v) for k, v in self.generic.items()},
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Match:
    """What a phrase names: an entry (``actor``), or only an affiliation (a polity's officials, media)."""

    affiliation: str
    country: str | None
    actor: Actor | None
    start: int  # character range of the name in the phrase
    end: int
    how: str  # alias | qualifier | home | polity

    @property
    def actor_id(self) -> str | None:
        return self.actor.id if self.actor else None


@dataclass(slots=True)
class _Generic:
    by_polity: dict[str, Actor] = field(default_factory=dict)
    state: bool = False
    media: bool = False


@dataclass(slots=True)
class _Cand:
    i: int  # token range in the phrase
    j: int
    match: Match
    rank: int  # ties: an alias before a qualified body word before a home one
    lang: str


class Registry:
    """Loaded registry data with its match indexes (build one with :func:`load_registry`)."""

    def __init__(
        self,
        affiliations: dict[str, str],
        polities: dict[str, Polity],
        actors: dict[str, Actor],
        generic: dict[str, dict[str, tuple[str, ...]]],
        files: tuple[str, ...] = (),
    ) -> None:
        self.affiliations = affiliations
        self.polities = polities
        self.actors = actors
        self.files = files
        # per language: first key -> [(keys, payload)]
        self._alias: dict[str, dict[str, list[tuple[tuple[str, ...], Actor]]]] = {lang: {} for lang in LANGUAGES}
        # payload: (polity key, whether the words are a name that also stands alone for the polity)
        self._qual: dict[str, dict[str, list[tuple[tuple[str, ...], tuple[str, bool]]]]] = {
            lang: {} for lang in LANGUAGES
        }
        self._gen: dict[str, dict[str, list[tuple[tuple[str, ...], _Generic]]]] = {lang: {} for lang in LANGUAGES}
        gens: dict[tuple[str, tuple[str, ...]], _Generic] = {}

        def generic_of(lang: str, ks: tuple[str, ...]) -> _Generic:
            if (lang, ks) not in gens:
                gens[(lang, ks)] = _Generic()
                self._gen[lang].setdefault(ks[0], []).append((ks, gens[(lang, ks)]))
            return gens[(lang, ks)]

        for group, flag in (("state", "state"), ("media", "media")):
            for lang, words in generic.get(group, {}).items():
                for w in words:
                    ks = keys(w, lang)
                    if ks:
                        setattr(generic_of(lang, ks), flag, True)
        for a in actors.values():
            for lang, names in a.aliases.items():
                for n in names:
                    ks = keys(n, lang)
                    if ks:
                        self._alias[lang].setdefault(ks[0], []).append((ks, a))
            if a.polity:
                for lang, words in a.generic.items():
                    for w in words:
                        ks = keys(w, lang)
                        if ks:
                            generic_of(lang, ks).by_polity.setdefault(a.polity, a)
        for p in polities.values():
            for is_name, lists in ((False, p.qualifiers), (True, p.names)):
                for lang, words in lists.items():
                    for w in words:
                        ks = keys(w, lang)
                        if ks:
                            self._qual[lang].setdefault(ks[0], []).append((ks, (p.key, is_name)))
        self._sources: dict[str, Actor] = {}
        for a in actors.values():
            for s in (a.name, *a.sources):
                self._sources.setdefault(s.casefold(), a)

    # ------------------------------------------------------------------------------------ lookups
    def outlet(self, *names: str | None) -> Actor | None:
        """The entry whose publications are stored under one of ``names`` (a source name, a domain or a URL)."""
        for n in names:
            if not n:
                continue
            n = n.strip().casefold()
            host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", n).split("/")[0].split(":")[0]
            for cand in (n, host, host.removeprefix("www.")):
                if cand in self._sources:
                    return self._sources[cand]
        return None

    def find(self, name: str) -> list[Actor]:
        """Entries whose id, name or alias is ``name`` (as a whole), for ``presswatch actors show``."""
        folded = name.strip().casefold()
        if folded in self.actors:
            return [self.actors[folded]]
        out = []
        for a in self.actors.values():
            if a.name.casefold() == folded or any(
                keys(n, lang) == keys(name, lang) for lang, ns in a.aliases.items() for n in ns
            ):
                out.append(a)
        return out

    # ----------------------------------------------------------------------------------- matching
    def identify(self, phrase: str, *, home: str | None = None) -> Match | None:
        """The body ``phrase`` names (a source phrase: "the Azerbaijani Army", "officials in Stepanakert"),
        or None. ``home`` is the polity key of the text's outlet, for bare body words ("the ministry")."""
        base = 0
        cut = list(_DATELINE.finditer(phrase))
        if cut:  # "BAKU, June 14 (Wire) - Officials said": the source is after the dateline
            base = cut[-1].end()
        found = self._identify(phrase, base, home)
        comma = phrase.find(",", base)
        if found is None and comma > 0:  # "Vardan H., a spokesman for the Artsakh government": the apposition
            rest = phrase[comma + 1 :]
            lead = len(rest) - len(rest.lstrip())
            rel = _RELATIVE.match(rest[lead:])  # "..., who heads the department of the administration"
            found = self._identify(phrase, comma + 1 + lead + (rel.end() if rel else 0), home)
        return found

    def _identify(self, phrase: str, base: int, home: str | None) -> Match | None:
        text = phrase[base:].rstrip(", ")
        toks = tokens(text)
        if not toks:
            return None
        best: _Cand | None = None
        for c in self._candidates(toks, home):
            if not self._is_head(text, toks, c.i, c.j, c.lang == "en"):
                continue
            if best is None or (c.j - c.i, -c.i, -c.rank) > (best.j - best.i, -best.i, -best.rank):
                best = c
        if best is None:
            return None
        m = best.match
        return Match(m.affiliation, m.country, m.actor, base + toks[best.i].start, base + toks[best.j - 1].end, m.how)

    @staticmethod
    def _spans(
        index: dict[str, list[tuple[tuple[str, ...], Any]]], stems: list[str], exact: list[str]
    ) -> Iterable[tuple[int, int, Any]]:
        """Every (i, j, payload) whose pattern matches tokens i..j: an acronym's key ("=UN") the exact form, any
        other key the stem (so that an all-capitals "BAKU" is still Baku)."""
        n = len(stems)
        for i in range(n):
            for first in (stems[i], exact[i]):
                for pattern, payload in index.get(first, ()):
                    j = i + len(pattern)
                    if j <= n and all(
                        p == (exact[k] if p.startswith("=") else stems[k]) for k, p in enumerate(pattern, start=i)
                    ):
                        yield i, j, payload

    def _candidates(self, toks: list[Token], home: str | None) -> Iterable[_Cand]:
        n = len(toks)
        content = 0
        while content < n - 1 and toks[content].folded in _DETERMINERS:
            content += 1
        exact = ["=" + t.raw for t in toks]
        for lang in LANGUAGES:
            stems = [stem(t, lang) for t in toks]
            for i, j, a in self._spans(self._alias[lang], stems, exact):
                if a.kind == "person" and i > 0 and toks[i - 1].raw[:1].isupper() and toks[i - 1].folded not in _TITLES:
                    continue  # another person's given name before the surname
                yield _Cand(i, j, Match(a.affiliation, a.country, a, 0, 0, "alias"), 0, lang)
            quals = list(self._spans(self._qual[lang], stems, exact))
            ending: dict[int, tuple[int, int, str]] = {}
            starting: dict[int, tuple[int, int, str]] = {}
            for i, j, (p, is_name) in quals:
                if j - i > ending.get(j, (0, 0, ""))[1] - ending.get(j, (0, 0, ""))[0]:
                    ending[j] = (i, j, p)
                if j - i > starting.get(i, (0, 0, ""))[1] - starting.get(i, (0, 0, ""))[0]:
                    starting[i] = (i, j, p)
                if is_name and i == content and j == n:  # "Baku", "official Yerevan": the polity's government
                    pol = self.polities[p]
                    yield _Cand(i, j, Match(pol.state, pol.country, None, 0, 0, "polity"), 2, lang)
            for i, j, g in self._spans(self._gen[lang], stems, exact):
                after = j + 1 if j < n and toks[j].folded in _LINKERS else j
                if after < n and toks[after].folded == "the":
                    after += 1
                if i in ending:
                    qi, _, p = ending[i]
                    m = self._resolve(g, p, "qualifier")
                    if m is not None:
                        yield _Cand(qi, j, m, 1, lang)
                        continue
                if after in starting:
                    _, qj, p = starting[after]
                    m = self._resolve(g, p, "qualifier")
                    if m is not None:
                        yield _Cand(i, qj, m, 1, lang)
                        continue
                if home:
                    m = self._resolve(g, home, "home")
                    if m is not None:
                        yield _Cand(i, j, m, 3, lang)

    def _resolve(self, g: _Generic, polity: str, how: str) -> Match | None:
        a = g.by_polity.get(polity)
        if a is not None:
            return Match(a.affiliation, a.country, a, 0, 0, how)
        p = self.polities.get(polity)
        if p is None:
            return None
        if g.state:
            return Match(p.state, p.country, None, 0, 0, how)
        if g.media:
            return Match(p.media, p.country, None, 0, 0, how)
        return None

    @staticmethod
    def _is_head(text: str, toks: list[Token], i: int, j: int, english: bool) -> bool:
        """The name at tokens i..j heads the phrase: nothing before it puts it in a modifier ("Analysts in
        Baku", "Gayane M., who heads ... the administration"), and no English noun after it makes it one
        ("Military expert")."""
        if i > 0 and re.search(r"[,;:()]", text[toks[0].start : toks[i].start]):
            return False
        for k in range(i):
            w = toks[k].folded
            if w in _BREAKERS and not (w in ("of", "for", "from") and k > 0 and toks[k - 1].folded in _MEMBERS):
                return False
        if english and j < len(toks):
            nxt = toks[j]
            if (
                nxt.raw.islower()
                and _LATIN.match(nxt.folded)
                and nxt.folded not in _FOLLOW_OK
                and not re.search(r"[,;:()]", text[toks[j - 1].end : nxt.start])
            ):
                return False
        return True


# ---------------------------------------------------------------------------------------------- loading
def _lang_lists(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping of language -> list of names")
    out = {}
    for lang, names in value.items():
        if lang not in LANGUAGES:
            raise ConfigError(f"{where}: unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(f"{where}.{lang}: expected a list of names")
        out[lang] = tuple(names)
    return out


def _read(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the actors file ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: an actors file is a mapping (affiliations:, polities:, generic:, actors:)")
    return data


def _merge(path: Path, data: dict[str, Any], into: dict[str, Any]) -> None:
    into["affiliations"].update({str(k): str(v) for k, v in (data.get("affiliations") or {}).items()})
    for k, p in (data.get("polities") or {}).items():
        where = f"{path}: polities.{k}"
        if not isinstance(p, dict) or not p.get("state"):
            raise ConfigError(f"{where}: needs at least state: (the affiliation of its bodies)")
        into["polities"][str(k)] = Polity(
            key=str(k),
            name=str(p.get("name") or k),
            country=p.get("country"),
            state=str(p["state"]),
            media=str(p.get("media") or p["state"]),
            qualifiers=_lang_lists(p.get("qualifiers"), where + ".qualifiers"),
            names=_lang_lists(p.get("names"), where + ".names"),
        )
    for group in ("state", "media"):
        for lang, words in _lang_lists((data.get("generic") or {}).get(group), f"{path}: generic.{group}").items():
            into["generic"].setdefault(group, {}).setdefault(lang, ())
            into["generic"][group][lang] += words
    entries = data.get("actors") or []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: actors: is a list of entries")
    for n, e in enumerate(entries):
        where = f"{path}: actors[{n}]"
        if not isinstance(e, dict):
            raise ConfigError(f"{where}: an entry is a mapping (id, name, affiliation, country, kind, aliases)")
        missing = [f for f in ("id", "name", "affiliation", "kind") if not e.get(f)]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        country = e.get("country")
        if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            raise ConfigError(f"{where} ({e['id']}): country is an ISO 3166-1 alpha-2 code (AZ, AM, RU) or null")
        sources = e.get("sources") or []
        if not isinstance(sources, list):
            raise ConfigError(f"{where} ({e['id']}): sources: is a list of source names or domains")
        into["actors"][str(e["id"])] = Actor(
            id=str(e["id"]),
            name=str(e["name"]),
            affiliation=str(e["affiliation"]),
            country=country,
            kind=str(e["kind"]),
            polity=str(e.get("polity") or country) if (e.get("polity") or country) else None,
            aliases=_lang_lists(e.get("aliases"), f"{where}.aliases"),
            generic=_lang_lists(e.get("generic"), f"{where}.generic"),
            sources=tuple(str(s) for s in sources),
        )


def _check(data: dict[str, Any], files: list[Path]) -> None:
    known = set(data["affiliations"])
    for p in data["polities"].values():
        for label in (p.state, p.media):
            if label not in known:
                raise ConfigError(f"polity {p.key}: affiliation {label!r} is not listed under affiliations:")
    for a in data["actors"].values():
        if a.affiliation not in known:
            where = " or ".join(str(f) for f in files)
            raise ConfigError(
                f"{where}: actor {a.id}: affiliation {a.affiliation!r} is not listed under affiliations: "
                f"(known: {', '.join(sorted(known))})"
            )
        if a.polity and a.generic and a.polity not in data["polities"]:
            raise ConfigError(f"actor {a.id}: polity {a.polity!r} has no entry under polities:")


def load_registry(*extra: Path | str) -> Registry:
    """The shipped registry extended by ``extra`` files, in order (later entries replace earlier ones with
    the same id; polities replace by key; body words are added)."""
    files = [SHIPPED, *(Path(p) for p in extra)]
    data: dict[str, Any] = {"affiliations": {}, "polities": {}, "generic": {}, "actors": {}}
    for f in files:
        if not f.is_file():
            raise ConfigError(f"{f}: no such actors file")
        _merge(f, _read(f), data)
    _check(data, files)
    return Registry(
        data["affiliations"], data["polities"], data["actors"], data["generic"], tuple(str(f) for f in files)
    )


def user_files(explicit: Path | str | None = None) -> tuple[str, ...]:
    """The user's actors files: ``explicit`` (``--actors``) if given, else ``PRESSWATCH_ACTORS`` (paths
    separated by the system's path separator)."""
    if explicit:
        return (str(explicit),)
    return tuple(p for p in (current_settings().actors or "").split(os.pathsep) if p.strip())


@lru_cache(maxsize=8)
def _cached(files: tuple[str, ...], stamps: tuple[float, ...]) -> Registry:
    return load_registry(*files)


def default_registry(explicit: Path | str | None = None) -> Registry:
    """The registry in effect: shipped data plus the user's file(s); reloaded when a file changes."""
    files = user_files(explicit)
    stamps = tuple(Path(f).stat().st_mtime if Path(f).is_file() else -1.0 for f in files)
    return _cached(files, stamps)


def affiliation_of(match: Match | None) -> str:
    return match.affiliation if match is not None else UNKNOWN


__all__ = [
    "ACTORS_ENV",
    "Actor",
    "Match",
    "Polity",
    "Registry",
    "UNKNOWN",
    "affiliation_of",
    "default_registry",
    "load_registry",
    "user_files",
]
