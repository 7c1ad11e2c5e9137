"""A cheap test that a regular expression cannot match a text: the literal words one of which every match holds.

:func:`required` reads a compiled pattern's parse tree and gives a set of lowercase ASCII strings one of which every
match contains (the longest literal run of a sequence, the union over an alternation's branches), or None when it
finds none. :func:`may_match` says whether a text (folded by :func:`fold`) holds one of them: when it does not, the
pattern has no match in the text, so ``pattern.finditer(text)`` need not be run; when it does, the pattern is run
as before. Nothing the pattern finds changes; only the scans that find nothing are spared (the incident triggers:
81 patterns over every sentence, of which one sentence in thirty holds a trigger).

Under ``re.IGNORECASE`` an ASCII letter also matches four other characters (dotted and dotless I, the long s, the
Kelvin sign) that ``str.lower`` does not map to it: :func:`fold` gives None for a text holding one, and such a
text is read by the patterns themselves.
"""

from __future__ import annotations

import re
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]

# the non-ASCII characters that an ASCII letter matches under re.IGNORECASE (tests check the list against re)
ODD_CASE = frozenset("\u0130\u0131\u017f\u212a")
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT))
_cache: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _strength(strings: set[str]) -> int:
    return min(len(s.strip()) for s in strings)


def _required(items: _P.SubPattern | list) -> set[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains, or None."""
    best: set[str] | None = None
    run: list[str] = []

    def offer(strings: set[str] | None) -> None:
        nonlocal best
        if strings and all(strings) and (best is None or _strength(strings) > _strength(best)):
            best = strings

    def close() -> None:
        if run:
            offer({"".join(run)})
            run.clear()

    for op, av in items:
        if op is _C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        close()
        if op is _C.SUBPATTERN:
            offer(_required(av[-1]))
        elif op is _C.BRANCH:
            alts = [_required(a) for a in av[1]]
            if all(a is not None for a in alts):
                offer(set().union(*alts))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            offer(_required(av[2]))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            offer(_required(av))
    close()
    return best


def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase strings one of which every match of ``pattern`` contains (longest first), or None (then any
    text may hold a match). Computed once a pattern."""
    if pattern not in _cache:
        try:
            found = _required(_P.parse(pattern.pattern, pattern.flags))
        except Exception:  # noqa: BLE001 - a pattern this reader does not follow is simply always run
            found = None
        _cache[pattern] = tuple(sorted(found, key=lambda s: (-len(s), s))) if found else None
    return _cache[pattern]


def fold(text: str) -> str | None:
    """``text`` lowercased for :func:`may_match`, or None when it holds a character that re's ignore-case
    matching folds differently (see :data:`ODD_CASE`)."""
    if not text.isascii() and not ODD_CASE.isdisjoint(text):
        return None
    return text.lower()


def may_match(pattern: re.Pattern[str], folded: str | None) -> bool:
    """False only when ``pattern`` has no match in the text that :func:`fold` gave ``folded`` for."""
    if folded is None:
        return True
    need = required(pattern)
    return need is None or any(map(folded.__contains__, need))


class Gate:
    """:func:`may_match` for many patterns at once: :meth:`open` gives, for a text, the indices of the patterns
    (of those given) that may match it; one scan for all their words first, so that a text holding none of them
    is passed over at once."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self._needs = [required(p) for p in self.patterns]
        words = sorted({w for n in self._needs if n for w in n})
        self._every = frozenset(range(len(self.patterns)))
        self._always = frozenset(i for i, n in enumerate(self._needs) if n is None)
        self._any = re.compile(_trie(words)) if words else None

    def open(self, text: str) -> frozenset[int]:
        """The indices of the patterns that may match ``text`` (every one when the text cannot be folded)."""
        folded = fold(text)
        if folded is None:
            return self._every
        if self._any is None or self._any.search(folded) is None:
            return self._always
        return frozenset(i for i, n in enumerate(self._needs) if n is None or any(map(folded.__contains__, n)))


def _trie(words: list[str]) -> str:
    """A pattern that finds one of ``words`` where the text holds one: the words as a trie of alternations (one
    branch a letter), so that a scan tries a few letters at each position instead of every word. A word that
    begins with another needs no branch of its own (the shorter one is found where it is)."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)
