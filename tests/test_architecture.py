"""The shape of the package, checked on its source: evaluations that read models but never write them.
Reads files only (``ast``); imports nothing heavy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "presswatch"


# --- evaluating never changes what ships ------------------------------------------------------------

_WRITERS = {"write_text", "write_bytes", "mkdir", "touch", "unlink", "rmdir", "save", "savez", "savez_compressed",
            "copy", "copy2", "copyfile", "copytree", "move", "rmtree", "to_disk", "dump"}


def _writes(path: Path) -> list[str]:
    """What the file-writing calls of a module write to (the target expression, as source text)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        at = 1 if isinstance(f, ast.Name) else 0  # open(file, mode) / path.open(mode)
        mode = node.args[at] if len(node.args) > at else next((k.value for k in node.keywords if k.arg == "mode"), None)
        writes_mode = isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+")
        if isinstance(f, ast.Name) and f.id == "open" and writes_mode:
            out.append(ast.unparse(node.args[0]))
        elif isinstance(f, ast.Attribute) and f.attr == "open" and writes_mode:
            out.append(ast.unparse(f.value))
        elif isinstance(f, ast.Attribute) and f.attr in _WRITERS:
            if f.attr in ("write_text", "write_bytes", "mkdir", "touch", "unlink", "rmdir", "to_disk"):
                out.append(ast.unparse(f.value))
            else:
                out.append(ast.unparse(node.args[1] if f.attr == "dump" else node.args[0]) if node.args else "?")
    return out


def test_evaluations_write_only_the_files_their_user_names():
    """``presswatch eval`` reads models and data; the only files it writes are the ones named on its
    command line (figures, predictions, errors). Writing a model, thresholds or gazetteer data is for
    ``presswatch train``."""
    writes = {f"{p.stem}: {target}" for p in sorted((PACKAGE / "eval").glob("*.py")) for target in _writes(p)}
    assert writes == {
        "extraction: Path(args.json_out)",  # --json FILE
        "persuasion: out_pred",  # --predictions FILE
        "quotes: args.errors",  # --errors FILE
    }


def test_the_scan_sees_a_model_write(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from pathlib import Path\nimport json\n"
                     "def f(d, m, meta):\n"
                     "    (Path(d) / 'thresholds.json').write_text(json.dumps(meta))\n"
                     "    with open(m, 'w') as fh:\n        json.dump(meta, fh)\n"
                     "    with open('x.txt') as fh, Path(d).open(encoding='utf-8') as g:\n        pass\n",
                     encoding="utf-8")
    assert _writes(probe) == ["Path(d) / 'thresholds.json'", "m", "fh"]


@pytest.mark.parametrize(("module", "option"), [
    ("presswatch.eval.persuasion", "--ship-dev-thresholds"),
    ("presswatch.eval.geo", "--save"),
    ("presswatch.eval.geo", "--derive-points"),
])
def test_eval_commands_have_no_option_that_writes_a_model(module, option):
    """They moved to ``presswatch train persuasion --dev-thresholds K`` and ``presswatch train geo``."""
    import importlib

    with pytest.raises(SystemExit) as e:
        importlib.import_module(module).main([option])
    assert e.value.code == 2
