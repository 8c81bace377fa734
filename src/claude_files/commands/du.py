"""`claude-files du [QUERY] [--format table|json]`: what fills the store, the TUI's `U` for scripts.

The figures come from the same code as the TUI's overview (model/overview.py): bars on a
terminal, plain numbers in JSON. Every row carries its query, so `claude-files ls "$(…)"` or
`rm --where` can act on it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from . import common
from .listing import matching_pages, parse_query

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query
    from ..service import FilesService

DU_FORMATS = ("table", "json")


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "du",
        "Show what fills the organization's 100 GB: totals, breakdowns by type, age, expiry, origin and session,"
        " duplicates, the largest files and growth per day. With QUERY, of the matching files only.",
        [
            ("claude-files du", "the whole store, with bars"),
            ("claude-files du 'age>90d' --format json", "the same figures for files older than 90 days, as JSON"),
            ("claude-files ls \"$(claude-files du --format json | jq -r '.breakdowns.type[0].query')\"", "the largest type"),
            ("claude-files du --all-workspaces", "every workspace against the organization's one cap (an admin key)"),
        ],
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="query terms, all must hold (quote > and <)")
    parser.add_argument(
        "--all-workspaces",
        action="store_true",
        help="one row per workspace of the organization (files, size, share of the cap, growth over 90 days);"
        " needs a credential that may list workspaces",
    )
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    fmt = options.format or ("table" if sys.stdout.isatty() else "json")
    if fmt not in DU_FORMATS:
        sys.stderr.write(f"claude-files du: --format {fmt} does not fit a summary; use table or json\n")
        return common.EXIT_USAGE
    text = " ".join(options.query).strip()
    query = parse_query("du", text) if text else None
    if text and query is None:
        return common.EXIT_USAGE

    async def command(context: common.Context, service: FilesService) -> int:
        if options.all_workspaces:
            return await all_workspaces(context, service, query, text, fmt)
        from ..model.overview import Tally

        tally = Tally(datetime.now(UTC))  # each page counted and let go: memory stays flat however many files
        async for page in matching_pages(service, query):
            tally.add(page)
            context.terminal.progress(f"reading the file list… {tally.count:,} files")
        context.terminal.clear_progress()
        overview = tally.overview()
        if fmt == "json":
            # On a terminal \u escapes keep a bidi override or C1 control in a name inert (JSON escapes only C0).
            sys.stdout.write(json.dumps(as_json(overview, text), ensure_ascii=sys.stdout.isatty()) + "\n")
        else:
            sys.stdout.write(as_table(overview, text, _width()) + "\n")
        sys.stdout.flush()
        return common.EXIT_OK

    return common.run("du", options, command)


async def all_workspaces(context: common.Context, service: FilesService, query: Query | None, text: str, fmt: str) -> int:
    """`--all-workspaces`: every workspace read at once (bounded), each row its own figures."""
    from ..model import organization as figures
    from ..organization import CANNOT_LIST, read_organization, workspaces

    listed = await workspaces(service)
    if listed is None:
        context.fail(CANNOT_LIST)
        return common.EXIT_CONNECTION

    def progress(organization: Any) -> None:
        done = sum(w.complete for w in organization.workspaces)
        context.terminal.progress(f"reading {len(listed)} workspaces… {done} done, {organization.count:,} files")

    if query is None:  # every file: JSON records, no model per file (O2)
        organization = await read_organization(service, listed=listed, on_change=progress)
    else:
        organization = await read_organization(
            service, pages=lambda workspace: matching_pages(workspace, query), listed=listed, on_change=progress
        )
    context.terminal.clear_progress()
    assert organization is not None
    if fmt == "json":
        sys.stdout.write(json.dumps(figures.as_json(organization, text), ensure_ascii=sys.stdout.isatty()) + "\n")
    else:
        from ..model.organization_text import organization_table

        sys.stdout.write(organization_table(organization, _width()) + "\n")
    sys.stdout.flush()
    for workspace in organization.unreadable:
        context.fail(f"workspace {workspace.label} ({workspace.id}) could not be read: {workspace.error}")
    return common.EXIT_FAILED if organization.unreadable else common.EXIT_OK


def as_json(overview: Any, query: str) -> dict[str, Any]:
    """Plain numbers: counts, bytes, shares (0..1), each row's query (within du's own); growth oldest day first."""

    def bucket(item: Any, share: float) -> dict[str, Any]:
        within = f"{query} {item.query}" if query and item.query else item.query  # the row, inside du's own query
        return {"label": item.label, "query": within, "count": item.count, "bytes": item.bytes, "share": round(share, 6)}

    return {
        "query": query,
        "as_of": overview.now.astimezone(UTC).isoformat(),
        "files": overview.count,
        "bytes": overview.bytes,
        "cap_bytes": overview.cap_bytes,
        "cap_share": round(overview.cap_share, 6),
        "breakdowns": {b.key: [bucket(item, b.share(item)) for item in b.buckets] for b in overview.breakdowns},
        "duplicate_groups": overview.duplicate_groups,
        "largest": [
            {**bucket(item, item.bytes / overview.bytes if overview.bytes else 0.0), "id": (item.query or "").removeprefix("id=")}
            | {"query": item.query}
            for item in overview.largest
        ],
        "growth": {"days": len(overview.growth), "bytes_per_day": list(overview.growth)},
    }


def as_table(overview: Any, query: str, width: int) -> str:
    """The TUI's picture as text: cap bar, growth chart, each breakdown with its bars, the largest files."""
    from ..model.overview_text import FIGURES_WIDTH, LABEL_WIDTH, breakdown_title, bucket_line, cap_line, growth_lines
    from ..text import clean

    buckets = [item for breakdown in overview.breakdowns for item in breakdown.buckets] + list(overview.largest)
    longest = max((len(clean(item.label)) for item in buckets), default=0)
    # Whole labels where the width allows (session ids differ only at the end), the bar keeping BAR_MIN columns.
    label_width = max(LABEL_WIDTH, min(longest, width - (FIGURES_WIDTH - LABEL_WIDTH) - BAR_MIN))
    lines = [f"claude-files du {clean(query)}".rstrip(), cap_line(overview, width), ""]
    lines += [*growth_lines(overview.growth, width), ""]
    for breakdown in overview.breakdowns:
        lines.append(breakdown_title(breakdown, overview))
        lines += [bucket_line(item, breakdown.share(item), width, label_width) for item in breakdown.buckets]
        lines.append("")
    lines.append(f"The {len(overview.largest)} largest files")
    for item in overview.largest:
        share = item.bytes / overview.bytes if overview.bytes else 0.0
        lines.append(bucket_line(item, share, width, label_width))
    return "\n".join(line.rstrip() for line in lines)


BAR_MIN = 20
WIDTH_UNKNOWN = 100  # piped, or a terminal that reports 0 columns (a serial console, some CI runners)


def _width() -> int:
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns
    except OSError:
        columns = 0
    return max(40, min(columns, 160)) if columns else WIDTH_UNKNOWN
