"""The top line: where we are connected, what is loaded, and how much of the cap it uses."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .. import formatting
from ..model.files import FileList
from ..text import clean


class HeaderBar(Static):
    DEFAULT_CSS = """
    HeaderBar { height: 1; background: $primary-background; color: $text; padding: 0 1; }
    """

    def show(
        self,
        *,
        where: str,
        workspace: str | None,
        model: FileList,
        loading: bool,
        profile: str | None = None,
        read_only: bool = False,
    ) -> None:
        """`profile` is the profile name or "env" (None: a key given by the program, or the demo)."""
        if not model.loaded_once:
            loaded = "loading…" if loading else "nothing loaded"
        elif model.has_more:
            loaded = f"{len(model.rows):,} files loaded, more on server"
        else:
            loaded = f"{len(model.rows):,} files"
        cap = formatting.size(formatting.STORAGE_CAP_BYTES)
        # Nothing listed yet (loading, server unreachable, key refused): the use is not known.
        used = f"{formatting.size(model.loaded_bytes)} of {cap}" if model.loaded_once else f"storage used unknown (cap {cap})"
        line = Text.assemble(
            ("claude-files", "bold"),
            " │ ",
            *((("read-only", "bold reverse"), " │ ") if read_only else ()),  # first: wide or narrow, it shows
            *((f"profile {clean(profile)}", " │ ") if profile else ()),
            (clean(where), "bold"),
            " │ ",
            f"ws {clean(workspace or 'default')}",
            " │ ",
            loaded,
            " │ ",
            used,
            no_wrap=True,
            overflow="ellipsis",
        )
        self.update(line)
