"""`du` on a real terminal: labels whole where the width allows, a sane width when the terminal
reports 0 columns, and no name reaching the terminal as a command in either format."""

from __future__ import annotations

import pytest

from claude_files.server import LocalServer

from .terminal import cli_on_terminal

SESSIONS = ("sesn_011CictVOK4NNOeBr77qyyHj", "sesn_011CictVOK4NNOeBr77qzzKm")  # the same first 17 characters
LONG_NAME = "quarterly-business-review-final.pdf"


@pytest.fixture
def sessions(served: LocalServer) -> LocalServer:
    for session in SESSIONS:
        served.add_file("out.txt", b"x" * 100, "text/plain", downloadable=True, scope_id=session)
    served.add_file(LONG_NAME, b"y" * 50, "application/pdf")
    served.add_file("\u202etxt.exe\x9b2J", b"z", "text/plain")
    return served


def test_du_at_160_columns_shows_session_ids_and_names_whole(sessions: LocalServer) -> None:
    status, shown = cli_on_terminal(sessions, "du", columns=160)
    assert status == 0, shown
    lines = shown.splitlines()
    for session in SESSIONS:
        assert any(line.startswith(session + " ") for line in lines), shown
    assert any(line.startswith(LONG_NAME + " ") for line in lines)
    assert max(len(line) for line in lines) <= 160


def test_du_on_a_terminal_reporting_no_width_uses_a_readable_one(sessions: LocalServer) -> None:
    status, shown = cli_on_terminal(sessions, "du", columns=0)
    assert status == 0, shown
    lines = shown.splitlines()
    assert any(line.startswith("downloadable ") for line in lines)
    assert any(line.startswith(SESSIONS[0] + " ") for line in lines), shown


def test_du_json_on_a_terminal_keeps_names_inert(sessions: LocalServer) -> None:
    status, shown = cli_on_terminal(sessions, "du", "--format", "json")
    assert status == 0, shown
    assert "\u202e" not in shown and "\x9b" not in shown
    assert "\\u202e" in shown
