"""Alert rules: the YAML format of ``presswatch alerts load`` (``docs/alerts.md``), parsed and checked into
dataclasses.

A rules file is a mapping with a top-level ``alerts:`` list and an optional ``smtp:`` section. Each rule has a
``name``, exactly one condition key (:data:`CONDITIONS`), the options that condition takes and one or more
deliveries (``webhook: URL``, ``email: ADDRESS``, ``log: true``; a list gives several). Everything is checked
when the file is read, so that a mistake is one message naming the rule and the key at fault, before anything is
stored; a rule stored in the store is read back through the same function (:func:`rule_from_mapping`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from presswatch.errors import ConfigError

# condition key -> the option keys it takes besides ``name`` and the deliveries
CONDITIONS: dict[str, frozenset[str]] = {
    "keyword": frozenset({"source"}),
    "place": frozenset({"source"}),
    "technique": frozenset({"source"}),
    "policy": frozenset({"source"}),
    "anonymous_share_above": frozenset({"source", "within", "min_attributions"}),
    "unreported_by": frozenset({"within"}),
    "source_quiet": frozenset({"for"}),
}
# rules evaluated on each newly stored document; the others are evaluated by the clock (on_tick)
DOCUMENT_KINDS = frozenset({"keyword", "place", "technique", "policy", "anonymous_share_above"})
CHANNELS = ("log", "webhook", "email")
SMTP_KEYS = frozenset({"host", "port", "from", "starttls", "user"})
DEFAULTS = {"anonymous_share_above": 7 * 86400.0, "unreported_by": 86400.0, "source_quiet": 2 * 86400.0}
DEFAULT_MIN_ATTRIBUTIONS = 10
MAX_NAME_CHARS = 100
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*")
_EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+")
_NAME = re.compile(r"[\w][\w .:/-]*")


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a fired alert goes: ``log`` (the ``presswatch.alerts`` logger), ``webhook`` (a URL) or ``email``."""

    channel: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One checked rule. ``value`` is the condition's argument (a word, a place, a technique key, a policy, a
    share, a source); ``window`` is in seconds (``within`` or ``for``); ``source`` restricts a document rule to
    one outlet."""

    name: str
    kind: str
    value: str | float
    deliveries: tuple[Delivery, ...]
    source: str | None = None
    window: float | None = None
    min_attributions: int = DEFAULT_MIN_ATTRIBUTIONS
    definition: dict[str, Any] = field(default_factory=dict, compare=False)  # the mapping it was read from

    @property
    def on_documents(self) -> bool:
        return self.kind in DOCUMENT_KINDS

    def describe(self) -> str:
        """The condition in a few words, for ``alerts list``."""
        extra = []
        if self.source and self.kind in CONDITIONS and "source" in CONDITIONS[self.kind]:
            extra.append(f"source {self.source}")
        if self.window is not None:
            extra.append(f"{'for' if self.kind == 'source_quiet' else 'within'} {format_duration(self.window)}")
        if self.kind == "anonymous_share_above":
            extra.append(f"at least {self.min_attributions} attributions")
        return f"{self.kind}: {self.value}" + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The ``smtp:`` section of a rules file; what it leaves out comes from ``PRESSWATCH_SMTP_*`` variables."""

    host: str | None = None
    port: int | None = None
    sender: str | None = None
    starttls: bool | None = None
    user: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "from": self.sender, "starttls": self.starttls, "user": self.user}


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    smtp: SmtpSettings | None = None


def parse_duration(value: object) -> float:
    """Seconds in ``30s``, ``15m``, ``1h`` or ``2d`` (a positive number and one unit); ValueError otherwise."""
    m = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"must be a duration like 30s, 15m, 1h or 2d, not {value!r}")
    seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"must be a positive duration, not {value!r}")
    return seconds


def format_duration(seconds: float) -> str:
    """The largest unit that divides ``seconds``: 172800 -> ``2d``, 90 -> ``90s``."""
    for unit in ("d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{int(seconds // _UNITS[unit])}{unit}"
    return f"{seconds:g}s"


class RuleError(Exception):
    """A problem with one key of one rule; turned into a ConfigError naming the file, line, rule and key."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _loader() -> type:
    """A safe YAML loader that records the line of every mapping (``__line__``), for messages."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        m = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        m["__line__"] = node.start_mark.line + 1
        return m

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return LineLoader


def parse_rules(text: str, where: str = "<rules>") -> RuleSet:
    """Read a rules file; raise ConfigError (``WHERE line N: rule 'NAME': key: what is wrong``) on the first
    mistake. Policies named by ``policy:`` rules and technique names are checked here too."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{where}{line}: not valid YAML: {getattr(e, 'problem', None) or e}") from None
    if not isinstance(data, dict) or "alerts" not in data:
        raise ConfigError(f"{where}: a rules file is a mapping with an 'alerts:' list (see docs/alerts.md)")
    unknown = sorted(str(k) for k in data if k not in ("alerts", "smtp", "__line__"))
    if unknown:
        raise ConfigError(
            f"{where} line {data['__line__']}: unknown top-level key(s) {', '.join(unknown)} (known: alerts, smtp)"
        )
    items = data["alerts"]
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{where} line {data['__line__']}: 'alerts' must be a list of rules, with at least one")
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        line = item.get("__line__") if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        who = f"rule {name!r}" if isinstance(name, str) and name else f"rule {n}"
        try:
            rule = rule_from_mapping(item, check_policy=True)
        except RuleError as e:
            at = f" line {line}" if line else ""
            key = f": {e.key}" if e.key else ""
            raise ConfigError(f"{where}{at}: {who}{key}: {e.message}") from None
        if rule.name in seen:
            raise ConfigError(f"{where} line {line}: {who}: name: another rule of the file has this name")
        seen.add(rule.name)
        rules.append(rule)
    smtp = None
    if data.get("smtp") is not None:
        try:
            smtp = _smtp(data["smtp"])
        except RuleError as e:
            line = data["smtp"].get("__line__") if isinstance(data["smtp"], dict) else data["__line__"]
            raise ConfigError(f"{where} line {line}: smtp{f': {e.key}' if e.key else ''}: {e.message}") from None
    return RuleSet(tuple(rules), smtp)


def rule_from_mapping(item: object, *, check_policy: bool = False) -> Rule:
    """One rule from its mapping (as written in a file, or as stored); raises RuleError naming the key at fault.

    With ``check_policy`` (reading a file) a ``policy:`` must name a shipped policy or a readable policy file, and
    a file's path is made absolute in the rule's definition, so that the stored rule finds it from anywhere."""
    if not isinstance(item, dict):
        raise RuleError(None, f"a rule is a mapping with name, a condition and deliveries, not {item!r}")
    definition = {k: v for k, v in item.items() if k != "__line__"}
    name = definition.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleError("name", "every rule needs a name (a short text)")
    if len(name) > MAX_NAME_CHARS or not _NAME.fullmatch(name):
        raise RuleError(
            "name", f"a name is at most {MAX_NAME_CHARS} letters, digits, spaces and . : / - _, not {name!r}"
        )
    conditions = [k for k in definition if k in CONDITIONS]
    if len(conditions) != 1:
        raise RuleError(
            None if not conditions else ", ".join(conditions),
            "a rule needs exactly one condition key: "
            + ", ".join(CONDITIONS)
            + (f" (it has {len(conditions)})" if conditions else ""),
        )
    kind = conditions[0]
    allowed = {"name", kind, *CONDITIONS[kind], *CHANNELS}
    extra = sorted(str(k) for k in definition if k not in allowed)
    if extra:
        raise RuleError(extra[0], f"not a key of a {kind} rule (it takes: {', '.join(sorted(allowed - {'name'}))})")
    value = _value(kind, definition[kind])
    if kind == "policy" and check_policy:
        value = _checked_policy(str(value))
        definition[kind] = value
    source = definition.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise RuleError("source", f"must be the name of a source (an outlet, as stored), not {source!r}")
    window_key = "for" if kind == "source_quiet" else "within"
    window = DEFAULTS.get(kind)
    if window_key in definition:
        try:
            window = parse_duration(definition[window_key])
        except ValueError as e:
            raise RuleError(window_key, str(e)) from None
    min_attr = definition.get("min_attributions", DEFAULT_MIN_ATTRIBUTIONS)
    if isinstance(min_attr, bool) or not isinstance(min_attr, int) or min_attr < 1:
        raise RuleError("min_attributions", f"must be a positive whole number, not {min_attr!r}")
    return Rule(
        name.strip(),
        kind,
        value,
        _deliveries(definition),
        source.strip() if source else None,
        window,
        min_attr,
        definition,
    )


def _value(kind: str, raw: object) -> str | float:
    """The checked argument of a condition."""
    if kind == "anonymous_share_above":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw < 1:
            raise RuleError(kind, f"must be a share between 0 and 1 (0.3 is 30 %), not {raw!r}")
        return float(raw)
    if not isinstance(raw, str) or not raw.strip():
        raise RuleError(kind, f"must be a non-empty text, not {raw!r}")
    value = raw.strip()
    if kind == "technique":
        return technique_key(value)
    if kind == "keyword" and not re.search(r"\w", value):
        raise RuleError(kind, f"must hold a word, not {raw!r}")
    return value


def _checked_policy(value: str) -> str:
    """``value`` if it names a shipped policy; the absolute path if it names a policy file; RuleError otherwise."""
    from pathlib import Path

    from presswatch.gazetteer.policy import POLICY_DIR, load_policy

    try:
        policy = load_policy(value)
    except ConfigError as e:
        raise RuleError("policy", e.message) from None
    shipped = Path(policy.path).resolve().parent == POLICY_DIR.resolve()
    return value if shipped else str(Path(value).resolve())


def technique_key(value: str) -> str:
    """The taxonomy key of a technique given by key or display name, any case ("loaded language",
    "Loaded_Language"); RuleError naming the known ones otherwise."""
    from presswatch.analyzers.techniques.taxonomy import TECHNIQUES

    wanted = re.sub(r"[\s_-]+", " ", value).casefold()
    for t in TECHNIQUES:
        if wanted in (re.sub(r"[\s_-]+", " ", t.key).casefold(), t.name.casefold()):
            return t.key
    raise RuleError(
        "technique", f"{value!r} is not a technique of the taxonomy; known: " + ", ".join(t.key for t in TECHNIQUES)
    )


def _deliveries(definition: dict[str, Any]) -> tuple[Delivery, ...]:
    out: list[Delivery] = []
    log = definition.get("log")
    if log is not None:
        if not isinstance(log, bool):
            raise RuleError("log", f"must be true or false, not {log!r}")
        if log:
            out.append(Delivery("log"))
    for channel in ("webhook", "email"):
        raw = definition.get(channel)
        if raw is None:
            continue
        targets = raw if isinstance(raw, list) else [raw]
        if not targets:
            raise RuleError(
                channel, "an empty list; give at least one " + ("URL" if channel == "webhook" else "address")
            )
        for t in targets:
            if not isinstance(t, str) or not t.strip():
                raise RuleError(
                    channel, f"must be {'a URL' if channel == 'webhook' else 'an e-mail address'}, not {t!r}"
                )
            t = t.strip()
            if channel == "webhook":
                _check_url(t)
            elif not _EMAIL.fullmatch(t):
                raise RuleError("email", f"{t!r} is not an e-mail address (name@example.org)")
            out.append(Delivery(channel, t))
    if not out:
        raise RuleError(None, "a rule needs at least one delivery: webhook: URL, email: ADDRESS or log: true")
    return tuple(dict.fromkeys(out))


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as e:
        raise RuleError("webhook", f"{url!r} is not a valid URL ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuleError("webhook", f"{url!r} is not an http:// or https:// URL")


def _smtp(raw: object) -> SmtpSettings:
    if not isinstance(raw, dict):
        raise RuleError(None, "must be a mapping with host, port, from, starttls, user")
    extra = sorted(str(k) for k in raw if k not in SMTP_KEYS and k != "__line__")
    if extra:
        raise RuleError(
            extra[0],
            f"not an SMTP setting (known: {', '.join(sorted(SMTP_KEYS))}; the password is read "
            "from PRESSWATCH_SMTP_PASSWORD only)",
        )
    port = raw.get("port")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536):
        raise RuleError("port", f"must be a port number, not {port!r}")
    starttls = raw.get("starttls")
    if starttls is not None and not isinstance(starttls, bool):
        raise RuleError("starttls", f"must be true or false, not {starttls!r}")
    for k in ("host", "from", "user"):
        v = raw.get(k)
        if v is not None and (not isinstance(v, str) or not v.strip()):
            raise RuleError(k, f"must be a text, not {v!r}")
    sender = raw.get("from")
    if sender is not None and not _EMAIL.fullmatch(sender.strip()):
        raise RuleError("from", f"{sender!r} is not an e-mail address")
    return SmtpSettings(raw.get("host"), port, sender.strip() if sender else None, starttls, raw.get("user"))


def smtp_from_dict(d: dict[str, Any]) -> SmtpSettings:
    """Settings as :meth:`SmtpSettings.to_dict` stored them."""
    return SmtpSettings(d.get("host"), d.get("port"), d.get("from"), d.get("starttls"), d.get("user"))
