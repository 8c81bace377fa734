"""The record of every delete claude-files makes (SQLite, no Textual): `log` and the TUI's `L` read it.

Deleting through the Files API is permanent, so each delete is written down before its
request leaves, as "pending", with the file's whole metadata, what selected it, when, and
where (host, profile, workspace, base URL); its row is completed when the server answers.
A process killed in between leaves "pending", which readers show as "unknown": nobody can
say whether that delete happened. One file in the user data dir, mode 0600 (names can be
private). A delete that cannot be recorded is not made: `RecordError` stops it with words.

Speed: the pending rows of a run go in one transaction before its first request; outcomes
are buffered and committed in small batches (WAL, synchronous=NORMAL), all of them before
the run's report, so a thousand deletes cost a few milliseconds of SQLite.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .ledger import this_host

PENDING = "pending"
OUTCOMES = ("deleted", "gone", "failed", "kept", "abandoned", "not_started", "unknown")
"""deleted; gone (already gone: 404); failed (with the reason); kept (a step before the delete,
archiving, vetoed it: the reason says why); abandoned in flight (a second Ctrl-C or a quit:
the server may or may not have done it); not started; unknown (the process died between
request and answer, or the server never answered and could not be asked afterwards)."""
FLUSH_EVERY = 64  # outcomes a batch; a run's last batch is committed before its report
FLUSH_SECONDS = 0.5  # and at least this often, so a crash loses little

_SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS deletions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run TEXT NOT NULL,
    file_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT,
    size_bytes INTEGER,
    created_at TEXT,
    downloadable INTEGER,
    scope TEXT,
    metadata TEXT NOT NULL,
    selected_by TEXT NOT NULL,
    requested_at REAL NOT NULL,
    answered_at REAL,
    outcome TEXT NOT NULL,
    reason TEXT,
    host TEXT NOT NULL,
    profile TEXT,
    workspace TEXT,
    base_url TEXT NOT NULL,
    archive_path TEXT,
    archive_sha256 TEXT
);
CREATE INDEX IF NOT EXISTS deletions_by_run ON deletions (run, file_id);
CREATE TABLE IF NOT EXISTS restores (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id TEXT NOT NULL,
    new_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    source TEXT NOT NULL,
    path TEXT NOT NULL,
    restored_at REAL NOT NULL,
    host TEXT NOT NULL,
    base_url TEXT NOT NULL,
    workspace TEXT
);
CREATE INDEX IF NOT EXISTS restores_by_file ON restores (file_id);
"""


ADDED_COLUMNS = {"archive_path": "TEXT", "archive_sha256": "TEXT"}
"""Columns newer than the first record files: added to an older file when it is opened."""


def deletions_path() -> Path:
    """CLAUDE_FILES_DELETIONS if set (tests point it at a temp dir), else the user data dir."""
    override = os.environ.get("CLAUDE_FILES_DELETIONS")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("claude-files")) / "deletions.sqlite3"


class RecordError(Exception):
    """The record cannot be written: the delete it was for is not made."""

    def __init__(self, path: Path, error: BaseException) -> None:
        self.path = path
        self.reason = getattr(error, "strerror", None) or str(error)
        super().__init__(f"cannot write the delete record {path}: {self.reason}; nothing was deleted")


@dataclass(frozen=True)
class KeptCopy:
    """Where a delete's archive step wrote the file's copy, and its sha256: `restore` looks there first."""

    path: str
    sha256: str | None = None


@dataclass(frozen=True)
class Scope:
    """A file's session, shaped as the query's `scope:` reads it."""

    id: str
    type: str


@dataclass(frozen=True)
class Deletion:
    """One recorded delete, with a file row's attributes, so the query language reads it as one."""

    id: str
    filename: str
    mime_type: str
    size_bytes: int
    created_at: datetime | None
    downloadable: bool | None
    expires_at: datetime | None
    scope: Scope | None
    metadata: dict[str, Any]  # the file's JSON as the API sent it
    selected_by: str
    deleted_at: datetime  # when the answer came; for a row still pending, when it was asked
    outcome: str
    reason: str | None
    host: str
    profile: str | None
    workspace: str | None
    base_url: str
    run: str
    archive_path: str | None = None  # where `rm --archive` (or the TUI's archive first) wrote its copy
    archive_sha256: str | None = None

    def record(self) -> dict[str, Any]:
        """JSON-ready, as `log` writes it."""
        return {
            "deleted_at": self.deleted_at.isoformat().replace("+00:00", "Z"),
            "outcome": self.outcome,
            "reason": self.reason,
            "id": self.id,
            "filename": self.filename,
            "mime_type": self.mime_type,
            "size_bytes": self.size_bytes,
            "created_at": self.metadata.get("created_at"),
            "downloadable": self.downloadable,
            "scope": self.metadata.get("scope"),
            "selected_by": self.selected_by,
            "host": self.host,
            "profile": self.profile,
            "workspace": self.workspace,
            "base_url": self.base_url,
            "run": self.run,
            "archive_path": self.archive_path,
            "metadata": self.metadata,
        }


def metadata_of(row: Any) -> dict[str, Any]:
    """A file row's JSON: the SDK model's own, else (test rows) its known fields."""
    to_dict = getattr(row, "to_dict", None)
    if callable(to_dict):
        data: dict[str, Any] = to_dict(mode="json")
        return data
    fields = ("id", "type", "filename", "mime_type", "size_bytes", "created_at", "expires_at", "downloadable", "scope")
    found = {name: getattr(row, name) for name in fields if getattr(row, name, None) is not None}
    return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in found.items()}


class DeletionRecord:
    """The record file. `run(rows, selected_by)` is what a delete writes through; `entries` reads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or deletions_path()

    def connect(self) -> sqlite3.Connection:
        """Open (creating it 0600) or raise RecordError."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            os.chmod(self.path, 0o600)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            try:
                db.executescript(_SCHEMA)
                _add_columns(db)
            except sqlite3.Error:
                db.close()
                raise
        except (OSError, sqlite3.Error) as error:
            raise RecordError(self.path, error) from error
        return db

    def check(self) -> None:
        """Raise RecordError now if deleting would be refused later (before asking the user)."""
        self.connect().close()

    def run(self, rows: Iterable[Any], selected_by: str) -> RunRecord:
        return RunRecord(self, rows, selected_by)

    def entries(self) -> list[Deletion]:
        """Every recorded delete, newest first; none when there is no record yet."""
        rows = self.read(
            "SELECT file_id, filename, mime_type, size_bytes, created_at, downloadable, scope, metadata, selected_by,"
            " requested_at, answered_at, outcome, reason, host, profile, workspace, base_url, run, archive_path,"
            " archive_sha256 FROM deletions ORDER BY COALESCE(answered_at, requested_at) DESC, seq DESC",
            (),
        )
        return [_entry(row) for row in rows]

    def read(self, query: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """The rows `query` selects; none when there is no record yet."""
        if not self.path.exists():
            return []
        db = self.connect()
        try:
            return db.execute(query, args).fetchall()
        except sqlite3.Error as error:
            raise RecordError(self.path, error) from error
        finally:
            db.close()

    def kept_copy(self, file_id: str) -> KeptCopy | None:
        """Where the newest delete of `file_id` that archived first wrote its copy (None: no such delete)."""
        rows = self.read(
            "SELECT archive_path, archive_sha256 FROM deletions WHERE file_id = ? AND archive_path IS NOT NULL"
            " ORDER BY seq DESC LIMIT 1",
            (file_id,),
        )
        return KeptCopy(rows[0][0], rows[0][1]) if rows else None


def _add_columns(db: sqlite3.Connection) -> None:
    """Bring a record file from an older claude-files up to date (its rows keep NULL there)."""
    have = {row[1] for row in db.execute("PRAGMA table_info(deletions)")}
    for name, kind in ADDED_COLUMNS.items():
        if name not in have:
            try:
                db.execute(f"ALTER TABLE deletions ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as error:
                if "duplicate column" not in str(error):  # another process added it just now
                    raise


def _entry(row: tuple[Any, ...]) -> Deletion:
    (file_id, filename, mime, size, created, downloadable, scope, metadata, selected_by) = row[:9]
    (requested, answered, outcome, reason, host, profile, workspace, base_url, run, archive_path, archive_sha) = row[9:]
    meta = json.loads(metadata)
    scope_data = json.loads(scope) if scope else None
    return Deletion(
        id=file_id,
        filename=filename,
        mime_type=mime or "",
        size_bytes=size or 0,
        created_at=_moment(created),
        downloadable=None if downloadable is None else bool(downloadable),
        expires_at=_moment(meta.get("expires_at")),
        scope=_scope(scope_data),
        metadata=meta,
        selected_by=selected_by,
        deleted_at=datetime.fromtimestamp(answered or requested, UTC),
        outcome="unknown" if outcome == PENDING else outcome,
        reason=reason if outcome != PENDING else "the process ended before the server answered; it may or may not be deleted",
        host=host,
        profile=profile,
        workspace=workspace,
        base_url=base_url,
        run=run,
        archive_path=archive_path,
        archive_sha256=archive_sha,
    )


def _scope(data: object) -> Scope | None:
    if not isinstance(data, dict) or not data.get("id"):
        return None
    return Scope(str(data["id"]), str(data.get("type") or "session"))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class RunRecord:
    """One run of deletes, as the engine (`jobs.BulkDelete`) writes it: `begin` before the first
    request, `settle` per answer, `close` at the end. Used from one thread (the event loop's)."""

    def __init__(self, record: DeletionRecord, rows: Iterable[Any], selected_by: str) -> None:
        self.record = record
        self.rows: Mapping[str, Any] = {row.id: row for row in rows}
        self.selected_by = selected_by
        self.run_id = uuid.uuid4().hex
        self._db: sqlite3.Connection | None = None
        self._settled: list[tuple[str, float, str | None, str]] = []  # (outcome, when, reason, file id)
        self._copies: list[tuple[str, KeptCopy]] = []  # (file id, where its archived copy is)
        self._flushed_at = 0.0

    def begin(self, identity: Any, ids: Iterable[str]) -> None:
        """Write every file of the run as pending, in one transaction; RecordError if it cannot."""
        db = self.record.connect()
        now = time.time()
        host = this_host()
        values = []
        for file_id in ids:
            row = self.rows[file_id]
            meta = metadata_of(row)
            scope = meta.get("scope")
            values.append(
                (
                    self.run_id,
                    file_id,
                    str(getattr(row, "filename", "")),
                    getattr(row, "mime_type", None),
                    getattr(row, "size_bytes", None),
                    meta.get("created_at"),
                    None if getattr(row, "downloadable", None) is None else int(bool(row.downloadable)),
                    json.dumps(scope) if scope is not None else None,
                    json.dumps(meta),
                    self.selected_by,
                    now,
                    PENDING,
                    host,
                    identity.profile,
                    identity.workspace,
                    str(identity.base_url).rstrip("/"),
                )
            )
        try:
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT INTO deletions (run, file_id, filename, mime_type, size_bytes, created_at, downloadable, scope,"
                    " metadata, selected_by, requested_at, outcome, host, profile, workspace, base_url)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values,
                )
        except sqlite3.Error as error:
            db.close()
            raise RecordError(self.record.path, error) from error
        self._db = db
        self._flushed_at = time.monotonic()

    def settle(self, file_id: str, outcome: str, reason: str | None = None) -> None:
        """The server answered (or will never be asked): buffered, committed in small batches."""
        self._settled.append((outcome, time.time(), reason, file_id))
        if len(self._settled) >= FLUSH_EVERY or time.monotonic() - self._flushed_at >= FLUSH_SECONDS:
            self.flush()

    def copied(self, file_id: str, copy: KeptCopy) -> None:
        """The archive step saved `file_id` at `copy`: written with the next batch, before the run's report."""
        self._copies.append((file_id, copy))

    def flush(self) -> None:
        settled, self._settled = self._settled, []
        copies, self._copies = self._copies, []
        self._flushed_at = time.monotonic()
        if not (settled or copies) or self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "UPDATE deletions SET archive_path = ?, archive_sha256 = ? WHERE run = ? AND file_id = ?",
                    [(copy.path, copy.sha256, self.run_id, file_id) for file_id, copy in copies],
                )
                self._db.executemany(
                    "UPDATE deletions SET outcome = ?, answered_at = ?, reason = ? WHERE run = ? AND file_id = ?",
                    [(outcome, when, reason, self.run_id, file_id) for outcome, when, reason, file_id in settled],
                )
        except sqlite3.Error as error:
            raise RecordError(self.record.path, error) from error

    def close(self, not_started: Iterable[str], abandoned: Iterable[str]) -> None:
        """The run ended: what never left and what was left in flight, then everything committed."""
        for file_id in not_started:
            self._settled.append(("not_started", time.time(), "stopped before it was sent", file_id))
        for file_id in abandoned:
            reason = "abandoned in flight: it may or may not be deleted"
            self._settled.append(("abandoned", time.time(), reason, file_id))
        try:
            self.flush()
        finally:
            if self._db is not None:
                self._db.close()
                self._db = None
