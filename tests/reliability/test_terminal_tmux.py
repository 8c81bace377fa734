"""Items 4, 5 and 6 in a real terminal: the installed `claude-files` inside a private tmux.

tmux obeys escape sequences the way a terminal does: OSC 52 sets its paste buffer and
OSC 2 its pane title. Control panes prove that it would; the app's pane, showing names
that carry those sequences, must change neither.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from claude_files.server import LocalServer

from .hostile import CLIP_PAYLOAD, HOSTILE_NAMES, OSC52, OSC_TITLE, TITLE_PAYLOAD, seed_hostile
from .tmux import Tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SECRET = "sk-ant-test-SECRET-1234567890"


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    session = Tmux()
    try:
        yield session
    finally:
        session.close()


def _app_env(tmp_path, server: LocalServer, key: str = "test-key") -> dict[str, str]:
    return {
        "ANTHROPIC_API_KEY": key,
        "ANTHROPIC_BASE_URL": server.url,
        "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
        "TEXTUAL_LOG": str(tmp_path / "textual.log"),
        "TERM": "xterm-256color",
    }


def test_hostile_names_do_not_reach_the_terminal(tmux: Tmux, server: LocalServer, tmp_path):
    seed_hostile(server)
    tmux.run("set-option", "-g", "set-clipboard", "on")
    tmux.run("set-buffer", "-b", "keep", "what the user copied")
    # Controls: the same sequences printed raw do set the title and the buffer.
    control = tmux.window("control", f"printf {OSC_TITLE!r}{OSC52!r}; sleep 600".replace("\x1b", "\\033").replace("\x07", "\\007"))
    tmux.wait_for(lambda: tmux.show(control, "#{pane_title}") == TITLE_PAYLOAD, what="control title")
    tmux.wait_for(lambda: CLIP_PAYLOAD in tmux.buffers().values(), what="control clipboard")
    buffers_before = tmux.buffers()

    pane = tmux.app("app", _app_env(tmp_path, server))
    tmux.wait_for(lambda: "[bold red]x[/bold red] markup.txt" in tmux.capture(pane), what="names drawn")
    title_before = tmux.show(pane, "#{pane_title}")
    tmux.keys(pane, *["j"] * len(HOSTILE_NAMES), pause=0.15)  # every name through the details pane
    tmux.keys(pane, "g", pause=0.6)
    screen = tmux.capture(pane)
    assert "[link=https://evil.example/]click me[/link].txt" in screen
    assert "invoicetxt.exe" in screen and "line one␤line two␍.txt" in screen
    assert tmux.show(pane, "#{pane_title}") == title_before and TITLE_PAYLOAD not in title_before
    assert tmux.buffers() == buffers_before
    tmux.keys(pane, "q")
    assert tmux.exit_status(pane) == "0"
    assert "Traceback" not in tmux.capture(pane)


def test_wrong_key_is_words_and_never_shown(tmux: Tmux, tmp_path):
    with LocalServer(api_key="the-right-key") as guarded:
        guarded.add_file("notes.txt", b"hello", "text/plain")
        pane = tmux.app("app", _app_env(tmp_path, guarded, key=SECRET))
        tmux.wait_for(lambda: "rejected" in tmux.capture(pane), what="auth message")
        tmux.keys(pane, "r", pause=1.0)
        screen = tmux.capture(pane)
        assert "The API key was rejected (401)" in screen and "retry" in screen
        tmux.keys(pane, "q")
        assert tmux.exit_status(pane) == "0"
        after = tmux.capture(pane) + tmux.run("capture-pane", "-p", "-S", "-", "-t", pane)
    log = (tmp_path / "textual.log").read_text() if (tmp_path / "textual.log").exists() else ""
    for text in (screen, after, log, (tmp_path / "config.json").read_text() if (tmp_path / "config.json").exists() else ""):
        assert SECRET not in text and "SECRET" not in text
    assert "Traceback" not in after
