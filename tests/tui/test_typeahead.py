"""Keys typed ahead arrive in one read over SSH; they must keep their order while focus moves.

`burst` posts the keys to the app the way the terminal driver does for one read: all of them
before the app has handled the first. (`pilot.press` waits between keys, which hides the bug.)
"""

from __future__ import annotations

from textual import events

from claude_files.screens.confirm import ConfirmModal
from claude_files.widgets.chat_pane import ChatPane

from .conftest import screen_text, seed_files, wait_until

CHARACTERS = {"enter": "\r", "space": " ", "minus": "-", "slash": "/", "escape": "\x1b", "tab": "\t"}


def burst(app, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)))


def typed(text: str) -> list[str]:
    return [{" ": "space", "-": "minus", "/": "slash"}.get(char, char) for char in text]


async def _loaded(pilot) -> None:
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once and not screen.fetching)


async def test_filter_enter_mark_all_delete_in_one_burst(server, make_app):
    keep = seed_files(server, 3, prefix="keep")
    bulk = seed_files(server, 3, prefix="bulk")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await _loaded(pilot)
        burst(app, *typed("/bulk-"), "enter", "ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert screen.model.filter_text == "bulk-"
        assert screen.model.marks == {f["id"] for f in bulk}
        await wait_until(pilot, lambda: "Delete 3 marked files" in screen_text(app))
        burst(app, "escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert server.file_count() == len(keep) + len(bulk)


async def test_moves_then_chat_question_in_one_burst(server, make_app):
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        await _loaded(pilot)
        burst(app, "j", "j", "c", *typed("what is it"), "enter")
        pane = screen.query_one(ChatPane)
        await wait_until(pilot, lambda: pane.conversation is not None and pane.conversation.turns)
        assert pane.conversation.file_id == files[1]["id"]  # newest first: two down is file 1
        assert pane.conversation.turns[0].question == "what is it"


async def test_escape_from_the_filter_then_keys_go_to_the_table(server, make_app):
    files = seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await _loaded(pilot)
        burst(app, *typed("/nothing"), "escape", "j", "space")
        await wait_until(pilot, lambda: screen.model.marks)
        assert screen.model.filter_text == ""  # cancelled, not "nothingj "
        assert screen.model.marks == {files[2]["id"]}
        assert app.focused is screen.table


async def test_a_leaving_key_that_does_not_leave_gives_the_keys_back(server, make_app):
    """Esc in the chat input may only stop a running answer and leave focus where it is: the
    keys held after such a key come back to the input, in order."""
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        await _loaded(pilot)
        burst(app, "c")
        await wait_until(pilot, lambda: getattr(app.focused, "id", None) == "chat-input")
        app.focused.hold_after = frozenset({"f1"})  # a key that moves nothing, to see the give-back
        burst(app, "a", "f1", "b", "c")
        await wait_until(pilot, lambda: app.focused.value == "abc", timeout=3)
        assert screen.query_one(ChatPane).display
