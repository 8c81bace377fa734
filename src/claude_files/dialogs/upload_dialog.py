"""`u`: choose files to upload, by typing a path or picking in a tree; checked before sending.

Every chosen file goes through `localfs.check_upload` here, so refusals (missing, empty,
too large, a FIFO, a name the API rejects) are explained before a single byte leaves.
When some files are fine and others not, the problems are listed and a second Enter
sends the good ones. The dialog only decides; the main screen does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Label, Select, Static

from .. import formatting
from ..keymap import UPLOAD_DIALOG_KEYS, bindings
from ..localfs import SHOWN_PATH_MAX, UploadCandidate, check_upload, home_short, shown_path
from ..text import clean
from ..widgets.path_input import PathInput

EXPIRY_CHOICES: tuple[tuple[str, int], ...] = (
    ("never expires", 0),
    ("expires in 1 hour", 3600),
    ("expires in 1 day", 86_400),
    ("expires in 7 days", 7 * 86_400),
    ("expires in 30 days", 30 * 86_400),
    ("expires in 90 days", 90 * 86_400),
)
MAX_PROBLEMS_SHOWN = 4


@dataclass
class UploadRequest:
    """What the user chose: files that passed the checks, and the expiry (None: never)."""

    files: list[UploadCandidate]
    expires_in_seconds: int | None


class UploadDialog(ModalScreen[UploadRequest | None]):
    BINDINGS = bindings(UPLOAD_DIALOG_KEYS)

    DEFAULT_CSS = """
    UploadDialog { align: center middle; }
    UploadDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    UploadDialog #upload-tree { height: 7; border: none; background: $boost; }
    UploadDialog #upload-picked { width: 100%; height: auto; max-height: 3; color: $text-muted; }
    UploadDialog #upload-problems { height: auto; max-height: 6; color: $error; display: none; }
    UploadDialog #upload-problems.-shown { display: block; }
    UploadDialog #upload-problems.-muted { color: $text-muted; }
    UploadDialog #upload-row { height: 3; }
    UploadDialog #upload-expiry { width: 26; }
    UploadDialog #upload-row > Label { width: 1fr; }
    UploadDialog Button { margin-left: 1; min-width: 10; }
    /* Short terminals (down to 12 rows): the tree takes what is left, so the expiry and the
       buttons stay on screen; narrow ones give the expiry the row's spare width. */
    UploadDialog.-short > Vertical { height: 100%; }
    UploadDialog.-short #upload-tree { height: 1fr; min-height: 2; }
    UploadDialog.-short #upload-picked { max-height: 1; }
    UploadDialog.-short #upload-problems { max-height: 2; }
    UploadDialog.-short #upload-row { height: 1; }
    UploadDialog.-narrow #upload-expiry { width: 1fr; }
    UploadDialog.-narrow #upload-row > Label { display: none; }
    UploadDialog.-narrow Button { min-width: 8; }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self, start_dir: Path | None = None, retry: UploadRequest | None = None) -> None:
        """`retry`: the files of an upload that failed, picked again with the same expiry."""
        super().__init__()
        self.start_dir = (start_dir or Path.cwd()).resolve()
        self.picked: list[Path] = [candidate.path for candidate in retry.files] if retry else []
        self._expiry = (retry.expires_in_seconds or 0) if retry else 0
        self.retrying = retry is not None
        self._confirm_partial: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Upload"
            box.border_subtitle = "Enter uploads · Tab completes · Esc cancels"
            yield PathInput(placeholder="path of a file, e.g. ~/report.pdf", id="upload-path", cwd=self.start_dir)
            yield DirectoryTree(self.start_dir, id="upload-tree")
            yield Label("", id="upload-picked")
            yield Static("", id="upload-problems")
            with Horizontal(id="upload-row"):
                yield Select(EXPIRY_CHOICES, value=self._expiry, allow_blank=False, id="upload-expiry")
                yield Label("")
                yield Button("Cancel", id="upload-cancel")
                yield Button("Upload", id="upload-go", variant="primary")

    def on_resize(self) -> None:
        """Below 20 rows the path, the expiry and the buttons go compact (one row each)."""
        compact = self.size.height < 20
        for widget in (self.query_one(PathInput), self.query_one(Select), *self.query(Button)):
            widget.compact = compact

    def on_mount(self) -> None:
        self.on_resize()
        tree = self.query_one(DirectoryTree)
        tree.root.set_label(Text(clean(home_short(self.start_dir).rstrip("/")) + "/"))
        self._show_picked()
        self.query_one(PathInput).focus()

    # --- choosing -----------------------------------------------------------------------

    @on(DirectoryTree.FileSelected)
    def _tree_pick(self, event: DirectoryTree.FileSelected) -> None:
        """Enter on a file in the tree picks it, or unpicks it when picked already."""
        event.stop()
        path = Path(event.path)
        if path in self.picked:
            self.picked.remove(path)
        else:
            self.picked.append(path)
        self._confirm_partial = None
        self.retrying = False
        self._show_picked()

    def _show_picked(self) -> None:
        label = self.query_one("#upload-picked", Label)
        if not self.picked:
            label.update("In the tree, Enter picks files (several allowed).")
            return
        if self.retrying:  # picked before, perhaps far from the tree's folder: the paths first
            fit = max(20, min(SHOWN_PATH_MAX, self.size.width - 12))  # one path fits a 40-column row
            paths = ", ".join(clean(shown_path(path, fit)) for path in self.picked)
            label.update(Text(f"retry: {paths} (not uploaded last time; Enter retries {len(self.picked)})"))
            return
        names = ", ".join(clean(path.name) for path in self.picked)
        label.update(Text(f"picked {len(self.picked)}: {names}", no_wrap=True, overflow="ellipsis"))

    @on(PathInput.Completions)
    def _completions(self, event: PathInput.Completions) -> None:
        if event.candidates:
            shown = "  ".join(
                clean(c.rstrip("/").rsplit("/", 1)[-1] + ("/" if c.endswith("/") else "")) for c in event.candidates[:20]
            )
            self._problems([f"matches: {shown}"], muted=True)

    @on(PathInput.Changed)
    def _typed(self) -> None:
        self._confirm_partial = None

    # --- deciding -----------------------------------------------------------------------

    @on(PathInput.Submitted)
    def _enter(self, event: PathInput.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#upload-go")
    def _go(self) -> None:
        self.submit()

    @on(Button.Pressed, "#upload-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def expires_in_seconds(self) -> int | None:
        value = self.query_one(Select).value
        return int(value) if isinstance(value, int) and value > 0 else None

    def submit(self) -> None:
        """Check every chosen file; go when all pass, or on a second Enter for the good ones."""
        typed = self.query_one(PathInput).value.strip()
        candidates: list[UploadCandidate] = []
        if typed:
            first = check_upload(typed, self.start_dir)
            if first.path.is_dir():
                if not self.picked:
                    self._open_directory(first.path)
                    return
            else:  # a folder left in the field is where files were picked, not a choice
                candidates.append(first)
        candidates += [check_upload(str(path)) for path in self.picked]
        unique = list({candidate.path: candidate for candidate in candidates}.values())
        if not unique:
            self._problems(["Type a path, or pick files in the tree with Enter."])
            return
        good = [c for c in unique if c.problem is None]
        bad = [c for c in unique if c.problem is not None]
        if not bad or (good and self._confirm_partial == tuple(str(c.path) for c in unique)):
            self.dismiss(UploadRequest(good, self.expires_in_seconds()))
            return
        lines = [f"✗ {c.problem}" for c in bad[:MAX_PROBLEMS_SHOWN]]
        if len(bad) > MAX_PROBLEMS_SHOWN:
            lines.append(f"… and {len(bad) - MAX_PROBLEMS_SHOWN} more")
        if good:
            total = formatting.size(sum(c.size for c in good))
            lines.append(f"Enter again to upload the {len(good)} good file(s) ({total}), Esc to cancel.")
            self._confirm_partial = tuple(str(c.path) for c in unique)
        self._problems(lines)

    def _open_directory(self, directory: Path) -> None:
        """A typed folder: show it in the tree so files can be picked there."""
        tree = self.query_one(DirectoryTree)
        tree.path = directory
        self.call_after_refresh(lambda: tree.root.set_label(Text(clean(home_short(directory).rstrip("/")) + "/")))
        self._problems([f"{shown_path(directory)} is a folder: pick files in the tree."], muted=True)
        tree.focus()

    def _problems(self, lines: list[str], *, muted: bool = False) -> None:
        box = self.query_one("#upload-problems", Static)
        box.update(Text("\n".join(clean(line) for line in lines)))
        box.set_class(bool(lines), "-shown")
        box.set_class(muted, "-muted")
