"""SQLite metadata + one blob file per id, with atomic writes.

All public methods are thread-safe (one connection guarded by a lock), so the
server's event-loop thread and a test thread calling ``LocalServer.add_file``
can both use the same ``Storage``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .fields import encode_cursor, is_valid_file_id, new_id, now_us, us_to_rfc3339

DEFAULT_WORKSPACE = "default"
MAX_FILE_BYTES = 500 * 1000**2  # "500 MB per file", as the client checks it (service_types.MAX_UPLOAD_BYTES)
DEFAULT_STORAGE_LIMIT = 100 * 1000**3  # the API's cap: per organization, shared by all its workspaces

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    downloadable INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER,
    synthetic INTEGER NOT NULL DEFAULT 0,
    scope_id TEXT
);
CREATE INDEX IF NOT EXISTS files_ws_created ON files (workspace, created_at, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# The session a file belongs to (its beta ``scope``): a fresh column in data dirs made before it.
_SCOPE_COLUMN = "ALTER TABLE files ADD COLUMN scope_id TEXT"
_SCOPE_INDEX = "CREATE INDEX IF NOT EXISTS files_ws_scope_created ON files (workspace, scope_id, created_at, id)"

_COLUMNS = "id, workspace, filename, mime_type, size_bytes, created_at, downloadable, expires_at, synthetic, scope_id"


class SyntheticRow(NamedTuple):
    """A record without a blob: its content is generated on demand (see ``synthetic_content``)."""

    id: str
    filename: str
    mime_type: str
    size_bytes: int
    created_us: int
    downloadable: bool = False
    scope_id: str | None = None


def synthetic_content(file_id: str, size: int) -> bytes:
    """Deterministic bytes for a synthetic record (generated on demand)."""
    seed = hashlib.sha256(file_id.encode()).hexdigest()
    line = f"Synthetic file {file_id} ({seed[:16]}). Lorem ipsum dolor sit amet.\n".encode()
    return (line * (size // len(line) + 1))[:size]


class QuotaExceeded(Exception):
    pass


class Storage:
    def __init__(self, data_dir: Path, storage_limit: int | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.blob_dir = self.data_dir / "blobs"
        self.tmp_dir = self.data_dir / "tmp"
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.tmp_dir.iterdir():  # leftovers of a crash mid-upload
            stale.unlink(missing_ok=True)
        self.storage_limit = storage_limit if storage_limit is not None else DEFAULT_STORAGE_LIMIT
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.data_dir / "files.sqlite3", check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        if "scope_id" not in {row["name"] for row in self._db.execute("PRAGMA table_info(files)")}:
            self._db.execute(_SCOPE_COLUMN)
        self._db.execute(_SCOPE_INDEX)
        self._last_us = 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---------------------------------------------------------------- helpers
    def next_created_us(self) -> int:
        with self._lock:
            us = max(now_us(), self._last_us + 1)
            self._last_us = us
            return us

    def blob_path(self, file_id: str) -> Path:
        if not is_valid_file_id(file_id):
            raise ValueError("invalid file id")
        return self.blob_dir / file_id

    @staticmethod
    def to_metadata(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
        """The beta file shape (``BetaFileMetadata``): ``scope`` is the session that made the file, or null.

        The GA and beta SDK calls send the same request, so every caller gets this one shape; the GA
        ``FileMetadata`` has no ``scope`` field and its strict validation keeps the extra one.
        """
        return {
            "id": row["id"],
            "type": "file",
            "filename": row["filename"],
            "mime_type": row["mime_type"],
            "size_bytes": row["size_bytes"],
            "created_at": us_to_rfc3339(row["created_at"]),
            "downloadable": bool(row["downloadable"]),
            "expires_at": us_to_rfc3339(row["expires_at"]) if row["expires_at"] is not None else None,
            "scope": {"id": row["scope_id"], "type": "session"} if row["scope_id"] is not None else None,
        }

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def execute(self, sql: str, args: Sequence[Any] = ()) -> None:
        """One statement on the shared connection (for tables kept by other modules)."""
        with self._lock:
            self._db.execute(sql, args)

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ write
    def new_temp(self) -> tuple[Path, Any]:
        fd, name = tempfile.mkstemp(prefix="upload-", dir=self.tmp_dir)
        return Path(name), os.fdopen(fd, "wb")

    def commit_temp(
        self,
        tmp: Path,
        *,
        workspace: str,
        filename: str,
        mime_type: str,
        size: int,
        downloadable: bool = False,
        expires_at_us: int | None = None,
        created_at_us: int | None = None,
        scope_id: str | None = None,
    ) -> dict[str, Any]:
        """Rename a fully written+fsynced temp file into place and insert its row.

        Raises QuotaExceeded (and removes the temp file) if the organization (every
        workspace together) would exceed its storage limit. On any failure nothing is left behind.
        """
        file_id = new_id()
        dest = self.blob_path(file_id)
        try:
            with self._lock:
                if self.live_bytes() + size > self.storage_limit:
                    raise QuotaExceeded()
                os.replace(tmp, dest)
                created = created_at_us if created_at_us is not None else self.next_created_us()
                try:
                    self._db.execute(
                        f"INSERT INTO files ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,0,?)",
                        (file_id, workspace, filename, mime_type, size, created, int(downloadable), expires_at_us, scope_id),
                    )
                except BaseException:
                    dest.unlink(missing_ok=True)
                    raise
        finally:
            tmp.unlink(missing_ok=True)
        return self.get(file_id, workspace)  # type: ignore[return-value]

    def add_bytes(self, data: bytes, **kw: Any) -> dict[str, Any]:
        tmp, fh = self.new_temp()
        try:
            with fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return self.commit_temp(tmp, size=len(data), **kw)

    def add_synthetic(self, rows: Iterable[Sequence[Any]], workspace: str = DEFAULT_WORKSPACE) -> int:
        """Bulk insert rows without blobs: ``SyntheticRow``s, or plain (id, filename, mime_type, size, created_us)."""
        data = []
        for fields in rows:
            row = SyntheticRow(*fields)
            data.append(
                (row.id, workspace, row.filename, row.mime_type, row.size_bytes, row.created_us)
                + (int(row.downloadable), None, 1, row.scope_id)
            )
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(f"INSERT INTO files ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", data)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return len(data)

    def delete(self, file_id: str, workspace: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM files WHERE id=? AND workspace=?", (file_id, workspace))
            if cur.rowcount == 0:
                return False
            self.blob_path(file_id).unlink(missing_ok=True)
            return True

    # ------------------------------------------------------------------- read
    def get_row(self, file_id: str, workspace: str) -> sqlite3.Row | None:
        if not is_valid_file_id(file_id):
            return None
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(
                f"SELECT {_COLUMNS} FROM files WHERE id=? AND workspace=?", (file_id, workspace)
            ).fetchone()
            return row

    def get(self, file_id: str, workspace: str) -> dict[str, Any] | None:
        row = self.get_row(file_id, workspace)
        return self.to_metadata(row) if row else None

    def is_expired(self, row: sqlite3.Row) -> bool:
        return row["expires_at"] is not None and row["expires_at"] <= now_us()

    def purge_expired_blob(self, row: sqlite3.Row) -> None:
        self.blob_path(row["id"]).unlink(missing_ok=True)

    def sweep_expired(self) -> int:
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM files WHERE expires_at IS NOT NULL AND expires_at <= ?", (now_us(),)
            ).fetchall()
        for r in rows:
            self.blob_path(r["id"]).unlink(missing_ok=True)
        return len(rows)

    def read_content(self, row: sqlite3.Row) -> bytes:
        if row["synthetic"]:
            return synthetic_content(row["id"], row["size_bytes"])
        return self.blob_path(row["id"]).read_bytes()

    def iter_content(self, row: sqlite3.Row, chunk: int = 256 * 1024) -> Iterator[bytes]:
        if row["synthetic"]:
            data = synthetic_content(row["id"], row["size_bytes"])
            for i in range(0, len(data), chunk):
                yield data[i : i + chunk]
            return
        with open(self.blob_path(row["id"]), "rb") as fh:
            while block := fh.read(chunk):
                yield block

    def list_page(
        self, workspace: str, limit: int, after: tuple[int, str] | None, scope_id: str | None = None
    ) -> tuple[list[dict[str, Any]], str | None]:
        sql = f"SELECT {_COLUMNS} FROM files WHERE workspace=?"
        args: list[Any] = [workspace]
        if scope_id is not None:
            sql += " AND scope_id=?"
            args.append(scope_id)
        if after is not None:
            # A row value keeps this a range on the index; the equivalent OR scanned every newer
            # row first (24 ms at row 99,000 of 100k against 0.04 ms).
            sql += " AND (created_at, id) < (?, ?)"
            args += [after[0], after[1]]
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        args.append(limit + 1)
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = encode_cursor(rows[-1]["created_at"], rows[-1]["id"]) if more and rows else None
        return [self.to_metadata(r) for r in rows], nxt

    def list_ids(self, workspace: str, ids: list[str], scope_id: str | None = None) -> list[dict[str, Any]]:
        ids = [i for i in ids if is_valid_file_id(i)]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        scoped = " AND scope_id=?" if scope_id is not None else ""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM files WHERE workspace=? AND id IN ({marks}){scoped} ORDER BY created_at DESC, id DESC",
                [workspace, *ids, *([scope_id] if scope_id is not None else [])],
            ).fetchall()
        return [self.to_metadata(r) for r in rows]

    def file_count(self, workspace: str | None = None) -> int:
        with self._lock:
            if workspace is None:
                return int(self._db.execute("SELECT COUNT(*) FROM files").fetchone()[0])
            return int(self._db.execute("SELECT COUNT(*) FROM files WHERE workspace=?", (workspace,)).fetchone()[0])

    def stored_bytes(self, workspace: str | None = None) -> int:
        with self._lock:
            if workspace is None:
                row = self._db.execute("SELECT COALESCE(SUM(size_bytes), 0) FROM files").fetchone()
            else:
                row = self._db.execute(
                    "SELECT COALESCE(SUM(size_bytes), 0) FROM files WHERE workspace=?", (workspace,)
                ).fetchone()
            return int(row[0])

    def live_bytes(self, workspace: str | None = None) -> int:
        """Bytes that count against the quota (of the whole organization unless `workspace`):
        expired files no longer hold content."""
        alive = "(expires_at IS NULL OR expires_at > ?)"
        with self._lock:
            if workspace is None:
                row = self._db.execute(f"SELECT COALESCE(SUM(size_bytes), 0) FROM files WHERE {alive}", (now_us(),)).fetchone()
            else:
                row = self._db.execute(
                    f"SELECT COALESCE(SUM(size_bytes), 0) FROM files WHERE workspace=? AND {alive}", (workspace, now_us())
                ).fetchone()
            return int(row[0])

    def blob_paths(self) -> list[Path]:
        return sorted(p for p in self.blob_dir.iterdir() if p.is_file())
