"""What driving the installed command in tmux turned up after the main screen's rebuild."""

from __future__ import annotations

from .conftest import ready, seed_files, wait_until


def _status_row_on_screen(screen) -> bool:
    """The row under the files (index len(model)) is inside the table's visible rows."""
    table = screen.table
    top = int(table.scroll_offset.y)
    return top <= len(screen.model) < top + table.scrollable_content_region.height - 1


async def test_end_on_a_dead_server_shows_the_retry_row_under_the_last_file(server, make_app):
    """End highlighted the last file and scrolled it to the bottom line: the '⚠ … (r: retry)'
    row under it stayed one line below the screen, so nothing in the table said why."""
    seed_files(server, 150)  # more than the first page
    app = make_app(server)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await ready(app, pilot)
        assert screen.model.has_more
        server.stop()
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.load_error is not None and not screen.fetching)
        await pilot.pause(0.05)
        assert screen.table.status_is_error
        assert screen.model.cursor == len(screen.model) - 1
        assert _status_row_on_screen(screen), (screen.table.scroll_offset.y, len(screen.model))
