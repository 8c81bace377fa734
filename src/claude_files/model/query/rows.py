"""What the query needs to know about rows beyond one row: duplicates, and rows with odd fields."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from claude_files.model.rows import Row

_FIELDS = ("id", "filename", "mime_type", "size_bytes", "created_at", "downloadable", "expires_at", "scope")
_NEVER = datetime.min.replace(tzinfo=UTC)


def duplicate_ids(rows: Iterable[Row]) -> set[str]:
    """Ids of rows that share filename and size with another row, except the newest of each group.

    So `is:duplicate` selects exactly what can go: one copy of each file stays.
    """
    newest: dict[tuple[object, object], Row] = {}
    extra: set[str] = set()
    for row in rows:
        group = (getattr(row, "filename", None), getattr(row, "size_bytes", None))
        kept = newest.get(group)
        if kept is None:
            newest[group] = row
        elif _age_key(row) > _age_key(kept):
            extra.add(kept.id)
            newest[group] = row
        else:
            extra.add(row.id)
    return extra


def _age_key(row: Row) -> tuple[datetime, str]:
    """Newer sorts higher; among equal times the greater id wins, so the answer never depends on order."""
    moment = aware(getattr(row, "created_at", None))
    return moment if isinstance(moment, datetime) else _NEVER, str(getattr(row, "id", ""))


def aware(value: object) -> object:
    """A naive datetime read as UTC (as formatting does); anything else unchanged."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class Normalized:
    """A row as the query expects it: every field present (None when missing), datetimes aware.

    Only rows that fail the fast test go through this, so odd rows cost more and never raise.
    """

    __slots__ = _FIELDS

    def __init__(self, row: object) -> None:
        for name in _FIELDS:
            setattr(self, name, aware(getattr(row, name, None)))
