"""`restore`: upload a deleted file again under a new id (the CLI's `restore`, the TUI's `L` → Enter).

Where the bytes come from, in order: the archived copy the delete record says its delete
wrote (`rm --archive DIR`, wherever DIR was), an archived copy in the folders given (`--from`,
else the settings' archive folder), then the local file this machine uploaded, while the
ledger's sha256 still matches it. A copy whose sha256 is not the one recorded is refused.

Two restores of one deleted id at once (two terminals, the TUI and the CLI) would upload it
twice. So a restore first claims the id: an exclusive `flock` on restoring/<id>.lock beside the
record, held by the process (a crash or a kill releases it; it never blocks forever), and a
second claim fails at once with the holder's pid, in words. Under the claim a restore reads
the finished restores of that id (the record's `restores` table), uploads, and writes its own
before letting go, so whoever claims next sees it: "already restored as file_…". No Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .archive import MANIFEST, ArchivedCopy, _now, _place_json, find, local_way_back
from .deletions import DeletionRecord, KeptCopy, RecordError
from .json_file import write_json_atomically
from .ledger import Ledger, Place, this_host
from .localfs import safe_local_name, shown_path

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .service import FilesService

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no claim, as pins.py goes without its lock
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class EarlierRestore:
    """A finished restore: `file_id` came back as `new_id`, from `source` ("archive", "local_copy") at `path`."""

    file_id: str
    new_id: str
    filename: str
    source: str
    path: str


def earlier(record: DeletionRecord, file_id: str) -> list[EarlierRestore]:
    """The finished restores of `file_id`, oldest first."""
    rows = record.read("SELECT file_id, new_id, filename, source, path FROM restores WHERE file_id = ? ORDER BY seq", (file_id,))
    return [EarlierRestore(*row) for row in rows]


def write_down(record: DeletionRecord, done: EarlierRestore, identity: Any) -> None:
    """Record a finished restore, so a later one of the same id says so instead of uploading again."""
    db = record.connect()
    try:
        with db:
            db.execute(
                "INSERT INTO restores (file_id, new_id, filename, source, path, restored_at, host, base_url, workspace)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    done.file_id,
                    done.new_id,
                    done.filename,
                    done.source,
                    done.path,
                    time.time(),
                    this_host(),
                    str(identity.base_url).rstrip("/"),
                    identity.workspace,
                ),
            )
    except sqlite3.Error as error:
        raise RecordError(record.path, error) from error
    finally:
        db.close()


class Busy(Exception):
    """Another process holds the claim on this id; `pid` is the one it wrote, if readable."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(pid)
        self.pid = pid


class Claim:
    """`take()`: the restore of `file_id` is this process's until `release()`; raises Busy if not.

    The lock file goes when the claim is let go; a claimer that opened it just before checks
    that the lock it got is still the file's and tries again if not.
    """

    def __init__(self, record: DeletionRecord, file_id: str) -> None:
        self.path = record.path.parent / "restoring" / f"{file_id}.lock"
        self.fd: int | None = None

    def take(self) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            return
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = _pid_in(fd)
                os.close(fd)
                raise Busy(pid) from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # its holder let it go and removed it meanwhile: claim the new file
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self.fd)  # closing releases the lock
        self.fd = None


def _pid_in(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode() or "x")
    except (OSError, ValueError):
        return None


class CannotRestore(Exception):
    """Why a file cannot come back; `status` for reports ("no_copy", "exists", "restoring", "failed")."""

    def __init__(self, reason: str, status: str = "no_copy") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Restored:
    """One file brought back: `source` is "archive" or "local_copy"; `status` "restored" or
    "already_restored" (an earlier restore's file is still on the server: nothing was sent)."""

    old_id: str
    new_id: str
    filename: str
    source: str
    path: str
    status: str = "restored"


async def restore(
    service: FilesService,
    file_id: str,
    roots: Iterable[Path],
    ledger: Ledger | None = None,
    *,
    record: DeletionRecord | None = None,
    again: bool = False,
) -> Restored:
    """Upload a deleted file again, under its claim (a second restore at once is refused).

    Refuses a file still on the server; a file restored before whose new copy is still there is
    not sent again unless `again`. The pair goes in the delete record, the manifest and the ledger.
    """
    if not file_id or safe_local_name(file_id) != file_id:
        raise CannotRestore(f"{file_id} is not a file id")
    record = record or DeletionRecord()
    claim = Claim(record, file_id)
    try:
        await asyncio.to_thread(claim.take)
    except Busy as busy:
        by = f" (pid {busy.pid})" if busy.pid else ""
        raise CannotRestore(f"already being restored by another claude-files{by}; nothing uploaded", "restoring") from None
    except OSError as error:
        where = shown_path(claim.path)
        raise CannotRestore(f"cannot claim it for restoring ({where}): {error.strerror or error}", "failed") from None
    try:
        return await _restore(service, file_id, list(roots), ledger or Ledger(), record, again)
    except RecordError as error:
        raise CannotRestore(str(error).replace("; nothing was deleted", "; nothing uploaded"), "failed") from None
    finally:
        claim.release()


async def _restore(
    service: FilesService, file_id: str, roots: list[Path], ledger: Ledger, record: DeletionRecord, again: bool
) -> Restored:
    place = Place.of(service.identity)
    kept = await asyncio.to_thread(record.kept_copy, file_id)
    before = await asyncio.to_thread(earlier, record, file_id)
    recorded = await asyncio.to_thread(_recorded_copy, file_id, kept) if kept is not None else None
    found = await asyncio.to_thread(find, file_id, roots)
    copies = [copy for copy in (recorded, found) if copy is not None]
    if len(copies) == 2 and copies[0].content == copies[1].content:
        copies.pop()
    pairs = [(entry["new_id"], copy) for copy in copies for entry in copy.restored if entry.get("new_id")]
    asked = list(dict.fromkeys([file_id, *(done.new_id for done in before), *(new_id for new_id, _ in pairs)]))
    present = {row.id for row in await service.list_ids(asked[:100])}
    if file_id in present:
        raise CannotRestore(f"{file_id} is still on the server; nothing to restore", "exists")
    if not again:
        done = next((done for done in reversed(before) if done.new_id in present), None)
        if done is not None:
            return Restored(file_id, done.new_id, done.filename, done.source, done.path, "already_restored")
        pair = next(((new_id, copy) for new_id, copy in reversed(pairs) if new_id in present), None)
        if pair is not None:
            new_id, copy = pair
            return Restored(file_id, new_id, copy.meta["filename"], "archive", str(copy.content), "already_restored")
    problems = [f"its archived copy {shown_path(kept.path)} is gone"] if kept is not None and recorded is None else []
    for copy in copies:
        problem = await asyncio.to_thread(copy.problem, kept.sha256 if kept is not None else None)
        if problem is None:
            return await _from_archive(service, record, ledger, place, copy)
        problems.append(problem)
    way = await asyncio.to_thread(local_way_back, ledger, place, file_id)
    if way.kind == "local_copy" and way.where is not None:
        upload = ledger.find(place, file_id)
        filename = upload.filename if upload else Path(way.where).name
        meta = await _upload(service, Path(way.where), filename, None)
        if upload is not None:
            await asyncio.to_thread(ledger.record, place, meta.id, upload.sha256, meta.size_bytes, way.where, meta.filename)
        done = EarlierRestore(file_id, meta.id, meta.filename, "local_copy", way.where)
        return await _written_down(record, done, service)
    if found is None:
        problems.append(f"no archived copy in {', '.join(shown_path(root) for root in roots) or 'no archive folder'}")
    raise CannotRestore(f"no way back: {', '.join(dict.fromkeys(problems))}, and {way.reason}")


def _recorded_copy(file_id: str, kept: KeptCopy) -> ArchivedCopy | None:
    """The archived copy at the place the delete record names (DIR/<id>/<name>), manifest and all."""
    content = Path(kept.path)
    copy = find(file_id, [content.parent.parent])
    return copy if copy is not None and copy.content == content else None


async def _from_archive(
    service: FilesService, record: DeletionRecord, ledger: Ledger, place: Place, copy: ArchivedCopy
) -> Restored:
    meta = await _upload(service, copy.content, copy.meta["filename"], copy.meta.get("mime_type"))
    pair = {"new_id": meta.id, "restored_at": _now(), "place": _place_json(place)}
    with contextlib.suppress(OSError):  # a read-only archive: the delete record and the pair printed remember it
        await asyncio.to_thread(
            write_json_atomically, copy.folder / MANIFEST, {**copy.manifest, "restored": [*copy.restored, pair]}
        )
    await asyncio.to_thread(ledger.record, place, meta.id, copy.sha256, meta.size_bytes, copy.content, meta.filename)
    done = EarlierRestore(copy.file_id, meta.id, meta.filename, "archive", str(copy.content))
    return await _written_down(record, done, service)


async def _written_down(record: DeletionRecord, done: EarlierRestore, service: FilesService) -> Restored:
    with contextlib.suppress(RecordError):  # uploaded: the pair printed says so even if the record cannot
        await asyncio.to_thread(write_down, record, done, service.identity)
    return Restored(done.file_id, done.new_id, done.filename, done.source, done.path)


async def _upload(service: FilesService, path: Path, filename: str, mime_type: str | None) -> Any:
    import mimetypes

    mime = mime_type or mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"
    try:
        with open(path, "rb") as source:
            return await service.upload(source, filename, mime)
    except OSError as error:
        raise CannotRestore(f"{shown_path(path)} cannot be read: {error.strerror or error}", "failed") from None
