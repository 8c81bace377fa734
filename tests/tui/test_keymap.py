"""Keys move with the settings file's keymap table: the key works, help and the footer say so,
and a bad entry is a notification that leaves the default in place."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.table import Table
from textual.widgets import Footer, Static

from claude_files.app import ClaudeFilesApp
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.help import HelpScreen
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.launch import Launch

from .conftest import notified, ready, seed_files, wait_until


def app_with_settings_file(server, keymap: dict) -> ClaudeFilesApp:
    """The app as a user starts it: settings read from the (temp) settings file."""
    Path(os.environ["CLAUDE_FILES_CONFIG"]).write_text(json.dumps({"keymap": keymap}), encoding="utf-8")
    return ClaudeFilesApp(Launch(base_url=server.url, api_key="test-key"))


def help_rows(app) -> dict[str, str]:
    """The help screen's own table: description → the keys it shows."""
    table = next(
        static.content for static in app.screen.query(Static) if isinstance(static.content, Table) and static.content.columns
    )
    keys, descriptions = (list(column.cells) for column in table.columns)
    return {str(description): str(key) for key, description in zip(keys, descriptions, strict=True)}


def toasts(app) -> str:
    return " ".join(" ".join(message.split()) for message in notified(app))


async def test_remapped_delete_key_confirms_and_help_shows_it(server):
    seed_files(server, 3)
    app = app_with_settings_file(server, {"main.delete": "x"})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen  # d no longer deletes
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert server.file_count() == 3
        footer_keys = {key.key for key in screen.query_one(Footer).query("FooterKey")}
        assert "x" in footer_keys and "d" not in footer_keys
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["Delete"] == "x"
        assert rows["Upload"] == "u"  # the others keep their defaults
        assert toasts(app) == ""


async def test_bad_keymap_entries_are_named_and_the_defaults_stay(server):
    seed_files(server, 2)
    app = app_with_settings_file(server, {"main.delet": "x", "main.upload": "", "main.copy_ids": 5})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        said = toasts(app)
        assert 'no key has the id "main.delet" (did you mean "main.delete"?)' in said
        assert '"main.upload" needs keys' in said and "Upload stays on u" in said
        assert '"main.copy_ids" needs keys' in said
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))


async def test_remapped_dialog_key_confirms_and_typed_ahead_keys_follow(server, make_app):
    """confirm.yes moves too; keys typed right after a remapped focus-moving key reach the dialog."""
    seed_files(server, 2)
    app = make_app(server, keymap={"main.delete": "x", "confirm.yes": "j"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("x", "j")  # one burst: j must reach the dialog, not move the table
        await wait_until(pilot, lambda: server.file_count() == 1)


async def test_a_settings_file_that_cannot_be_read_is_said_at_start(server, tmp_path, monkeypatch):
    """It may hold `read_only` for this profile: running on defaults without a word opened it writable."""
    from claude_files.app import ClaudeFilesApp
    from claude_files.config import Settings
    from claude_files.launch import Launch

    path = tmp_path / "config.json"
    path.write_text('{"profiles": {"prod": {"read_only": true}},}')  # a trailing comma
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    app = ClaudeFilesApp(Launch(base_url=server.url, api_key="test-key"), Settings.load())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "Cannot read" in toasts(app), what="the warning", seen=lambda: toasts(app))
        assert f"Cannot read {path}" in toasts(app) and "read-only profiles" in toasts(app)
