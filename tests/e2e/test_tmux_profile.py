"""The installed command in tmux with nothing but a profile on disk (as after `ant auth login`):
no ANTHROPIC_API_KEY, the files show, the header names the profile, `w` opens the switcher."""

from __future__ import annotations

import pytest

from claude_files.server import LocalServer

from ..credentials.profiles import activate, write_profile
from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]

TOKEN = "sk-ant-oat01-tmux-profile-token-0123456789"


def test_only_a_profile_on_disk(tmp_path):
    config_dir = tmp_path / "anthropic"
    with LocalServer(api_key=TOKEN) as srv:
        srv.add_file("from-the-profile.txt", b"hello", "text/plain")
        write_profile(config_dir, "work", base_url=srv.url, access_token=TOKEN)
        write_profile(config_dir, "other", base_url=srv.url, access_token=TOKEN)
        activate(config_dir, "work")
        session = TmuxSession(
            f"{installed_command()}; echo EXITED; sleep 30",
            env={
                "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
                "ANTHROPIC_CONFIG_DIR": str(config_dir),
                "ANTHROPIC_API_KEY": "",
                "ANTHROPIC_AUTH_TOKEN": "",
            },
        )
        try:
            session.wait_for("from-the-profile.txt")
            session.wait_for("profile work")
            session.send("w")
            session.wait_for("Switch profile / workspace")
            session.wait_for("other")
            session.send("Escape")
            session.wait_gone("Switch profile / workspace")
            session.send("q")
            screen = session.wait_for("EXITED")
            assert "Traceback" not in screen and TOKEN not in screen
        finally:
            session.close()
