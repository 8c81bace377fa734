"""P pins and unpins; ctrl+a, invert and d never take a pinned file; the table and the pane say so."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from rich.console import Console

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.widgets.file_table import PIN_SIGN
from claude_files.widgets.metadata_pane import PINNED_WHY

from .. import forked_script
from .conftest import on_top, ready, screen_text, seed_files, shown_text, wait_until


def _listed(server) -> set[str]:
    return {row["id"] for row in server.storage.list_page("default", 1_000_000, None)[0]}


def pane_text(pane) -> str:
    """The details pane's own text, unwrapped (a wide console: no line breaks of its own)."""
    console = Console(width=1000, record=True, file=io.StringIO())
    console.print(pane.content)
    return console.export_text()


def _saved_pins() -> set[str]:
    path = Path(os.environ["CLAUDE_FILES_PINS"])
    if not path.exists():
        return set()
    return {pin["id"] for place in json.loads(path.read_text())["places"] for pin in place["pins"]}


async def test_p_pins_and_unpins_with_a_sign_the_pane_explains(server, make_app):
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await ready(app, pilot)
        first = screen.model.highlighted
        assert PIN_SIGN not in screen_text(app)
        await pilot.press("P")
        assert screen.model.pins == {first.id}
        await wait_until(pilot, lambda: _saved_pins() == {first.id})
        await pilot.pause()
        assert f"●{PIN_SIGN}" not in screen_text(app) and f" {PIN_SIGN} {first.filename}" in screen_text(app)
        assert PINNED_WHY in pane_text(screen.details)
        assert "Pinned file-00003.txt: ctrl+a, rules and rm never take it" in shown_text(app)
        await pilot.press("P")
        assert screen.model.pins == set()
        assert PINNED_WHY not in pane_text(screen.details)
        await wait_until(pilot, lambda: _saved_pins() == set())
        # marked files: P pins those not pinned yet; again, with all pinned, unpins them all
        await pilot.press("P", "space", "space", "space")  # newest first: files 3 (pinned), 2 and 1 marked
        await pilot.press("P")
        assert screen.model.pins == {row["id"] for row in files[1:]}
        await pilot.press("P")
        assert screen.model.pins == set()
        await wait_until(pilot, lambda: _saved_pins() == set())


async def test_ctrl_a_and_d_keep_pinned_files_and_the_question_says_so(server, make_app):
    seed_files(server, 6)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        pinned = [row.id for row in screen.model.view[:2]]
        await pilot.press("P", "j", "P", "g")
        await pilot.press("ctrl+a")
        assert len(screen.model.marks) == 4 and screen.model.marks.isdisjoint(pinned)
        assert "2 pinned files left unmarked" in shown_text(app)
        await pilot.press("space")  # marked by hand: d still keeps it
        assert pinned[0] in screen.model.marks
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        text = shown_text(app)
        assert "Delete 4 files? 2 pinned kept" in text and "2 pinned files kept: pinned, never deleted (P unpins)." in text
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished)
        await wait_until(pilot, lambda: "2 pinned files kept: pinned, never deleted. Enter or Esc closes." in shown_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, BulkDeleteScreen))
        assert _listed(server) == set(pinned)
        assert "Deleted 4 of 4 files. 2 pinned files kept." in shown_text(app)


async def test_d_on_a_pinned_file_refuses_in_words(server, make_app):
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        row = screen.model.highlighted
        await pilot.press("P", "d")
        assert not isinstance(app.screen, ConfirmModal)
        assert f"{row.filename} is pinned: press P to unpin it first" in shown_text(app)
        await pilot.press("space", "d")  # marked, and every mark pinned
        assert not isinstance(app.screen, ConfirmModal)
        await wait_until(pilot, lambda: "every marked file is pinned, so nothing is deleted" in shown_text(app))
        assert row.id in _listed(server)


async def test_is_pinned_filter_and_pins_made_elsewhere_show_after_refresh(server, make_app):
    files = seed_files(server, 5)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        env = {**os.environ, "ANTHROPIC_API_KEY": "test-key", "ANTHROPIC_BASE_URL": server.url}
        done = forked_script.run(["pin", files[1]["id"]], env)
        assert done.returncode == 0, done.stderr
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.model.pins == {files[1]["id"]})
        await pilot.press("slash", *"is:pinned", "enter")
        await wait_until(pilot, lambda: [row.id for row in screen.model.view] == [files[1]["id"]])
        await pilot.press("P")  # unpinned: it leaves the filtered view
        await wait_until(pilot, lambda: len(screen.model) == 0)


async def test_a_pin_that_cannot_be_saved_is_undone_in_words(server, make_app):
    seed_files(server, 2)
    Path(os.environ["CLAUDE_FILES_PINS"] + ".lock").mkdir(parents=True)  # the store cannot lock: no write
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: "Could not save the pins, so that change is undone" in shown_text(app))
        assert screen.model.pins == set()


def _pin_elsewhere(server, file_id: str, *extra: str) -> None:
    """`claude-files pin` in another terminal while the TUI is open."""
    env = {**os.environ, "ANTHROPIC_API_KEY": "test-key", "ANTHROPIC_BASE_URL": server.url}
    done = forked_script.run([*extra, "pin", file_id], env)
    assert done.returncode == 0, done.stderr


async def test_d_keeps_a_file_pinned_in_another_terminal_since_the_tui_opened(server, make_app):
    """Found in tmux: `claude-files pin` while the TUI was open, then ctrl+a, d, y deleted the
    pinned file (the TUI knew pins only from its last load); rm would have kept it."""
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        newest = screen.model.highlighted
        assert newest.id == files[3]["id"]
        _pin_elsewhere(server, newest.id, "--workspace", "default")  # this connection spelled another way
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmModal)
        assert f"{newest.filename} is pinned: press P to unpin it first" in shown_text(app)
        _pin_elsewhere(server, files[1]["id"])
        await pilot.press("ctrl+a", "d")  # ctrl+a still marks files[1]: only d reads the pins again
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        assert "Delete 2 files? 2 pinned kept" in shown_text(app)  # the one ctrl+a passed, the one pinned since
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished)
        assert _listed(server) == {newest.id, files[1]["id"]}


async def test_p_unpins_a_file_pinned_under_another_spelling_and_d_then_asks(server, make_app):
    """Found in tmux: a file pinned through localhost:PORT, opened through 127.0.0.1:PORT. d said
    "press P to unpin it first"; P said "Unpinned", and d said the same again, for ever."""
    files = seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        newest = screen.model.highlighted
        _pin_elsewhere(server, newest.id, "--workspace", "default")  # this connection spelled another way
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmModal)
        await pilot.press("P")
        await wait_until(pilot, lambda: newest.id not in _saved_pins(), what="the pin released in the pins file")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the delete question")
        await pilot.press("escape")
    assert files[1]["id"] in _listed(server) and newest.id in _listed(server)
