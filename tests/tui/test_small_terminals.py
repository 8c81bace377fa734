"""Issue 12 item 5: every screen usable at 40×12, keys that work where they are shown."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Select

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.keymap import CHAT_KEYS
from claude_files.screens.main import MainScreen
from claude_files.widgets.chat_pane import ChatPane
from claude_files.widgets.metadata_pane import MetadataPane
from claude_files.widgets.path_input import PathInput
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import on_top, ready, seed_files, wait_until


def _on_screen(app, widget) -> bool:
    """The widget has rows and all of them are inside the terminal."""
    region = widget.region
    return region.height > 0 and region.width > 0 and app.screen.region.contains_region(region) and widget.visible


def test_no_chat_key_is_taken_by_the_question_input():
    """A key shown for the chat pane must not be one Input binds (ctrl+x was Input's cut)."""
    taken = {name for binding in Input.BINDINGS for name in binding.key.split(",")}  # type: ignore[union-attr]
    shown = {name for key in CHAT_KEYS for name in key.keys.split(",") if key.footer}
    assert not shown & taken, shown & taken


@pytest.mark.parametrize("size", [(40, 12), (60, 15)])
async def test_chat_input_and_answer_are_visible_on_small_terminals(frozen_clock, size):
    from .scenes import scene_server  # here: a module holding it is grouped on the snapshot port's worker

    with scene_server(port=0) as srv:  # no picture: any port will do
        from claude_files.app import ClaudeFilesApp
        from claude_files.config import Settings
        from claude_files.launch import Launch

        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key="test-key"), Settings())
        async with app.run_test(size=size) as pilot:
            screen = await ready(app, pilot)
            await pilot.press("c")
            pane = screen.query_one(ChatPane)
            field = pane.query_one("#chat-input", Input)
            await wait_until(pilot, lambda: app.focused is field and _on_screen(app, field), seen=lambda: field.region)
            await pilot.press(*"what is this", "enter")
            await wait_until(pilot, lambda: pane.conversation.turns and not pane.conversation.turns[-1].running, 20)
            log = pane.query_one("#chat-log")
            await wait_until(pilot, lambda: _on_screen(app, log) and log.region.height >= 2, seen=lambda: log.region)
            await pilot.press("ctrl+o")  # Close chat, typed with the focus in the question input
            await wait_until(pilot, lambda: not pane.display)
            assert app.focused is screen.table


async def test_typed_count_box_and_buttons_stay_visible_at_40x12(server, make_app):
    seed_files(server, 120)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.model.next_page is None and not screen.model.loading.fetching)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        modal = app.screen
        widgets = (modal.query_one("#confirm-typed"), *modal.query(Button))
        await wait_until(pilot, lambda: all(_on_screen(app, w) for w in widgets), seen=lambda: [(w, w.region) for w in widgets])
        await pilot.press(*"120", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmModal))


async def test_details_pane_at_40x12_leaves_the_table_room(server, make_app):
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("m")
        pane = screen.query_one(MetadataPane)
        await wait_until(pilot, lambda: pane.display and pane.region.width > 0)
        await pilot.pause()
        assert _on_screen(app, screen.table) and screen.table.region.width >= 16, screen.table.region
        assert _on_screen(app, pane)


async def test_tab_leaves_a_complete_path_and_reaches_the_expiry(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.txt").write_text("n")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        dialog = app.screen
        await pilot.press(*"report.pdf", "tab")
        assert not isinstance(app.focused, PathInput), "Tab must leave a path that completes already"
        for _ in range(3):
            if isinstance(app.focused, Select):
                break
            await pilot.press("tab")
        assert isinstance(app.focused, Select), app.focused
        assert dialog.query_one(PathInput).value == "report.pdf"


async def test_a_folder_left_in_the_field_is_not_an_error_after_picking(server, make_app, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    (folder / "b.txt").write_text("b")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        dialog = app.screen
        await pilot.press(*"docs", "enter")  # a folder: shown in the tree
        await wait_until(pilot, lambda: dialog.query_one("#upload-tree").has_focus)
        dialog.picked.extend([folder / "a.txt", folder / "b.txt"])  # as Enter in the tree does
        dialog.query_one(PathInput).focus()
        await pilot.press("enter")  # one Enter uploads
        await wait_until(pilot, lambda: len(screen.model) == 2, 20)
    assert server.file_count() == 2


async def test_q_during_an_upload_asks_first(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "big.bin").write_bytes(b"x" * (40 * 1024 * 1024))  # more than socket buffers hold: it stops midway
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        server.set_faults(latency_ms=60_000)  # the upload stays under way through both questions: 3 s ran out on a loaded machine
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        await pilot.press(*"big.bin", "enter")
        await wait_until(pilot, lambda: any(w.group == "transfers" and w.is_running for w in screen.workers))
        panel = screen.query_one(TransferProgress)  # with bytes still to send (at 100 % quitting waits instead)
        await wait_until(pilot, lambda: any(0 < line.done < (line.total or 0) for line in panel.lines.values()))
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("enter")  # default No: the upload goes on
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.is_running
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)
    server.set_faults(latency_ms=0)
