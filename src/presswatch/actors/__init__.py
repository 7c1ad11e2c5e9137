"""Who the bodies, outlets and officials that texts cite belong to: the actors and affiliation registry.

See :mod:`presswatch.actors.registry` and ``docs/actors.md``.
"""

from presswatch.actors.registry import (
    ACTORS_ENV,
    UNKNOWN,
    Actor,
    Match,
    Registry,
    default_registry,
    load_registry,
)

__all__ = ["ACTORS_ENV", "UNKNOWN", "Actor", "Match", "Registry", "default_registry", "load_registry"]
