"""Every environment variable presswatch reads, in one place (described in ``docs/settings.md``).

:func:`current` reads them when it is called, so a test that sets one (``monkeypatch.setenv``) is seen at once.
The values are kept as the environment gives them (a string, or None when unset); the module that uses one
says what it means and how a wrong value is reported. No other module reads ``os.environ``; one that hands a setting
on to a child process may still write it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# field of Settings -> the environment variable it is read from
VARIABLES: dict[str, str] = {
    "db": "PRESSWATCH_DB",
    "cache_dir": "PRESSWATCH_CACHE_DIR",
    "max_chars": "PRESSWATCH_MAX_CHARS",
    "actors": "PRESSWATCH_ACTORS",
    "persuasion_model": "PRESSWATCH_PERSUASION_MODEL",
    "onnx_threads": "PRESSWATCH_ONNX_THREADS",
    "sourcing_model": "PRESSWATCH_SOURCING_MODEL",
    "stance_model": "PRESSWATCH_STANCE_MODEL",
    "incident_types_model": "PRESSWATCH_INCIDENT_TYPES_MODEL",
    "incident_detector": "PRESSWATCH_INCIDENT_DETECTOR",
    "allow_private_addresses": "PRESSWATCH_ALLOW_PRIVATE_ADDRESSES",
    "token": "PRESSWATCH_TOKEN",
    "serve_settings": "PRESSWATCH_SERVE_SETTINGS",
    "smtp_host": "PRESSWATCH_SMTP_HOST",
    "smtp_port": "PRESSWATCH_SMTP_PORT",
    "smtp_from": "PRESSWATCH_SMTP_FROM",
    "smtp_starttls": "PRESSWATCH_SMTP_STARTTLS",
    "smtp_user": "PRESSWATCH_SMTP_USER",
    "smtp_password": "PRESSWATCH_SMTP_PASSWORD",
    "geonames_dumps": "GEONAMES_DUMPS",
    "term": "TERM",
    "ray_address": "RAY_ADDRESS",
}


@dataclass(frozen=True)
class Settings:
    """The environment's settings; each field is the variable of :data:`VARIABLES`, None when unset."""

    db: str | None = None
    cache_dir: str | None = None
    max_chars: str | None = None
    actors: str | None = None
    persuasion_model: str | None = None
    onnx_threads: str | None = None
    sourcing_model: str | None = None
    stance_model: str | None = None
    incident_types_model: str | None = None
    incident_detector: str | None = None
    allow_private_addresses: str | None = None
    token: str | None = None
    serve_settings: str | None = None
    smtp_host: str | None = None
    smtp_port: str | None = None
    smtp_from: str | None = None
    smtp_starttls: str | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    geonames_dumps: str | None = None
    term: str | None = None
    ray_address: str | None = None

    def variable(self, name: str) -> str | None:
        """The value of the environment variable ``name``, which must be one of :data:`VARIABLES`."""
        for field, var in VARIABLES.items():
            if var == name:
                return getattr(self, field)
        raise KeyError(f"{name} is not a presswatch setting (add it to presswatch.settings.VARIABLES)")


def current() -> Settings:
    """The settings as the environment gives them now."""
    return Settings(**{field: os.environ.get(var) for field, var in VARIABLES.items()})


def value(field: str) -> str | None:
    """One setting as the environment gives it now (``current().<field>`` without reading the others: for a
    lookup made once a document)."""
    return os.environ.get(VARIABLES[field])
