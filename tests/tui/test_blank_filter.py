"""A filter of only quotes or spaces (`""`) has no terms: it is no filter, and never a rule to delete by."""

from __future__ import annotations

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.select_all import SelectAllQuestion

from .conftest import on_top, seed_files, shown_text, wait_until


async def test_a_filter_of_only_quotes_is_no_filter_and_never_named_as_a_rule(server, make_app):
    """Before: `""` was a rule matching every name; ctrl+a then d asked to delete every file "selected by \"\""."""
    seed_files(server, 120)  # more than the first page: ctrl+a asks whether to load the rest
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        model = app.screen.model
        await wait_until(pilot, lambda: model.loaded_once)
        await pilot.press("slash", "quotation_mark", "quotation_mark")
        await wait_until(pilot, lambda: "No terms here" in shown_text(app))
        await pilot.press("enter")
        assert model.filter_text == "" and not model.filter.active
        assert 'filter “""”' not in shown_text(app)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: on_top(app, SelectAllQuestion))
        asked = shown_text(app)
        assert "100 files are loaded" in asked and "match “" not in asked
        await pilot.press("l")  # only the loaded ones
        await wait_until(pilot, lambda: len(model.marks) == 100)
        assert model.rule is None
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        confirm = shown_text(app)
        assert "Delete 100 marked files" in confirm and "selected by" not in confirm
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmModal))
        assert len(model.rows) == 100 and len(model.marks) == 100, "nothing deleted"
