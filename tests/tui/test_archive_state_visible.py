"""At 40×12 the confirmation cut "Archive downloadable files first: off (a)" to "Archive downloadable
files fir": whether files are archived before a permanent delete could not be read. The state comes
first, so the drawn line says it at any width."""

from __future__ import annotations

from textual.widgets import Checkbox

from claude_files.dialogs.confirm import ConfirmModal

from .conftest import on_top, ready, screen_text, seed_files, wait_until


def _drawn_line(app, widget) -> str:
    return screen_text(app).splitlines()[widget.region.y]


async def test_archive_first_says_on_or_off_on_the_drawn_line_at_40_columns(server, make_app, tmp_path):
    seed_files(server, 3, downloadable=True)
    app = make_app(server, archive_dir=str(tmp_path / "archive"))
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        box = app.screen.query_one("#confirm-archive", Checkbox)
        await pilot.pause()
        assert "Off" in _drawn_line(app, box), _drawn_line(app, box)
        await pilot.press("a")
        await wait_until(pilot, lambda: box.value)
        await pilot.pause()
        assert "On" in _drawn_line(app, box), _drawn_line(app, box)
