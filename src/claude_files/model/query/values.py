"""Values inside terms: sizes, durations, dates and globs, each checked with words for the user.

Every function raises `QueryError` pointing at the value, never OverflowError or ValueError:
numbers are exact fractions capped in length, and moments past the calendar are clamped.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from claude_files.model.query.errors import QueryError
from claude_files.model.query.lexer import Value
from claude_files.text import clean

SIZE_UNITS: dict[str, int] = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
DURATION_UNITS: dict[str, int] = {"s": 1, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 30 * 86400, "y": 365 * 86400}
SIZE_UNIT_WORDS = "B, kB, MB, GB, KiB, MiB or GiB"
DURATION_UNIT_WORDS = "s, min, h, d, w, mo or y"

_NUMBER = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)\s*\Z")
_MAX_DIGITS = 30  # beyond any real size or age, and far below int-parsing limits
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def shown(value: str) -> str:
    """A value as it may appear inside an error message: one safe, short line."""
    return clean(value, max_len=30)


def _number(value: Value, what: str, units: str) -> tuple[Fraction, str]:
    match = _NUMBER.match(value.text)
    if not match:
        raise QueryError(f"'{shown(value.text)}' is not a {what} — write a number with {units}", value.start, value.end)
    digits, unit = match.groups()
    if len(digits) > _MAX_DIGITS:
        raise QueryError(f"the {what} number is too long", value.start, value.end)
    return Fraction(digits), unit


def size_bytes(value: Value) -> Fraction:
    """`10kB`, `1.5 MiB`, `200` (bytes) → bytes, exactly."""
    number, unit = _number(value, "size", SIZE_UNIT_WORDS)
    if not unit:
        return number
    factor = SIZE_UNITS.get(unit.casefold())
    if factor is None:
        raise QueryError(f"unknown size unit '{shown(unit)}' — use {SIZE_UNIT_WORDS}", value.start, value.end)
    return number * factor


def duration_seconds(value: Value) -> Fraction:
    """`30d`, `1.5h`, `2w` → seconds, exactly. A unit is required: `age>30` means nothing."""
    number, unit = _number(value, "duration", DURATION_UNIT_WORDS)
    if not unit:
        raise QueryError(f"'{shown(value.text)}' needs a unit: {DURATION_UNIT_WORDS}", value.start, value.end)
    factor = DURATION_UNITS.get(unit.casefold())
    if factor is None:
        hint = " ('m' could be min or mo)" if unit.casefold() == "m" else ""
        raise QueryError(f"unknown time unit '{shown(unit)}'{hint} — use {DURATION_UNIT_WORDS}", value.start, value.end)
    return number * factor


def shifted(moment: datetime, seconds: Fraction) -> datetime:
    """`moment + seconds`, clamped to the calendar's ends instead of overflowing."""
    try:
        return moment + timedelta(seconds=float(seconds))
    except OverflowError:
        return LATEST if seconds > 0 else EARLIEST


def moment_range(value: Value) -> tuple[datetime, datetime]:
    """An ISO date or date-time as [first instant, first instant after it).

    A date is the whole local day; a date-time without a zone is local time; with a zone,
    as written. Times are to the second, so `2026-03-29T10:00` spans that one second.
    """
    text = value.text.strip()
    problem = f"'{shown(value.text)}' is not a date — write YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM]"
    if not text or len(text) > 40:
        raise QueryError(problem, value.start, value.end)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        return _local_midnight(day), _local_midnight_after(day)
    try:
        written = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(problem, value.start, value.end) from None
    start = _as_instant(written.replace(microsecond=0))
    return start, shifted(start, Fraction(1))


def _local_midnight(day: date) -> datetime:
    return _as_instant(datetime(day.year, day.month, day.day))


def _local_midnight_after(day: date) -> datetime:
    try:
        return _local_midnight(day + timedelta(days=1))
    except OverflowError:
        return LATEST


def _as_instant(written: datetime) -> datetime:
    """A written moment as an aware instant: no zone means the machine's local time (DST-aware)."""
    try:
        return written if written.tzinfo is not None else written.astimezone()
    except (OverflowError, ValueError, OSError):  # the calendar's first or last days, out of the C library's range
        return EARLIEST if written.year < 1970 else LATEST


def glob_regex(pattern: str) -> re.Pattern[str]:
    """`*` any run, `?` one character, `[abc]` `[a-z]` `[!abc]` one of (or none of) a set, as
    fnmatch has them (`[[]` is a literal `[`; a `[` never closed is literal); everything else
    literal; case-insensitive, whole string.

    Each `*`-separated piece is matched at its first fit inside an atomic group, which is
    what glob means and keeps matching linear: no catastrophic backtracking on `*a*a*a*b`.
    """
    pieces = _glob_pieces(pattern)
    if len(pieces) == 1:
        source = pieces[0]
    else:
        middle = "".join(f"(?>.*?{piece})" for piece in pieces[1:-1] if piece)
        source = f"{pieces[0]}{middle}.*{pieces[-1]}"
    return re.compile(rf"\A{source}\Z", re.IGNORECASE | re.DOTALL)


def _glob_pieces(pattern: str) -> list[str]:
    """The regex source of each run between `*`s (a `*` inside `[...]` is a member, not a split)."""
    pieces: list[str] = []
    piece: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        index += 1
        if char == "*":
            pieces.append("".join(piece))
            piece = []
        elif char == "?":
            piece.append(".")
        elif char == "[" and (end := _class_end(pattern, index)) is not None:
            piece.append(_class_regex(pattern[index:end]))
            index = end + 1
        else:
            piece.append(re.escape(char))
    pieces.append("".join(piece))
    return pieces


def _class_end(pattern: str, start: int) -> int | None:
    """Where the `]` closing a class that opens just before `start` is (a `]` first is a member)."""
    index = start + (pattern[start : start + 1] == "!")
    index += pattern[index : index + 1] == "]"
    end = pattern.find("]", index)
    return end if end >= 0 else None


def _class_regex(members: str) -> str:
    """`abc`, `a-z`, `!abc` → a regex class; `z-a` (an empty range) adds nothing, as in fnmatch."""
    negated = members.startswith("!")
    members = members[1:] if negated else members
    parts: list[str] = []
    index = 0
    while index < len(members):
        if index + 2 < len(members) and members[index + 1] == "-":
            low, high = members[index], members[index + 2]
            if low <= high:
                parts.append(f"{re.escape(low)}-{re.escape(high)}")
            index += 3
        else:
            parts.append(re.escape(members[index]))
            index += 1
    if not parts:
        return "." if negated else "(?!)"  # `[!]`-like: any one character; nothing in the set: never
    return f"[{'^' if negated else ''}{''.join(parts)}]"


def has_glob(text: str) -> bool:
    return "*" in text or "?" in text
