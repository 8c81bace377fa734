"""Settings survive a restart, and a damaged or hostile config file never stops the app."""

from __future__ import annotations

import json

from claude_files.config import Settings


def test_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(tmp_path / "c.json"))
    Settings(chat_model="claude-x", show_details=False, delete_concurrency=4).save()
    loaded = Settings.load()
    assert (loaded.chat_model, loaded.show_details, loaded.delete_concurrency) == ("claude-x", False, 4)


def test_bad_values_fall_back_to_defaults(tmp_path, monkeypatch):
    path = tmp_path / "c.json"
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    path.write_text('{"delete_concurrency": "lots", "clipboard": 3, "unknown": 1, "chat_model": 5}')
    assert Settings.load() == Settings()
    path.write_text("not json")
    assert Settings.load() == Settings()
    path.write_text("[1, 2]")
    assert Settings.load() == Settings()


def test_keymap_table_survives_a_save(tmp_path, monkeypatch):
    """The app saves settings when a toggle changes; the user's keymap (even a bad entry) stays."""
    path = tmp_path / "c.json"
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    path.write_text('{"keymap": {"main.delete": "x", "nope": ""}}')
    settings = Settings.load()
    assert settings.keymap == {"main.delete": "x", "nope": ""}
    settings.show_details = False
    settings.save()
    assert Settings.load().keymap == {"main.delete": "x", "nope": ""}
    path.write_text('{"keymap": ["x"]}')
    assert Settings.load().keymap == {}


def test_max_delete_is_a_whole_number_of_files_and_a_wrong_one_is_kept_as_written(tmp_path, monkeypatch):
    """`rm` refuses to run on a limit it cannot read, so a save by the TUI must not erase it."""
    path = tmp_path / "c.json"
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    path.write_text('{"max_delete": 500}')
    assert Settings.load().max_delete == 500
    for wrong in ("0", '"500"', "true", "2.5", "-1"):
        path.write_text(f'{{"max_delete": {wrong}}}')
        settings = Settings.load()
        assert settings.max_delete is None and "max_delete" in settings.refused, wrong
    settings.show_details = False
    settings.save()
    assert json.loads(path.read_text())["max_delete"] == -1
    path.write_text('{"max_delete": null}')
    assert not Settings.load().refused


def test_a_file_that_does_not_parse_is_never_overwritten(tmp_path, monkeypatch):
    """A hand edit with a trailing comma holds the user's limits (max_delete, read-only profiles):
    the app runs on defaults, says so through `unreadable`, and a save leaves the file to fix."""
    path = tmp_path / "c.json"
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    for broken in ('{"max_delete": 2,}', "[1, 2]", '{"max_delete": 2}\x00'):
        path.write_text(broken)
        settings = Settings.load()
        assert settings.unreadable, broken
        settings.show_details = False
        settings.save()
        assert path.read_text() == broken
    path.unlink()
    assert Settings.load().unreadable is None, "no file is not a broken file"
