"""The organization's figures (model/organization.py) and their text, without a server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from claude_files.model.organization import Organization, Tally, WorkspaceFigures, as_json
from claude_files.model.organization_text import header_line, organization_table, total_line, workspace_line

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
FILES = [(1_000, 1), (2_500, 89), (7_000, 91), (40, 400)]  # (size, days old)


def _stamp(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat().replace("+00:00", "Z")


def test_records_and_model_rows_tally_alike():
    rows = [SimpleNamespace(size_bytes=size, created_at=NOW - timedelta(days=days)) for size, days in FILES]
    records = [{"size_bytes": size, "created_at": _stamp(days)} for size, days in FILES]
    naive = [
        SimpleNamespace(size_bytes=size, created_at=(NOW - timedelta(days=days)).replace(tzinfo=None)) for size, days in FILES
    ]
    figures = []
    for page in (rows, records, naive):
        tally = Tally(NOW)
        tally.add(page[:2])
        tally.add(page[2:])
        figures.append((tally.count, tally.bytes, tally.growth))
    assert figures == [(4, 10_540, 3_500)] * 3  # growth: the files of the last 90 days


def test_an_odd_record_counts_its_bytes_but_not_as_growth():
    tally = Tally(NOW)
    tally.add([{"size_bytes": 5, "created_at": "not a time"}, {"size_bytes": "7", "created_at": _stamp(1)}])
    assert (tally.count, tally.bytes, tally.growth) == (2, 5, 0)


def _organization() -> Organization:
    return Organization(
        NOW,
        (
            WorkspaceFigures("default", "Default Workspace", 12, 60 * 10**9, 2 * 10**9, complete=True),
            WorkspaceFigures("wrkspc_a", "Research \x1b[31mred", 3, 30 * 10**9, 0, complete=True),
            WorkspaceFigures("wrkspc_b", "Old", 0, 0, 0, archived=True, complete=True),
            WorkspaceFigures("wrkspc_c", "Legal", error="Permission denied (403).", complete=True),
        ),
    )


def test_totals_and_json_count_what_was_read_and_name_what_was_not():
    organization = _organization()
    assert (organization.count, organization.bytes, organization.share()) == (15, 90 * 10**9, 0.9)
    figures = as_json(organization)
    assert [w["name"] for w in figures["unreadable"]] == ["Legal"]
    assert figures["workspaces"][0]["cap_share"] == 0.6 and figures["growth_90d_bytes"] == 2 * 10**9


@pytest.mark.parametrize("width", [37, 40, 56, 80, 120, 160])  # 37: a 40-column terminal
def test_every_line_fits_its_width_and_is_plain_text(width):
    organization = _organization()
    lines = [header_line(width), total_line(organization, width)]
    lines += [workspace_line(organization, w, width) for w in organization.workspaces]
    assert all(len(line) <= width for line in lines), lines
    table = organization_table(organization, width)
    assert "\x1b" not in table  # a name is data, never a terminal command
    assert "Old (archived)" in table or width < 56  # whole names where the width allows
    assert "could not be read: Legal" in table
