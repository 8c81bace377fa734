"""The organization's figures as plain text, for the TUI's organization view and `du --all-workspaces`.

Columns: workspace, files, size, share of the cap, bytes added over 90 days, then a bar of the
share of the cap. On a narrow terminal the bar goes first, then the growth column, then the name
gives way (down to 6). Pure: strings in, strings out.
"""

from __future__ import annotations

from claude_files import formatting
from claude_files.model.organization import GROWTH_DAYS, Organization, WorkspaceFigures
from claude_files.model.overview_text import bar, share_text
from claude_files.text import clean

NAME_WIDTH = 18
FIGURES_WIDTH = 1 + 8 + 1 + 9 + 1 + 4  # files, size, share
GROWTH_WIDTH = 1 + 9
NARROW = NAME_WIDTH + FIGURES_WIDTH + GROWTH_WIDTH - 6  # below this the growth column is left out


def _columns(width: int, longest: int = NAME_WIDTH) -> tuple[int, bool]:
    """(name width, whether the growth column fits)."""
    growth = width >= NARROW
    numbers = FIGURES_WIDTH + (GROWTH_WIDTH if growth else 0)
    return max(6, min(max(NAME_WIDTH, longest), width - numbers - 1)), growth


def header_line(width: int, longest: int = NAME_WIDTH) -> str:
    names, growth = _columns(width, longest)
    line = f"{'WORKSPACE':<{names}} {'FILES':>8} {'SIZE':>9} {'CAP':>4}"
    if growth:
        line += f" {f'+{GROWTH_DAYS} D':>9}"
    return line[:width]


def workspace_line(
    organization: Organization, workspace: WorkspaceFigures, width: int, longest: int = NAME_WIDTH, *, whole_reason: bool = False
) -> str:
    """One workspace's row; one that could not be read says why in place of its figures (cut at
    `width` unless `whole_reason`: the TUI wraps it, as the reason is said nowhere else there)."""
    names, growth = _columns(width, longest)
    label = clean(workspace.label, max_len=names)
    if workspace.error is not None:
        line = f"{label:<{names}} could not be read: {clean(workspace.error)}"
        return line if whole_reason else line[:width]
    share = organization.share(workspace)
    figures = f"{label:<{names}} {workspace.count:>8,} {formatting.size(workspace.bytes):>9} {share_text(share):>4} "
    if growth:
        added = "+" + formatting.size(workspace.growth) if workspace.growth else "0 B"
        figures += f"{added:>9} "
    if not workspace.complete:
        return (figures + "…")[:width]
    return (figures + bar(share, max(0, width - len(figures))))[:width].rstrip()


def total_line(organization: Organization, width: int) -> str:
    """`12.3 GB of 100 GB ▕██   ▏ 12% · 1,234 files in 4 workspaces`: all of them against the one cap."""
    used = f"{formatting.size(organization.bytes)} of {formatting.size(organization.cap_bytes)} "
    spaces = len(organization.workspaces)
    files = f"{organization.count:,} files" + ("" if organization.complete else " so far")
    tail = f" {share_text(organization.share()):>4} · {files} in {spaces} workspace{'s' * (spaces != 1)}"
    if len(used) + len(tail) + 6 > width:
        tail = f" {share_text(organization.share()):>4} · {files}"
    if len(used) + len(tail) + 6 > width:  # no room for a bar worth reading
        return f"{used.rstrip()} ·{tail}"
    return used + "▕" + bar(organization.share(), max(4, width - len(used) - len(tail) - 2)) + "▏" + tail


def unreadable_note(organization: Organization) -> str:
    """'' when every workspace was read; else which were not (their bytes are not in the total)."""
    missing = organization.unreadable
    if not missing:
        return ""
    names = ", ".join(clean(w.label) for w in missing)
    return f"not counted, could not be read: {names}"


def organization_table(organization: Organization, width: int) -> str:
    """The view as text: the total against the cap, a header, one row per workspace, what was not read."""
    longest = max((len(clean(w.label)) for w in organization.workspaces), default=0)
    lines = ["claude-files du --all-workspaces", total_line(organization, width), ""]
    lines.append(header_line(width, longest))
    lines += [workspace_line(organization, w, width, longest) for w in organization.workspaces]
    if note := unreadable_note(organization):
        lines += ["", note]
    return "\n".join(line.rstrip() for line in lines)
