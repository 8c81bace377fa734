"""The upload ledger: what this user uploaded with claude-files, from where (SQLite, no Textual).

The API never returns the bytes of an upload, so the only way to preview one is its local
copy; and the only way to notice that a file is being sent twice is to remember its hash.
One small SQLite file in the user data dir (mode 0600: paths can be private), one row per
upload: connection, file id, sha256, size, absolute path, host, time.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .service_errors import ServiceError

HASH_CHUNK = 1024 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    base_url TEXT NOT NULL,
    workspace TEXT NOT NULL,
    file_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    path TEXT NOT NULL,
    host TEXT NOT NULL,
    filename TEXT NOT NULL,
    uploaded_at REAL NOT NULL,
    PRIMARY KEY (base_url, workspace, file_id)
);
CREATE INDEX IF NOT EXISTS uploads_by_hash ON uploads (base_url, workspace, sha256);
"""


def ledger_path() -> Path:
    """CLAUDE_FILES_LEDGER if set (tests point it at a temp dir), else the user data dir."""
    override = os.environ.get("CLAUDE_FILES_LEDGER")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("claude-files")) / "uploads.sqlite3"


def this_host() -> str:
    return socket.gethostname() or "localhost"


@dataclass(frozen=True)
class Place:
    """A connection, as the ledger keys it: the API's base URL and the workspace."""

    base_url: str
    workspace: str | None

    @classmethod
    def of(cls, identity: Any) -> Place:
        """From a `service.Identity` (or anything with `base_url` and `workspace`)."""
        return cls(str(identity.base_url).rstrip("/"), identity.workspace)


@dataclass(frozen=True)
class Upload:
    """One ledger row."""

    file_id: str
    sha256: str
    size: int
    path: str
    host: str
    filename: str
    uploaded_at: float  # seconds since the epoch

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.uploaded_at, UTC)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.path}"


@dataclass(frozen=True)
class LocalCopy:
    """What became of an upload's local file: "same", "changed", "gone" or "elsewhere" (another host)."""

    state: str
    upload: Upload

    @property
    def usable(self) -> bool:
        return self.state == "same"


def sha256_of(path: str | os.PathLike[str]) -> tuple[str, int]:
    """The file's sha256 and size, read in 1 MiB pieces (memory flat, whatever the size)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        while chunk := source.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class Ledger:
    """The ledger file. Each call opens its own connection, so any thread may call (workers
    call through `asyncio.to_thread`); a ledger that cannot be opened records nothing and
    finds nothing rather than break an upload."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or ledger_path()
        self._hashes: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> sha256

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        db = sqlite3.connect(self.path, timeout=5)
        try:
            db.executescript(_SCHEMA)
            with db:
                yield db
        finally:
            db.close()

    def record(self, place: Place, file_id: str, sha256: str, size: int, path: str | os.PathLike[str], filename: str) -> None:
        try:
            with self._db() as db:
                db.execute(
                    "INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        place.base_url,
                        place.workspace or "",
                        file_id,
                        sha256,
                        size,
                        os.path.abspath(path),
                        this_host(),
                        filename,
                        time.time(),
                    ),
                )
        except (OSError, sqlite3.Error):
            pass

    def problem(self) -> str | None:
        """Why an upload cannot be recorded (in words), or None: what relies on the ledger
        (`put --skip-duplicates`) says so instead of sending the same files again every run.
        A probe row is written and rolled back, so a read-only file or folder shows too."""
        try:
            with self._db() as db:
                db.execute("SAVEPOINT probe")
                db.execute("INSERT OR REPLACE INTO uploads VALUES ('', '', '', '', 0, '', '', '', 0)")
                db.execute("ROLLBACK TO probe")
                db.execute("RELEASE probe")
        except (FileExistsError, NotADirectoryError) as error:  # a file where its folder should be
            return f"{error.filename} is not a folder"
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            return f"{where}{error.strerror or error}"
        except sqlite3.Error as error:
            return f"{self.path}: {error}"
        return None

    def find(self, place: Place, file_id: str) -> Upload | None:
        rows = self._select(place, "file_id = ?", (file_id,))
        return rows[0] if rows else None

    def with_hash(self, place: Place, sha256: str) -> list[Upload]:
        """Uploads of these bytes on this connection, newest first."""
        return self._select(place, "sha256 = ?", (sha256,))

    def has_size(self, place: Place, size: int) -> bool:
        """Could a file of this size be a duplicate? (Saves hashing before most uploads.)"""
        return bool(self._select(place, "size = ?", (size,)))

    def forget(self, place: Place, file_id: str) -> None:
        try:
            with self._db() as db:
                db.execute(
                    "DELETE FROM uploads WHERE base_url = ? AND workspace = ? AND file_id = ?",
                    (place.base_url, place.workspace or "", file_id),
                )
        except (OSError, sqlite3.Error):
            pass

    def _select(self, place: Place, where: str, args: tuple[Any, ...]) -> list[Upload]:
        query = (
            "SELECT file_id, sha256, size, path, host, filename, uploaded_at FROM uploads"
            f" WHERE base_url = ? AND workspace = ? AND {where} ORDER BY uploaded_at DESC"
        )
        try:
            with self._db() as db:
                rows = db.execute(query, (place.base_url, place.workspace or "", *args)).fetchall()
        except (OSError, sqlite3.Error):
            return []
        return [Upload(*row) for row in rows]

    def local_copy(self, upload: Upload) -> LocalCopy:
        """Is the uploaded file still on this machine, byte for byte? (Hashes it, once per version.)"""
        if upload.host != this_host():
            return LocalCopy("elsewhere", upload)
        try:
            stat = os.stat(upload.path)
        except OSError:
            return LocalCopy("gone", upload)
        if stat.st_size != upload.size:
            return LocalCopy("changed", upload)
        key = (upload.path, stat.st_size, stat.st_mtime_ns)
        if key not in self._hashes:
            try:
                self._hashes[key] = sha256_of(upload.path)[0]
            except OSError:
                return LocalCopy("gone", upload)
        return LocalCopy("same" if self._hashes[key] == upload.sha256 else "changed", upload)


def read_local_head(path: str, limit: int) -> tuple[bytes, bool]:
    """The first `limit` bytes of a local file, and whether it goes on."""
    with open(path, "rb") as source:
        data = source.read(limit + 1)
    return data[:limit], len(data) > limit


@dataclass(frozen=True)
class Duplicate:
    """An earlier upload of the same bytes that the server still holds."""

    upload: Upload
    meta: Any  # the server's FileMetadata for it, fetched just now


async def find_duplicate(
    ledger: Ledger, place: Place, service: Any, path: str | os.PathLike[str], size: int
) -> tuple[str | None, Duplicate | None]:
    """(the file's sha256 when it had to be hashed, an earlier upload of it still on the server).

    Hashes (off the event loop) only when the ledger holds an upload of the same size; an
    entry whose file is gone from the server (404) is dropped on the way.
    """
    if not await asyncio.to_thread(ledger.has_size, place, size):
        return None, None
    sha256, _ = await asyncio.to_thread(sha256_of, path)
    for upload in await asyncio.to_thread(ledger.with_hash, place, sha256):
        try:
            meta = await service.retrieve(upload.file_id)
        except ServiceError as error:
            if error.kind != "not_found":
                raise
            await asyncio.to_thread(ledger.forget, place, upload.file_id)
            continue
        return sha256, Duplicate(upload, meta)
    return sha256, None


async def record_upload(ledger: Ledger, place: Place, meta: Any, path: str | os.PathLike[str], sha256: str | None) -> None:
    """Remember a finished upload (hashing it first, off the event loop, if not hashed yet)."""
    try:
        digest = sha256 or (await asyncio.to_thread(sha256_of, path))[0]
    except OSError:
        return
    await asyncio.to_thread(ledger.record, place, meta.id, digest, meta.size_bytes, path, meta.filename)
