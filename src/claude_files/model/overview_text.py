"""The overview as plain text: bars of Unicode blocks and the growth chart, readable without colour.

Shared by the TUI's overview screen and `claude-files du`'s table, so both draw the same picture.
Pure: strings in, strings out.
"""

from __future__ import annotations

from claude_files import formatting
from claude_files.model.overview import Breakdown, Bucket, Overview
from claude_files.text import clean

_EIGHTHS = " ▏▎▍▌▋▊▉"
_LEVELS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 18
# label, count, size, share, then the bar: "pdf                  1,204   12.3 GB  41% ████▌"
FIGURES_WIDTH = LABEL_WIDTH + 1 + 8 + 1 + 9 + 1 + 4 + 1


def bar(fraction: float, width: int) -> str:
    """`fraction` of `width` cells in full blocks and one partial (eighths); never longer than width."""
    if width <= 0:
        return ""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    if fraction > 0 and eighths == 0:
        eighths = 1  # something, however small, shows
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)[:width]


def share_text(fraction: float) -> str:
    if fraction <= 0:
        return "0%"
    if fraction < 0.01:
        return "<1%"
    return f"{fraction:.0%}"


def bucket_line(bucket: Bucket, share: float, width: int, label_width: int = LABEL_WIDTH) -> str:
    """One breakdown row in `width` columns: label (in `label_width`), count, bytes, share of all bytes, bar.

    On a narrow terminal the label gives way first (down to 6), then the bar; never wider than `width`.
    """
    numbers = FIGURES_WIDTH - LABEL_WIDTH
    label_width = max(6, min(label_width, width - numbers - 4))
    label = clean(bucket.label, max_len=label_width)
    figures = f"{label:<{label_width}} {bucket.count:>8,} {formatting.size(bucket.bytes):>9} {share_text(share):>4} "
    return (figures + bar(share, max(0, width - len(figures))))[: max(width, 0)]


def breakdown_title(breakdown: Breakdown, overview: Overview) -> str:
    title = breakdown.title
    if breakdown.key == "duplicates":
        title = f"{title}: {overview.duplicate_groups:,} groups"
    return title + loaded_note(overview)


def loaded_note(overview: Overview) -> str:
    """' — of N loaded' until every page is in, so no partial figure passes for the whole."""
    return "" if overview.complete else f" — of {overview.count:,} loaded"


def cap_line(overview: Overview, width: int) -> str:
    """`1.2 GB of 100 GB  ▏          1%  · 15 files`: what is stored against the organization's cap."""
    used = f"{formatting.size(overview.bytes)} of {formatting.size(overview.cap_bytes)} "
    tail = f" {share_text(overview.cap_share):>4} · {overview.count:,} files" + loaded_note(overview)
    return used + "▕" + bar(overview.cap_share, max(4, width - len(used) - len(tail) - 2)) + "▏" + tail


def growth_lines(growth: tuple[int, ...], width: int, height: int = 3) -> list[str]:
    """A bar chart of bytes added per day, oldest left, `height` rows of blocks plus an axis line.

    Days are packed into columns (summed) when the width is less than the days; each column is
    scaled to the busiest, so the shape reads without colour.
    """
    width = max(10, width)
    columns = _columns(growth, width)
    peak = max(columns, default=0)
    lines = []
    for row in range(height, 0, -1):
        cells = []
        for value in columns:
            level = value / peak * height * 8 if peak else 0.0
            filled = max(0.0, min(8.0, level - (row - 1) * 8))
            index = round(filled)
            if value > 0 and row == 1 and index == 0:
                index = 1  # a day with any bytes shows on the baseline
            cells.append(_LEVELS[index])
        lines.append("".join(cells))
    days = len(growth)
    left, right = f"{days} d ago", "today"
    per = f" per {_days_per_column(days, len(columns))} d" if len(columns) < days else "/day"
    busiest = f"busiest: {formatting.size(peak)}{per}"
    if len(left) + len(busiest) + len(right) + 2 > len(columns):
        busiest = ""
    gap = max(1, len(columns) - len(left) - len(right) - len(busiest))
    axis = f"{left}{' ' * (gap // 2)}{busiest}{' ' * (gap - gap // 2)}{right}"
    return [*lines, axis[: max(len(columns), len(axis))]]


def _days_per_column(days: int, columns: int) -> int:
    return -(-days // columns)


def _columns(growth: tuple[int, ...], width: int) -> list[int]:
    days = len(growth)
    if days <= width:
        return list(growth)
    per = _days_per_column(days, width)
    return [sum(growth[start : start + per]) for start in range(0, days, per)]
