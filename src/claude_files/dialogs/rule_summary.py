"""The delete confirmation's body for a rule-based selection: the figures first, then the names.

When ctrl+a under a query made the marks, nobody looked at the files one by one, so the
confirmation leads with what the rule selected: how many, how big, of which types, from
when to when, and the query itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rich.text import Text

from .. import formatting
from ..model.selection import summarize
from ..text import clean

TYPES_SHOWN = 4
NAMES_SHOWN = 3


def rule_body(rows: Sequence[Any], query: str, *, loaded: int | None = None) -> Text:
    """Count, bytes, per-type counts and bytes, oldest and newest created, the query; then a few
    names. `loaded`: the rule ran over only that many loaded files while the server holds more,
    which the question says, so nobody takes 17 for every match."""
    summary = summarize(rows)
    count = summary.count
    text = Text(f"Delete {count:,} file{'s' if count != 1 else ''} ({formatting.size(summary.size_bytes)}) selected by ")
    text.append(f"“{clean(query, max_len=80)}”", style="bold")
    if loaded is not None:
        text.append(f" among the {loaded:,} loaded")
    text.append("? ")
    text.append("This cannot be undone.\n\n", style="bold")
    if loaded is not None:
        text.append("Files not loaded yet were not searched: more may match on the server.\n\n", style="yellow")
    for share in summary.by_type[:TYPES_SHOWN]:
        text.append(f"  {clean(share.type, max_len=10):<10} {share.count:>7,}  {formatting.size(share.size_bytes):>9}\n")
    others = summary.by_type[TYPES_SHOWN:]
    if others:
        n, size = sum(s.count for s in others), sum(s.size_bytes for s in others)
        text.append(f"  {f'{len(others)} more':<10} {n:>7,}  {formatting.size(size):>9}\n", style="italic")
    if summary.oldest is not None and summary.newest is not None:
        text.append(f"  created {_minute(summary.oldest)} … {_minute(summary.newest)} UTC\n")
    text.append("\n")
    listed = rows if count <= NAMES_SHOWN + 1 else rows[:NAMES_SHOWN]
    for row in listed:
        text.append(f"  {clean(row.filename, max_len=56)}\n")
    if count > len(listed):
        text.append(f"  … and {count - len(listed):,} more\n", style="italic")
    text.rstrip()
    return text


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
