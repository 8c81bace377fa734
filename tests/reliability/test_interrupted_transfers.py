"""Items 2 and 3 at the service level: transfers cut mid-stream or cancelled lose nothing.

`FilesService` + `download_writer.AtomicDownload`, exactly as the dialogs use them, against the
real local server behind a proxy that cuts the TCP connection part-way through.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from claude_files.download_writer import AtomicDownload, leftover_temp_files
from claude_files.server import LocalServer
from claude_files.service import Connection, FilesService, ServiceError

from .proxy import CuttingProxy

MB = 1024 * 1024
PRECIOUS = b"an existing file the user cares about\n"


async def _service(url: str, retries: int = 2) -> FilesService:
    return await FilesService.connect(Connection(url, "test-key"), max_retries=retries)


@pytest.fixture
def big_download(server: LocalServer) -> tuple[str, bytes]:
    data = os.urandom(6 * MB)
    return server.add_file("big.bin", data, "application/octet-stream", downloadable=True)["id"], data


async def _download(service: FilesService, file_id: str, dest: Path, *, overwrite: bool, progress=None) -> Path:
    meta = await service.retrieve(file_id)
    saver = AtomicDownload(dest, overwrite=overwrite)
    with saver as sink:
        await service.download(file_id, sink, progress=progress)
        return saver.commit(meta.size_bytes)


@pytest.mark.parametrize("existing", [False, True], ids=["new-name", "same-name-exists"])
async def test_download_cut_mid_stream_saves_nothing(server, proxy: CuttingProxy, big_download, tmp_path, existing):
    file_id, _ = big_download
    dest = tmp_path / "big.bin"
    if existing:
        dest.write_bytes(PRECIOUS)
    proxy.cut_response_after = 2 * MB
    service = await _service(proxy.url)
    seen: list[int] = []
    try:
        with pytest.raises(ServiceError) as caught:
            await _download(service, file_id, dest, overwrite=existing, progress=seen.append)
    finally:
        await service.close()
    assert proxy.cuts >= 1
    assert 0 < seen[-1] < 6 * MB, "the cut happened mid-stream"
    assert caught.value.kind == "network", caught.value.text
    assert "Traceback" not in caught.value.text
    assert (dest.read_bytes() == PRECIOUS) if existing else not dest.exists()
    assert leftover_temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == (["big.bin"] if existing else [])


async def test_download_cancelled_mid_stream_saves_nothing(server, big_download, tmp_path):
    file_id, _ = big_download
    dest = tmp_path / "big.bin"
    dest.write_bytes(PRECIOUS)
    service = await _service(server.url)
    task: asyncio.Task | None = None

    def progress(done: int) -> None:
        if done >= MB and task is not None:
            task.cancel()  # what Esc / worker.cancel() does to the download worker

    try:
        task = asyncio.create_task(_download(service, file_id, dest, overwrite=True, progress=progress))
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        await service.close()
    assert dest.read_bytes() == PRECIOUS
    assert leftover_temp_files(tmp_path) == []


async def test_download_completes_byte_exact_after_the_faults(server, proxy: CuttingProxy, big_download, tmp_path):
    """The same path works when nothing is cut: the tests above fail for the right reason."""
    file_id, data = big_download
    service = await _service(proxy.url)
    try:
        saved = await _download(service, file_id, tmp_path / "big.bin", overwrite=False)
    finally:
        await service.close()
    assert saved.read_bytes() == data
    assert leftover_temp_files(tmp_path) == []


def _server_is_empty(server: LocalServer) -> bool:
    return server.file_count() == 0 and server.blob_paths() == [] and not any(server.storage.tmp_dir.iterdir())


async def _server_emptied(server: LocalServer, timeout: float = 10.0) -> None:
    """The server has noticed the cut or cancelled upload and dropped its temp file (it notices
    on its own thread, after the client has given up), with no row and no blob left."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not _server_is_empty(server):
        assert loop.time() < deadline, (
            f"after {timeout:g} s the server still holds: rows {server.file_count()}, blobs {server.blob_paths()}, temp files {list(server.storage.tmp_dir.iterdir())}"
        )
        await asyncio.sleep(0.01)


async def test_upload_cut_mid_body_leaves_no_row_no_blob(server, proxy: CuttingProxy, tmp_path):
    source = tmp_path / "report.bin"
    source.write_bytes(os.urandom(3 * MB))
    proxy.cut_request_after = MB
    service = await _service(proxy.url)  # the SDK retries twice; every attempt is cut
    try:
        with source.open("rb") as fh, pytest.raises(ServiceError) as caught:
            await service.upload(fh, source.name, "application/octet-stream")
    finally:
        await service.close()
    assert proxy.cuts == 3
    assert caught.value.kind == "network"
    await _server_emptied(server)


async def test_upload_cancelled_mid_body_leaves_no_row_no_blob(server, tmp_path):
    source = tmp_path / "report.bin"
    source.write_bytes(os.urandom(8 * MB))
    service = await _service(server.url)
    task: asyncio.Task | None = None

    def progress(done: int) -> None:
        if done >= 2 * MB and task is not None:
            task.cancel()

    try:
        with source.open("rb") as fh:
            task = asyncio.create_task(service.upload(fh, source.name, progress=progress))
            with pytest.raises(asyncio.CancelledError):
                await task
    finally:
        await service.close()
    await _server_emptied(server)


async def test_uploads_retried_through_injected_faults_are_whole_or_absent(tmp_path):
    """Retries after 429/500/529/drops re-send the whole file: no truncated or duplicated rows."""
    sizes = [1, 1000, 70_000, 300_000, 1 * MB]
    with LocalServer(fail_rate=0.4, seed=7) as srv:
        service = await _service(srv.url, retries=4)
        ok: dict[str, int] = {}
        failed = 0
        try:
            for round_ in range(3):
                for size in sizes:
                    path = tmp_path / f"r{round_}-{size}.bin"
                    path.write_bytes(os.urandom(size))
                    try:
                        with path.open("rb") as fh:
                            meta = await service.upload(fh, path.name, "application/octet-stream")
                    except ServiceError as error:
                        assert error.kind in {"rate_limited", "server", "overloaded", "network"}
                        failed += 1
                    else:
                        ok[meta.id] = size
                        assert meta.size_bytes == size and meta.filename == path.name
        finally:
            await service.close()
        stored = {row["id"]: row["size_bytes"] for row in srv.storage.list_page("default", 1000, None)[0]}
        assert stored == ok, f"{failed} uploads failed; the server must hold exactly the {len(ok)} that succeeded"
        assert len(srv.blob_paths()) == len(ok)
