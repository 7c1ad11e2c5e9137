"""One settings object: every environment variable is read in ``presswatch.settings`` and listed in docs/settings.md."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from presswatch import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "presswatch"


def _environment_reads(path: Path) -> list[int]:
    """Lines where a module reads the environment: ``os.environ`` other than as the target of an assignment
    (``os.environ[k] = v`` hands a setting on; it does not read one), ``os.getenv``, ``from os import environ``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    written = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Subscript):
                    written.add(id(t.value))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb", "getenvb"):
            if id(node) not in written:
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(a.name in ("environ", "getenv", "environb", "getenvb") for a in node.names)
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_only_the_settings_module_reads_the_environment():
    found = [
        f"{p.relative_to(PACKAGE)}:{line}"
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.name != "settings.py" or p.parent != PACKAGE
        for line in _environment_reads(p)
    ]
    assert not found, "read the environment through presswatch.settings.current():\n" + "\n".join(found)


def test_the_scan_sees_a_read_and_lets_a_write_pass(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os\nfrom os import getenv\nos.environ['A'] = '1'\nx = os.environ.get('B')\ny = os.getenv('C')\n",
        encoding="utf-8",
    )
    assert _environment_reads(probe) == [2, 4, 5]


def test_every_variable_is_a_field_and_every_field_a_variable():
    assert list(settings.VARIABLES) == [f.name for f in dataclasses.fields(settings.Settings)]
    assert len(set(settings.VARIABLES.values())) == len(settings.VARIABLES)


def test_every_presswatch_variable_named_in_the_code_is_a_setting():
    """Names such as ``envvar="PRESSWATCH_TOKEN"`` (read by a command-line option) count too."""
    named = set()
    for p in PACKAGE.rglob("*.py"):
        named |= set(re.findall(r"[\"'](PRESSWATCH_[A-Z0-9_]+)[\"']", p.read_text(encoding="utf-8")))
    assert named
    assert named <= set(settings.VARIABLES.values())


def test_every_setting_has_a_row_in_the_docs():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", doc, flags=re.MULTILINE))
    assert rows == set(settings.VARIABLES.values())
    assert "docs/settings.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_settings_are_read_when_asked(monkeypatch):
    monkeypatch.setenv("PRESSWATCH_DB", "one.sqlite")
    monkeypatch.delenv("PRESSWATCH_CACHE_DIR", raising=False)
    first = settings.current()
    assert first.db == "one.sqlite" and first.cache_dir is None
    monkeypatch.setenv("PRESSWATCH_DB", "two.sqlite")
    assert settings.current().db == "two.sqlite"
    assert first.db == "one.sqlite"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.db = "three.sqlite"  # type: ignore[misc]


def test_a_variable_is_looked_up_by_its_name(monkeypatch):
    monkeypatch.setenv("PRESSWATCH_SMTP_PORT", "2525")
    assert settings.current().variable("PRESSWATCH_SMTP_PORT") == "2525"
    with pytest.raises(KeyError):
        settings.current().variable("PRESSWATCH_NO_SUCH_THING")


def test_the_modules_see_a_setting_changed_after_import(monkeypatch, tmp_path):
    from presswatch.analyzers import max_chars_setting
    from presswatch.gazetteer.index import cache_dir
    from presswatch.store import resolve_target

    monkeypatch.setenv("PRESSWATCH_DB", str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("PRESSWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PRESSWATCH_MAX_CHARS", "1234")
    assert resolve_target() == str(tmp_path / "x.sqlite")
    assert cache_dir() == tmp_path / "cache"
    assert max_chars_setting() == 1234


def test_one_setting_reads_as_the_whole_settings_do(monkeypatch):
    from presswatch import settings

    monkeypatch.setenv("PRESSWATCH_INCIDENT_DETECTOR", "elsewhere.npz")
    assert settings.value("incident_detector") == settings.current().incident_detector == "elsewhere.npz"
    monkeypatch.delenv("PRESSWATCH_INCIDENT_DETECTOR")
    assert settings.value("incident_detector") is None
