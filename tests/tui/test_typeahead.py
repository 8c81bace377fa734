"""Keys typed ahead arrive in one read over SSH; they must keep their order while focus moves.

`burst` posts the keys to the app the way the terminal driver does for one read: all of them
before the app has handled the first. (`pilot.press` waits between keys, which hides the bug.)
"""

from __future__ import annotations

from textual import events

from claude_files.screens.confirm import ConfirmModal
from claude_files.widgets.chat_pane import ChatPane

from .conftest import ready, screen_text, seed_files, wait_until

CHARACTERS = {"enter": "\r", "space": " ", "minus": "-", "slash": "/", "escape": "\x1b", "tab": "\t"}


def burst(app, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)))


def typed(text: str) -> list[str]:
    return [{" ": "space", "-": "minus", "/": "slash"}.get(char, char) for char in text]


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
        await wait_until(pilot, lambda: "Delete 3 files" in screen_text(app))
        burst(app, "escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert server.file_count() == len(keep) + len(bulk)


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


async def test_esc_that_only_stops_an_answer_gives_the_keys_back(server, make_app):
    """Esc in the chat input while an answer runs stops it and keeps focus there: the keys
    typed right after it come back to the input, in order."""
    server.add_file("notes.txt", b"Lunch is at noon on Fridays.\n", "text/plain")
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(app, pilot)
        pane = screen.query_one(ChatPane)
        server.set_faults(latency_ms=2000)  # the answer is still on its way when Esc arrives
        burst(app, "c", *typed("when is lunch"), "enter")
        await wait_until(pilot, lambda: pane.conversation is not None and pane.conversation.turns)
        burst(app, "escape", "a", "b")
        await wait_until(pilot, lambda: pane.conversation.turns[-1].stopped)
        await wait_until(pilot, lambda: app.focused.value == "ab", timeout=3)
        assert app.focused.id == "chat-input"
        server.set_faults(latency_ms=0)
