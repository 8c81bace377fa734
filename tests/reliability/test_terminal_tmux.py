"""Items 4, 5 and 6 in a real terminal: the installed `claude-files` inside a private tmux.

tmux obeys escape sequences the way a terminal does: OSC 52 sets its paste buffer and
OSC 2 its pane title. Control panes prove that it would; the app's pane, showing names
that carry those sequences, must change neither.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from claude_files.server import LocalServer

from ..downloads import temp_open
from .hostile import CLIP_PAYLOAD, HOSTILE_NAMES, OSC52, OSC_TITLE, TITLE_PAYLOAD, seed_hostile
from .tmux import CLAUDE_FILES, Tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SECRET = "sk-ant-test-SECRET-1234567890"
PRECIOUS = b"the user's own file\n"


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
    control = tmux.window(
        "control", f"printf {OSC_TITLE!r}{OSC52!r}; sleep 600".replace("\x1b", "\\033").replace("\x07", "\\007")
    )
    tmux.wait_for(lambda: tmux.show(control, "#{pane_title}") == TITLE_PAYLOAD, what="control title")
    tmux.wait_for(lambda: CLIP_PAYLOAD in tmux.buffers().values(), what="control clipboard")
    buffers_before = tmux.buffers()

    pane = tmux.app("app", _app_env(tmp_path, server))
    tmux.wait_for(lambda: "[bold red]x[/bold red] markup.txt" in tmux.capture(pane), what="names drawn")
    title_before = tmux.show(pane, "#{pane_title}")
    tmux.keys(pane, *["j"] * len(HOSTILE_NAMES), pause=0.15)  # every name through the details pane
    tmux.keys(pane, "k")
    drawn = ("[link=https://evil.example/]click me[/link].txt", "invoicetxt.exe", "line one␤line two␍.txt")
    # The table is redrawn after the last key; a busy machine may capture a frame mid-way.
    tmux.wait_for(
        lambda: all(name in tmux.capture(pane) for name in drawn),
        what="names drawn after moving",
        seen=lambda: tmux.capture(pane),
    )
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
        lists_before = _list_requests(guarded)
        tmux.keys(pane, "r")
        tmux.wait_for(lambda: _list_requests(guarded) > lists_before, what="the retry reaching the server")
        tmux.wait_for(lambda: "The API key was rejected (401)" in tmux.capture(pane), what="auth message again")
        screen = tmux.capture(pane)
        assert "retry" in screen
        tmux.keys(pane, "q")
        assert tmux.exit_status(pane) == "0"
        after = tmux.capture(pane) + tmux.run("capture-pane", "-p", "-S", "-", "-t", pane)
    log = (tmp_path / "textual.log").read_text() if (tmp_path / "textual.log").exists() else ""
    for text in (screen, after, log, (tmp_path / "config.json").read_text() if (tmp_path / "config.json").exists() else ""):
        assert SECRET not in text and "SECRET" not in text
    assert "Traceback" not in after


def _list_requests(server: LocalServer) -> int:
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == "/v1/files")


def _exited(pid: int) -> bool:
    """Gone, or a zombie its parent has not reaped yet."""
    try:
        return "\tZ" in Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].splitlines()[0]
    except (FileNotFoundError, IndexError):
        return True


@pytest.mark.parametrize(
    "how",
    [
        "SIGTERM",
        "kill-window",  # hangs up the pane: SIGHUP
        "kill-session",  # SSH dropping does the same to a login shell's terminal
        "kill-session, SIGHUP lost",  # blocked, or never passed on by the session leader
        "SIGKILL",  # nothing runs: the download's temp file has no name to leave behind
    ],
)
def test_app_killed_mid_download_leaves_nothing(tmux: Tmux, server: LocalServer, tmp_path, how):
    """Item 2 and issue 23: the process dies while a download runs, promptly even when the
    terminal is gone and no SIGHUP comes (Textual's input thread then spins on EOF and its
    event loop blocks): no surviving process, no file at the destination, no temp file."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.bin").write_bytes(PRECIOUS)
    server.add_file("keep.bin", os.urandom(4 * 1024 * 1024), downloadable=True)
    if how == "kill-session, SIGHUP lost":
        pane = tmux.window("app", f"env --block-signal=HUP {CLAUDE_FILES}", _app_env(tmp_path, server), cwd=work)
    else:
        pane = tmux.app("app", _app_env(tmp_path, server), cwd=work)
    tmux.wait_for(lambda: "keep.bin" in tmux.capture(pane), what="file listed")
    server.set_faults(latency_ms=4000)  # the temp file is open while the answer is awaited
    tmux.keys(pane, "s")
    tmux.wait_for(lambda: "Enter saves" in tmux.capture(pane), what="download dialog")
    tmux.keys(pane, "Enter")
    tmux.wait_for(lambda: "Overwrite" in tmux.capture(pane), what="the name-clash question")
    tmux.keys(pane, "o")  # overwrite the existing keep.bin
    pid = int(tmux.show(pane, "#{pane_pid}"))
    tmux.wait_for(lambda: temp_open(work, pid), what="download under way")
    if how == "kill-window":
        tmux.run("kill-window", "-t", "app")
    elif how.startswith("kill-session"):
        tmux.run("kill-session")
    else:
        os.kill(pid, getattr(signal, how))
    try:
        tmux.wait_for(lambda: _exited(pid), 15, "process exit")
    finally:
        if not _exited(pid):
            os.kill(pid, signal.SIGKILL)  # not left spinning after a failure
    if how == "SIGTERM":
        assert tmux.exit_status(pane) == "143", "a clean exit, with the status a shell reports for SIGTERM"
    server.set_faults(latency_ms=0)
    assert sorted(p.name for p in work.iterdir()) == ["keep.bin"]
    assert (work / "keep.bin").read_bytes() == PRECIOUS
