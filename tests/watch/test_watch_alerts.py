"""``presswatch watch`` evaluates the loaded alert rules: each new document that matches a rule is delivered to a
webhook once, also when the watch runs again over the same feed (the alerts' ledger, kept in the store)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from feedserver import serve
from typer.testing import CliRunner

from presswatch.cli import app


class _Receiver(BaseHTTPRequestHandler):
    posts: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).posts.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_watch_fires_each_alert_once_across_runs(tmp_path: Path, monkeypatch, target: str):
    monkeypatch.setenv("PRESSWATCH_ALLOW_PRIVATE_ADDRESSES", "1")
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), type("R", (_Receiver,), {"posts": []}))
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    db = target
    runner = CliRunner()
    try:
        with serve() as site:
            site.add_items([1, 2, 3])
            rules = tmp_path / "rules.yaml"
            hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
            rules.write_text(
                f"alerts:\n  - name: report-two\n    keyword: council report 2\n    webhook: {hook}\n", encoding="utf-8"
            )
            assert (
                runner.invoke(app, ["alerts", "load", str(rules), "--db", db, "--allow-private-addresses"]).exit_code
                == 0
            )
            add = ["sources", "add", "Gazette", "--feed", site.base + "/feed.xml", "--db", db]
            assert runner.invoke(app, add).exit_code == 0
            once = ["watch", "--once", "--db", db, "--analyzers", "none", "--host-delay", "0"]
            first = runner.invoke(app, once)
            assert first.exit_code == 0, first.output
            assert "alert: report-two" in first.stderr
            site.add_items([1, 2, 3, 4])  # the feed grows; the matching item is seen again
            second = runner.invoke(app, once)
            assert second.exit_code == 0, second.output
            assert "alert: report-two" not in second.stderr
        posts = receiver.RequestHandlerClass.posts
        assert [p["rule"] for p in posts] == ["report-two"]
        assert "Council report 2" in json.dumps(posts[0])
    finally:
        receiver.shutdown()
        receiver.server_close()
