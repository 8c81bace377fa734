"""Item 4, headless: hostile filenames from the server are drawn literally and safely.

Table, metadata pane, status line, toasts and the SVG screenshot are checked segment by
segment: no escape sequence, control character, bidi override or zero-width character
from the data reaches the frame, and markup in a name is shown, not obeyed.
"""

from __future__ import annotations

import unicodedata

from claude_files.localfs import safe_local_name
from claude_files.widgets.metadata_pane import MetadataPane

from ..tui.conftest import Toast, details_refreshed, notified, screen_text, wait_until
from .hostile import HOSTILE_NAMES, frame_problems, seed_hostile, unsafe_characters

SHOWN_LITERALLY = (
    "[bold red]x[/bold red] markup.txt",
    "[link=https://evil.example/]click me[/link].txt",
    "redansi.txt",
    "title.txt",
    "clip.txt",
    "invoicetxt.exe",
    "zerowidth.txt",
    "line one␤line two␍.txt",
    "bell.txt",
)


async def test_hostile_names_drawn_literally_in_table_and_pane(server, make_app, frozen_clock):
    ids = seed_hostile(server)
    app = make_app(server)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        assert len(screen.model) == len(HOSTILE_NAMES)
        pane = screen.query_one(MetadataPane)
        assert pane.display
        seen: list[str] = []
        for index in range(len(HOSTILE_NAMES)):
            screen.model.move_to(index)
            await pilot.pause(0.05)
            assert frame_problems(app) == [], screen.model.highlighted.filename
            seen.append(screen_text(app))
        await details_refreshed(pilot)  # the debounced retrieve redraws the pane with fresh metadata
        await pilot.pause()
        assert frame_problems(app) == []
        everything = "\n".join(seen)
        for literal in SHOWN_LITERALLY:
            assert literal in everything, literal
        assert "L" * 60 in everything  # the 255-character name is drawn (cut to fit), not dropped
        assert "pwned" not in everything  # payloads inside escape sequences are dropped with them
        assert ids["osc52"] in everything
        assert app.return_code is None and "Traceback" not in everything


async def test_hostile_names_safe_in_status_line_toasts_and_screenshot(server, make_app, frozen_clock):
    seed_hostile(server)
    app = make_app(server)
    app.NOTIFICATION_TIMEOUT = 120  # every toast still up for the screenshot, however busy the machine
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        for count, name in enumerate(HOSTILE_NAMES.values(), 1):
            screen.say(f"Deleted {name}")  # the one channel every action reports through
            await wait_until(pilot, lambda count=count: len(app.screen.query(Toast)) == count, what=f"toast {count} drawn")
            assert frame_problems(app) == [], repr(name)
            if name.startswith("[bold red]"):
                await wait_until(pilot, lambda: screen_text(app).count("Deleted [bold red]x[/bold red] markup.txt") == 2, 3)
        assert len(notified(app)) == len(HOSTILE_NAMES)
        svg = app.export_screenshot()
        assert unsafe_characters(svg.splitlines()) == []
        assert "pwned" not in svg and "[bold&#160;red]x[/bold&#160;red]&#160;markup.txt" in svg


def test_download_names_from_hostile_names_are_plain_components():
    for kind, name in HOSTILE_NAMES.items():
        local = safe_local_name(name)
        assert local and "/" not in local and "\\" not in local, kind
        assert local not in (".", "..") and not local.startswith("."), kind
        assert len(local.encode()) <= 255, kind
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in local), (kind, local)


async def test_hostile_names_safe_in_dialogs_and_reports(server, make_app, frozen_clock, tmp_path, monkeypatch):
    """Delete confirmation, download dialog, bulk confirmation and bulk report."""
    from claude_files.dialogs.bulk_delete import BulkDeleteScreen
    from claude_files.dialogs.confirm import ConfirmModal
    from claude_files.dialogs.download_dialog import DownloadDialog

    monkeypatch.chdir(tmp_path)
    ids = seed_hostile(server)
    app = make_app(server)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        for kind in ("link", "osc52", "bidi"):  # each dialog takes ~0.5 s; the table test covers every kind
            screen.model.select_id(ids[kind])
            for key, dialog in (("d", ConfirmModal), ("s", DownloadDialog)):
                await pilot.press(key)
                await wait_until(pilot, lambda dialog=dialog: isinstance(app.screen, dialog))
                await pilot.pause(0.05)
                assert frame_problems(app) == [], (key, screen.model.highlighted.filename)
                await pilot.press("escape")
                await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert frame_problems(app) == []
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished)
        await pilot.pause(0.1)
        assert frame_problems(app) == []
        assert "[bold red]x[/bold red] markup.txt" in app.screen.report().plain
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause(0.1)
        assert frame_problems(app) == [] and server.file_count() == 0
    assert [p.name for p in tmp_path.iterdir()] in ([], ["config.json"])  # nothing was saved
