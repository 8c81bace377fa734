"""What a selection amounts to, for the delete confirmation of a rule-based selection.

Count, total bytes, count and bytes per type, oldest and newest created: the figures a person
checks before letting a rule delete files they have not looked at one by one. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from claude_files.formatting import short_type
from claude_files.model.rows import Row


@dataclass(frozen=True)
class TypeShare:
    """The files of one short type (as the table shows it) in a selection."""

    type: str
    count: int
    size_bytes: int


@dataclass(frozen=True)
class SelectionSummary:
    count: int = 0
    size_bytes: int = 0
    by_type: tuple[TypeShare, ...] = field(default=())  # largest share of bytes first
    oldest: datetime | None = None
    newest: datetime | None = None


def summarize(rows: Iterable[Row]) -> SelectionSummary:
    """The figures of `rows`."""
    count = 0
    total = 0
    shares: dict[str, list[int]] = {}
    oldest: datetime | None = None
    newest: datetime | None = None
    for row in rows:
        count += 1
        size = int(row.size_bytes or 0)
        total += size
        share = shares.setdefault(short_type(row.mime_type or ""), [0, 0])
        share[0] += 1
        share[1] += size
        created = _aware(row.created_at)
        if created is not None:
            oldest = created if oldest is None or created < oldest else oldest
            newest = created if newest is None or created > newest else newest
    by_type = sorted(
        (TypeShare(name, n, size) for name, (n, size) in shares.items()), key=lambda s: (-s.size_bytes, -s.count, s.type)
    )
    return SelectionSummary(count, total, tuple(by_type), oldest, newest)


def _aware(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
