"""`s`: where to save one file (a full path) or several (a folder), and what to do on a clash.

The destination is prefilled with the working directory plus the server's name made safe
(`localfs.safe_local_name`). When a name exists already the dialog asks: keep both
(the default, Enter), overwrite (`o`) or cancel (Esc). The dialog only decides; the
main screen streams the bytes through `AtomicDownload`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from .. import formatting
from ..keymap import DOWNLOAD_DIALOG_KEYS, bindings
from ..localfs import home_short, keep_both_name, safe_local_name, shown_path
from ..text import clean, markup_safe
from ..widgets.path_input import PathInput


@dataclass
class DownloadPlan:
    """Each file with the path it should get; on a clash keep both unless `overwrite`."""

    targets: list[tuple[Any, Path]]
    overwrite: bool = False


def _expand(text: str, cwd: Path) -> Path:
    path = Path(os.path.expandvars(os.path.expanduser(text.strip())))
    return path if path.is_absolute() else cwd / path


def _names(rows: list[Any], limit: int = 3) -> str:
    names = ", ".join(clean(row.filename) for row in rows[:limit])
    return names + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


class DownloadDialog(ModalScreen[DownloadPlan | None]):
    BINDINGS = bindings(DOWNLOAD_DIALOG_KEYS)

    DEFAULT_CSS = """
    DownloadDialog { align: center middle; }
    DownloadDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    DownloadDialog #download-about { height: auto; margin-top: 1; }
    DownloadDialog #download-problem { height: auto; color: $error; display: none; }
    DownloadDialog #download-problem.-shown { display: block; }
    DownloadDialog #download-clash-text { height: auto; color: $warning; display: none; }
    DownloadDialog #download-clash-text.-shown { display: block; }
    DownloadDialog .download-row { height: 3; display: none; }
    DownloadDialog .download-row.-shown { display: block; }
    DownloadDialog .download-row > Label { width: 1fr; padding-top: 1; }
    DownloadDialog Button { margin-left: 1; min-width: 10; }
    """

    def __init__(self, files: list[Any], skipped: list[Any] | None = None, start_dir: Path | None = None) -> None:
        super().__init__()
        self.files = files
        self.skipped = skipped or []
        self.start_dir = start_dir or Path.cwd()
        self.single = len(files) == 1
        self._pending: list[tuple[Any, Path]] = []

    def compose(self) -> ComposeResult:
        total = formatting.size(sum(row.size_bytes for row in self.files))
        if self.single:
            title = f"Save {markup_safe(self.files[0].filename, max_len=50)}"  # border titles are markup
            about = f"{clean(self.files[0].filename)} · {total} · saved as:"
            start = home_short(self.start_dir / safe_local_name(self.files[0].filename))
        else:
            title = f"Save {len(self.files)} files"
            about = f"{len(self.files)} files ({total}) into this folder:"
            start = home_short(self.start_dir).rstrip("/") + "/"
        if self.skipped:
            about += f"\nSkipped, not downloadable ({len(self.skipped)}): {_names(self.skipped)}"
        with Vertical() as box:
            box.border_title = title
            box.border_subtitle = "Enter saves · Tab completes · Esc cancels"
            yield Static(Text(about), id="download-about")
            yield PathInput(start, id="download-dest", cwd=self.start_dir)
            yield Static("", id="download-problem")
            yield Static("", id="download-clash-text")
            with Horizontal(id="download-clash", classes="download-row"):
                yield Label("")
                yield Button("Keep both", id="download-keep", variant="primary")
                yield Button("Overwrite", id="download-overwrite", variant="warning")
                yield Button("Cancel", id="download-clash-cancel")
            with Horizontal(id="download-buttons", classes="download-row -shown"):
                yield Label("")
                yield Button("Cancel", id="download-cancel")
                yield Button("Save", id="download-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one(PathInput).focus()

    def on_key(self, event: Any) -> None:
        """`o` overwrites while the clash question is showing."""
        if event.key == "o" and self._pending and not isinstance(self.focused, PathInput):
            event.stop()
            self.dismiss(DownloadPlan(self._pending, overwrite=True))

    # --- deciding -----------------------------------------------------------------------

    @on(PathInput.Changed)
    def _edited(self) -> None:
        if self._pending:
            self._pending = []
            self._show_clash(None)

    @on(PathInput.Submitted)
    def _enter(self, event: PathInput.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#download-save")
    def _save(self) -> None:
        self.submit()

    @on(Button.Pressed, "#download-keep")
    def _keep(self) -> None:
        self.dismiss(DownloadPlan(self._pending, overwrite=False))

    @on(Button.Pressed, "#download-overwrite")
    def _overwrite(self) -> None:
        self.dismiss(DownloadPlan(self._pending, overwrite=True))

    @on(Button.Pressed, "#download-cancel, #download-clash-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def submit(self) -> None:
        """Work out each file's path; ask about clashes, otherwise go."""
        typed = self.query_one(PathInput).value
        if not typed.strip():
            self._problem("Type where to save.")
            return
        dest = _expand(typed, self.start_dir)
        if self.single:
            if dest.is_dir():
                dest = dest / safe_local_name(self.files[0].filename)
            folder = dest.parent
            targets = [(self.files[0], dest)]
        else:
            folder = dest
            targets = [(row, dest / safe_local_name(row.filename)) for row in self.files]
        if not folder.is_dir():
            self._problem(f"The folder {shown_path(folder)} does not exist.")
            return
        if not os.access(folder, os.W_OK | os.X_OK):
            self._problem(f"Cannot write in {shown_path(folder)}: permission denied.")
            return
        if self.single and dest.is_dir():
            self._problem(f"{shown_path(dest)} is a folder.")
            return
        clashes = list(dict.fromkeys(path for _, path in targets if os.path.lexists(path)))  # two files, one name: once
        if not clashes:
            self.dismiss(DownloadPlan(targets))
            return
        self._problem(None)
        self._pending = targets
        if self.single:
            text = f"{clashes[0].name} exists. Keep both saves it as {keep_both_name(clashes[0]).name}."
        else:
            text = f"{len(clashes)} of these names exist already: {', '.join(p.name for p in clashes[:3])}."
        self._show_clash(text)

    def _show_clash(self, text: str | None) -> None:
        clash_text = self.query_one("#download-clash-text", Static)
        clash_text.update(Text(clean(text or "") + ("\nEnter keeps both · o overwrites · Esc cancels" if text else "")))
        clash_text.set_class(text is not None, "-shown")
        self.query_one("#download-clash").set_class(text is not None, "-shown")
        self.query_one("#download-buttons").set_class(text is None, "-shown")
        if text is not None:
            self.query_one("#download-keep", Button).focus()

    def _problem(self, text: str | None) -> None:
        box = self.query_one("#download-problem", Static)
        box.update(Text(clean(text or "")))
        box.set_class(text is not None, "-shown")
