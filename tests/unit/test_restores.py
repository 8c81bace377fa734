"""A restore lets go of its claim however it ends (refused, or cancelled mid-flight), so a
long-lived process (the TUI) can restore the same id again; against a real local server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from claude_files.archive import Archiver
from claude_files.deletions import DeletionRecord
from claude_files.jobs import BulkDelete
from claude_files.restores import CannotRestore, Claim, restore
from claude_files.server import LocalServer
from claude_files.service import Connection, FilesService


async def _deleted_with_archive(server: LocalServer, service: FilesService, root: Path, data: bytes) -> str:
    file_id = server.add_file("table.csv", data, downloadable=True)["id"]
    rows = [await service.retrieve(file_id)]
    archiver = Archiver({file_id: rows[0]}, root)
    archiver.attach(service)
    job = BulkDelete([file_id], before_delete=archiver, record=DeletionRecord().run(rows, "test"))
    await job.run(service)
    assert job.deleted == [file_id]
    return file_id


async def test_a_refused_or_cancelled_restore_releases_its_claim(server: LocalServer, tmp_path: Path) -> None:
    service = await FilesService.connect(Connection(base_url=server.url, api_key="test-key"), max_retries=0)
    try:
        file_id = await _deleted_with_archive(server, service, tmp_path, b"1,2\n" * 10)
        content = tmp_path / file_id / "table.csv"
        content.write_bytes(b"3,4\n" * 10)
        with pytest.raises(CannotRestore, match="changed since it was archived"):
            await restore(service, file_id, [])
        content.write_bytes(b"1,2\n" * 10)  # put back: the refused run did not keep the id

        server.set_faults(latency_ms=2_000)
        lock = Claim(DeletionRecord(), file_id).path
        task = asyncio.create_task(restore(service, file_id, []))
        while not lock.exists():  # claimed; its first request is on its way
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        server.set_faults(latency_ms=0)

        done = await restore(service, file_id, [])
    finally:
        await service.close()
    assert done.status == "restored" and server.storage.blob_path(done.new_id).read_bytes() == b"1,2\n" * 10
    assert not lock.exists()
