"""What fills the store: every figure of the storage overview, in one pass over rows fed page by page.

Each figure is a `Bucket` that carries the query-language text selecting exactly the rows it
counts, so the overview's rows are doors: the TUI applies `bucket.query` as the filter and
`claude-files du QUERY` narrows to it. Pure: no Textual, no I/O; shared by the TUI and `du`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from claude_files.formatting import STORAGE_CAP_BYTES, short_type
from claude_files.model.query.rows import Normalized
from claude_files.model.query.values import has_glob
from claude_files.model.query.vocabulary import MAJOR_TYPES, TYPE_WORDS

GROWTH_DAYS = 90  # == the oldest age edge, which the one pass relies on
LARGEST = 20
TOP_SESSIONS = 10
_DAY = timedelta(days=1)

# (label, query); thresholds follow the query language's own comparisons exactly (see _bucket_of_age).
AGE_BUCKETS: tuple[tuple[str, str], ...] = (
    ("< 1 d", "age<1d"),
    ("1–7 d", "age>=1d age<7d"),
    ("7–30 d", "age>=7d age<30d"),
    ("30–90 d", "age>=30d age<=90d"),
    ("> 90 d", "age>90d"),
)
EXPIRY_BUCKETS: tuple[tuple[str, str], ...] = (
    ("expired", "is:expired"),
    ("< 1 d", "expires<1d"),
    ("1–7 d", "expires>=1d expires<7d"),
    ("later", "expires>=7d"),
    ("never", "expires:never"),
)
ORIGIN_BUCKETS: tuple[tuple[str, str], ...] = (("uploaded", "is:uploaded"), ("downloadable", "is:downloadable"))


@dataclass(frozen=True)
class Bucket:
    """One row of a breakdown: how many files, how many bytes, and the query that selects them.

    `query` is None only for a type the query language cannot name (an empty MIME type).
    """

    label: str
    query: str | None
    count: int
    bytes: int


@dataclass(frozen=True)
class Breakdown:
    """A titled list of buckets; `total_bytes` is what shares are taken of."""

    key: str
    title: str
    buckets: tuple[Bucket, ...]
    total_bytes: int

    def share(self, bucket: Bucket) -> float:
        return bucket.bytes / self.total_bytes if self.total_bytes else 0.0


@dataclass(frozen=True)
class Overview:
    """Every figure for one set of rows at one moment. `complete` is False while pages remain."""

    now: datetime
    count: int
    bytes: int
    complete: bool
    breakdowns: tuple[Breakdown, ...]
    duplicate_groups: int
    largest: tuple[Bucket, ...]
    growth: tuple[int, ...]  # bytes created per day, oldest day first; the last entry is the 24 h before `now`
    cap_bytes: int = STORAGE_CAP_BYTES
    by_key: dict[str, Breakdown] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key.update((breakdown.key, breakdown) for breakdown in self.breakdowns)

    @property
    def cap_share(self) -> float:
        return self.bytes / self.cap_bytes if self.cap_bytes else 0.0


def compute(rows: Iterable[Any], now: datetime, *, complete: bool = True) -> Overview:
    """Every figure of the overview for `rows` as of `now`, in one pass: a `Tally` fed all at once."""
    tally = Tally(now)
    tally.add(rows)
    return tally.overview(complete=complete)


class Tally:
    """Every overview figure, accumulated page by page, holding no row.

    What it keeps is bounded by what the figures need, not by the number of files: totals per
    bucket, per MIME type and per session, 90 days of growth, the 20 largest (a heap) and one
    64-bit hash per distinct (name, size) for the duplicates. `du` feeds it each page as it
    arrives; the TUI feeds it the loaded rows at once (`compute`).

    Rows are the model's own objects (SDK metadata or records), read, never copied. A row whose
    fields the fast path cannot compare is read as the query reads it (naive times as UTC) and
    is left out of any figure whose query would not select it.

    Tallies of one moment add up (`a + b`, `merge`): every total is summed and the largest are
    taken of both, as if b's rows had come after a's; duplicates stay within the tally that saw
    them, as `is:duplicate` does within one workspace.
    """

    __slots__ = (
        "_again",
        "_ages",
        "_edges",
        "_expiries",
        "_growth",
        "_largest",
        "_origins",
        "_seen",
        "_sessions",
        "_types",
        "bytes",
        "count",
        "duplicate_bytes",
        "duplicate_copies",
        "duplicate_groups",
        "now",
    )

    def __init__(self, now: datetime) -> None:
        self.now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        self._edges: tuple[datetime, ...] | None = None  # set by the first row, in its zone (see _in_zone_of)
        self.count = 0
        self.bytes = 0
        self._ages, self._expiries, self._origins = _Counts(len(AGE_BUCKETS)), _Counts(len(EXPIRY_BUCKETS)), _Counts(2)
        self._types: dict[Any, list[int]] = {}  # mime → [count, bytes]; folded into short types at the end
        self._sessions: dict[Any, list[int]] = {}
        self._growth = [0] * GROWTH_DAYS
        self._largest: list[tuple[int, int, str, str]] = []  # min-heap of (size, -order, name, id), at most LARGEST
        self._seen: set[int] = set()  # hash((name, size)) of every distinct name and size
        self._again: set[int] = set()  # …of those seen twice or more
        self.duplicate_groups = self.duplicate_copies = self.duplicate_bytes = 0

    def add(self, rows: Iterable[Any]) -> None:
        """Count `rows` (a page, or every loaded row) into every figure, in one pass."""
        rows = rows if isinstance(rows, list | tuple) else list(rows)
        if not rows:
            return
        if self._edges is None:
            self.now = now = _in_zone_of(rows, self.now)
            self._edges = (now - _DAY, now - 7 * _DAY, now - 30 * _DAY, now - 90 * _DAY, now + _DAY, now + 7 * _DAY)
        now = self.now
        one_day, week, month, quarter, in_a_day, in_a_week = self._edges
        age_edges, expiry_edges = (one_day, week, month, quarter), (now, in_a_day, in_a_week)
        growth_start = now - GROWTH_DAYS * _DAY
        growth, last_day = self._growth, GROWTH_DAYS - 1
        age_counts, age_bytes = self._ages.counts, self._ages.bytes
        expiry_counts, expiry_bytes = self._expiries.counts, self._expiries.bytes
        origin_counts, origin_bytes = self._origins.counts, self._origins.bytes
        types, sessions, seen, again = self._types, self._sessions, self._seen, self._again
        largest = self._largest
        floor = largest[0][0] if len(largest) == LARGEST else -1  # a row must be larger than this to enter
        order = self.count
        total_bytes = copies = extra_bytes = groups = 0
        for row in rows:
            order += 1
            # The fast path, inlined: one attribute read per field and no call per figure.
            try:
                size = row.size_bytes
                if size.__class__ is not int:
                    raise TypeError("size_bytes is not a whole number")
                created = row.created_at
                # the growth day rides on the age test: both start at now-90d (GROWTH_DAYS == 90)
                if created > one_day:
                    age: int | None = 0
                    day: int | None = last_day if created <= now else None
                elif created > month:
                    age = 1 if created > week else 2
                    day = (created - growth_start) // _DAY
                elif created >= quarter:
                    age, day = 3, (created - growth_start) // _DAY
                else:
                    age, day = 4, None
                expires = row.expires_at
                if expires is None:
                    expiry: int | None = 4
                else:
                    expiry = 0 if expires <= now else 1 if expires < in_a_day else 2 if expires < in_a_week else 3
                mime, downloadable, name = row.mime_type, row.downloadable, row.filename
                scope = getattr(row, "scope", None)
                session = None if scope is None else scope.id
            except Exception:  # an odd row (missing fields, naive times): read it as the query does, slowly
                size, age, expiry, day, mime, downloadable, name, session = _placed_carefully(
                    Normalized(row), age_edges, expiry_edges, growth_start, now
                )
            total_bytes += size
            entry = types.get(mime)
            if entry is None:
                types[mime] = [1, size]
            else:
                entry[0] += 1
                entry[1] += size
            if age is not None:
                age_counts[age] += 1
                age_bytes[age] += size
            if expiry is not None:
                expiry_counts[expiry] += 1
                expiry_bytes[expiry] += size
            origin = 1 if downloadable is True else 0
            origin_counts[origin] += 1
            origin_bytes[origin] += size
            if session is not _UNNAMED:
                entry = sessions.get(session)
                if entry is None:
                    sessions[session] = [1, size]
                else:
                    entry[0] += 1
                    entry[1] += size
            key = hash((name, size))
            if key in seen:
                copies += 1
                extra_bytes += size
                if key not in again:
                    again.add(key)
                    groups += 1
            else:
                seen.add(key)
            if day is not None:
                growth[day] += size
            if size > floor:  # ties keep the earlier row, as a stable sort does
                entry_ = (size, -order, str(name), str(getattr(row, "id", "")))
                if len(largest) < LARGEST:
                    heapq.heappush(largest, entry_)
                else:
                    heapq.heapreplace(largest, entry_)
                floor = largest[0][0] if len(largest) == LARGEST else -1
        self.count = order
        self.bytes += total_bytes
        self.duplicate_copies += copies
        self.duplicate_bytes += extra_bytes
        self.duplicate_groups += groups

    def merge(self, other: Tally) -> Tally:
        """The figures of both, as if `other`'s rows came after ours (a new tally; neither changes).

        Both must be of one moment. Duplicates are summed, each counted within its own tally.
        """
        if self.now != other.now:
            raise ValueError("tallies of different moments do not add up")
        merged = Tally(self.now)
        merged.now, merged._edges = (self.now, self._edges) if self._edges is not None else (other.now, other._edges)
        merged.count, merged.bytes = self.count + other.count, self.bytes + other.bytes
        for name in ("_ages", "_expiries", "_origins"):
            mine, theirs, into = getattr(self, name), getattr(other, name), getattr(merged, name)
            into.counts = [a + b for a, b in zip(mine.counts, theirs.counts, strict=True)]
            into.bytes = [a + b for a, b in zip(mine.bytes, theirs.bytes, strict=True)]
        merged._types = _summed(self._types, other._types)
        merged._sessions = _summed(self._sessions, other._sessions)
        merged._growth = [a + b for a, b in zip(self._growth, other._growth, strict=True)]
        later = [(size, order - self.count, name, file_id) for size, order, name, file_id in other._largest]
        merged._largest = heapq.nlargest(LARGEST, [*self._largest, *later])
        heapq.heapify(merged._largest)
        merged._seen, merged._again = self._seen | other._seen, self._again | other._again
        merged.duplicate_groups = self.duplicate_groups + other.duplicate_groups
        merged.duplicate_copies = self.duplicate_copies + other.duplicate_copies
        merged.duplicate_bytes = self.duplicate_bytes + other.duplicate_bytes
        return merged

    __add__ = merge

    def overview(self, *, complete: bool = True) -> Overview:
        """The figures so far; `complete` False while pages remain."""
        total_bytes = self.bytes
        breakdowns = (
            Breakdown("type", "By type", _type_buckets(self._types), total_bytes),
            Breakdown("age", "By age", self._ages.buckets(AGE_BUCKETS), total_bytes),
            Breakdown("expiry", "By expiry", self._expiries.buckets(EXPIRY_BUCKETS), total_bytes),
            Breakdown("origin", "Uploaded or generated", self._origins.buckets(ORIGIN_BUCKETS), total_bytes),
            Breakdown("session", "By session", _session_buckets(self._sessions), total_bytes),
            Breakdown(
                "duplicates",
                "Duplicates (same name and size; the newest stays)",
                (Bucket("extra copies", "is:duplicate", self.duplicate_copies, self.duplicate_bytes),),
                total_bytes,
            ),
        )
        largest = sorted(self._largest, reverse=True)  # size down, then the earlier row first
        return Overview(
            now=self.now,
            count=self.count,
            bytes=total_bytes,
            complete=complete,
            breakdowns=breakdowns,
            duplicate_groups=self.duplicate_groups,
            largest=tuple(Bucket(name, f"id={file_id}", 1, size) for size, _, name, file_id in largest),
            growth=tuple(self._growth),
        )


def _summed(mine: dict[Any, list[int]], theirs: dict[Any, list[int]]) -> dict[Any, list[int]]:
    """[count, bytes] tallies added key by key (new lists: neither input changes)."""
    out = {key: list(entry) for key, entry in mine.items()}
    for key, (count, size) in theirs.items():
        entry = out.setdefault(key, [0, 0])
        entry[0] += count
        entry[1] += size
    return out


def _in_zone_of(rows: list[Any] | tuple[Any, ...], now: datetime) -> datetime:
    """`now` in the rows' own tzinfo object: aware datetimes sharing one tzinfo compare without
    calling utcoffset, eight times faster (the SDK's rows share pydantic's). Same instant either way."""
    zone = getattr(getattr(rows[0], "created_at", None), "tzinfo", None) if rows else None
    if zone is None:
        return now
    try:
        return now.astimezone(zone)
    except Exception:  # a tzinfo that cannot convert: compare the slow way
        return now


class _Counts:
    """count and bytes per bucket of a fixed breakdown, as two lists indexed by bucket."""

    __slots__ = ("bytes", "counts")

    def __init__(self, size: int) -> None:
        self.counts = [0] * size
        self.bytes = [0] * size

    def buckets(self, labels: tuple[tuple[str, str], ...]) -> tuple[Bucket, ...]:
        return tuple(Bucket(label, query, self.counts[i], self.bytes[i]) for i, (label, query) in enumerate(labels))


def _age_bucket(created: datetime, edges: tuple[datetime, ...]) -> int:
    """The index into AGE_BUCKETS, by the same comparisons as the queries (the inlined fast path's twin)."""
    one_day, week, month, quarter = edges
    if created > one_day:
        return 0
    if created > week:
        return 1
    if created > month:
        return 2
    return 3 if created >= quarter else 4


def _expiry_bucket(expires: datetime | None, edges: tuple[datetime, ...]) -> int:
    """The index into EXPIRY_BUCKETS (the inlined fast path's twin)."""
    if expires is None:
        return 4
    moment, in_a_day, in_a_week = edges
    return 0 if expires <= moment else 1 if expires < in_a_day else 2 if expires < in_a_week else 3


_UNNAMED = object()  # a scope without an id: no session query selects it


def _placed_carefully(
    row: Any, age_edges: tuple[datetime, ...], expiry_edges: tuple[datetime, ...], growth_start: datetime, now: datetime
) -> tuple[int, int | None, int | None, int | None, Any, Any, Any, Any]:
    """Each figure on its own, so a field that cannot be compared leaves the row out of that figure only."""
    size = row.size_bytes if isinstance(row.size_bytes, int) else 0
    age = expiry = day = None
    try:
        age = _age_bucket(row.created_at, age_edges)
        if growth_start <= row.created_at <= now:
            day = min(int((row.created_at - growth_start) / _DAY), GROWTH_DAYS - 1)
    except Exception:
        pass
    try:
        expiry = _expiry_bucket(row.expires_at, expiry_edges)
    except Exception:
        pass
    scope = row.scope
    session = None if scope is None else getattr(scope, "id", _UNNAMED)
    return size, age, expiry, day, row.mime_type, row.downloadable, row.filename, session


def _type_key(mime: Any) -> str:
    """The short type as the table shows it, folded as `type:` compares it."""
    return short_type(mime).casefold() if isinstance(mime, str) else ""


def _by_bytes(tally: dict[Any, list[int]]) -> list[Any]:
    """Keys, largest first; ties by count then key text, so the order never depends on row order."""
    return sorted(tally, key=lambda key: (-tally[key][1], -tally[key][0], str(key)))


def _type_buckets(by_mime: dict[Any, list[int]]) -> tuple[Bucket, ...]:
    """Mime tallies folded into the short types the table shows (`type:` compares them folded)."""
    tally: dict[str, list[int]] = {}
    mimes_of_type: dict[str, list[str]] = {}
    for mime, (count, size) in by_mime.items():
        kind = _type_key(mime)
        entry = tally.setdefault(kind, [0, 0])
        entry[0] += count
        entry[1] += size
        mimes_of_type.setdefault(kind, []).append(mime if isinstance(mime, str) else "")
    return tuple(Bucket(kind or "(none)", _type_query(kind, mimes_of_type[kind]), *tally[kind]) for kind in _by_bytes(tally))


def _type_query(kind: str, mimes: list[str]) -> str | None:
    """`type:pdf`, unless the short form would mean more or cannot be written.

    `type:audio` is also every audio/*: a short type that is a major type is written as its exact
    MIME types, or (for a bare `audio`, which `type:` cannot name exactly) as `type:audio -type:audio/*`.
    """
    plain = bool(kind) and "/" not in kind and not has_glob(kind)
    if plain and kind not in MAJOR_TYPES:
        return f"type:{quoted(kind, always=kind not in TYPE_WORDS)}"  # `type:` takes other types quoted
    exact = sorted({mime.partition(";")[0].strip().casefold() for mime in mimes})
    if any(has_glob(mime) for mime in exact) or not all(exact):
        return None
    if all("/" in mime for mime in exact):
        return "type:" + ",".join(quoted(mime) for mime in exact)
    return f"type:{kind} -type:{kind}/*" if plain else None


def _session_buckets(tally: dict[Any, list[int]]) -> tuple[Bucket, ...]:
    named = _by_bytes({session: entry for session, entry in tally.items() if session is not None})
    top, rest = named[:TOP_SESSIONS], named[TOP_SESSIONS:]
    buckets = [Bucket(str(session), f"scope:{quoted(str(session))}", *tally[session]) for session in top]
    if rest:
        others = "scope:* -scope:" + ",".join(quoted(str(session)) for session in top)
        count = sum(tally[session][0] for session in rest)
        buckets.append(Bucket(f"{len(rest)} other sessions", others, count, sum(tally[session][1] for session in rest)))
    buckets.append(Bucket("no session", "scope:none", *tally.get(None, [0, 0])))
    return tuple(buckets)


def quoted(value: str, *, always: bool = False) -> str:
    """A value as a query term takes it: bare when it can be, else in quotes (\\ and " escaped)."""
    if value and not always and not any(char.isspace() or char in '",' for char in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
