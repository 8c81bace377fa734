"""One file's upload or download, and the words after a batch: no Textual in here.

The `Transfers` component runs these in its workers and draws their progress. Nothing
half-done survives: an upload cancelled after its last byte left is deleted again, and a
download is written through `AtomicDownload`, which only ever renames a complete,
size-checked file into place.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..download_writer import AtomicDownload
from ..localfs import UploadCandidate, keep_both_name, shown_path
from ..service import FilesService

CLEANUP_TIMEOUT = 30.0


async def upload_one(
    service: FilesService, candidate: UploadCandidate, expires: int | None, progress: Callable[[int], None]
) -> Any:
    """Stream one open file; if cancelled after the last byte left, delete what the server kept."""
    sent = 0

    def advance(done: int) -> None:
        nonlocal sent
        sent = done
        progress(done)

    with open(candidate.path, "rb") as source:
        sending = asyncio.ensure_future(
            service.upload(source, candidate.filename, candidate.mime_type, expires_in_seconds=expires, progress=advance)
        )
        try:
            return await asyncio.shield(sending)
        except asyncio.CancelledError:
            if sent >= candidate.size:
                await _undo_finished_upload(service, sending)
            else:
                sending.cancel()
                with contextlib.suppress(BaseException):
                    await sending
            raise


async def _undo_finished_upload(service: FilesService, sending: asyncio.Future[Any]) -> None:
    """Every byte was sent, so the server may store the file: wait for it and delete it.

    Recorded as every delete; if the record cannot be written it is deleted all the same:
    the user has the bytes (they were just sent) and asked for nothing to be kept."""
    from ..deletions import DeletionRecord
    from ..jobs import BulkDelete

    with contextlib.suppress(Exception):
        meta = await asyncio.wait_for(sending, CLEANUP_TIMEOUT)
        job = BulkDelete([meta.id], 1, record=DeletionRecord().run([meta], "upload cancelled after its last byte"))
        await job.run(service)
        if job.record_error is not None:
            await service.delete(meta.id)


def final_path(wanted: Path, overwrite: bool, written: set[Path]) -> tuple[Path, bool]:
    """Keep both unless told to overwrite, and never overwrite what this batch just wrote."""
    if not os.path.lexists(wanted):
        return wanted, False
    if overwrite and wanted not in written and not wanted.is_dir():
        return wanted, True
    return keep_both_name(wanted), False


async def download_one(service: FilesService, row: Any, dest: Path, overwrite: bool, progress: Callable[[int], None]) -> Path:
    """Stream into a temp file beside `dest`; fsync, size check and rename off the event loop."""
    download = AtomicDownload(dest, overwrite=overwrite)
    with download as sink:
        await service.download(row.id, sink, progress=progress)
        committing = asyncio.ensure_future(asyncio.to_thread(download.commit, row.size_bytes))
        try:
            return await asyncio.shield(committing)
        except asyncio.CancelledError:
            await committing  # the complete file is landing; let the rename finish cleanly
            raise


def report(
    verb: str, done: list[str], failed: list[str], where: Path | None = None, notes: list[str] | None = None
) -> tuple[str, bool] | None:
    """What a batch did, as (plain text, is it an error), or None when there is nothing to say.
    `notes`: files left out by the person's choice (a duplicate not sent again), never an error."""
    parts = []
    if len(done) == 1 and where is None:
        parts.append(f"{verb} {done[0]}.")
    elif done:
        parts.append(f"{verb} {len(done)} files" + (f" to {shown_path(where)}." if where else "."))
    parts += notes or []
    parts += failed
    if not parts:
        return None
    return (" ".join(parts) if not failed else " · ".join(parts)), bool(failed) and not done
