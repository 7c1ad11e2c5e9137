"""Voice: whether a text uses a name in its own voice, quotes someone who does, or only talks about the name.

A naming policy is about the names a text uses. A text that denounces a name ("this “Nagorno-Karabakh”
toponym that no longer exists") or quotes an official who uses it does not use it in its own voice. Each
mention gets one of:

* ``own``           the writer's own words;
* ``quoted``        inside a direct quote (quotation marks around a statement), with the quote's speaker when
  the sourcing analyzer found one;
* ``scare_quoted``  the name alone, or a short phrase without a verb, in quotation marks;
* ``mentioned``     the name is talked about, not used: "the so-called Y", "referring to X as Y", "what they
  call Y", "known as Y", "the name Y", "the Y toponym", "Y is the Armenian name of X".

The first that applies in the order mentioned, scare_quoted, quoted, own is given. Quotes are the sourcing
analyzer's :func:`~presswatch.analyzers.sourcing.find_quotes`; its ``CONTENT`` spans, when it ran first,
say which quotes are statements and whose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from presswatch.model import Span

VOICES = ("own", "quoted", "scare_quoted", "mentioned")
SCARE_WORDS = 4  # a quote of at most this many words, with no verb, is a scare quote
_QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚「」『』`"
_NAME_NOUNS = r"(?:name|names|term|word|toponym|toponyms|label|designation|appellation)"
# what may stand between "the" and "name" ("the old Soviet name Y"; not "in the long term Y")
_NAME_ADJ = (
    r"(?:old|new|former|current|present|official|historic|historical|original|local|usual|proper|correct|"
    r"wrong|same|very|outdated|obsolete|(?-i:[A-Z][\w-]+))"
)
# what precedes a name that is talked about (matched at the end of the text before it, quote marks removed)
_BEFORE = [
    re.compile(p + r"\s*$", re.I)
    for p in (
        r"\bso[\s-]called",
        r"\b(?:the|a|an|its|their|his|her|this|that|these|those|such)\s+(?:"
        + _NAME_ADJ
        + r"\s+){0,2}"
        + _NAME_NOUNS
        + r"\s*:?",
        r"\b(?:known|referred\s+to|refer\s+to|refers\s+to|referring\s+to|renamed|renaming|rename|designated|styled)"
        r"\s+(?:[^\s.!?;]+\s+){0,8}?as(?:\s+the)?",
        r"\b(?:what|which|whom)\s+(?:[^\s.!?;]+\s+){0,4}?(?:call|calls|called|name|names|named)(?:\s+the)?",
        r"\b(?:call|calls|called|calling|name|names|named|naming|dub|dubs|dubbed|rename|renames|renamed|renaming)"
        r"\s+(?:it|them|this|that|the\s+(?:town|city|village|region|area|place|district|territory))",
        r"\b(?:is|are|was|were|be|been|being|also|formerly|once|still|locally|commonly|officially|now|"
        r"town|city|village|region|area|place|district|settlement|territory|entity|republic)\s+(?:called|named|dubbed)",
        r"\b(?:formerly|previously)(?:\s+known\s+as|\s+called)?",
        r"\brenamed\s+(?:from|to)",
    )
]
# what follows a name that is talked about ("the “Y” name", "Y is the Armenian name of X")
_AFTER = [
    re.compile(r"^\s*" + p, re.I)
    for p in (
        _NAME_NOUNS + r"\b",
        r"(?:is|was|remains)\s+(?:the|an?|its|their)\s+(?:[\w-]+\s+){0,2}" + _NAME_NOUNS + r"\b",
    )
]
_DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that|a|an|its|their|such)\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?;\n]\s")


class VoiceReader:
    """Gives the voice of mentions in one text (its quotes are found once)."""

    def __init__(self, text: str, spans: list[Span] | None = None, parsed: Any = None) -> None:
        from presswatch.analyzers.sourcing import find_quotes

        self.text = text
        self.quotes = find_quotes(text)
        self._starts = [a for a, _ in self.quotes]
        # direct-quote statements the sourcing analyzer attributed: (start, end, speaker)
        self.contents = [
            (s.start, s.end, s.attrs.get("speaker"))
            for s in spans or []
            if s.analyzer == "sourcing" and s.label == "CONTENT" and s.field == "text"
        ]
        self.parsed = parsed

    def quote_around(self, start: int, end: int) -> tuple[int, int] | None:
        k = bisect_right(self._starts, start) - 1
        if k >= 0:
            a, b = self.quotes[k]
            if a <= start and end <= b:
                return a, b
        return None

    def voice(self, start: int, end: int) -> dict[str, Any]:
        """``{"voice": ...}`` for the mention ``text[start:end]``, with ``speaker`` for a quote whose speaker is
        known and ``voice_cue`` (the words that show it) for a mentioned name."""
        cue = self.mention_cue(start, end)
        if cue is not None:
            return {"voice": "mentioned", "voice_cue": cue}
        q = self.quote_around(start, end)
        if q is None:
            return {"voice": "own"}
        statement = next(
            (c for c in self.contents if c[0] <= start and end <= c[1] and c[0] < q[1] and q[0] < c[1]), None
        )
        if statement is None and self._is_scare_quote(*q):
            return {"voice": "scare_quoted"}
        speaker = statement[2] if statement is not None else None
        return {"voice": "quoted", **({"speaker": speaker} if speaker else {})}

    def _is_scare_quote(self, a: int, b: int) -> bool:
        inner = self.text[a:b].strip(_QUOTE_MARKS + " ")
        words = inner.split()
        if not words or len(words) > SCARE_WORDS or inner[-1:] in ".!?,;:":
            return False
        if self.parsed is not None:
            return not any(
                t.pos_ in ("VERB", "AUX") for t in self.parsed.char_span(a, b, alignment_mode="expand") or ()
            )
        return True

    def mention_cue(self, start: int, end: int) -> str | None:
        """The words around ``text[start:end]`` that talk about it as a name, or None."""
        lo = max(0, start - 120)
        before = self.text[lo:start]
        cut = list(_SENTENCE_END.finditer(before))
        if cut:
            lo += cut[-1].end()
            before = self.text[lo:start]
        bare = before.rstrip(_QUOTE_MARKS + " ")
        for rx in _BEFORE:
            m = rx.search(bare)
            if m is not None:
                return " ".join(m.group().split())
        after = self.text[end : end + 60].lstrip(_QUOTE_MARKS)
        for rx in _AFTER:
            m = rx.match(after)
            if m is None:
                continue
            if rx is _AFTER[0] and not _DETERMINER_BEFORE.search(bare):
                continue  # "the “Y” name", not "Y names its new mayor"
            return " ".join(m.group().split())
        return None
