"""Naming policies: YAML data that says which names of a place a text should or should not use.

A policy is picked by the user (``--policy NAME_OR_FILE``): the name of a shipped policy
(``gazetteer/policies/NAME.yaml``) or the path of a file written in the same format, described in
``docs/naming-policies.md``. :func:`check` lists the places of a document whose name breaks the policy.
The project takes no side: it ships several policies and reports which one a text follows or breaks.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import field as _field
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError, InputError
from presswatch.gazetteer.normalize import key, script_of
from presswatch.ingest.localfile import read_limited, shown
from presswatch.model import FIELDS, Document, Span

POLICY_DIR = Path(__file__).parent / "policies"
_POLICY_NAME = re.compile(r"[A-Za-z0-9_.-]+")
MAX_NAME_CHARS = 255
MAX_POLICY_BYTES = 5 * 1024 * 1024
STATUSES = ("preferred", "acceptable", "deprecated", "not-to-be-used")
BREAKING = {"deprecated", "not-to-be-used"}
_RULE_KEYS = {"place", "name", "names", "status", "suggest", "since", "rationale", "reference", "dual",
              "first_mention_only", "__line__"}
_NAME_KEYS = {"name", "status", "suggest", "since", "rationale", "reference", "__line__"}
AMBIGUOUS = "name_ambiguous"  # the status of a name that reads as two of the policy's names the policy judges apart
# language -> "module:function" giving the other names a place name in a text of that language may be a form of:
# ``function(surface, text, start) -> list[str]`` ("Шуши" -> ["Шуша"]); one line a language
READINGS: dict[str, str] = {"ru": "presswatch.analyzers.places_ru:readings"}
# script -> "module:function" writing a Latin name in that script, for a suggestion neither the policy nor the
# gazetteer has in the text's script (checked: its transliteration key must be the name's); one line a script
TRANSLITERATE: dict[str, str] = {"Cyrl": "presswatch.gazetteer.policy:to_cyrillic"}


@dataclass(slots=True)
class NameRule:
    name: str
    status: str
    suggest: str | None = None
    since: str | None = None
    rationale: str | None = None
    reference: str | None = None
    place: str | None = None  # None: applies to the name wherever it is used
    line: int = 0


@dataclass(slots=True)
class DualRule:
    place: str
    first: str
    second: str
    first_mention_only: bool = True
    rationale: str | None = None
    reference: str | None = None
    line: int = 0


@dataclass(slots=True)
class Policy:
    id: str
    title: str
    description: str = ""
    basis: list[str] = field(default_factory=list)
    names: list[NameRule] = field(default_factory=list)
    duals: list[DualRule] = field(default_factory=list)
    path: str = ""

    def rule_for(self, place_id: str | None, surface: str, matched: str | None) -> NameRule | None:
        """The rule that governs ``surface`` (or the gazetteer name it matched) for ``place_id``:
        a place-specific rule first, then a name-only rule."""
        ks = {key(surface)} | ({key(matched)} if matched else set())
        scripts = {script_of(surface)} | ({script_of(matched)} if matched else set())
        best: tuple[float, NameRule] | None = None
        for r in self.names:
            if key(r.name) not in ks or r.place is not None and r.place != place_id:
                continue
            # several rules share a key across scripts ("Khankendi", "Ханкенди"): the one written as the text
            # writes it wins, so that a Russian text is told the policy's Russian form
            sr = script_of(r.name)
            rank = (2 if r.place is not None else 0) + (1 if sr == script_of(surface) else 0.5 if sr in scripts else 0)
            if best is None or rank > best[0]:
                best = (rank, r)
        return best[1] if best else None

    def match(self, place_id: str | None, surface: str, matched: str | None,
              readings: Iterable[str] = ()) -> tuple[list[tuple[str, NameRule]], bool]:
        """The policy's rules a place name in a text may be read as, with the name each was read from, and whether
        the name is ambiguous (two readings the policy judges apart: one breaks it, the other does not).

        ``surface`` and ``matched`` (the gazetteer name it matched) are compared as :meth:`rule_for` does, across
        scripts through the gazetteer's transliteration keys ("Шуша" is "Shusha"); ``readings`` are the other names
        the text's language says it may be a form of (:data:`READINGS`); a name none of these finds is compared
        loosely (:func:`loose_key`: "Агдам" is "Aghdam") with the rules of its place, when only one rule fits.
        """
        found: list[tuple[str, NameRule]] = []
        first = self.rule_for(place_id, surface, matched)
        if first is not None:
            found.append((surface, first))
        for name in readings:
            r = self.rule_for(place_id, name, None)
            if r is not None and all(r is not f for _, f in found):
                found.append((name, r))
        if not found and place_id is not None:
            for name in [surface, *([matched] if matched else []), *readings]:
                fits = {id(r): r for r in self.names if r.place == place_id and loose_key(r.name) == loose_key(name)}
                if len(fits) == 1:
                    found.append((name, next(iter(fits.values()))))
                    break
        ambiguous = len({r.status in BREAKING for _, r in found}) > 1
        return found, ambiguous

    def in_script(self, place_id: str | None, name: str | None, script: str) -> str | None:
        """``name`` (a suggestion) written in ``script``: itself when it is; else the policy's own name for the
        place in that script that reads as it; else the gazetteer's; else its transliteration (:data:`TRANSLITERATE`)
        when that reads back as it; else the gazetteer's name that reads as it loosely (:func:`loose_key`), when
        no other name of the place in the policy does; else ``name`` unchanged."""
        if not name or script_of(name) == script or script not in ("Latn", "Cyrl", "Armn"):
            return name
        want = key(name)
        for r in self.names:
            if (r.place in (place_id, None)) and script_of(r.name) == script and r.status not in BREAKING and \
                    key(r.name) == want:
                return r.name
        names = [n for n in _names_of(place_id) if script_of(n) == script]
        for n in names:
            if key(n) == want:
                return n
        target = TRANSLITERATE.get(script)
        if target is not None and script_of(name) == "Latn":
            import importlib

            module, attr = target.split(":")
            written = getattr(importlib.import_module(module), attr)(name)
            if key(written) == want:
                return written
        # a name transliterated by other rules ("Kalbajar", "Кельбаджар"), when no other name of the place in the
        # policy reads the same loosely ("Shusha" and "Shushi" do)
        loose = loose_key(name)
        if not any(loose_key(r.name) == loose and key(r.name) != want for r in self.names if r.place == place_id):
            for n in names:
                if loose_key(n) == loose:
                    return n
        return name


def _names_of(place_id: str | None) -> list[str]:
    """The names the gazetteer has for ``place_id`` (empty when it has no such place)."""
    if not place_id:
        return []
    from presswatch.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    i = gaz.index_of(place_id)
    if i is None:
        return []
    return [n.name for n in gaz.place(i).names if n.name]


_LOOSE = (("dzh", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"), ("x", "h"), ("q", "g"))


def loose_key(name: str) -> str:
    """A looser key than :func:`~presswatch.gazetteer.normalize.key`, for names transliterated by other rules:
    "dzh"/"j", "kh"/"x"/"h", "gh"/"g" alike, vowels after the first letter and doubled letters dropped
    ("Агдам" and "Aghdam", "Кельбаджар" and "Kalbajar" agree; so do "Шуша" and "Шуши", hence only when one
    rule of a place fits)."""
    k = key(name).replace(" ", "")
    for a, b in _LOOSE:
        k = k.replace(a, b)
    if not k:
        return k
    k = k[0] + re.sub(r"[aeiouy]", "", k[1:])
    return re.sub(r"(.)\1+", r"\1", k)


_TO_CYR = [("shch", "щ"), ("sh", "ш"), ("gh", "г"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("yu", "ю"),
           ("ya", "я"), ("ye", "е"), ("yo", "ё"), ("dz", "дз"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
           ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
           ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
           ("j", "дж"), ("c", "к"), ("w", "в"), ("q", "к"), ("x", "кс")]


def to_cyrillic(name: str) -> str:
    """A Latin place name written in Cyrillic letters the way Russian writes such names ("Shushi" -> "Шуши",
    "Berdzor" -> "Бердзор"); "y" is "й" after a vowel and "ы" elsewhere. Used only when its key reads back as
    the Latin name's (see :meth:`Policy.in_script`)."""
    out: list[str] = []
    low = name.lower()
    i = 0
    while i < len(low):
        pair = next(((lat, cyr) for lat, cyr in _TO_CYR if low.startswith(lat, i)), None)
        if pair is not None:
            lat, cyr = pair
        else:
            if low[i] == "y":
                lat, cyr = "y", "й" if out and out[-1] in "аеиоуыэюяё" else "ы"
            else:
                lat, cyr = low[i], low[i]
        piece = cyr.upper()[:1] + cyr[1:] if name[i].isupper() else cyr
        out.append(piece)
        i += len(lat)
    return "".join(out)


@dataclass(slots=True)
class Violation:
    start: int
    end: int
    text: str
    place_id: str | None
    status: str
    suggestion: str | None
    rationale: str | None
    reference: str | None
    policy: str
    rule_line: int
    field: str = "text"  # where the offsets are: "text" (the body), "title" or "description"
    voice: str = "own"  # own, quoted, scare_quoted or mentioned (see presswatch.analyzers.voice)
    speaker: str | None = None  # whose quote, for a quoted name whose speaker is known
    read_as: str | None = None  # the policy's name the text's name was matched to ("Shusha" for "Шушой")
    readings: list[str] = _field(default_factory=list)  # for a name_ambiguous one: the policy's names it may be

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ loading

def _loader() -> type:
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
        m = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        m["__line__"] = node.start_mark.line + 1
        return m

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICY_DIR.glob("*.yaml"))


def _looks_like_path(arg: str) -> bool:
    seps = {"/", os.sep, os.altsep} - {None}
    return any(sep in arg for sep in seps) or arg.lower().endswith((".yaml", ".yml"))


def _read_policy_file(path: str) -> str:
    try:
        data = read_limited(path, MAX_POLICY_BYTES)
    except InputError as e:
        raise ConfigError(f"{shown(path)}: cannot read the policy file ({e.message})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{shown(path)}: the policy file is not UTF-8 text ({e.reason} at byte {e.start})") from None


def load_policy(name_or_file: str | Path) -> Policy:
    """A shipped policy by name, or a policy file by path. Raises ConfigError naming the line at fault.

    An argument is taken as a path only when it looks like one (it holds a path separator or ends in
    ``.yaml``/``.yml``, or is a :class:`~pathlib.Path`) and names an existing file. Otherwise it must be
    the bare name of a shipped policy (letters, digits, ``.``, ``_``, ``-``), looked up only inside the
    shipped policy folder: ``../x`` never reaches a file outside it.
    """
    arg = str(name_or_file)
    if isinstance(name_or_file, Path) or _looks_like_path(arg):
        try:
            os.stat(arg)
        except OSError as e:
            if e.errno == errno.ENAMETOOLONG:
                raise ConfigError(f"the naming policy path is too long for the system: {shown(arg)}") from None
            if e.errno not in (errno.ENOENT, errno.ENOTDIR):
                raise ConfigError(f"{shown(arg)}: cannot read the policy file ({e.strerror})") from None
        except ValueError:
            pass  # a NUL character: no such file, and not a valid name either
        else:
            return parse_policy(_read_policy_file(arg), arg)
    name = arg[: -len(Path(arg).suffix)] if arg.lower().endswith((".yaml", ".yml")) else arg
    if len(name) > MAX_NAME_CHARS:
        raise ConfigError(f"the naming policy name is too long ({len(name)} characters, at most {MAX_NAME_CHARS})")
    shipped = POLICY_DIR / f"{name}.yaml"
    if _POLICY_NAME.fullmatch(name) and not name.startswith(".") and shipped.is_file() and \
            shipped.resolve().parent == POLICY_DIR.resolve():
        return parse_policy(_read_policy_file(str(shipped)), str(shipped))
    what = "no such file" if _looks_like_path(arg) else "not a file"
    raise ConfigError(f"unknown naming policy {shown(arg)!r}: {what}, and not one of the shipped policies "
                      f"({', '.join(available_policies())})")


def parse_policy(text: str, where: str = "<policy>") -> Policy:
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{where}{line}: not valid YAML: {getattr(e, 'problem', None) or e}") from None

    def bad(line: int | None, msg: str) -> ConfigError:
        return ConfigError(f"{where}{f' line {line}' if line else ''}: {msg}")

    if not isinstance(data, dict):
        raise bad(1, "a policy file is a mapping with 'policy' and 'rules'")
    head = data.get("policy")
    if not isinstance(head, dict) or not head.get("id"):
        raise bad(data.get("__line__"), "missing 'policy:' with at least an 'id'")
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise bad(head.get("__line__"), "missing 'rules:' (a list)")
    basis = head.get("basis") or []
    pol = Policy(str(head["id"]), str(head.get("title") or head["id"]), str(head.get("description") or ""),
                 [str(b) for b in (basis if isinstance(basis, list) else [basis])], path=where)
    for r in rules:
        if not isinstance(r, dict):
            raise bad(None, f"each rule is a mapping; got {r!r}")
        line = r.get("__line__")
        unknown = set(r) - _RULE_KEYS
        if unknown:
            raise bad(line, f"unknown key(s) {', '.join(sorted(unknown))} in a rule "
                      f"(known: {', '.join(sorted(_RULE_KEYS - {'__line__'}))})")
        place = r.get("place")
        if "dual" in r:
            dual = r["dual"]
            if not place or not isinstance(dual, list) or len(dual) != 2:
                raise bad(line, "a 'dual' rule needs 'place' and 'dual: [FIRST, SECOND]'")
            pol.duals.append(DualRule(str(place), str(dual[0]), str(dual[1]),
                                      bool(r.get("first_mention_only", True)), r.get("rationale"),
                                      r.get("reference"), line or 0))
            continue
        entries: list[dict[str, Any]]
        if "names" in r:
            if not place or not isinstance(r["names"], list):
                raise bad(line, "'names' must be a list and needs 'place'")
            entries = r["names"]
        elif "name" in r:
            entries = [r]
        else:
            raise bad(line, "a rule needs 'name', 'names' (with 'place') or 'dual'")
        for e in entries:
            eline = e.get("__line__", line) if isinstance(e, dict) else line
            if not isinstance(e, dict) or not e.get("name"):
                raise bad(eline, "each name entry needs 'name'")
            if e is not r and set(e) - _NAME_KEYS:
                raise bad(eline, f"unknown key(s) {', '.join(sorted(set(e) - _NAME_KEYS))} in a name entry")
            status = e.get("status")
            if status not in STATUSES:
                raise bad(eline, f"status {status!r} for {e['name']!r} is not one of {', '.join(STATUSES)}")
            pol.names.append(NameRule(str(e["name"]), status, e.get("suggest"), _s(e.get("since")),
                                      e.get("rationale"), e.get("reference"),
                                      str(place) if place else None, eline or 0))
    return pol


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


# ------------------------------------------------------------------------------------ checking

def place_spans(doc: Document) -> list[Span]:
    """The PLACE spans of ``doc`` in reading order: headline, standfirst, body."""
    order = {f: k for k, f in enumerate(FIELDS)}
    return sorted((s for s in doc.spans if s.label == "PLACE"), key=lambda s: (order.get(s.field, len(order)), s.start))


def voice_of(span: Span) -> str:
    """The voice in which the text uses the name of ``span`` ("own" for spans found before voices existed)."""
    return str(span.attrs.get("voice") or "own")


def check(doc: Document, policy: Policy, voices: Iterable[str] | None = None) -> list[Violation]:
    """The places of ``doc`` (its ``places`` spans, headline and standfirst included) whose name breaks
    ``policy``, in reading order.

    ``voices``: the voices counted (None: every voice). A name in another voice (quoted, in scare quotes, talked
    about) is not the text's own use of it; a dual rule's first mention is the first one in a counted voice.
    """
    wanted = None if voices is None else set(voices)
    out: list[Violation] = []
    seen_places: set[str] = set()
    for s in place_spans(doc):
        voice = voice_of(s)
        if wanted is not None and voice not in wanted:
            continue
        text = doc.field_text(s.field)
        surface = text[s.start:s.end]
        pid = s.attrs.get("place_id")
        where = {"field": s.field, "voice": voice, "speaker": s.attrs.get("speaker")}
        readings = readings_of(s.attrs.get("language") or doc.language, surface, text, s.start)
        found, ambiguous = policy.match(pid, surface, s.attrs.get("matched_name"), readings)
        rule = found[0][1] if found else None
        script = script_of(surface)
        dual = next((d for d in policy.duals if d.place == pid), None) if pid else None
        if dual is not None:
            first_time = pid not in seen_places
            seen_places.add(pid)
            if dual.first_mention_only and not first_time:
                continue
            if _dual_ok(text, s, surface, dual, readings):
                continue
            # the second name inside the parentheses of a correct pair was already accepted
            pair = f"{policy.in_script(pid, dual.first, script)} ({policy.in_script(pid, dual.second, script)})"
            out.append(Violation(s.start, s.end, surface, pid, "dual-required", pair,
                                 dual.rationale, dual.reference, policy.id, dual.line, **where))
            continue
        if ambiguous:
            bad = next(r for _, r in found if r.status in BREAKING)
            names = [r.name for _, r in found]
            why = (f"{surface!r} may be " + " or ".join(f"{r.name} ({r.status})" for _, r in found)
                   + f": {policy.id} judges them apart, and the text alone does not say which it is")
            suggestion = policy.in_script(pid, bad.suggest, script)
            if suggestion is not None and key(suggestion) == key(surface):
                suggestion = None  # the name as written may already be the one the policy asks for
            out.append(Violation(s.start, s.end, surface, pid, AMBIGUOUS, suggestion, why, bad.reference,
                                 policy.id, bad.line, **where, read_as=None, readings=names))
        elif rule is not None and rule.status in BREAKING:
            out.append(Violation(s.start, s.end, surface, pid, rule.status,
                                 policy.in_script(pid, rule.suggest, script), rule.rationale, rule.reference,
                                 policy.id, rule.line, **where, read_as=rule.name))
    return out


def readings_of(language: str | None, surface: str, text: str, start: int) -> list[str]:
    """The other names ``surface`` (at ``start`` in ``text``) may be a form of, in ``language`` (:data:`READINGS`;
    none for a language without an entry)."""
    target = READINGS.get(language or "")
    if target is None:
        return []
    import importlib

    module, attr = target.split(":")
    return list(getattr(importlib.import_module(module), attr)(surface, text, start))


def _dual_ok(text: str, s: Span, surface: str, d: DualRule, readings: Iterable[str] = ()) -> bool:
    """Whether ``surface`` is half of the pair ``d`` asks for, written as a pair; ``readings``: the names an
    inflected ``surface`` is a form of ("в Степанакерте (Ханкенди)")."""
    ks = {key(surface), *(key(r) for r in readings)}
    k = key(d.first) if key(d.first) in ks else key(d.second) if key(d.second) in ks else key(surface)
    if k == key(d.first):
        after = _PAIR_AFTER.match(text, s.end)
        return after is not None and key(after.group(1)) == key(d.second)
    if k == key(d.second):
        before = _PAIR_BEFORE.search(text[max(0, s.start - 80):s.start])
        # the first name may be inflected before the parenthesis ("в Степанакерте (Ханкенди)")
        return before is not None and key(before.group(1)).startswith(key(d.first))
    return False


_PAIR_AFTER = re.compile(r" \(([^()\n]{1,60})\)")
_PAIR_BEFORE = re.compile(r"([^()\s]+(?: [^()\s]+){0,3}) \($")


def policy_status(policy: Policy, span: Span, text: str) -> str | None:
    """The status the policy gives the name this place span uses (None when the policy says nothing)."""
    pid = span.attrs.get("place_id")
    if pid and any(d.place == pid for d in policy.duals):
        return "dual"
    surface = text[span.start:span.end]
    found, ambiguous = policy.match(pid, surface, span.attrs.get("matched_name"),
                                    readings_of(span.attrs.get("language"), surface, text, span.start))
    if ambiguous:
        return AMBIGUOUS
    return found[0][1].status if found else None
