"""Direct quotes: where they are in a text (:func:`find_quotes`) and which tokens of its parse they cover."""

from __future__ import annotations

import re
from typing import Any

_CLOSERS = set("\"'”“»«’‘」』")

# opening mark -> the marks that may close it
_PAIRS: dict[str, str] = {
    "“": "”“",  # English “…”, and the German/Czech „…“ closes with “ (handled by „ below)
    "„": "“”",
    "«": "»",
    "»": "«",  # Danish/Swedish »…« (opened only when followed by a non-space)
    "‚": "‘’",
    "‘": "’",
    '"': '"',
    "'": "'",
    "「": "」",
    "『": "』",
}
_OPEN_AFTER = set(" \t\n\r([{—–-/:;,") | {""}
_MIN_QUOTE_CHARS = 2
# every character the scan of find_quotes acts on (a mark that opens or closes, the doubled ' and `, a line break):
# it goes from one to the next, the characters between changing nothing
_MARKS = frozenset("".join(_PAIRS) + "".join(_PAIRS.values()) + "'`\n")
_NEXT_MARK = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character ranges of direct quotes in ``text``, quotation marks included.

    Handles “…”, „…“, «…», »…«, ‚…‘, ‘…’, "…", '…' and 「…」; a quote that runs over several paragraphs
    (each new paragraph reopening the quote, the journalistic convention) is one range; a double quote
    left open at a paragraph's end is closed there, a single one is taken for an apostrophe and dropped.
    Linear in the length of the text.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    opener = ""
    start = -1
    while i < n:
        c = text[i]
        if c not in _MARKS:
            m = _NEXT_MARK.search(text, i + 1)
            i = m.start() if m is not None else n
            continue
        w = 1
        if c in "'`" and i + 1 < n and text[i + 1] == c:
            c, w = '"', 2  # ''…'' and ``…'' (typewriter style of some wires)
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + w] if i + w < n else ""
        if not opener:
            if c in _PAIRS and _can_open(c, prev, nxt):
                opener, start = c, i
            i += w
            continue
        # inside a quote
        if c in _PAIRS[opener] and _can_close(c, prev, nxt, opener):
            if i + w - start > _MIN_QUOTE_CHARS + 1:
                out.append((start, i + w))
            opener = ""
            i += w
            continue
        if c == "\n":
            j = i
            while j < n and text[j].isspace():
                j += 1
            reopen = j < n and (
                text[j] == opener
                or (opener in "“„" and text[j] in "“„")
                or (opener == '"' and text.startswith("''", j))
            )
            if reopen:
                # the next paragraph reopens the quote: it continues
                i = j + (2 if text.startswith("''", j) else 1)
                continue
            # left open at the paragraph's end
            if opener not in "'‘‚":
                end = i
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end - start > _MIN_QUOTE_CHARS:
                    out.append((start, end))
            opener = ""
            i += 1
            continue
        i += 1
    if opener and opener not in "'‘‚":
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > _MIN_QUOTE_CHARS:
            out.append((start, end))
    return out


def _can_open(c: str, prev: str, nxt: str) -> bool:
    if c == "«" and nxt:
        return True  # French typography puts a (no-break) space inside the guillemets
    if not nxt or nxt.isspace():
        return False
    if c in "“„«「『":
        return True
    if c == "»":
        return prev in _OPEN_AFTER and nxt.isalnum()
    if c in '"':
        return prev in _OPEN_AFTER or prev in "“‘«"
    if c in "'‘‚":
        return (prev in _OPEN_AFTER or prev in '"“') and (nxt.isalnum() or nxt in '"“')
    return False


def _can_close(c: str, prev: str, nxt: str, opener: str) -> bool:
    if c in "'’‘" and opener in "'‘‚":
        # an apostrophe inside a word (don't, O'Brien) does not close
        return not (nxt.isalpha() or (nxt.isdigit() and prev.isalpha())) and not prev.isspace()
    if c == '"':
        return not prev.isspace() or not nxt or nxt.isspace() or nxt in ".,;:!?)"
    return True


def quote_tokens(text: str, sd: Any) -> tuple[list[tuple[int, int]], list[bool]]:
    """The direct quotes of ``text`` (:func:`find_quotes`) as token ranges ``(start, end)`` of its parse
    ``sd`` (quotes that cover no token left out), and for each token whether it lies inside a closed quote:
    one whose last character is a closing mark (a quote left open may be a stray mark)."""
    pairs = [((a, b), _char_to_tokens(sd, a, b)) for a, b in find_quotes(text)]
    pairs = [(c, tk) for c, tk in pairs if tk[1] > tk[0]]
    q_tok = [tk for _, tk in pairs]
    in_quote = [False] * len(sd)
    for ((qa, qb), _), (a, b) in zip(pairs, q_tok, strict=True):
        if qb > qa and text[qb - 1] in _CLOSERS:
            for t in range(a, b):
                in_quote[t] = True
    return q_tok, in_quote


def _char_to_tokens(sd: Any, a: int, b: int) -> tuple[int, int]:
    span = sd.char_span(a, b, alignment_mode="expand")
    if span is None:
        return (0, 0)
    return (span.start, span.end)
