"""The top line: where we are connected, what is loaded, and how much of the cap it uses."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from .. import formatting
from ..config import Settings
from ..model.files import FileList
from ..session import Session
from ..text import clean
from .line_bar import LineBar


class HeaderBar(LineBar):
    """Drawn from the model and the session; redraws when the screen's bound `pages_loading`
    changes (`data_bind`) or a bound model `revision` changes the line (most revisions, a
    move or a mark, do not), never because someone remembered to call it."""

    DEFAULT_CSS = """
    HeaderBar { background: $primary-background; color: $text; }
    """

    pages_loading: reactive[bool] = reactive(False)  # not `loading`: that is every widget's spinner

    def __init__(self, model: FileList, session: Session, settings: Settings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.session = session
        self.settings = settings

    def line(self) -> Text:
        model, session = self.model, self.session
        if not model.loaded_once:
            loaded = "loading…" if self.pages_loading else "nothing loaded"
        elif model.has_more:
            loaded = f"{len(model.rows):,} files loaded, more on server"
        else:
            loaded = f"{len(model.rows):,} files"
        cap = formatting.size(formatting.STORAGE_CAP_BYTES)
        # Nothing listed yet (loading, server unreachable, key refused): the use is not known.
        used = f"{formatting.size(model.loaded_bytes)} of {cap}" if model.loaded_once else f"storage used unknown (cap {cap})"
        profile = session.profile  # the profile name or "env" (None: a key given by the program, or the demo)
        read_only = session.read_only(self.settings)
        where = Text.assemble(
            *((("read-only", "bold reverse"), " │ ") if read_only else ()),  # first: wide or narrow, it shows
            *((f"profile {clean(profile)}", " │ ") if profile else ()),
            (clean(session.where), "bold"),
            " │ ",
            f"ws {clean(session.workspace or 'default')}",
        )
        counts = Text(f"{loaded} │ {used}")
        # Once files are listed their count and size stay whole: where we are connected gives way
        # first (the switcher shows it whole). Before that, where we try to connect matters more.
        # Too narrow for any of it (40 columns): the name and the place go, the counts stay.
        room = self.content_size.width - len("claude-files │ ") - len(" │ ") - counts.cell_len
        if model.loaded_once and room < where.cell_len:
            if room <= 1:
                marker = (("read-only", "bold reverse"), " │ ") if read_only else ()
                return Text.assemble(*marker, counts, no_wrap=True, overflow="ellipsis")
            where.truncate(room, overflow="ellipsis")
        line = Text.assemble(("claude-files", "bold"), " │ ", where, " │ ", counts, no_wrap=True, overflow="ellipsis")
        return line
