"""The README's examples are real: every ``presswatch ...`` line in its shell blocks names a command that exists,
only options that command has, and parses (the way sqlite-utils keeps its documentation honest)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main

from presswatch.cli import app

ROOT_DIR = Path(__file__).resolve().parents[2]
DOCS = [ROOT_DIR / "README.md", *sorted((ROOT_DIR / "docs").glob("*.md"))]
ROOT = typer.main.get_command(app)


def _examples() -> list[tuple[str, str]]:
    """(file name, command line) for each ``presswatch`` line of a ``sh``/``bash``/``console`` block."""
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:sh|bash|console|shell)\n(.*?)```", text, flags=re.S):
            for line in block.splitlines():
                line = line.split("  #", 1)[0].strip().removeprefix("$ ")
                if "|" in line:  # `cat page.html | presswatch analyze -`: the presswatch part
                    line = line.rsplit("|", 1)[1].strip()
                line = line.split(" > ", 1)[0].split(" >> ", 1)[0]
                if line.startswith("presswatch ") and "..." not in line.split("#")[0]:
                    out.append((path.name, line))
    return out


EXAMPLES = _examples()


def test_the_readme_has_examples():
    assert len([e for e in EXAMPLES if e[0] == "README.md"]) >= 15


@pytest.mark.parametrize(("doc", "line"), EXAMPLES, ids=[f"{d}: {line[:60]}" for d, line in EXAMPLES])
def test_example_names_a_real_command_and_its_options(doc, line):
    words = shlex.split(line)[1:]
    cmd = ROOT
    path = []
    while hasattr(cmd, "commands") and words and not words[0].startswith("-"):
        name = words.pop(0)
        assert name in cmd.commands, f"{doc}: `{line}`: no command {' '.join([*path, name])!r}"
        cmd = cmd.commands[name]
        path.append(name)
    assert not hasattr(cmd, "commands"), f"{doc}: `{line}` names a group, not a command"
    known = {opt for p in cmd.params for opt in (*p.opts, *p.secondary_opts)}
    for w in words:
        if w.startswith("-") and w != "-":
            opt = w.split("=", 1)[0]
            assert opt in known, f"{doc}: `{line}`: {' '.join(path)} has no option {opt}"
    # the whole line parses: option values of the right type, required arguments present
    ctx = cmd.make_context(" ".join(["presswatch", *path]), list(words), resilient_parsing=False)
    ctx.close()
