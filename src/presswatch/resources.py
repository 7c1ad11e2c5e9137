"""Where shipped model files are found, whichever way presswatch was installed.

Models live in ``models/NAME/`` of the repository. A source checkout or an editable install reads them
there; a wheel installs them as data files under ``<prefix>/share/presswatch/models/NAME/``. An
environment variable can point elsewhere (to try a retrained model, say).
"""

from __future__ import annotations

import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

from presswatch.settings import current as current_settings

_PACKAGE = Path(__file__).resolve().parent


def model_candidates(name: str) -> list[Path]:
    """Folders that may hold model ``name``, in the order they are tried."""
    return list(_candidates(name))


@lru_cache(maxsize=64)
def _candidates(name: str) -> tuple[Path, ...]:
    # made once a name: the analyzers look their models up for every document (sysconfig.get_path is the slow part)
    out = [
        _PACKAGE.parents[1] / "models" / name,  # source tree / editable install (src layout)
        Path(sysconfig.get_path("data")) / "share" / "presswatch" / "models" / name,  # wheel install
        Path(sys.prefix) / "share" / "presswatch" / "models" / name,
        _PACKAGE / "models" / name,
    ]
    seen: list[Path] = []
    for p in out:
        if p not in seen:
            seen.append(p)
    return tuple(seen)


def find_model(name: str, filename: str, *, env: str | None = None) -> Path:
    """Path of ``filename`` of model ``name``: ``$env`` if set, else the first candidate folder holding it.

    When no folder holds it, the source-tree path is returned, so that the caller's "missing model"
    message names where it was expected.
    """
    override = current_settings().variable(env) if env else None
    if override:
        p = Path(override)
        return p / filename if p.is_dir() else p
    for folder in model_candidates(name):
        if (folder / filename).is_file():
            return folder / filename
    return model_candidates(name)[0] / filename
