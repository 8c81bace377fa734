"""Issue 26 §1 end to end: the installed command at 80×24, opened on a place seen before, shows
its last view (marked "as of …") while the server takes 3 s to answer, then the fresh listing."""

from __future__ import annotations

import pytest

from claude_files.listing_cache import cache_dir

from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]


def _session(server, tmp_path) -> TmuxSession:
    env = {
        "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
        "CLAUDE_FILES_CACHE": str(cache_dir()),
        "ANTHROPIC_API_KEY": "test-key",
        "ANTHROPIC_BASE_URL": server.url,
    }
    return TmuxSession(f"{installed_command()}; echo EXITED; sleep 30", env=env)


def test_a_place_seen_before_shows_its_rows_stale_before_the_server_answers(server, tmp_path):
    server.add_file("quarterly-report.pdf", b"%PDF-1.4", "application/pdf")
    first = _session(server, tmp_path)
    try:
        first.wait_for("quarterly-report.pdf")
        first.wait_until(
            lambda _: any(cache_dir().glob("launch-*.json")), what="the last view written (its launch pointer comes last)"
        )
        first.send("q")
        first.wait_for("EXITED")
    finally:
        first.close()
    server.add_file("arrived-since.csv", b"a,b\n", "text/csv")
    server.set_faults(latency_ms=3000)
    again = _session(server, tmp_path)
    try:
        screen = again.wait_until(lambda text: "quarterly-report.pdf" in text and "as of" in text, 15, "the last view")
        assert "arrived-since.csv" not in screen  # drawn before the server answered
        screen = again.wait_for("arrived-since.csv", timeout=30)
        assert "as of" not in screen and "quarterly-report.pdf" in screen
        again.send("q")
        assert "Traceback" not in again.wait_for("EXITED")
    finally:
        again.close()
