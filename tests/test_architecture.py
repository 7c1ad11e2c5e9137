"""The shape of the package, checked on its source: no import cycles, no private names borrowed across
packages, and evaluations that read models but never write them. Reads files only (``ast``); imports
nothing heavy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "presswatch"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, whether it is a package's ``__init__``)."""
    out = {}
    for p in sorted(PACKAGE.rglob("*.py")):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (p, is_pkg)
    return out


MODULES = _modules()


def _package(module: str) -> str:
    return module if MODULES[module][1] else module.rpartition(".")[0]


def _imports(module: str) -> list[tuple[str, str | None, int]]:
    """Every import of a presswatch module in ``module``, at module level or inside functions, TYPE_CHECKING
    blocks included: (imported module, imported name or None, line). ``from pkg import mod`` counts as an
    import of ``pkg.mod``; relative imports are resolved. Imports made with ``importlib`` (the CLI's
    dispatch to eval/train modules, the package root's lazy names) are not seen."""
    path, is_pkg = MODULES[module]
    out: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "presswatch":
                    name = alias.name
                    while name not in MODULES:  # import presswatch.x.y where y is not a module
                        name = name.rpartition(".")[0]
                    out.append((name, None, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_pkg else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "presswatch":
                continue
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    out.append((f"{source}.{alias.name}", None, node.lineno))
                else:
                    out.append((source, alias.name, node.lineno))
    return out


def _import_graph() -> dict[str, set[str]]:
    return {m: {dep for dep, _, _ in _imports(m) if dep != m} for m in MODULES}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for dep in sorted(graph.get(m, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_graph_sees_the_imports_it_must_see():
    """The walk finds function-level, relative and ``from pkg import module`` imports (a cycle test that
    saw none would pass for the wrong reason)."""
    graph = _import_graph()
    assert len(graph) > 50
    assert "presswatch.ingest.warc" in graph["presswatch.ingest.sources"]  # inside iter_inputs
    assert "presswatch.analyzers" in graph["presswatch.pipeline"]  # from presswatch import analyzers
    assert "presswatch.nlp.pipelines" in graph["presswatch.analyzers"]  # inside a method
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_inside_presswatch():
    cycle = _find_cycle(_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_private_name_is_imported_from_another_package():
    """A name starting with ``_`` is its module's own; another package that needs it needs a public
    name (same-package use is the package's business). Dunder names such as ``__version__`` are public,
    and so is the ``presswatch._version`` module that holds it."""
    found = []
    for module in MODULES:
        for source, name, line in _imports(module):
            private = [p for p in ([*source.split("."), name] if name else source.split("."))
                       if p.startswith("_") and not p.startswith("__") and p != "_version"]
            if private and _package(source) != _package(module):
                found.append(f"{MODULES[module][0].relative_to(SRC)}:{line}: {source} {name or ''}".strip())
    assert not found, "private names imported across packages:\n" + "\n".join(found)


def _deps_of(prefix: str) -> dict[str, set[str]]:
    graph = _import_graph()
    return {m: graph[m] for m in MODULES if m == prefix or m.startswith(prefix + ".")}


def test_dataset_readers_read_only():
    """``presswatch.corpora`` reads data sets into plain objects: it depends on no scorer, fitter or analyzer (eval
    and train import it, never the other way round)."""
    found = [f"{m} -> {d}" for m, deps in _deps_of("presswatch.corpora").items() for d in sorted(deps)
             if d.startswith(("presswatch.eval", "presswatch.train", "presswatch.analyzers", "presswatch.cli"))]
    assert not found, "\n".join(found)
    assert any("presswatch.corpora" in d for d in _import_graph()["presswatch.eval.quotes"])


def test_settings_and_metrics_sit_at_the_bottom():
    """Any module may read the settings or use the shared measures without risking a cycle: they import no other
    presswatch module."""
    assert _deps_of("presswatch.settings") == {"presswatch.settings": set()}
    assert _deps_of("presswatch.learn.metrics") == {"presswatch.learn.metrics": set()}


def test_the_store_depends_on_no_ingest_module():
    """The store saves what the pipeline made; it does not fetch, extract or parse. The SimHash both sides use
    lives in the neutral ``presswatch.fingerprint``, which imports no other presswatch module."""
    found = [f"{m} -> {d}" for m, deps in _deps_of("presswatch.store").items() for d in sorted(deps)
             if d == "presswatch.ingest" or d.startswith("presswatch.ingest.")]
    assert not found, "the store imports ingest:\n" + "\n".join(found)
    assert "presswatch.fingerprint" in _import_graph()["presswatch.store.sqlite"]
    assert _deps_of("presswatch.fingerprint") == {"presswatch.fingerprint": set()}


def _third_party(module: str) -> set[str]:
    """The top-level names of the non-presswatch modules ``module`` imports (anywhere in the file)."""
    out = set()
    for node in ast.walk(ast.parse(MODULES[module][0].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out - {"presswatch"}


def test_linear_models_are_fitted_in_one_place():
    """scikit-learn and scipy's optimisers fit models: only ``presswatch.learn.linear`` and ``presswatch.train``
    import them. The analyzers apply the saved weights with numpy, so analysing never needs the train extra."""
    found = [m for m in MODULES if {"sklearn", "scipy"} & _third_party(m)
             and m != "presswatch.learn.linear" and not m.startswith("presswatch.train.")]
    assert not found, "fitting outside presswatch.learn.linear: " + ", ".join(found)
    assert {"sklearn", "scipy"} <= _third_party("presswatch.learn.linear")


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
        "extraction: Path(json_out)",  # --json FILE
        "persuasion: out_pred",  # --predictions FILE
        "quotes: errors",  # --errors FILE
        "stance: errors",  # --errors FILE
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


@pytest.mark.parametrize(("target", "option"), [
    ("persuasion", "--ship-dev-thresholds"),
    ("geo", "--save"),
    ("geo", "--derive-points"),
])
def test_eval_commands_have_no_option_that_writes_a_model(target, option):
    """They moved to ``presswatch train persuasion --dev-thresholds K`` and ``presswatch train geo``."""
    import importlib
    import inspect

    from typer.testing import CliRunner

    from presswatch.cli import app

    res = CliRunner().invoke(app, ["eval", target, option])
    assert res.exit_code == 2 and "No such option" in res.stderr
    run = importlib.import_module(f"presswatch.eval.{target}").run
    assert option.lstrip("-").replace("-", "_") not in inspect.signature(run).parameters
