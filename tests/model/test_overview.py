"""The overview's figures, and the property that makes its rows doors: each row's query selects exactly what it counts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from query_rows import NOW, ROWS, sdk_row

from claude_files.formatting import STORAGE_CAP_BYTES
from claude_files.model.files import FileRecord
from claude_files.model.overview import GROWTH_DAYS, LARGEST, TOP_SESSIONS, Bucket, compute, quoted
from claude_files.model.query import duplicate_ids, parse

_MIMES = (
    "application/pdf",
    "text/plain",
    "text/csv",
    "TEXT/CSV",  # folds into csv, as type:csv matches it
    "image/png",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "audio/mpeg",
    "audio",  # short type "audio" is also a major type: the query must not take audio/mpeg with it
    "application/x-tar",
    "text/plain; charset=utf-8",
    "application/x-foo",  # a short type `type:` knows only quoted
)
_EDGES = (0, 1, 7, 30, 90)  # days: rows exactly on a bucket's edge


def synthetic(count: int, seed: int) -> list[Any]:
    """Varied rows: SDK objects and plain records, sessions, expiries, duplicates, rows on every edge."""
    rng = random.Random(seed)
    sessions = [f"sesn_{n:02d}{'x' * n}" for n in range(TOP_SESSIONS + 4)]
    rows: list[Any] = []
    for n in range(count):
        mime = rng.choice(_MIMES)
        if rng.random() < 0.05:
            created = NOW - timedelta(days=rng.choice(_EDGES))
        else:
            created = NOW - timedelta(seconds=rng.uniform(-3600, 200 * 86400))
        size = rng.choice((0, 10, 999, 1_000, 65_536, 2_000_000, rng.randrange(1, 50_000_000)))
        expires = None
        if rng.random() < 0.4:
            expires = NOW + timedelta(days=rng.choice((-3, -1, 0, 0.5, 1, 3, 7, 20)))
        name = f"file-{rng.randrange(count // 3)}.bin"  # many share a name; some a size too
        file_id = f"file_{seed:02d}{n:08d}"
        if rng.random() < 0.5:
            scope = rng.choice(sessions) if rng.random() < 0.6 else None
            extra: dict[str, Any] = {"downloadable": rng.random() < 0.5, "expires_at": expires}
            if scope is not None:
                extra["scope"] = scope
            rows.append(sdk_row(file_id, name, mime, size, created, **extra))
        else:
            rows.append(FileRecord(file_id, name, mime, size, created, rng.choice((True, False, None)), expires))
    return rows


def selected(rows: list[Any], query: str, now: datetime) -> list[Any]:
    test = parse(query).predicate(now, duplicates=duplicate_ids(rows))
    return [row for row in rows if test(row)]


def assert_door(rows: list[Any], bucket: Bucket, now: datetime) -> set[str]:
    assert bucket.query is not None, bucket
    chosen = selected(rows, bucket.query, now)
    assert (len(chosen), sum(row.size_bytes for row in chosen)) == (bucket.count, bucket.bytes), bucket
    return {row.id for row in chosen}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_row_query_selects_exactly_what_it_counts(seed):
    rows = synthetic(3_000, seed)
    overview = compute(rows, NOW)
    for breakdown in overview.breakdowns:
        chosen = [assert_door(rows, bucket, NOW) for bucket in breakdown.buckets]
        if breakdown.key != "duplicates":  # the others split the rows: every row in exactly one bucket
            assert sum(len(ids) for ids in chosen) == len(rows), breakdown.key
            assert set().union(*chosen) == {row.id for row in rows}, breakdown.key
    for bucket in overview.largest:
        assert len(assert_door(rows, bucket, NOW)) == 1


def test_figures_against_sums_written_out_by_hand():
    rows = synthetic(2_000, 9)
    overview = compute(rows, NOW)
    assert (overview.count, overview.bytes) == (len(rows), sum(row.size_bytes for row in rows))
    assert overview.cap_bytes == STORAGE_CAP_BYTES == 100 * 1000**3
    ages = [(NOW - row.created_at).total_seconds() / 86400 for row in rows]
    by_age = overview.by_key["age"].buckets
    assert by_age[0].count == sum(1 for age in ages if age < 1)
    assert by_age[4].count == sum(1 for age in ages if age > 90)
    assert by_age[4].bytes == sum(row.size_bytes for row, age in zip(rows, ages, strict=True) if age > 90)
    never = overview.by_key["expiry"].buckets[-1]
    assert never.count == sum(1 for row in rows if row.expires_at is None)
    origin = {bucket.label: bucket for bucket in overview.by_key["origin"].buckets}
    assert origin["downloadable"].count == sum(1 for row in rows if row.downloadable is True)
    extra = duplicate_ids(rows)
    duplicates = overview.by_key["duplicates"].buckets[0]
    assert (duplicates.count, duplicates.bytes) == (len(extra), sum(row.size_bytes for row in rows if row.id in extra))
    groups = {}
    for row in rows:
        groups[row.filename, row.size_bytes] = groups.get((row.filename, row.size_bytes), 0) + 1
    assert overview.duplicate_groups == sum(1 for count in groups.values() if count > 1)
    largest = sorted(rows, key=lambda row: -row.size_bytes)[:LARGEST]
    assert [bucket.bytes for bucket in overview.largest] == [row.size_bytes for row in largest]
    recent = [(row, (row.created_at - (NOW - timedelta(days=GROWTH_DAYS))).total_seconds()) for row in rows]
    expected_growth = [0] * GROWTH_DAYS
    for row, offset in recent:
        if 0 <= offset and row.created_at <= NOW:
            expected_growth[min(int(offset // 86400), GROWTH_DAYS - 1)] += row.size_bytes
    assert list(overview.growth) == expected_growth


def test_sessions_top_ten_then_others_then_none():
    rows = synthetic(3_000, 4)
    buckets = compute(rows, NOW).by_key["session"].buckets
    assert len(buckets) == TOP_SESSIONS + 2
    assert buckets[-2].label == "4 other sessions" and buckets[-2].query.startswith("scope:* -scope:")
    assert buckets[-1].query == "scope:none"
    sizes = [bucket.bytes for bucket in buckets[:TOP_SESSIONS]]
    assert sizes == sorted(sizes, reverse=True)


def test_types_that_the_short_form_would_overreach_use_exact_mimes():
    rows = synthetic(1_000, 5)
    by_label = {bucket.label: bucket for bucket in compute(rows, NOW).by_key["type"].buckets}
    assert by_label["csv"].query == "type:csv"  # TEXT/CSV folded in
    assert by_label["audio"].query == "type:audio -type:audio/*"  # the bare mime "audio", not every audio/*
    assert by_label["mpeg"].query == "type:mpeg"
    assert by_label["plain; chars"].query == 'type:"plain; chars"'


def test_a_known_handful():
    rows = list(ROWS.values())
    overview = compute(rows, NOW)
    assert overview.count == 8
    assert [bucket.count for bucket in overview.by_key["age"].buckets] == [1, 2, 1, 2, 2]
    assert [(b.label, b.count) for b in overview.by_key["expiry"].buckets] == [
        ("expired", 1),
        ("< 1 d", 0),
        ("1–7 d", 1),
        ("later", 1),
        ("never", 5),
    ]
    sessions = {b.label: b.count for b in overview.by_key["session"].buckets}
    assert sessions == {"sesn_A": 2, "sesn_B": 1, "no session": 5}
    duplicates = overview.by_key["duplicates"].buckets[0]
    assert (overview.duplicate_groups, duplicates.count, duplicates.bytes) == (1, 1, 15_000)
    assert [bucket.query for bucket in overview.largest[:2]] == ["id=file_aaa111", "id=file_eee555"]


def test_odd_rows_are_counted_only_where_their_queries_select_them():
    odd = [
        SimpleNamespace(
            id="file_naive1",
            filename="n.txt",
            mime_type="text/plain",
            size_bytes=5,
            created_at=datetime(2026, 10, 31, 12),
            downloadable=False,
            expires_at=None,
        ),
        SimpleNamespace(
            id="file_nodate",
            filename="x.txt",
            mime_type="text/plain",
            size_bytes=7,
            created_at=None,
            downloadable=None,
            expires_at=None,
        ),
        SimpleNamespace(
            id="file_nosize",
            filename="y.txt",
            mime_type="text/plain",
            size_bytes=None,
            created_at=NOW,
            downloadable=True,
            expires_at=None,
        ),
    ]
    rows = [*ROWS.values(), *odd]
    overview = compute(rows, NOW)
    assert overview.count == len(rows)
    for breakdown in overview.breakdowns:
        for bucket in breakdown.buckets:
            chosen = selected(rows, bucket.query, NOW)
            assert len(chosen) == bucket.count, (breakdown.key, bucket)


def test_empty_and_partial():
    empty = compute([], NOW, complete=False)
    assert (empty.count, empty.bytes, empty.complete, empty.cap_share) == (0, 0, False, 0.0)
    assert all(empty.by_key["type"].share(bucket) == 0.0 for bucket in empty.by_key["age"].buckets)


@pytest.mark.parametrize(
    ("value", "written"), [("pdf", "pdf"), ("plain; charset", '"plain; charset"'), ('a"b', '"a\\"b"'), ("a,b", '"a,b"')]
)
def test_values_are_quoted_when_they_must_be(value, written):
    assert quoted(value) == written
    assert parse(f"name:{written}").terms  # the query language takes it back
