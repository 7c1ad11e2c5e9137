"""Training commands (need the training-only extra: torch, transformers, onnx)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any


def command_line(name: str, run: Callable[..., Any], options: Mapping[str, Any]) -> str:
    """The command that repeats a training run, for its report: ``presswatch train NAME`` and each option of
    ``run`` whose value in ``options`` is not its default (``--flag`` for a flag, else ``--option VALUE``)."""
    words = [f"presswatch train {name}"]
    for key, param in inspect.signature(run).parameters.items():
        value = options[key]
        if value == param.default:
            continue
        flag = "--" + key.replace("_", "-")
        words.append(flag if value is True else f"{flag} {value}")
    return " ".join(words)
