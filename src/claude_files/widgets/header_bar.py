"""The top line: where we are connected, what is loaded, and how much of the cap it uses."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive

from .. import formatting
from ..config import Settings
from ..model.files import FileList
from ..session import Session
from ..text import clean
from .line_bar import LineBar

SEPARATOR = " │ "
# Which part gives way next when the line is too long, and to which of its shorter forms:
# live refresh's age, the program's name, the host's port, the cap, the "loaded" words, the word
# "profile", the word "live", the size used, the file count. The place (host, workspace,
# read-only) stays: a delete acts there.
SHRINK_ORDER = (
    ("live", 1),
    ("app", 1),
    ("host", 1),
    ("used", 1),
    ("loaded", 1),
    ("profile", 1),
    ("live", 2),
    ("used", 2),
    ("loaded", 2),
)
# Then names are cut, "…" marking the cut, down to these cells (a workspace id keeps 9 of its end).
CUT_ORDER = (("profile", 6), ("workspace", 10), ("host", 6), ("workspace", 6))


class HeaderBar(LineBar):
    """Drawn from the model (its rows and `loading`) and the session; redraws when a change of
    the model changes the line (most, a move or a mark, do not), never because someone
    remembered to call it."""

    DEFAULT_CSS = """
    HeaderBar { background: $primary-background; color: $text; }
    """

    live: reactive[str] = reactive("")  # live refresh's words, "live · 3s ago" (components/live.py)

    def __init__(self, model: FileList, session: Session, settings: Settings, *, id: str | None = None) -> None:
        super().__init__(model, id=id)
        self.session = session
        self.settings = settings

    def line(self) -> Text:
        """As much as fits in the width: parts give way in SHRINK_ORDER, the place last of all."""
        forms = self._forms()
        chosen = dict.fromkeys(forms, 0)
        width = self.content_size.width
        for part, form in SHRINK_ORDER:
            if _assemble(forms, chosen).cell_len <= width:
                break
            chosen[part] = min(form, len(forms[part]) - 1)  # a part without that form keeps its shortest
        line = _assemble(forms, chosen)
        overflow = line.cell_len - width
        for part, least in CUT_ORDER:  # still too long: cut names, down to `least` cells each
            if overflow <= 0:
                break
            text = forms[part][chosen[part]]
            keep = max(least, cell_len(text) - overflow)
            if keep < cell_len(text):
                tail = part == "workspace" and self.session.workspace_name is None  # an id: its end tells
                forms[part] = (*forms[part], _cut(text, keep, tail=tail))
                chosen[part] = len(forms[part]) - 1
                line = _assemble(forms, chosen)
                overflow = line.cell_len - width
        return line

    def _forms(self) -> dict[str, tuple[str, ...]]:
        """Each part of the line, longest form first ("" drops the part)."""
        model, session = self.model, self.session
        count = f"{len(model.rows):,}"
        if model.stale.active:  # the last view's rows, drawn before the server answered
            loaded: tuple[str, ...] = (model.stale.words(), model.stale.words(short=True))
        elif not model.loaded_once:
            loaded = ("loading…",) * 2 if model.loading.fetching else ("nothing loaded",) * 2
        elif model.has_more:
            loaded = (f"{count} files loaded, more on server", f"{count}+ files")
        else:
            loaded = (f"{count} files",) * 2
        cap = formatting.size(formatting.STORAGE_CAP_BYTES)
        if model.loaded_once and not model.stale.active:
            used = formatting.size(model.loaded_bytes)
            used_forms = (f"{used} of {cap}", used, "")
        else:  # nothing listed yet (loading, server unreachable, key refused): the use is not known
            used_forms = (f"storage used unknown (cap {cap})", "", "")
        host = clean(session.where)
        profile = clean(session.profile) if session.profile else ""
        return {
            "app": ("claude-files", ""),
            "read_only": ("read-only",) if session.read_only(self.settings) else ("",),
            "profile": (f"profile {profile}", profile) if profile else ("",),
            "host": (host, _short_host(host)),
            "workspace": (clean(session.workspace_label),),
            "loaded": (*loaded, ""),
            "used": used_forms,
            "live": _live_forms(self.live),
        }


def _live_forms(words: str) -> tuple[str, ...]:
    """ "live · 3s ago" gives way to "live"; "live · retry in 40s" to "live · retrying", never to a
    bare "live" that reads as all well while the server does not answer."""
    if not words:
        return ("",)
    short = "live · retrying" if " · retry in " in words else words.split(" · ")[0]
    return (words, short, "")


def _assemble(forms: dict[str, tuple[str, ...]], chosen: dict[str, int]) -> Text:
    styles = {"app": "bold", "read_only": "bold reverse", "host": "bold"}
    parts: list[Text] = []
    for name in ("read_only", "app", "profile", "host", "workspace", "loaded", "used", "live"):
        words = forms[name][chosen[name]]
        if words:
            parts.append(Text("ws " + words) if name == "workspace" else Text(words, style=styles.get(name, "")))
    line = Text(SEPARATOR).join(parts)
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def _short_host(host: str) -> str:
    """The host without its port (the local demo server: "demo server")."""
    if host == "local demo server":
        return "demo server"
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() and "]" not in port else host


def _cut(text: str, cells: int, *, tail: bool) -> str:
    """`text` in `cells` cells with "…": a workspace id keeps its end (ids share their start)."""
    keep = max(1, cells - 1)
    return "…" + text[-keep:] if tail else text[:keep] + "…"
