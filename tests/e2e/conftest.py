"""The installed `claude-files --demo` in a private tmux server, shared by the e2e tests."""

from __future__ import annotations

import pytest

from .tmux_session import TmuxSession, installed_command


@pytest.fixture
def demo(tmp_path):
    session = TmuxSession(
        f"{installed_command()} --demo; echo EXITED; sleep 30",
        env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"), "ANTHROPIC_API_KEY": ""},
    )
    try:
        yield session
    finally:
        session.close()
