"""Issue 12 item 4 through the app: places kept, numbers that agree, words that are true."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Label, Static

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.service import FIRST_PAGE_SIZE, PAGE_SIZE
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import ready, seed_files, shown_text, status_said, wait_until


def _ids(rows) -> list[str]:
    return [row.id for row in rows]


async def test_r_keeps_the_highlighted_file_and_its_neighbours_however_deep(server, make_app):
    files = seed_files(server, FIRST_PAGE_SIZE + PAGE_SIZE + 300)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        while screen.model.cursor < 475:  # PgDn to row ~475: the next page loads on the way
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: not screen.model.loading.fetching)
        assert len(screen.model.rows) > FIRST_PAGE_SIZE and screen.model.next_page
        start = screen.model.cursor - 5
        before = _ids(screen.model.view[start : start + 11])
        top_before = screen.table.scroll_offset.y
        new = server.add_file("new-while-away.txt", b"new", "text/plain")  # rows shift down by one
        await pilot.press("r")
        await wait_until(pilot, lambda: new["id"] in screen.model.by_id and not screen.model.loading.fetching, 30)
        assert screen.model.highlighted.id == before[5]
        at = screen.model.cursor
        assert _ids(screen.model.view[at - 5 : at + 6]) == before, "the rows around it came back too"
        assert abs(screen.table.scroll_offset.y - top_before) <= 1, "the table stayed where it was"
    assert files


async def test_a_pasted_id_takes_its_place_in_sort_order_once_end_loads_the_rest(server, make_app):
    files = seed_files(server, FIRST_PAGE_SIZE + 50)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        wanted = files[20]["id"]  # on the second page
        screen.table.post_message(events.Paste(wanted))
        await wait_until(pilot, lambda: screen.model.highlighted is not None and screen.model.highlighted.id == wanted)
        await pilot.press("end")
        await wait_until(pilot, lambda: not screen.model.loading.fetching and screen.model.next_page is None)
        assert _ids(screen.model.view) == [f["id"] for f in reversed(files)], "newest first, the pasted one included"


async def test_bulk_progress_bar_and_counts_agree_and_the_status_follows_a_retry(server, make_app):
    seed_files(server, FIRST_PAGE_SIZE, prefix="doomed")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("ctrl+a")
        server.state.rng.seed(5)
        server.set_faults(fail_rate=0.5, latency_ms=15)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
        bulk = app.screen
        samples: list[tuple[str, str]] = []

        def sample() -> bool:
            info = bulk.query_one(TransferProgress).query_one(".transfer--info", Label).visual
            counts = bulk.query_one("#bulk-counts", Static).visual
            samples.append((str(getattr(info, "plain", "")), str(getattr(counts, "plain", ""))))
            return bulk.job.finished

        await wait_until(pilot, sample, 60)
        server.set_faults(fail_rate=0, latency_ms=0)
        compared = 0
        for info, counts in samples:
            bar = re.match(r"([\d,]+)/", info)
            numbers = re.match(r"([\d,]+) deleted · ([\d,]+) failed", counts)
            if bar and numbers:
                compared += 1
                done = int(numbers[1].replace(",", "")) + int(numbers[2].replace(",", ""))
                assert int(bar[1].replace(",", "")) == done, (info, counts)
        assert compared >= 3, samples[:5]
        assert bulk.job.failed, "some deletes must fail at 50 % faults"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished, 30)
        # A delete whose reply was dropped may have worked and the look that checks can fail too, so
        # a "failed" file may be gone: its row drops when the app next asks for it, or the retry
        # finds it gone. Which ones depends on the order the concurrent deletes drew their faults.
        retried = app.screen.job.ids
        assert retried and set(retried) <= set(bulk.job.failed), (retried, bulk.job.failed)
        said = status_said(screen)[0] if status_said(screen) else ""  # the status line behind the new report
        assert said.startswith(f"Deleted {len(retried):,} of {len(retried):,} files"), said
        assert server.file_count() == 0, "every file that failed was still marked for the retry"


async def test_ctrl_a_on_a_partial_load_says_only_loaded_files_were_marked(server, make_app):
    seed_files(server, FIRST_PAGE_SIZE + 20)
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("ctrl+a")  # the question: load every page first (default), or l: only what is loaded
        await wait_until(pilot, lambda: type(app.screen).__name__ == "SelectAllQuestion")
        await pilot.press("l")
        await wait_until(pilot, lambda: "more are on the server" in shown_text(app))
        assert f"Marked {FIRST_PAGE_SIZE} files (of {FIRST_PAGE_SIZE} loaded; more are on the server)" in shown_text(app)
        assert len(screen.model.marks) == FIRST_PAGE_SIZE
