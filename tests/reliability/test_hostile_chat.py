"""Items 4 and 7 in chat: hostile names and hostile document text stay data; a file gone mid-chat is gone."""

from __future__ import annotations

from textual.widgets import Input

from claude_files.server.storage import DEFAULT_WORKSPACE
from claude_files.widgets.chat_pane import ChatPane

from ..tui.conftest import screen_text, shown_text, wait_until
from .hostile import OSC52, OSC_TITLE, frame_problems

HOSTILE_TEXT = (
    f"Refunds are issued within 14 days.{OSC_TITLE}{OSC52}\x1b[2J\x1b[31m [bold]loud[/bold] [link=https://evil.example/]x[/link]"
    "\u202e reversed \u200b hidden.\n"
)


async def test_chat_about_hostile_file_draws_nothing_unsafe_then_file_goes(server, make_app):
    name = f"[bold red]policy{OSC_TITLE}\u202e.txt"
    meta = server.storage.add_bytes(HOSTILE_TEXT.encode(), workspace=DEFAULT_WORKSPACE, filename=name, mime_type="text/plain")
    app = make_app(server)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await pilot.press("c")
        pane = screen.query_one(ChatPane)
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "chat-input")
        assert frame_problems(app) == []
        await pilot.press(*"when are refunds issued", "enter")
        await wait_until(pilot, lambda: pane.conversation.turns and not pane.conversation.turns[-1].running)
        assert pane.conversation.turns[-1].error is None
        await wait_until(pilot, lambda: "[bold red]policy" in screen_text(app))
        assert frame_problems(app) == []
        assert "pwned" not in screen_text(app)
        # Item 7: deleted elsewhere while open in chat; the next question finds it gone.
        assert server.storage.delete(meta["id"], DEFAULT_WORKSPACE)
        conversation = pane.conversation
        await pilot.press(*"and exchanges", "enter")
        await wait_until(pilot, lambda: not conversation.turns[-1].running)
        assert "no longer exists (404)" in (conversation.turns[-1].error or "")
        await wait_until(pilot, lambda: meta["id"] not in screen.model.by_id)
        await wait_until(pilot, lambda: "no longer exists (404)" in shown_text(app))
        assert frame_problems(app) == [] and "Traceback" not in screen_text(app)
