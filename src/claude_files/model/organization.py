"""The organization's figures: one row per workspace against the one storage cap they share.

The cap (100 GB) is the organization's, across all its workspaces, so a workspace's own
overview can look nearly empty while uploads are refused. This adds every workspace the
credential can list: files, bytes, share of the cap and bytes added over 90 days, and names
each workspace that could not be read with the reason, so none is silently left out.
Pure: no Textual, no I/O; shared by the TUI's organization view and `du --all-workspaces`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from claude_files.formatting import STORAGE_CAP_BYTES

GROWTH_DAYS = 90


@dataclass(frozen=True)
class WorkspaceFigures:
    """One workspace's row. `error` is why it could not be read (its figures are then zero)."""

    id: str
    name: str
    count: int = 0
    bytes: int = 0
    growth: int = 0  # bytes of the files created over the last GROWTH_DAYS days
    archived: bool = False
    error: str | None = None
    complete: bool = False  # every page is in (or it failed)

    @property
    def label(self) -> str:
        """Its name, else its id; "(archived)" when it is."""
        return (self.name or self.id) + (" (archived)" if self.archived else "")


class Tally:
    """A workspace's figures, page by page: no row is kept (`add` reads size and creation time)."""

    __slots__ = ("bytes", "count", "growth", "since")

    def __init__(self, now: datetime) -> None:
        now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        self.since = now - timedelta(days=GROWTH_DAYS)
        self.count = self.bytes = self.growth = 0

    def add(self, rows: Iterable[Any]) -> None:
        """Rows as the model holds them (attributes), or the API's JSON records (dicts)."""
        rows = rows if isinstance(rows, list) else list(rows)
        if rows and isinstance(rows[0], dict):
            self._add_records(rows)
            return
        since = self.since
        for row in rows:
            size = row.size_bytes if isinstance(row.size_bytes, int) else 0
            self.count += 1
            self.bytes += size
            created = row.created_at
            try:
                recent = created >= since
            except TypeError:  # a naive time: read as UTC, as the query does
                recent = created.replace(tzinfo=UTC) >= since
            if recent:
                self.growth += size

    def _add_records(self, records: list[dict[str, Any]]) -> None:
        """The JSON records' two fields, without building a model per file (RFC 3339 times)."""
        since, parse = self.since, datetime.fromisoformat
        for record in records:
            size = record.get("size_bytes")
            size = size if isinstance(size, int) else 0
            self.count += 1
            self.bytes += size
            try:
                created = parse(record["created_at"])
                recent = (created if created.tzinfo is not None else created.replace(tzinfo=UTC)) >= since
            except (KeyError, TypeError, ValueError):
                recent = False
            if recent:
                self.growth += size

    def figures(self, workspace: WorkspaceFigures, *, complete: bool) -> WorkspaceFigures:
        return replace(workspace, count=self.count, bytes=self.bytes, growth=self.growth, complete=complete)


@dataclass(frozen=True)
class Organization:
    """Every workspace listed, in the order the API listed them (the default first, then oldest)."""

    now: datetime
    workspaces: tuple[WorkspaceFigures, ...]
    cap_bytes: int = STORAGE_CAP_BYTES

    @property
    def readable(self) -> tuple[WorkspaceFigures, ...]:
        return tuple(w for w in self.workspaces if w.error is None)

    @property
    def unreadable(self) -> tuple[WorkspaceFigures, ...]:
        return tuple(w for w in self.workspaces if w.error is not None)

    @property
    def count(self) -> int:
        return sum(w.count for w in self.workspaces)

    @property
    def bytes(self) -> int:
        return sum(w.bytes for w in self.workspaces)

    @property
    def growth(self) -> int:
        return sum(w.growth for w in self.workspaces)

    @property
    def complete(self) -> bool:
        return all(w.complete for w in self.workspaces)

    def share(self, workspace: WorkspaceFigures | None = None) -> float:
        """Of the cap: one workspace's bytes, or (None) every readable workspace's together."""
        used = self.bytes if workspace is None else workspace.bytes
        return used / self.cap_bytes if self.cap_bytes else 0.0

    def with_workspace(self, figures: WorkspaceFigures) -> Organization:
        """The same organization with one workspace's row replaced (matched by id)."""
        rows = tuple(figures if w.id == figures.id else w for w in self.workspaces)
        return replace(self, workspaces=rows)


def as_json(organization: Organization, query: str = "") -> dict[str, Any]:
    """Plain numbers for `du --all-workspaces --format json`: totals and one entry per workspace."""

    def entry(workspace: WorkspaceFigures) -> dict[str, Any]:
        return {
            "id": workspace.id,
            "name": workspace.name,
            "archived": workspace.archived,
            "files": workspace.count,
            "bytes": workspace.bytes,
            "cap_share": round(organization.share(workspace), 6),
            f"growth_{GROWTH_DAYS}d_bytes": workspace.growth,
            "error": workspace.error,
        }

    return {
        "query": query,
        "as_of": organization.now.astimezone(UTC).isoformat(),
        "files": organization.count,
        "bytes": organization.bytes,
        "cap_bytes": organization.cap_bytes,
        "cap_share": round(organization.share(), 6),
        f"growth_{GROWTH_DAYS}d_bytes": organization.growth,
        "workspaces": [entry(w) for w in organization.workspaces],
        "unreadable": [{"id": w.id, "name": w.name, "error": w.error} for w in organization.unreadable],
    }
