"""Keys typed ahead arrive in one read over SSH; they must keep their order while focus moves.

`burst` posts the keys to the app the way the terminal driver does for one read: all of them
before the app has handled the first. (`pilot.press` waits between keys, which hides the bug.)
"""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.widgets.chat_pane import ChatPane

from ..conftest import make_client_for
from .conftest import ready, seed_files, shown_text, wait_until

CHARACTERS = {"enter": "\r", "space": " ", "minus": "-", "slash": "/", "escape": "\x1b", "tab": "\t", "exclamation_mark": "!"}


def burst(app, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)))


def typed(text: str) -> list[str]:
    return [{" ": "space", "-": "minus", "/": "slash", "!": "exclamation_mark"}.get(char, char) for char in text]


async def settled(pilot, app) -> None:
    """Every key of the bursts sent so far has been handled."""
    await pilot.pause()  # the app has taken the first key by now
    await wait_until(pilot, lambda: not app.keys_on_their_way)
    await pilot.pause()


def server_names(server) -> set[str]:
    with make_client_for(server) as client:
        return {f.filename for f in client.beta.files.list(limit=1000)}


NOTES = {"notes.txt", "meeting-notes-week14.md"}  # the demo files whose names hold "notes"


@pytest.mark.parametrize("clear", ["ctrl+u", "ctrl+w"])
async def test_the_burst_that_deleted_everything_deletes_only_the_matching_files(demo_server, make_app, clear):
    """Issue 12: `/` ctrl+u `notes` Enter ctrl+a d y in one read deleted all 25 demo files."""
    before = server_names(demo_server)
    assert NOTES <= before and len(before) == 25
    app = make_app(demo_server)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        burst(app, "slash", clear, *typed("notes"), "enter", "ctrl+a", "d", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished_at is not None)
    assert server_names(demo_server) == before - NOTES


@pytest.mark.parametrize(
    "keys",
    [
        ["slash", *typed("notex"), "backspace", "s", "enter"],
        ["slash", *typed("nots"), "left", "e", "end", "enter"],
        ["slash", "ctrl+u", *typed("notes"), "enter"],
        ["slash", *typed("xx notesab"), "left", "left", "delete", "delete", "ctrl+left", "ctrl+w", "end", "enter"],
        ["slash", *typed("tes"), "home", *typed("no"), "end", "enter"],
        ["slash", *typed("notes!!"), "left", "left", "ctrl+k", "enter"],
    ],
    ids=["backspace", "left-end", "ctrl+u", "ctrl+w-delete", "home", "ctrl+k"],
)
async def test_editing_keys_in_a_burst_keep_their_place_among_the_letters(demo_server, make_app, keys):
    app = make_app(demo_server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        burst(app, *keys)
        await settled(pilot, app)
        assert app.focused is screen.table
        assert screen.model.filter_text == "notes"
        assert {row.filename for row in screen.model.view} == NOTES


async def test_quick_separate_presses_keep_their_order(demo_server, make_app):
    """`/`, ctrl+u and `notes` as separate reads close together (not one burst) gave "tes"."""
    app = make_app(demo_server)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        for keys in (["slash"], ["ctrl+u"], typed("notes")):
            burst(app, *keys)
            await asyncio.sleep(0)  # the next read comes in before the app has handled this one
        await settled(pilot, app)
        assert app.focused.id == "filter" and app.focused.value == "notes"


async def test_filter_enter_mark_all_delete_in_one_burst(server, make_app):
    keep = seed_files(server, 3, prefix="keep")
    bulk = seed_files(server, 3, prefix="bulk")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        burst(app, *typed("/bulk-"), "enter", "ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert screen.model.filter_text == "bulk-"
        assert screen.model.marks == {f["id"] for f in bulk}
        await wait_until(pilot, lambda: "Delete 3 files" in shown_text(app))
        burst(app, "escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert server.file_count() == len(keep) + len(bulk)


async def test_delete_and_its_answer_in_one_burst(server, make_app):
    """`d` `y` in one read: the confirmation is open before `y` is let through, so it answers it."""
    files = seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        burst(app, "j", "d", "y")
        await wait_until(pilot, lambda: files[1]["id"] not in screen.model.by_id)
    assert server.file_count() == 2


async def test_upload_and_its_path_in_one_burst(server, make_app, tmp_path, monkeypatch):
    """`u`, a file name and Enter in one read: the letters land in the dialog, not on the table."""
    (tmp_path / "notes.txt").write_text("typed ahead")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        burst(app, "u", *typed("notes.txt"), "enter")
        await wait_until(pilot, lambda: len(screen.model) == 1)
        assert screen.model.highlighted.filename == "notes.txt"


async def test_moves_then_chat_question_in_one_burst(server, make_app):
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(app, pilot)
        burst(app, "j", "j", "c", *typed("what is it"), "enter")
        pane = screen.query_one(ChatPane)
        await wait_until(pilot, lambda: pane.conversation is not None and pane.conversation.turns)
        assert pane.conversation.file_id == files[1]["id"]  # newest first: two down is file 1
        assert pane.conversation.turns[0].question == "what is it"


async def test_escape_from_the_filter_then_keys_go_to_the_table(server, make_app):
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        burst(app, *typed("/nothing"), "escape", "j", "space")
        await wait_until(pilot, lambda: screen.model.marks)
        assert screen.model.filter_text == ""  # cancelled, not "nothingj "
        assert screen.model.marks == {files[2]["id"]}
        assert app.focused is screen.table


def esc_then(app, *characters: str) -> None:
    """Esc and the next key in one read, as Textual's parser hands them over (b"\\x1bj" is one key,
    alt+j with character "j"; test_textual_contract.py checks this against XTermParser), then the rest."""
    first, *rest = characters
    name = f"alt+shift+{first.lower()}" if first.isupper() else f"alt+{first}"
    app.post_message(events.Key(name, first))
    burst(app, *rest)


async def test_esc_and_keys_in_one_read_close_the_filter_and_move_down(server, make_app):
    files = seed_files(server, 4, prefix="bulk")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        burst(app, *typed("/bulk"))
        esc_then(app, "j", "j", "space")
        await wait_until(pilot, lambda: screen.model.marks)
        assert screen.model.filter_text == ""  # Esc cancelled the filter, not "bulkjj "
        assert screen.model.marks == {files[1]["id"]}  # newest first: two down is file 1
        assert app.focused is screen.table


async def test_esc_then_q_in_one_read_quits_the_no_key_screen():
    from claude_files.app import ClaudeFilesApp
    from claude_files.launch import Launch
    from claude_files.screens.no_key import NoKeyScreen

    app = ClaudeFilesApp(Launch(api_key=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NoKeyScreen))
        esc_then(app, "q")
        await wait_until(pilot, lambda: app.return_code is not None or not app.is_running)


async def test_esc_that_only_stops_an_answer_gives_the_keys_back(server, make_app):
    """Esc in the chat input while an answer runs stops it and keeps focus there: the keys
    typed right after it come back to the input, in order."""
    server.add_file("notes.txt", b"Lunch is at noon on Fridays.\n", "text/plain")
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(app, pilot)
        pane = screen.query_one(ChatPane)
        server.set_faults(latency_ms=60_000)  # the answer is still on its way when Esc arrives, however slow the machine
        burst(app, "c", *typed("when is lunch"), "enter")
        await wait_until(pilot, lambda: pane.conversation is not None and pane.conversation.turns)
        burst(app, "escape", "a", "b")
        await wait_until(pilot, lambda: pane.conversation.turns[-1].stopped)
        await wait_until(pilot, lambda: app.focused.value == "ab", timeout=3)
        assert app.focused.id == "chat-input"
        server.set_faults(latency_ms=0)
