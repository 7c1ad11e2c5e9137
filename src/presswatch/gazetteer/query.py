"""A place named in a search: the gazetteer's places a user's words name, in any language or case.

``presswatch search --place NAME`` and a query that is a place name ("Ханкенди", "Stepanakert") look for the
documents that name the place, whatever name and language they use; the store knows places by id only.
"""

from __future__ import annotations

import re

_PLACE_ID = re.compile(r"(?:gn|cau|a1|a2):\S+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_WORDS = 5  # a longer query is not a place name


def place_ids(name: str, *, strict: bool = False) -> list[str]:
    """Ids of the places ``name`` names: a place id as given ("gn:146970"); else every place one of whose names has
    the same lookup key ("Khankendi", "Ханкенди", "Stepanakert"); for Russian, also in the nominative
    ("Степанакерта" -> "Степанакерт"). ``strict``: only when a curated or sizeable place matches (a query's words
    that happen to name a hamlet somewhere are not taken for it)."""
    name = " ".join(name.split())
    if not name or len(name.split()) > MAX_WORDS:
        return []
    from presswatch.gazetteer import get_gazetteer

    gaz = get_gazetteer(progress=False)
    if _PLACE_ID.fullmatch(name):
        return [name] if gaz.index_of(name) is not None else []
    ids = gaz.lookup_ids(name)
    if not ids and _CYRILLIC.search(name):
        from presswatch.analyzers.places_ru import lookup, nominative

        ids = lookup(gaz, " ".join(nominative(w) for w in name.split()))
    if strict:
        from presswatch.analyzers.places import is_notable

        if not is_notable(gaz, ids):
            return []
    return [gaz.ids[i] for i in ids]
