"""The details pane on its own: what it says about a file stays true while the file stays highlighted."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from claude_files import formatting
from claude_files.model.files import FileRecord
from claude_files.widgets import metadata_pane
from claude_files.widgets.metadata_pane import MetadataPane

from .conftest import FROZEN_NOW, screen_text, wait_until


class PaneAlone(App[None]):
    def compose(self) -> ComposeResult:
        yield MetadataPane()


async def test_ages_in_the_details_pane_follow_the_clock_without_a_key(monkeypatch):
    """Left highlighted, a file created "1h ago" is "3h ago" two hours later (and its expiry nearer)."""
    clock = [FROZEN_NOW]
    monkeypatch.setattr(formatting, "now", lambda: clock[0])
    monkeypatch.setattr(metadata_pane, "AGES_REDRAW_SECONDS", 0.05)
    row = FileRecord(
        "file_1", "notes.txt", "text/plain", 10, FROZEN_NOW - timedelta(hours=1), False, FROZEN_NOW + timedelta(hours=5)
    )
    app = PaneAlone()
    async with app.run_test(size=(60, 20)) as pilot:
        app.query_one(MetadataPane).show_file(row)
        await wait_until(pilot, lambda: "1h ago" in screen_text(app) and "in 5h" in screen_text(app))
        clock[0] = FROZEN_NOW + timedelta(hours=2)
        await wait_until(pilot, lambda: "3h ago" in screen_text(app) and "in 3h" in screen_text(app))


async def test_the_fields_laid_out_once_follow_a_new_width():
    """The fields' grid is laid out once and kept; a resized pane lays it out again, to what a
    fresh one draws at that width (nothing cut to the old width)."""
    row = FileRecord("file_" + "x" * 40, "a-long-name-" * 5 + ".csv", "text/csv", 10, FROZEN_NOW, True)
    app = PaneAlone()
    async with app.run_test(size=(50, 20)) as pilot:
        pane = app.query_one(MetadataPane)
        pane.show_file(row)
        await pilot.pause()
        narrow = [strip.text for strip in pane.render_lines(pane.region.reset_offset)]
        await pilot.resize_terminal(120, 20)
        await wait_until(pilot, lambda: pane.size.width > 30)
        kept = [strip.text for strip in pane.render_lines(pane.region.reset_offset)]
        pane.show_file(row)
        await pilot.pause()
        fresh = [strip.text for strip in pane.render_lines(pane.region.reset_offset)]
        assert kept == fresh
        assert kept != narrow
