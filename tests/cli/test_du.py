"""`claude-files du` through the installed script, its figures against sums the server's own records give (SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from claude_files.formatting import short_type
from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us

from .conftest import cli

SEED = 23  # what `serve --synthetic N --seed S` passes on: the synthetic rows are the same for the same seed
DAY_US = 86_400 * 1_000_000


@pytest.fixture(scope="module")
def synthetic() -> Iterator[LocalServer]:
    srv = LocalServer(synthetic=10_000, seed=SEED)
    for copy in range(4):  # one group of duplicates (3 extra copies) and files that expire
        srv.add_file("twin.txt", b"twin bytes", "text/plain", created_at=datetime.now(UTC) - timedelta(days=copy))
    srv.add_file("later.txt", b"later", "text/plain", expires_at=datetime.now(UTC) + timedelta(days=30))
    srv.start()
    try:
        yield srv
    finally:
        srv.close()


def records(srv: LocalServer) -> list[dict]:
    rows = srv.storage.query(
        "SELECT id, filename, mime_type, size_bytes, created_at, expires_at, downloadable, scope_id FROM files WHERE workspace = ?",
        ("default",),
    )
    return [dict(row) for row in rows]


def du_json(srv: LocalServer, *query: str) -> tuple[dict, int]:
    """du's figures, and the moment they were computed for (its `as_of`) in the server's microseconds."""
    done = cli(srv, "du", "--format", "json", *query, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    return figures, dt_to_us(datetime.fromisoformat(figures["as_of"]))


def by_label(figures: dict, key: str) -> dict[str, tuple[int, int]]:
    return {row["label"]: (row["count"], row["bytes"]) for row in figures["breakdowns"][key]}


def test_du_json_matches_the_servers_records(synthetic):
    figures, now_us = du_json(synthetic)
    rows = records(synthetic)
    assert (
        (figures["files"], figures["bytes"]) == (len(rows), sum(row["size_bytes"] for row in rows)) == (10_005, figures["bytes"])
    )
    assert figures["cap_bytes"] == 100 * 1000**3
    types: dict[str, list[int]] = {}
    for row in rows:
        entry = types.setdefault(short_type(row["mime_type"]).casefold(), [0, 0])
        entry[0] += 1
        entry[1] += row["size_bytes"]
    assert by_label(figures, "type") == {kind: tuple(entry) for kind, entry in types.items()}
    # ages from the records' own microseconds, at the moment du computed for
    edges = [1, 7, 30, 90]
    ages = [0] * 5
    for row in rows:
        age_days = (now_us - row["created_at"]) / DAY_US
        ages[sum(1 for edge in edges if age_days >= edge)] += 1
    assert [count for count, _ in by_label(figures, "age").values()] == ages
    origin = by_label(figures, "origin")
    assert origin["downloadable"][0] == sum(1 for row in rows if row["downloadable"])
    sessions = {}
    for row in rows:
        if row["scope_id"] is not None:
            sessions[row["scope_id"]] = sessions.get(row["scope_id"], 0) + 1
    shown = by_label(figures, "session")
    assert shown["no session"][0] == sum(1 for row in rows if row["scope_id"] is None)
    assert sum(count for label, (count, _) in shown.items() if label != "no session") == sum(sessions.values())
    assert by_label(figures, "expiry")["later"] == (1, 5)
    assert (figures["duplicate_groups"], by_label(figures, "duplicates")["extra copies"]) == (1, (3, 30))
    largest = sorted(rows, key=lambda row: -row["size_bytes"])[:20]
    assert [row["bytes"] for row in figures["largest"]] == [row["size_bytes"] for row in largest]
    recent = [row for row in rows if now_us - 90 * DAY_US <= row["created_at"]]
    assert sum(figures["growth"]["bytes_per_day"]) == sum(row["size_bytes"] for row in recent)


def test_du_query_restricts_and_each_row_query_holds_within_it(synthetic):
    whole, _ = du_json(synthetic)
    pdf_bucket = next(row for row in whole["breakdowns"]["type"] if row["label"] == "pdf")
    figures, _ = du_json(synthetic, "type:pdf")
    assert (figures["files"], figures["bytes"]) == (pdf_bucket["count"], pdf_bucket["bytes"])
    old = next(row for row in figures["breakdowns"]["age"] if row["label"] == "> 90 d")
    assert old["query"] == "type:pdf age>90d"
    listed = cli(synthetic, "ls", "--format", "ids", old["query"], timeout=120)
    assert listed.returncode == 0 and len(listed.stdout.split()) == old["count"]


def test_du_table_has_bars_and_wrong_input_exits_2(synthetic):
    table = cli(synthetic, "du", "--format", "table")
    assert table.returncode == 0, table.stderr
    assert "By type" in table.stdout and "█" in table.stdout and "of 100.0 GB" in table.stdout
    assert cli(synthetic, "du", "--format", "csv").returncode == 2
    bad = cli(synthetic, "du", "size>")
    assert bad.returncode == 2 and "size>" in bad.stderr and "Traceback" not in bad.stderr
    down = cli(None, "du", "--base-url", "http://127.0.0.1:9", ANTHROPIC_API_KEY="k")
    assert down.returncode == 3 and "Traceback" not in down.stderr
