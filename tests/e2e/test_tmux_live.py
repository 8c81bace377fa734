"""The installed command in tmux with live refresh: a file an agent uploads appears on its own
(no key pressed), marked new, and the header says how long ago the last check was."""

from __future__ import annotations

import pytest

from claude_files.server import LocalServer

from ..conftest import make_client_for
from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]


def test_a_file_uploaded_by_an_agent_appears_without_a_key(tmp_path):
    with LocalServer() as srv:
        srv.add_file("already-there.txt", b"hello", "text/plain")
        session = TmuxSession(
            f"{installed_command()} --base-url {srv.url} --live 0.5; echo EXITED; sleep 30",
            env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"), "ANTHROPIC_API_KEY": "test-key"},
            width=120,  # at 80 columns a base URL leaves the header room for "live" only, not its age
        )
        try:
            session.wait_for("already-there.txt")
            session.wait_until(lambda screen: "s ago" in screen.splitlines()[0], what="the header's age of the last check")
            with make_client_for(srv) as client:
                client.files.upload(file=("agent-output.csv", b"a,b\n1,2\n", "text/csv"))
            screen = session.wait_for("agent-output.csv")
            line = next(line for line in screen.splitlines() if "agent-output.csv" in line)
            assert line.lstrip().startswith("+"), "marked new until highlighted"
            session.send("q")
            screen = session.wait_for("EXITED")
            assert "Traceback" not in screen
        finally:
            session.close()
