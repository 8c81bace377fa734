"""Item 1: bulk delete of marked files through injected 429 / 500 / 529 and dropped connections.

Driven by keys (End, `/`, ctrl+a, `d`, typed count) against the real local server. Nothing
unmarked is deleted, the report's counts match what the server holds afterwards, and the
files that failed stay marked so a second `d` finishes them.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us, new_id

from ..tui.conftest import FROZEN_NOW, shown_text, wait_until


def seed_rows(srv: LocalServer, count: int, prefix: str) -> set[str]:
    """Rows without blobs (fast); the server deletes them exactly like uploads."""
    start = dt_to_us(FROZEN_NOW - timedelta(days=1))
    rows = [(new_id(), f"{prefix}-{i:05d}.txt", "text/plain", 100 + i, start + i) for i in range(count)]
    srv.storage.add_synthetic(rows)
    return {row[0] for row in rows}


def server_ids(srv: LocalServer) -> set[str]:
    return {row["id"] for row in srv.storage.list_page("default", 1_000_000, None)[0]}


async def mark_all_bulk(pilot, screen, total: int) -> None:
    await wait_until(pilot, lambda: screen.model.loaded_once, 30)
    await pilot.press("end")
    await wait_until(pilot, lambda: len(screen.model.rows) == total and not screen.model.loading.fetching, 60)
    await pilot.press("slash", *"bulk-", "enter", "ctrl+a")  # ids never hold "-"


async def run_delete(pilot, app, count: int):
    """`d`, confirm (typed count above 100), wait for the report; returns the finished job."""
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
    if count > 100:
        await pilot.press(*str(count), "enter")
    else:
        await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen), 10)
    bulk = app.screen
    await wait_until(pilot, lambda: bulk.job.finished, 120)
    report = str(bulk.report())
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, BulkDeleteScreen), 10)
    return bulk.job, report


async def delete_through_faults(make_app, marked: int, kept: int, fail_rate: float, seed: int, strict: bool) -> dict:
    with LocalServer(seed=seed) as srv:
        bulk_ids = seed_rows(srv, marked, "bulk")
        keep_ids = seed_rows(srv, kept, "keep")
        app = make_app(srv, delete_concurrency=8)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            screen = app.screen
            await mark_all_bulk(pilot, screen, marked + kept)
            assert screen.model.effective_marks() == bulk_ids
            srv.set_faults(fail_rate=fail_rate)
            started = time.monotonic()
            job, report = await run_delete(pilot, app, marked)
            first_seconds = time.monotonic() - started
            on_server = server_ids(srv)
            assert keep_ids <= on_server, "an unmarked file was deleted"
            assert not set(job.deleted) & on_server, "reported deleted but still on the server"
            left = on_server - keep_ids
            assert left <= set(job.failed), "every marked file still there is reported as failed"
            unsure = len(job.failed) - len(left)  # failed, and even the check afterwards failed
            if strict:
                assert len(on_server) == marked + kept - len(job.deleted), "report and server disagree"
            assert screen.model.effective_marks() == set(job.failed), "failures stay marked, nothing else"
            assert f"{len(job.deleted):,}" in report and (not job.failed or "still marked" in report)
            first = {
                "deleted": len(job.deleted),
                "failed": len(job.failed),
                "failed_but_gone": unsure,
                "seconds": round(first_seconds, 2),
            }
            rounds = 1
            srv.set_faults(fail_rate=0)
            while screen.model.effective_marks():  # a second `d` finishes the rest
                rest = len(screen.model.effective_marks())
                job, _ = await run_delete(pilot, app, rest)
                assert len(job.deleted) == rest and not job.failed
                rounds += 1
            assert server_ids(srv) == keep_ids
            assert not screen.model.marks and len(screen.model.rows) == kept
            assert "Traceback" not in shown_text(app)
    return {**first, "rounds": rounds}


async def test_bulk_delete_120_with_heavy_faults_then_second_d(make_app):
    """40 % of requests fail, so some deletes fail even after the SDK's retries: `d` again finishes.

    So many faults that even the "is it gone anyway?" check after a failure can fail, so the
    report may call a file failed that a dropped reply hid; it stays marked and `d` settles it.
    """
    result = await delete_through_faults(make_app, marked=120, kept=20, fail_rate=0.4, seed=3, strict=False)
    assert result["failed"] > 0 and result["rounds"] == 2, result
    print(result)


async def test_bulk_delete_200_with_injected_faults(make_app):
    """~11 % of requests fail (429, 500, 529 and dropped connections in equal parts)."""
    result = await delete_through_faults(make_app, marked=200, kept=50, fail_rate=0.11, seed=1, strict=True)
    assert result["deleted"] + result["failed"] == 200
    print(result)


@pytest.mark.slow
@pytest.mark.parametrize("marked", [1000])
async def test_bulk_delete_1000_with_injected_faults(make_app, marked):
    """The issue's run: 1,000 marked among 1,050, ~11 % of requests failing."""
    result = await delete_through_faults(make_app, marked=marked, kept=50, fail_rate=0.11, seed=1, strict=True)
    assert result["deleted"] + result["failed"] == marked
    print(result)
