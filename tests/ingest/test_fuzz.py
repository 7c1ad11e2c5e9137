"""A short coverage-guided fuzzing run of the input readers (the long run is `fuzz/fuzz_inputs.py`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")  # a test dependency on Linux x86-64; elsewhere the harness cannot run

HARNESS = Path(__file__).resolve().parents[2] / "fuzz" / "fuzz_inputs.py"


def test_readers_raise_only_presswatch_errors_under_fuzzing(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(HARNESS), "-atheris_runs=1500", "-seed=1", f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 1500" in proc.stderr
    assert not list(tmp_path.glob("crash-*"))
