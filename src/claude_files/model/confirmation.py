"""The words of a delete confirmation, one text for the TUI's dialog and `claude-files rm`.

Both front ends ask before deleting, and a person should read the same thing in both: where
the delete acts, then either the one file in full (name, id, size, created), the files picked
by hand (count, bytes, the first names) or, for a rule, the figures first (how many, how big,
of which types, from when to when, the query) because nobody looked at those files one by
one. Above `TYPE_COUNT_ABOVE` files the count must be typed: one stray `y` must not wipe a
workspace.

Pure: rows in, spans out. A span is (text, style): the TUI draws it as Rich text with that
style, the CLI prints the text alone (`plain`). Names are cleaned here (data, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from .. import formatting
from ..text import clean
from .selection import summarize

Span = tuple[str, str]
"""A piece of the text and its style ("" plain; a Rich style name the CLI ignores)."""

TYPE_COUNT_ABOVE = 100
"""Above this many files the person types the count; at or below it `y` confirms."""

NAMES_SHOWN = 5
"""Names listed for files picked by hand (all of them when one more would be "… and 1 more")."""

RULE_NAMES_SHOWN = 3
TYPES_SHOWN = 4
NAME_WIDTH = 56

UNDONE = "This cannot be undone."


def typed_count(count: int) -> str | None:
    """What must be typed to delete `count` files (the count itself), or None when `y` will do."""
    return str(count) if count > TYPE_COUNT_ABOVE else None


def plain(spans: Sequence[Span]) -> str:
    """The text alone, for a terminal prompt."""
    return "".join(text for text, _ in spans).rstrip()


def files(count: int) -> str:
    return f"{count:,} file{'s' if count != 1 else ''}"


def delete_question(
    rows: Sequence[Any],
    *,
    place: str,
    rule: str | None = None,
    loaded: int | None = None,
    hidden: int = 0,
    filter_text: str = "",
    by_hand: str = "marked ",
) -> list[Span]:
    """The body of the question before deleting `rows` from `place` (session.place_words).

    One file not chosen by a rule is shown in full; files a rule chose (`rule`, with none of
    them hidden by a filter) lead with the rule's figures; others are counted and named.
    `loaded`: the rule ran over only that many loaded files while the server holds more.
    `hidden`: how many of `rows` the filter `filter_text` hides. `by_hand` names how the files
    were picked in the question ("marked " in the TUI, "" for ids given to `rm`).
    """
    if rule is None and len(rows) == 1 and not by_hand:
        return one_file(rows[0], place)
    spans: list[Span] = [(f"In {place}:\n", "bold")]
    if rule is not None and not hidden:
        return spans + by_rule(rows, rule, loaded=loaded)
    return spans + picked(rows, hidden=hidden, filter_text=filter_text, by_hand=by_hand)


def one_file(row: Any, place: str) -> list[Span]:
    """Name, id, size and creation time of the one file about to go, and where it goes from."""
    spans: list[Span] = [(f"{UNDONE}\n\n", "")]
    for label, value in (
        ("from", place),
        ("name", clean(row.filename)),
        ("id", clean(row.id)),
        ("size", f"{formatting.size(row.size_bytes)} ({formatting.exact_size(row.size_bytes)})"),
        ("created", f"{formatting.absolute(row.created_at)} ({formatting.ago(row.created_at)})"),
    ):
        spans += [(f"  {label:<8} ", "bold"), (f"{value}\n", "")]
    return spans


def picked(rows: Sequence[Any], *, hidden: int = 0, filter_text: str = "", by_hand: str = "marked ") -> list[Span]:
    """Count, bytes, the first names, and how many of them the filter hides."""
    count = len(rows)
    total = sum(row.size_bytes for row in rows)
    spans: list[Span] = [
        (f"Delete {count:,} {by_hand}file{'s' if count != 1 else ''} ({formatting.size(total)})? ", ""),
        (f"{UNDONE}\n\n", "bold"),
    ]
    spans += names(rows, NAMES_SHOWN)
    if hidden:
        spans.append(
            (
                f"\n{hidden:,} of them {'is' if hidden == 1 else 'are'} hidden by the filter “{clean(filter_text, max_len=30)}”.",
                "bold yellow",
            )
        )
    return spans


def by_rule(rows: Sequence[Any], query: str, *, loaded: int | None = None) -> list[Span]:
    """Count, bytes, per-type counts and bytes, oldest and newest created, the query; then a few
    names. `loaded`: the rule ran over only that many loaded files while the server holds more,
    which the question says, so nobody takes 17 for every match."""
    summary = summarize(rows)
    count = summary.count
    spans: list[Span] = [
        (f"Delete {files(count)} ({formatting.size(summary.size_bytes)}) selected by ", ""),
        (f"“{clean(query, max_len=80)}”", "bold"),
    ]
    if loaded is not None:
        spans.append((f" among the {loaded:,} loaded", ""))
    spans += [("? ", ""), (f"{UNDONE}\n\n", "bold")]
    if loaded is not None:
        spans.append(("Files not loaded yet were not searched: more may match on the server.\n\n", "yellow"))
    for share in summary.by_type[:TYPES_SHOWN]:
        spans.append((f"  {clean(share.type, max_len=10):<10} {share.count:>7,}  {formatting.size(share.size_bytes):>9}\n", ""))
    others = summary.by_type[TYPES_SHOWN:]
    if others:
        n, size = sum(s.count for s in others), sum(s.size_bytes for s in others)
        spans.append((f"  {f'{len(others)} more':<10} {n:>7,}  {formatting.size(size):>9}\n", "italic"))
    if summary.oldest is not None and summary.newest is not None:
        spans.append((f"  created {_minute(summary.oldest)} … {_minute(summary.newest)} UTC\n", ""))
    spans.append(("\n", ""))
    return spans + names(rows, RULE_NAMES_SHOWN)


def names(rows: Sequence[Any], shown: int) -> list[Span]:
    """The first `shown` names, one a line (every one when only one more would be left)."""
    count = len(rows)
    listed = rows if count <= shown + 1 else rows[:shown]  # never "… and 1 more"
    spans: list[Span] = [(f"  {clean(row.filename, max_len=NAME_WIDTH)}\n", "") for row in listed]
    if count > len(listed):
        spans.append((f"  … and {count - len(listed):,} more\n", "italic"))
    return spans


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
