"""Issue 12 item 6: a MIME type (or id, or error text) from the server is data: sanitised and
measured like a filename, so no column shifts and no escape reaches the terminal."""

from __future__ import annotations

from rich.cells import cell_len

from claude_files import formatting
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.widgets.metadata_pane import MetadataPane

from ..tui.conftest import details_refreshed, screen_text, wait_until
from .hostile import HOSTILE_MIME_TYPES, frame_problems, seed_hostile_mimes


def _row_lines(app) -> list[str]:
    return [_cells(line) for line in screen_text(app).splitlines() if "mime-" in line]


def _cells(line: str) -> str:
    """The line as terminal cells: a wide character takes two (its second one written as NUL)."""
    return "".join(char + "\0" * (cell_len(char) - 1) for char in line)


async def test_hostile_mime_types_keep_the_columns_in_the_table(server, make_app, frozen_clock):
    seed_hostile_mimes(server)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:  # no details pane: the table's columns alone
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await details_refreshed(pilot)
        await pilot.pause()
        assert frame_problems(app) == []
        lines = _row_lines(app)
        assert len(lines) == len(HOSTILE_MIME_TYPES), lines
        header = next(line for line in screen_text(app).splitlines() if "Created" in line)
        column = header.index("Created")
        for row, line in zip(screen.model.view, lines, strict=True):
            ago = formatting.ago(row.created_at, frozen_clock)
            assert line[column : column + len(ago)] == ago, (row.mime_type, line)


async def test_hostile_mime_types_in_details_pane_and_delete_dialog(server, make_app, frozen_clock):
    seed_hostile_mimes(server)
    app = make_app(server)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        assert screen.query_one(MetadataPane).display
        for index in range(len(HOSTILE_MIME_TYPES)):
            screen.model.move_to(index)
            await pilot.pause(0.05)
            assert frame_problems(app) == [], screen.model.highlighted.mime_type
        await details_refreshed(pilot)  # the debounced retrieve redraws the pane with fresh metadata
        await pilot.pause()
        assert frame_problems(app) == []
        assert "[red]evil" in screen_text(app) or "[bold]x[/bold]" in screen_text(app)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert frame_problems(app) == []
        await pilot.press("escape")
