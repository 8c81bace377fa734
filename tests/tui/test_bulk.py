"""Bulk delete and copy against the real local server: only marked files ever go."""

from __future__ import annotations

import base64
import json
import re

import pytest

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import capture_terminal_writes, details_refreshed, main_screen, on_top, seed_files, shown_text, wait_until


def _listed(server) -> set[str]:
    """Ids the server holds, asked the way any client would."""
    import anthropic

    client = anthropic.Anthropic(base_url=server.url, api_key="test-key", max_retries=0)
    try:
        return {item.id for item in client.files.list(limit=1000)}
    finally:
        client.close()


async def loaded(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await details_refreshed(pilot)


async def filter_to(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")


async def run_to_end(pilot, timeout: float = 20.0) -> BulkDeleteScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BulkDeleteScreen), timeout)
    bulk = pilot.app.screen
    await wait_until(pilot, lambda: bulk.job.finished, timeout)
    await rows_gone(pilot, bulk)
    return bulk


async def rows_gone(pilot, bulk: BulkDeleteScreen) -> None:
    """The last batch of deleted rows has left the table below the report."""
    model = main_screen(pilot.app).model
    await wait_until(
        pilot, lambda: not set(bulk.job.deleted) & {row.id for row in model.rows}, what="deleted rows to leave the table"
    )


async def test_marks_hidden_by_filter_can_be_spared(server, make_app):
    keep = seed_files(server, 5, prefix="keep")
    bulk = seed_files(server, 6, prefix="bulk")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await filter_to(pilot, "keep-0000")  # keep-00000 .. keep-00004
        await pilot.press("space", "space")  # two keep files marked, then hidden by the next filter
        await filter_to(pilot, "bulk-")
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        text = shown_text(app)
        assert "Delete 8 marked files" in text
        assert "2 of them are hidden by the filter" in text
        assert "Only the 6 visible" in text
        await pilot.press("v")
        done = await run_to_end(pilot)
        assert len(done.job.deleted) == 6 and not done.job.failed
        await pilot.press("escape")
        left = _listed(server)
        assert left == {f["id"] for f in keep}
        assert not left & {f["id"] for f in bulk}
        assert len(screen.model.marks) == 2 and screen.model.marks <= left  # the hidden ones stay marked
        assert "Deleted 6 of 6 files" in shown_text(app)


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_default_is_no(server, make_app, key):
    seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press(key)
        await wait_until(pilot, lambda: app.screen is screen, what="the question to close")
        await pilot.pause()
        assert server.file_count() == 4
        assert len(screen.model.marks) == 4


async def test_the_hint_says_what_enter_does_on_the_focused_button(server, make_app):
    seed_files(server, 4)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        modal = app.screen
        box = modal.query_one("#confirm-box")
        assert app.focused.id == "confirm-no" and "Enter/Esc cancel" in str(box.border_subtitle)
        yes = "#confirm-yes"
        while app.focused is not modal.query_one(yes):
            await pilot.press("right")
        await wait_until(pilot, lambda: "y/Enter confirm" in str(box.border_subtitle))
        assert "Enter/Esc cancel" not in str(box.border_subtitle)
        await pilot.press("enter")  # as the hint now says: Enter confirms
        await wait_until(pilot, lambda: server.file_count() == 0)


async def test_above_100_files_the_count_must_be_typed(server, make_app):
    seed_files(server, 101)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("end")
        await wait_until(pilot, lambda: len(app.screen.model) == 101)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y", "enter")  # "y" lands in the box; a wrong count confirms nothing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and server.file_count() == 101
        app.screen.query_one("#confirm-typed").value = ""
        await pilot.press("1", "0", "1", "enter")
        done = await run_to_end(pilot)
        assert len(done.job.deleted) == 101
        assert server.file_count() == 0


async def test_visual_range_then_d_deletes_exactly_the_range(server, make_app):
    files = seed_files(server, 8)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await pilot.press("j", "v", "j", "j", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await run_to_end(pilot)
        newest_first = [f["id"] for f in reversed(files)]
        assert _listed(server) == set(newest_first) - set(newest_first[1:4])
        assert not screen.model.marks


async def test_esc_stops_half_way_and_the_report_says_what_went(server, make_app):
    files = seed_files(server, 80)
    app = make_app(server, delete_concurrency=4)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        server.set_faults(latency_ms=150)  # 20 rounds of 4: Esc lands well before the end
        await pilot.press("ctrl+a", "d", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
        bulk = app.screen
        await wait_until(pilot, lambda: len(bulk.job.deleted) >= 8)
        await pilot.press("escape")
        await wait_until(pilot, lambda: bulk.job.finished, 10)
        await rows_gone(pilot, bulk)
        await wait_until(pilot, lambda: bulk.query_one("#bulk-report-scroll").display, what="the report drawn")
        job = bulk.job
        deleted, pending = set(job.deleted), set(job.not_started)
        assert not job.failed and deleted and pending
        assert len(deleted) + len(pending) == 80
        assert _listed(server) == pending  # exactly what the report says went is gone
        report = shown_text(app)
        assert f"Deleted {len(deleted)} of 80 files" in report
        assert f"Stopped: {len(pending)} not started (still marked)" in report
        names = {f["id"]: f["filename"] for f in files}
        assert all(names[file_id] in bulk.report().plain for file_id in deleted)
        await pilot.press("escape")
        assert screen.model.marks == pending
        assert {row.id for row in screen.model.rows} == pending


async def test_partial_failures_stay_marked_and_a_second_d_finishes(server, make_app):
    keep = seed_files(server, 3, prefix="keep")
    doomed = seed_files(server, 40, prefix="doomed")
    doomed_ids = {f["id"] for f in doomed}
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await filter_to(pilot, "doomed")
        await pilot.press("ctrl+a")
        await details_refreshed(pilot)  # before the faults: its retrieve draws no fault
        server.state.rng.seed(11)
        server.set_faults(fail_rate=0.6)
        await pilot.press("d", "y")
        first = await run_to_end(pilot, 60)
        server.set_faults(fail_rate=0)
        job = first.job
        assert job.failed, "with 60% faults and 3 tries some deletes must fail"
        assert len(job.deleted) + len(job.failed) == 40
        report = first.report().plain
        assert f"{len(job.failed)} failed (still marked; press d to retry)" in report
        for error in job.failed.values():
            assert error.kind in {"rate_limited", "server", "overloaded", "network"}
            assert error.message in report
        left = _listed(server)
        assert not left & set(job.deleted)
        assert left - set(job.failed) == {f["id"] for f in keep}  # nothing unmarked was touched
        await pilot.press("escape")
        assert screen.model.marks == set(job.failed)
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        assert f"Delete {len(job.failed)} file" in shown_text(app)  # the title; the body sums up the rule
        await pilot.press("y")
        second = await run_to_end(pilot)
        assert set(second.job.deleted) == set(job.failed) and not second.job.failed
        await pilot.press("escape")
        assert _listed(server) == {f["id"] for f in keep}
        assert not screen.model.marks
        assert not doomed_ids & {row.id for row in screen.model.rows}


# --- copy ----------------------------------------------------------------------------


@pytest.fixture
def terminal_writes(monkeypatch):
    """What the app sends to the terminal through its driver (headless: normally dropped)."""
    for name in ("TMUX", "STY", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return []


def osc52_texts(writes: list[str]) -> list[str]:
    return [base64.b64decode(m).decode() for m in re.findall(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", "".join(writes))]


async def _with_capture(app, pilot, writes: list[str]) -> None:
    await loaded(pilot)
    capture_terminal_writes(app, writes)


async def test_y_copies_the_highlighted_id_via_osc52(server, make_app, terminal_writes):
    files = seed_files(server, 3)
    app = make_app(server, clipboard="osc52")
    async with app.run_test(size=(100, 30)) as pilot:
        await _with_capture(app, pilot, terminal_writes)
        await pilot.press("y")
        newest = files[-1]["id"]
        await wait_until(pilot, lambda: f"{newest} copied via OSC 52" in shown_text(app))
        assert osc52_texts(terminal_writes) == [newest]


async def test_y_with_marks_copies_every_marked_id_one_per_line(server, make_app, terminal_writes):
    files = seed_files(server, 5)
    app = make_app(server, clipboard="osc52")
    async with app.run_test(size=(100, 30)) as pilot:
        await _with_capture(app, pilot, terminal_writes)
        await pilot.press("space", "j", "space", "y")
        await wait_until(pilot, lambda: "2 ids copied via OSC 52" in shown_text(app))
        newest_first = [f["id"] for f in reversed(files)]
        assert osc52_texts(terminal_writes) == [f"{newest_first[0]}\n{newest_first[2]}"]


async def test_shift_y_copies_a_content_block(server, make_app, terminal_writes):
    pdf = server.add_file("report.pdf", b"%PDF-1.4\n", "application/pdf")
    app = make_app(server, clipboard="osc52")
    async with app.run_test(size=(100, 30)) as pilot:
        await _with_capture(app, pilot, terminal_writes)
        await pilot.press("Y")
        await wait_until(pilot, lambda: "content block copied" in shown_text(app))
        (copied,) = osc52_texts(terminal_writes)
        block = json.loads(copied)
        assert block["type"] == "document"
        assert block["source"] == {"type": "file", "file_id": pdf["id"]}


async def test_copy_off_says_so(server, make_app, terminal_writes):
    seed_files(server, 1)
    app = make_app(server, clipboard="off")
    async with app.run_test(size=(100, 30)) as pilot:
        await _with_capture(app, pilot, terminal_writes)
        await pilot.press("y")
        await wait_until(pilot, lambda: "Could not copy" in shown_text(app))
        assert not terminal_writes


# --- filter over loaded pages, pasted ids ---------------------------------------------


async def test_filter_offers_the_rest_instead_of_fetching_it(server, make_app):
    from claude_files.service import FIRST_PAGE_SIZE

    seed_files(server, FIRST_PAGE_SIZE + 30)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await filter_to(pilot, "file-0000")  # file-00000..file-00009: the oldest, not loaded yet
        await wait_until(pilot, lambda: "press End to load them all" in shown_text(app))
        assert len(screen.model.rows) == FIRST_PAGE_SIZE and len(screen.model) == 0
        assert "press End to load them all" in shown_text(app)
        await pilot.press("end")
        await wait_until(pilot, lambda: len(screen.model) == 10)
        assert len(screen.model.rows) == FIRST_PAGE_SIZE + 30
        assert "10 of all 130 match" in shown_text(app)


async def test_a_pasted_id_jumps_to_its_file_loaded_or_not(server, make_app):
    from textual import events

    from claude_files.service import FIRST_PAGE_SIZE

    files = seed_files(server, FIRST_PAGE_SIZE + 5)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        oldest = files[0]["id"]  # on the second page
        screen.table.post_message(events.Paste(f" {oldest}\n"))
        await wait_until(pilot, lambda: screen.model.highlighted is not None and screen.model.highlighted.id == oldest)
        loaded_id = files[-3]["id"]
        await pilot.press("slash")
        await pilot.press(*loaded_id, "enter")
        await wait_until(pilot, lambda: screen.model.highlighted.id == loaded_id)
        assert screen.model.filter_text == "" and len(screen.model) > 1


async def test_marks_a_refresh_left_unloaded_are_fetched_and_deleted(server, make_app, client):
    """Marks are kept by id: after `r` reloads only page 1, `d` still deletes every marked file
    (fetched with `ids=`), drops the mark of one deleted elsewhere, and touches nothing else."""
    from claude_files.service import FIRST_PAGE_SIZE

    files = seed_files(server, FIRST_PAGE_SIZE + 30)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await loaded(pilot)
        await pilot.press("end")
        await wait_until(pilot, lambda: len(screen.model) == FIRST_PAGE_SIZE + 30)
        await filter_to(pilot, "file-0000")  # the ten oldest, on page 2
        await pilot.press("space", "space", "space")  # file-00009, -00008, -00007
        await pilot.press("slash", "ctrl+u", "enter")  # filter off, marks kept
        await pilot.press("r")
        await wait_until(pilot, lambda: "3 marked not loaded" in shown_text(app))
        assert len(screen.model.rows) == FIRST_PAGE_SIZE
        client.files.delete(files[8]["id"])  # gone elsewhere meanwhile
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        text = shown_text(app)
        assert "Delete 2 marked files" in text
        assert "file-00009.txt" in text and "file-00007.txt" in text and "file-00008.txt" not in text
        await pilot.press("y")
        done = await run_to_end(pilot)
        assert sorted(done.job.deleted) == sorted([files[9]["id"], files[7]["id"]])
        await pilot.press("escape")
        assert not screen.model.marks
    assert _listed(server) == {f["id"] for f in files} - {files[i]["id"] for i in (7, 8, 9)}


async def test_a_bulk_delete_of_one_file_says_one_file(server, make_app):
    """The progress line read "1 files" (found by the break-it pass)."""
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "d", "y")
        await wait_until(pilot, lambda: on_top(app, BulkDeleteScreen))
        line = app.screen.query_one(TransferProgress).line("bulk")
        assert line is not None and line.label == "1 file"
        await wait_until(pilot, lambda: app.screen.job.finished)
