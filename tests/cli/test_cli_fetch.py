"""The fetch options of the command line: loopback refused unless allowed (flag or environment), and
``--timeout`` / ``--max-size`` values that make no sense refused as usage errors, never a traceback."""

import json

import pytest
from typer.testing import CliRunner

from presswatch.cli import app

runner = CliRunner()


def test_loopback_is_refused_by_default_and_allowed_on_request(http_server, monkeypatch):
    monkeypatch.delenv("PRESSWATCH_ALLOW_PRIVATE_ADDRESSES", raising=False)
    url = f"{http_server}/article"
    res = runner.invoke(app, ["analyze", url, "-a", "none"])
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.strip() == (
        f"error: {url}: 127.0.0.1 is a loopback address; pass --allow-private-addresses to fetch it"
    )
    res = runner.invoke(app, ["analyze", url, "-a", "none", "--allow-private-addresses"])
    assert res.exit_code == 0 and json.loads(res.stdout)["url"] == url
    res = runner.invoke(app, ["analyze", url, "-a", "none"], env={"PRESSWATCH_ALLOW_PRIVATE_ADDRESSES": "1"})
    assert res.exit_code == 0 and json.loads(res.stdout)["url"] == url


def test_every_fetching_command_takes_the_opt_in():
    for command in ("analyze", "ingest", "places", "check"):
        res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "--allow-private-addresses" in res.stdout and "PRESSWATCH_ALLOW_PRIVATE_ADDRESSES" in res.stdout


@pytest.mark.parametrize("option", ["--timeout", "--max-size"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0"])
def test_nonsense_limits_are_usage_errors(tmp_path, option, value):
    page = tmp_path / "a.txt"
    page.write_text("Bulletin\n\nNo violations were recorded.", encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(page), "-a", "none", f"{option}={value}"])
    assert res.exit_code == 2
    assert "Invalid value for" in res.output and option in res.output and "must be a positive number" in res.output
    assert "Traceback" not in res.output


def test_a_fractional_size_limit_is_stated_in_mib(http_server):
    res = runner.invoke(app, ["analyze", f"{http_server}/huge", "--max-size", "0.5", "--allow-private-addresses"])
    assert res.exit_code == 2
    assert "passed the 0.5 MiB limit and was stopped (raise it with --max-size)" in res.stderr
