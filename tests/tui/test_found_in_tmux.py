"""What driving the installed command in tmux turned up after the main screen's rebuild."""

from __future__ import annotations

from .conftest import on_top, ready, screen_text, seed_files, status_said, wait_until


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
        await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching)
        await wait_until(pilot, lambda: screen.model.loading.retry_offered)
        assert screen.model.cursor == len(screen.model) - 1
        assert _status_row_on_screen(screen), (screen.table.scroll_offset.y, len(screen.model))


async def test_the_header_keeps_the_file_count_at_40_columns(server, make_app):
    """At 40 columns the header cut itself from the right and showed only the app's name and
    where it is connected: the count and size, the part that changes, were gone."""
    seed_files(server, 30)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        top_line = lambda: screen_text(app).splitlines()[0]  # noqa: E731 - what is drawn, cut to 40
        await wait_until(pilot, lambda: screen.model.highlighted is not None)
        assert "30 files" in top_line(), top_line()
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: "29 files" in top_line())


async def test_p_with_the_pane_shown_does_not_leave_a_stale_previews_off(demo_server, make_app):
    """p with the pane hidden says 'Previews off — …'; m then p (previews back on) said nothing,
    so the status line kept saying 'Previews off' for ten seconds while previews showed."""
    app = make_app(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        if screen.details.display:
            await pilot.press("m")
        await wait_until(pilot, lambda: not screen.details.display)
        await pilot.press("p")
        await wait_until(pilot, lambda: (status_said(screen) or ("", False))[0].startswith("Previews off"))
        await pilot.press("m", "p")
        await wait_until(pilot, lambda: app.settings.show_preview)
        said = (status_said(screen) or ("", False))[0]
        assert "Previews off" not in said, said


async def test_one_marked_file_deleted_is_said_as_one_file(server, make_app):
    """The report's title said 'Deleted 1 of 1 file', the status line 'Deleted 1 of 1 files.'"""
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("space", "d", "y")
        await wait_until(pilot, lambda: server.file_count() == 2)
        await wait_until(pilot, lambda: (status_said(screen) or ("", False))[0] == "Deleted 1 of 1 file.")


async def test_sorting_a_partly_loaded_list_does_not_load_every_page(server, make_app):
    """`o` (oldest first) on 100 of 250 loaded put the highlighted newest file last: near the
    loaded end, so a page was fetched, sorted in, the file was last again… until all of it was
    loaded (5,000 in tmux; Esc only said 'stopped loading' while the next page started)."""
    seed_files(server, 250)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        assert len(screen.model.rows) == 100 and screen.model.has_more
        await pilot.press("o")
        await wait_until(pilot, lambda: screen.model.sort == "oldest")
        await pilot.pause()
        await pilot.pause()
        assert not screen.model.loading.fetching
        assert len(screen.model.rows) == 100
        row = screen.model.loading.row(screen.model)  # what the table draws under the files
        assert row is not None and "not sorted in yet" in row.text
        await pilot.press("o", "o", "o")  # back to newest first: the row under the files is 'loading more…' again
        await wait_until(pilot, lambda: screen.model.sort == "newest")
        assert screen.model.loading.row(screen.model) == ("loading more…", False)
        await pilot.press("o", "end")  # End still loads the rest
        await wait_until(pilot, lambda: len(screen.model.rows) == 250)


async def test_mark_all_question_without_a_filter_says_how_many_are_loaded(server, make_app):
    """ctrl+a with no filter said "100 of the 100 loaded files are loaded": it says 100 files are loaded."""
    from textual.widgets import Static

    from claude_files.dialogs.select_all import SelectAllQuestion

    seed_files(server, 150)  # more than the first page
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: on_top(app, SelectAllQuestion))
        body = " ".join(str(app.screen.query_one("#select-all-body", Static).visual.plain).split())
        loaded = len(screen.model.rows)
        assert body.startswith(f"{loaded:,} files are loaded, but more files are on the server."), body
        await pilot.press("escape")


def _pages_workers_running(screen) -> int:
    return sum(1 for worker in screen.loader.workers if worker.group == "pages" and worker.is_running)


async def test_end_during_a_refresh_does_not_lose_the_refresh(server, make_app):
    """End (load all), r while it ran, End again (tmux, 5,000 files, a slow server): the
    cancelled load-all's `finally` cleared the loader's `fetching` while the refresh ran, so
    the second End started a load-all that cancelled the refresh, and the prefetch of the
    moved highlight then cancelled that load-all: one page more, the list never refreshed, a
    file added meanwhile never shown, nothing loading."""
    seed_files(server, 2500)
    app = make_app(server)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await ready(app, pilot)
        server.set_faults(latency_ms=300)
        await pilot.press("end")
        await wait_until(pilot, lambda: len(screen.model.rows) > 100)  # the load-all runs: pages remain
        new = server.add_file("added-meanwhile.txt", b"new\n", "text/plain")
        await pilot.press("r")
        await wait_until(pilot, lambda: _pages_workers_running(screen) == 1)  # the load-all is gone
        await pilot.press("end")
        await wait_until(pilot, lambda: _pages_workers_running(screen) == 0 and not screen.model.loading.fetching)
        refreshed = new["id"] in screen.model.by_id
        assert refreshed, "the refresh was cancelled"


async def test_a_status_line_too_long_for_the_terminal_ends_in_an_ellipsis(server, make_app):
    """At 40 columns 'filter “…”: 10 of all 30 match · 10 marked (…)' showed as '… match · 10':
    Textual wraps a Rich Text whatever its `no_wrap`, so the one-line bar showed the first
    wrapped line, cut at a word with nothing to say more was there (at 80 columns the
    connection error lost its 'press r to retry' the same way)."""
    seed_files(server, 30)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash", *"file-0001", "enter")
        await wait_until(pilot, lambda: screen.model.filter_text == "file-0001" and not screen.filter_bar.pending)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: screen.model.marked_summary()[0] == 10)
        row = screen.query_one("#status").region.y
        drawn = lambda: screen_text(app).splitlines()[row].rstrip()  # noqa: E731 - the status line as drawn
        await wait_until(pilot, lambda: "10 of all 30" in drawn())
        assert drawn().endswith("…"), drawn()
