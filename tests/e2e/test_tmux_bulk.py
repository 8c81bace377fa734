"""The issue's "done when", typed into the installed command in tmux with `set-clipboard on`:
`/bulk-` Enter, ctrl+a, d, y deletes exactly the bulk- files; `y` puts a row's id in tmux's buffer.
"""

from __future__ import annotations

import re
import time

import pytest

from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]

BULK = [f"bulk-{i:03d}.txt" for i in range(1, 7)]
OTHERS = ["summary.xlsx", "chart.png", "sales.csv", "notes.txt", "q2-goals.txt"]


@pytest.fixture
def demo(tmp_path):
    session = TmuxSession(
        f"{installed_command()} --demo; echo EXITED; sleep 30",
        env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"), "ANTHROPIC_API_KEY": ""},
    )
    session.tmux("set-option", "-g", "set-clipboard", "on")
    try:
        yield session
    finally:
        session.close()


def test_keys_typed_in_one_burst_arrive_in_order(demo):
    """Over SSH keys typed ahead arrive in one read: `/bulk-` Enter ctrl+a d must still filter,
    mark the six bulk files and ask about exactly those, not lose keys to the moving focus."""
    demo.wait_for("summary.xlsx")
    demo.send("/", "b", "u", "l", "k", "-", "Enter", "C-a", "d")  # one send-keys: one burst
    screen = demo.wait_for("Delete 6 files (5.0 kB) selected by")
    assert "filter “bulk-”" in screen and "6 marked" in screen
    demo.send("Escape")
    demo.wait_for("Nothing deleted")


def test_filter_mark_all_delete_confirm_removes_only_bulk_files(demo):
    demo.wait_for("summary.xlsx")
    demo.send("/")
    demo.wait_for("filter: a name, or a query")
    demo.type("bulk-")
    demo.wait_for("6 of all 25 match")
    demo.send("Enter")
    demo.send("C-a")
    demo.wait_for("6 marked")
    demo.send("d")
    demo.wait_for("Delete 6 files (5.0 kB) selected by")
    demo.send("y")
    demo.wait_for("Deleted 6 of 6 files")
    report = demo.wait_for("Deleted (6):")  # the list of every file follows the title by a frame
    assert all(name in report for name in BULK)
    assert "0 failed" in report
    demo.send("Escape")  # close the report
    demo.wait_gone("Enter or Esc closes")
    demo.send("Escape")  # no marks are left, so Esc clears the filter
    screen = demo.wait_for("summary.xlsx")
    assert "19 files" in screen
    assert "bulk-" not in screen
    assert all(name in screen for name in OTHERS)


def test_y_puts_the_highlighted_id_in_the_tmux_buffer(demo):
    demo.wait_for("summary.xlsx")
    demo.send("j")
    demo.send("m")  # the details pane shows the highlighted file's id
    screen = demo.wait_for("file_011C")
    file_id = re.search(r"file_011C\w+", screen).group(0)
    demo.send("y")
    demo.wait_for("copied via OSC 52")
    deadline = time.monotonic() + 10
    while demo.tmux("show-buffer").strip() != file_id and time.monotonic() < deadline:
        time.sleep(0.2)
    assert demo.tmux("show-buffer").strip() == file_id
