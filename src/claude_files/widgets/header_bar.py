"""The top line: where we are connected, what is loaded, and how much of the cap it uses."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .. import formatting
from ..model.files import SORT_LABELS, FileList
from ..text import clean


class HeaderBar(Static):
    DEFAULT_CSS = """
    HeaderBar { height: 1; background: $primary-background; color: $text; padding: 0 1; }
    """

    def show(self, *, where: str, workspace: str | None, model: FileList, loading: bool) -> None:
        loaded = f"{len(model.rows):,} files"
        if model.has_more:
            loaded += " loaded, more on server" if model.loaded_once else ""
        if loading and not model.loaded_once:
            loaded = "loading…"
        usage = f"{formatting.size(model.loaded_bytes)} of {formatting.size(formatting.STORAGE_CAP_BYTES)}"
        line = Text.assemble(
            ("claude-files", "bold"),
            " · ",
            clean(where),
            " · ",
            f"workspace {clean(workspace or 'default')}",
            " · ",
            loaded,
            " · ",
            usage,
            " · ",
            f"sort: {SORT_LABELS[model.sort]}",
            no_wrap=True,
            overflow="ellipsis",
        )
        self.update(line)
