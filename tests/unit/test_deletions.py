"""The delete record through the engine (`jobs.BulkDelete`) against the real local server.

Every file of a run is written as pending before the first request, and each answer settles
its row: deleted, gone (404), failed with the reason, abandoned in flight, not started. A
record that cannot be written stops the run before anything is sent.
"""

from __future__ import annotations

import asyncio
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.reliability.silent_server import SilentServer

from claude_files.deletions import DeletionRecord, RecordError, deletions_path
from claude_files.jobs import BulkDelete, Veto
from claude_files.model.query import QueryError, parse
from claude_files.model.rows import FileRecord
from claude_files.server import LocalServer
from claude_files.service import FilesService
from claude_files.service_types import Connection, Timeouts

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def rows_of(srv: LocalServer, count: int, prefix: str = "rec") -> list[FileRecord]:
    return [
        FileRecord(meta["id"], meta["filename"], "text/plain", meta["size_bytes"], NOW, False)
        for meta in (srv.add_file(f"{prefix}-{i}.txt", b"x" * (10 + i), "text/plain") for i in range(count))
    ]


async def service_for(srv: LocalServer) -> FilesService:
    return await FilesService.connect(Connection(srv.url, "test-key"), max_retries=0)


async def run(srv: LocalServer, rows: list[FileRecord], record: DeletionRecord, selected_by: str = "marked") -> BulkDelete:
    service = await service_for(srv)
    try:
        job = BulkDelete([row.id for row in rows], 4, record=record.run(rows, selected_by))
        await job.run(service)
    finally:
        await service.close()
    return job


def by_id(record: DeletionRecord) -> dict[str, object]:
    return {entry.id: entry for entry in record.entries()}


def test_the_record_lives_where_the_environment_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_FILES_DELETIONS", str(tmp_path / "x" / "d.sqlite3"))
    assert deletions_path() == tmp_path / "x" / "d.sqlite3"


async def test_deleted_and_gone_are_recorded_with_metadata_selection_and_place(tmp_path: Path) -> None:
    record = DeletionRecord(tmp_path / "data" / "deletions.sqlite3")
    with LocalServer() as srv:
        rows = rows_of(srv, 3)
        ghost = FileRecord("file_ghost0000000000000000", "ghost.txt", "text/plain", 1, NOW)
        job = await run(srv, [*rows, ghost], record, "rule: name:rec-*")
        assert srv.file_count() == 0
    assert set(job.deleted) == {row.id for row in rows} | {ghost.id} and job.gone == {ghost.id}
    entries = by_id(record)
    assert {file_id: entry.outcome for file_id, entry in entries.items()} == {  # type: ignore[attr-defined]
        **{row.id: "deleted" for row in rows},
        ghost.id: "gone",
    }
    first = entries[rows[0].id]
    assert first.filename == "rec-0.txt" and first.size_bytes == 10 and first.mime_type == "text/plain"  # type: ignore[attr-defined]
    assert first.selected_by == "rule: name:rec-*" and first.base_url == srv.url.rstrip("/")  # type: ignore[attr-defined]
    assert first.metadata["id"] == rows[0].id and first.host  # type: ignore[attr-defined]
    assert stat.S_IMODE(os.stat(record.path).st_mode) == 0o600


async def test_failures_are_recorded_with_their_reason() -> None:
    record = DeletionRecord()
    with LocalServer() as srv:
        rows = rows_of(srv, 2)
        srv.set_faults(fail_rate=1.0)  # every request fails, the "is it gone anyway?" check too
        job = await run(srv, rows, record)
        srv.set_faults(fail_rate=0)
    assert set(job.failed) == {row.id for row in rows}
    for entry in record.entries():
        assert entry.outcome == "failed" and entry.reason


async def test_stop_and_cancel_record_not_started_and_abandoned() -> None:
    record = DeletionRecord()
    with LocalServer(latency_ms=300) as srv:
        rows = rows_of(srv, 12)
        service = await service_for(srv)
        job = BulkDelete([row.id for row in rows], 4, record=record.run(rows, "marked"))
        task = asyncio.ensure_future(job.run(service))
        while job.in_flight < 4:
            await asyncio.sleep(0.01)
        task.cancel()  # a second Ctrl-C: the deletes in flight are abandoned
        with pytest.raises(asyncio.CancelledError):
            await task
        await service.close()
    outcomes = {entry.id: entry.outcome for entry in record.entries()}
    assert {file_id for file_id, outcome in outcomes.items() if outcome == "abandoned"} == set(job.interrupted)
    assert len(job.interrupted) == 4
    assert {file_id for file_id, outcome in outcomes.items() if outcome == "not_started"} == set(job.not_started)
    assert len(outcomes) == 12


def test_a_run_that_never_answered_reads_as_unknown() -> None:
    """What a killed process leaves: pending rows, which readers call unknown."""
    record = DeletionRecord()
    rows = [FileRecord(f"file_{i}", f"n{i}.txt", "text/plain", 1, NOW) for i in range(3)]
    run_record = record.run(rows, "ids from stdin")
    identity = type("Identity", (), {"base_url": "http://x/", "profile": "work", "workspace": "wrk_1"})()
    run_record.begin(identity, [row.id for row in rows])  # and then the process dies
    entries = record.entries()
    assert [entry.outcome for entry in entries] == ["unknown"] * 3
    assert entries[0].reason and "may or may not" in entries[0].reason
    assert entries[0].profile == "work" and entries[0].workspace == "wrk_1" and entries[0].base_url == "http://x"


async def test_an_unwritable_record_deletes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    record = DeletionRecord(blocker / "deletions.sqlite3")
    with pytest.raises(RecordError, match="cannot write the delete record"):
        record.check()
    with LocalServer() as srv:
        rows = rows_of(srv, 3)
        job = await run(srv, rows, record)
        assert srv.file_count() == 3
        assert not [method for method, *_ in srv.requests_seen if method == "DELETE"]
    assert job.record_error is not None and job.not_started == [row.id for row in rows] and not job.deleted


def test_record_terms_read_naturally_and_only_on_the_record() -> None:
    record = DeletionRecord()
    rows = [FileRecord(f"file_{i}", f"n{i}.pdf", "application/pdf", 1, NOW) for i in range(2)]
    run_record = record.run(rows, "ids from stdin")
    identity = type("Identity", (), {"base_url": "http://x", "profile": None, "workspace": None})()
    run_record.begin(identity, ["file_0", "file_1"])
    run_record.settle("file_0", "failed", "the server said no")
    run_record.close([], [])
    entries = record.entries()
    now = datetime.now(UTC)

    def matching(text: str) -> set[str]:
        test = parse(text, record=True).predicate(now)
        return {entry.id for entry in entries if test(entry)}

    assert matching("deleted<1h type:pdf") == {"file_0", "file_1"}
    assert matching("deleted>1d") == set()
    assert matching("outcome:failed") == {"file_0"}
    assert matching("outcome:unknown by:stdin") == {"file_1"}
    assert matching(f"deleted:{now.astimezone().date().isoformat()}") == {"file_0", "file_1"}
    with pytest.raises(QueryError, match="did you mean outcome:failed"):
        parse("outcome:faild", record=True)
    with pytest.raises(QueryError, match="unknown key"):
        parse("deleted<7d")  # a file on the server has no delete time


async def test_a_file_a_step_before_the_delete_kept_is_recorded_as_kept_with_why() -> None:
    record = DeletionRecord()
    with LocalServer() as srv:
        rows = rows_of(srv, 2)

        async def archive_fails_for_the_first(file_id: str) -> None:
            if file_id == rows[0].id:
                raise Veto("not deleted: the copy could not be written (disk full)", "not_archived")

        service = await service_for(srv)
        job = BulkDelete(
            [row.id for row in rows], 2, before_delete=archive_fails_for_the_first, record=record.run(rows, "marked")
        )
        await job.run(service)
        await service.close()
        assert srv.file_count() == 1
    outcomes = {entry.id: (entry.outcome, entry.reason) for entry in record.entries()}
    assert outcomes == {
        rows[0].id: ("kept", "not deleted: the copy could not be written (disk full)"),
        rows[1].id: ("deleted", None),
    }
    assert set(job.vetoed) == {rows[0].id}


async def test_a_delete_never_answered_and_never_checked_is_recorded_unknown_not_failed() -> None:
    """Found in tmux with the server stopped (SIGSTOP): the delete timed out, so did the check by
    id, and the record said "failed"; the server woke up, did the delete, and `log outcome:failed`
    named a file that was gone. Nobody knows what happened to it, so the record says so."""
    record = DeletionRecord()
    row = FileRecord("file_011CsilentSilentSilent0", "asked.txt", "text/plain", 5, NOW, False)
    with SilentServer() as silent:
        service = await FilesService.connect(
            Connection(silent.url, "test-key"), max_retries=0, timeouts=Timeouts(connect=1.0, reply=0.3, stall=0.5, answer=0.5)
        )
        try:
            job = BulkDelete([row.id], 1, record=record.run([row], "highlighted"))
            await asyncio.wait_for(job.run(service), 30)
        finally:
            await service.close()
    assert set(job.failed) == {row.id}, "not deleted as far as this run knows: still marked, d retries"
    assert job.unknown == {row.id}, "rm's report says 'unknown' as the record does"
    (entry,) = record.entries()
    assert entry.outcome == "unknown", entry
    assert "did not answer" in entry.reason and "may or may not" in entry.reason, entry.reason
