"""The installed command in tmux: start the demo, wait for a file id, move, filter, help, quit."""

from __future__ import annotations

import re

import pytest

from .tmux_session import requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]


def test_demo_browse_at_80x24(demo):
    demo.wait_for("local demo server")
    demo.wait_for("summary.xlsx")
    demo.send("m")  # the details pane is off at 80 columns until asked for
    screen = demo.wait_for("file_011C")
    first_id = re.search(r"file_011C\w+", screen).group(0)
    demo.send("j", "j")
    demo.wait_for("analysis_results.csv")
    demo.wait_gone(first_id)  # the pane follows the highlight
    demo.send("G")
    demo.wait_for("qbr-q1.pdf")
    demo.send("/")
    demo.wait_for("filter: a name, or a query")
    demo.type("sprint")
    screen = demo.wait_for("1 of ")
    assert "bulk-001.txt" not in screen
    demo.send("Enter", "Escape")
    demo.wait_for("bulk-001.txt")
    demo.send("?")
    demo.wait_for("claude-files keys")
    demo.send("Escape")
    demo.wait_gone("claude-files keys")
    demo.send("q")
    screen = demo.wait_for("EXITED")
    assert "Traceback" not in screen
