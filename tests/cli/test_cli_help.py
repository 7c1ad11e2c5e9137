"""The command line's help: every command and every ``eval``/``train`` target has help text, shows its
options with their types, is named in the README, and its options are its module's ``run`` arguments."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from presswatch.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
ROOT = typer.main.get_command(app)
GROUPS = ("eval", "train")
runner = CliRunner()


def _commands() -> list[tuple[str, ...]]:
    """Every command as its words after ``presswatch``: ("analyze",), ("eval",), ("eval", "geo"), ..."""
    out = []
    for name, cmd in ROOT.commands.items():
        out.append((name,))
        out.extend((name, sub) for sub in getattr(cmd, "commands", {}))
    return out


COMMANDS = _commands()
TARGETS = [c for c in COMMANDS if len(c) == 2 and c[0] in GROUPS]  # eval/train targets (other groups: plain commands)


def _command(words: tuple[str, ...]):
    cmd = ROOT
    for w in words:
        cmd = cmd.commands[w]
    return cmd


def _help(words: tuple[str, ...]) -> str:
    res = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    return res.output


def test_the_walk_finds_the_targets():
    assert ("eval", "quotes") in TARGETS and ("train", "persuasion_spans") in TARGETS
    assert len([t for t in TARGETS if t[0] == "eval"]) == 13 and len([t for t in TARGETS if t[0] == "train"]) == 11


@pytest.mark.parametrize("words", [(), *COMMANDS], ids=lambda w: " ".join(w) or "presswatch")
def test_help_works_and_shows_real_types(words):
    out = _help(words)
    assert "Usage:" in out
    for wrong in ("<bool>", "<list[", "error:"):
        assert wrong not in out, f"presswatch {' '.join(words)} --help shows {wrong}"
    cmd = _command(words)
    for p in cmd.params:
        if p.param_type_name != "option" or p.is_flag:
            continue
        # the value an option takes is named by its type: <int>, <float>, <path>, <str> or its choices
        ann = p.type_descriptor.annotation
        base = next((a for a in getattr(ann, "__args__", (ann,)) if a is not type(None)), ann)
        label = ("|".join(e.value for e in base) if isinstance(base, type) and issubclass(base, Enum)
                 else {int: "int", float: "float", str: "str"}.get(base, "path"))
        row = next(line for line in out.splitlines() if line.lstrip("│ *").startswith(p.opts[0] + " "))
        assert f"<{label}>" in row, (p.opts, row)


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_has_help_text_and_is_in_the_readme(words):
    cmd = _command(words)
    assert (cmd.help or "").strip(), f"presswatch {' '.join(words)} has no help text"
    assert f"presswatch {' '.join(words)}" in README, f"README.md does not show `presswatch {' '.join(words)}`"


@pytest.mark.parametrize("group", GROUPS)
def test_an_unknown_target_is_a_clear_usage_error(group):
    res = runner.invoke(app, [group, "nothing-like-this"], env={"COLUMNS": "250"})
    assert res.exit_code == 2
    assert f"unknown {group} target 'nothing-like-this'; available: " in res.stderr
    assert all(t in res.stderr for g, t in TARGETS if g == group)


@pytest.mark.parametrize("group", GROUPS)
def test_every_module_with_a_run_is_a_target(group):
    pkg = importlib.import_module(f"presswatch.{group}")
    modules = {m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")}
    with_run = {m for m in modules if hasattr(importlib.import_module(f"presswatch.{group}.{m}"), "run")}
    assert with_run == modules  # each eval/train module is a command
    assert {t for g, t in TARGETS if g == group} == with_run


@pytest.mark.parametrize("words", TARGETS, ids=" ".join)
def test_options_are_the_run_arguments_with_the_same_defaults(words):
    """The command passes its options to ``presswatch.<group>.<target>.run`` by name: names and defaults
    must agree (a default that differs would make the command and the Python function measure different
    things)."""
    run = importlib.import_module(f"presswatch.{words[0]}.{words[1]}").run
    sig = inspect.signature(run).parameters
    opts = {p.name: p for p in _command(words).params if p.name != "help"}
    assert list(opts) == list(sig), "option names and order differ from run()'s"
    for name, p in opts.items():
        assert sig[name].kind is inspect.Parameter.KEYWORD_ONLY
        default = p.default.value if isinstance(p.default, Enum) else p.default
        assert default == sig[name].default, f"{' '.join(words)} --{name}: {default!r} != {sig[name].default!r}"


def test_corpus_choices_are_the_corpora_the_module_reads():
    from presswatch.cli_eval import GeoCorpus
    from presswatch.cli_train import GeoCorpus as TrainGeoCorpus
    from presswatch.corpora.geo import FILES

    assert sorted(GeoCorpus) == sorted(TrainGeoCorpus) == sorted(FILES)


def test_target_help_loads_nothing_heavy():
    """``presswatch eval quotes --help`` and the others import neither their module nor any heavy library."""
    heavy = ["spacy", "thinc", "trafilatura", "httpx", "onnxruntime", "torch", "transformers", "numpy"]
    code = (
        "import contextlib, io, json, sys\n"
        "from presswatch.cli import main\n"
        "out = {}\n"
        f"for words in {TARGETS!r}:\n"
        "    sys.argv = ['presswatch', *words, '--help']\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main()\n"
        "        except SystemExit:\n"
        "            pass\n"
        "    out[' '.join(words)] = sorted(m for m in sys.modules if m.startswith(('presswatch.eval.', "
        f"'presswatch.train.')) or m in {heavy!r}"
        ")\n"
        "print('@@' + json.dumps(out))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    out = json.loads([x for x in p.stdout.splitlines() if x.startswith("@@")][-1][2:])
    assert len(out) == len(TARGETS)
    assert {k: v for k, v in out.items() if v} == {}


def test_a_training_report_names_the_command_that_repeats_it():
    from presswatch.train import command_line
    from presswatch.train.persuasion import run

    defaults = {k: p.default for k, p in inspect.signature(run).parameters.items()}
    options = {**defaults, "epochs": 5, "aux_memes": True, "head": "tokens", "out": Path("models/x")}
    assert command_line("persuasion", run, options) == (
        "presswatch train persuasion --out models/x --epochs 5 --aux-memes --head tokens")
    assert command_line("persuasion", run, defaults) == "presswatch train persuasion"
