"""The archive step against a real local server: a copy whose size differs from `size_bytes` is
not kept and vetoes the delete; `find` reads a folder back from its manifest alone."""

from __future__ import annotations

from pathlib import Path

from claude_files.archive import Archiver, NotArchived, archive_file, find
from claude_files.jobs import BulkDelete
from claude_files.ledger import Place
from claude_files.server import LocalServer
from claude_files.service import Connection, FilesService


async def _service(server: LocalServer) -> FilesService:
    return await FilesService.connect(Connection(base_url=server.url, api_key="test-key"), max_retries=0)


async def test_a_size_that_differs_from_size_bytes_keeps_the_file(server: LocalServer, tmp_path: Path) -> None:
    file_id = server.add_file("chart.png", b"0123456789", downloadable=True)["id"]
    service = await _service(server)
    try:
        meta = await service.retrieve(file_id)
        announced = meta.model_copy(update={"size_bytes": 11})  # what the listing said; 10 bytes arrive
        archiver = Archiver({file_id: announced}, tmp_path)
        archiver.attach(service)
        job = BulkDelete([file_id], before_delete=archiver)
        await job.run(service)
    finally:
        await service.close()
    assert job.deleted == [] and list(job.vetoed) == [file_id]
    veto = job.vetoed[file_id]
    assert isinstance(veto, NotArchived) and veto.status == "not_archived"
    assert "received 10 bytes but the server announced 11" in veto.reason
    assert server.file_count() == 1
    assert list((tmp_path / file_id).iterdir()) == []  # neither the bytes nor a manifest
    assert find(file_id, [tmp_path]) is None


async def test_find_reads_the_folder_alone(server: LocalServer, tmp_path: Path) -> None:
    file_id = server.add_file("out/report.csv", b"a,b\n", downloadable=True)["id"]
    service = await _service(server)
    try:
        meta = await service.retrieve(file_id)
        await archive_file(service, meta, tmp_path, Place.of(service.identity))
    finally:
        await service.close()
    copy = find(file_id, [tmp_path / "elsewhere", tmp_path])
    assert copy is not None
    assert copy.content.read_bytes() == b"a,b\n"
    assert copy.meta["filename"] == meta.filename and copy.problem() is None
    assert find("../" + file_id, [tmp_path]) is None


async def test_a_step_that_breaks_keeps_its_file_and_a_cancelled_one_is_not_started(server: LocalServer) -> None:
    import asyncio

    ids = [server.add_file(f"f{i}.txt", b"x")["id"] for i in range(3)]
    broken, held, fine = ids
    release = asyncio.Event()

    async def step(file_id: str) -> None:
        if file_id == broken:
            raise RuntimeError("disk on fire")
        if file_id == held:
            await release.wait()  # never set: cancelled while the step runs

    service = await _service(server)
    try:
        job = BulkDelete(ids, concurrency=3, before_delete=step)
        task = asyncio.create_task(job.run(service))
        while len(job.deleted) + len(job.vetoed) < 2:
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await service.close()
    assert job.deleted == [fine]
    assert "disk on fire" in job.vetoed[broken].reason
    assert job.not_started == [held] and job.interrupted == []  # nothing was sent for it
    assert server.file_count() == 2
