"""Importing presswatch and its CLI, and printing help, must not load heavy libraries.

``presswatch --help`` should stay instant: spaCy, trafilatura, httpx, onnxruntime and torch load only when a
command needs them. Each check runs in a fresh interpreter, since this test process may have loaded them
already. (Timing is measured by ``benchmarks/bench_analyze.py``, not here.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["spacy", "thinc", "trafilatura", "htmldate", "httpx", "onnxruntime", "torch", "transformers"]
MARK = "@@loaded@@"


def loaded_after(code: str, watch: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``watch`` are then in ``sys.modules``."""
    probe = (
        f"{code}\n"
        "import json as _j, sys as _s\n"
        f"print({MARK!r} + _j.dumps([m for m in {watch!r} if m in _s.modules]))\n"
    )
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    line = [x for x in p.stdout.splitlines() if x.startswith(MARK)][-1]
    return json.loads(line[len(MARK):])


def test_probe_sees_transitive_imports() -> None:
    # control: the probe must report a library pulled in indirectly, or the tests below prove nothing
    assert loaded_after("import presswatch.ingest.metadata", ["lxml", "no_such_module"]) == ["lxml"]


def test_import_package_and_cli_loads_nothing_heavy() -> None:
    assert loaded_after("import presswatch, presswatch.cli", HEAVY) == []


def test_public_names_resolve_lazily() -> None:
    # the data model is part of the public API and must not drag in the NLP stack either
    assert loaded_after("import presswatch; presswatch.Document; presswatch.Span", HEAVY) == []


HELP = (
    "import sys\n"
    "sys.argv = {argv!r}\n"
    "from presswatch.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as e:\n"
    "    assert e.code in (0, None), e.code\n"
)


@pytest.mark.parametrize("argv", [["presswatch", "--help"], ["presswatch", "analyze", "--help"]])
def test_help_loads_nothing_heavy(argv: list[str]) -> None:
    assert loaded_after(HELP.format(argv=argv), HEAVY) == []


def test_every_command_help_loads_nothing_heavy() -> None:
    # one interpreter for all commands: print, per command, the heavy modules loaded after its --help
    code = (
        "import contextlib, io, json, sys\n"
        "import typer.main\n"
        "from presswatch.cli import app, main\n"
        "names = sorted(typer.main.get_command(app).commands)\n"
        "out = {}\n"
        "for name in names:\n"
        "    sys.argv = ['presswatch', name, '--help']\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main()\n"
        "        except SystemExit:\n"
        "            pass\n"
        f"    out[name] = [m for m in {HEAVY!r} if m in sys.modules]\n"
        f"print({MARK!r} + json.dumps(out))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads([x for x in p.stdout.splitlines() if x.startswith(MARK)][-1][len(MARK):])
    assert "analyze" in out  # the probe found the commands
    assert {name: mods for name, mods in out.items() if mods} == {}
