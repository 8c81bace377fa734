"""The chat issue's "done when", in tmux with the installed command: highlight a text file, `c`,
type a question, Enter — the answer streams in, quoting the passage from that file, then the tokens.
"""

from __future__ import annotations

import pytest

from .tmux_session import requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]


def test_ask_about_a_text_file_at_80x24(demo):
    demo.wait_for("summary.xlsx")
    demo.send("/")
    demo.wait_for("filter: a name, or a query")
    demo.type("retention-policy")
    demo.send("Enter")
    demo.wait_gone("summary.xlsx")
    demo.send("c")
    demo.wait_for("Chat: retention-policy.txt")
    assert "offline responder" in demo.screen()
    demo.type("how long are customer exports kept")
    demo.send("Enter")
    screen = demo.wait_for("tokens:")
    flat = " ".join(screen.split())
    assert "Customer exports are kept for 90 days and then deleted automatically." in flat
    assert "[1] “Customer exports are kept for 90 days" in flat
    assert "Traceback" not in screen
    assert "q Quit" not in screen  # the question's field has the keys: q would be typed
    demo.send("Escape")
    demo.wait_until(lambda now: "q Quit" in now, what="Esc handled: the table has the keys, so q quits")
    demo.send("q")
    assert "Traceback" not in demo.wait_for("EXITED")
