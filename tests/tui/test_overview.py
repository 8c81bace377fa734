"""`U`: the overview against the real local server; every kind of row opens the table filtered to exactly its files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import OptionList

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.screens.main import MainScreen
from claude_files.screens.overview import OverviewScreen
from claude_files.server import LocalServer

from .conftest import FROZEN_NOW, ready, wait_until


def _seed_extras(srv: LocalServer) -> None:
    """Beside the synthetic files: duplicates, expiring files and a session's outputs."""
    for copy in range(3):
        srv.add_file("dup.txt", b"same bytes", "text/plain", created_at=FROZEN_NOW - timedelta(days=copy + 1))
    srv.add_file("soon.txt", b"soon", "text/plain", expires_at=FROZEN_NOW + timedelta(days=400))
    srv.add_file("out.csv", b"a,b\n", "text/csv", downloadable=True, scope_id="sesn_011CoverviewTest0001")


@pytest.fixture
def stocked():
    srv = LocalServer(synthetic=1_500, seed=17)
    _seed_extras(srv)
    srv.start()
    try:
        yield srv
    finally:
        srv.close()


async def open_overview(pilot) -> OverviewScreen:
    await pilot.press("U")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen) and pilot.app.screen.overview is not None)
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.overview.complete, timeout=30)
    return screen


async def enter_on(pilot, screen: OverviewScreen, option_id: str) -> MainScreen:
    rows = screen.query_one(OptionList)
    rows.highlighted = rows.get_option_index(option_id)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    return pilot.app.screen


DOORS = ["type:0", "age:0", "age:4", "expiry:3", "expiry:4", "origin:0", "origin:1", "session:0", "duplicates:0", "largest:0"]


async def test_every_kind_of_row_opens_the_table_filtered_to_what_it_counts(stocked, make_app):
    app = make_app(stocked)
    async with app.run_test(size=(100, 40)) as pilot:
        main = await ready(app, pilot)
        overview = await open_overview(pilot)
        figures = overview.overview
        assert figures.count == 1_500 + 5 and len(main.model.rows) == figures.count  # the rest was loaded for it
        for door in DOORS:
            query = overview.queries[door]
            key, index = door.split(":")
            bucket = figures.largest[int(index)] if key == "largest" else figures.by_key[key].buckets[int(index)]
            assert bucket.count > 0, door
            await enter_on(pilot, overview, door)
            assert main.model.filter_text == query
            assert len(main.model) == bucket.count, door
            assert sum(row.size_bytes for row in main.model.view) == bucket.bytes, door
            overview = await open_overview(pilot)
        no_session = figures.by_key["session"].buckets[-1]
        await enter_on(pilot, overview, f"session:{len(figures.by_key['session'].buckets) - 1}")
        assert (main.model.filter_text, len(main.model)) == ("scope:none", no_session.count)


def esc_says(screen) -> str:
    """What the footer shows for Esc now (the binding Esc runs)."""
    return screen.active_bindings["escape"].binding.description


async def test_the_footer_offers_no_stop_when_everything_is_loaded(stocked, make_app):
    app = make_app(stocked)
    async with app.run_test(size=(100, 40)) as pilot:
        overview = await open_overview(pilot)
        assert esc_says(overview) == "Back"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_partial_figures_say_so_and_esc_stops_loading(make_app):
    srv = LocalServer(synthetic=3_000, seed=3, latency_ms=400)
    srv.start()
    try:
        app = make_app(srv)
        async with app.run_test(size=(100, 40)) as pilot:
            main = await ready(app, pilot)
            await pilot.press("U")
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.overview is not None)
            overview = app.screen
            await wait_until(pilot, lambda: main.model.loading.fetching)
            progress = overview.query_one("#overview-progress").render().plain
            assert "loading every page" in progress and "Esc stops" in progress
            loaded = overview.overview.count
            assert loaded < 3_000 and not overview.overview.complete
            titles = [str(option.prompt) for option in overview.query_one(OptionList).options if option.id.endswith(":title")]
            assert len(titles) == 7 and all(f"of {overview.overview.count:,} loaded" in title for title in titles)
            assert esc_says(overview) == "Stop loading"
            await pilot.press("escape")
            await wait_until(pilot, lambda: not main.model.loading.fetching)
            assert isinstance(app.screen, OverviewScreen) and not overview.overview.complete
            await wait_until(pilot, lambda: esc_says(overview) == "Back")
            assert "stopped" in overview.query_one("#overview-progress").render().plain
            assert "of " in overview.query_one("#overview-cap").render().plain
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            assert main.model.filter_text == ""
    finally:
        srv.close()


async def test_figures_follow_a_bulk_delete_without_listing_again(stocked, make_app):
    app = make_app(stocked)
    async with app.run_test(size=(100, 40)) as pilot:
        main = await ready(app, pilot)
        overview = await open_overview(pilot)
        before = overview.overview
        duplicates = before.by_key["duplicates"].buckets[0]
        assert (before.duplicate_groups, duplicates.count) == (1, 2)
        await enter_on(pilot, overview, "duplicates:0")
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
        bulk = app.screen
        await wait_until(pilot, lambda: bulk.job.finished)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and len(main.model.rows) == before.count - 2)
        lists_before = sum(1 for request in stocked.requests_seen if request[0] == "GET" and request[1].endswith("/files"))
        overview = await open_overview(pilot)
        after = overview.overview
        assert (after.count, after.bytes) == (before.count - 2, before.bytes - duplicates.bytes)
        assert (after.duplicate_groups, after.by_key["duplicates"].buckets[0].count) == (0, 0)
        lists_after = sum(1 for request in stocked.requests_seen if request[0] == "GET" and request[1].endswith("/files"))
        assert lists_after == lists_before
