"""The one confirmation modal: every destructive action asks here, and the default is No.

Esc cancels (dismiss False); `y` or choosing Yes confirms (dismiss True); Enter presses the
focused button, No at first, and the hint under the box says what Enter does now. Bulk
deletes above a threshold pass `type_to_confirm` so a stray `y` cannot wipe a workspace:
Yes stays disabled until the exact text (the file count) is typed.

Given `archive_folder`, it also offers "archive first" (off until `a` or the checkbox turns it
on; the folder shown, and editable, below it): `archive_dir` then says where the caller should archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from ..keymap import CONFIRM_KEYS, CONFIRM_YES, bindings, key_label
from ..localfs import home_short
from ..model.confirmation import Span
from ..text import markup_safe

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp


ARCHIVE_KEY = "a"


class Choice(NamedTuple):
    """An extra button between No and Yes; `key` is an optional single-key shortcut."""

    label: str
    value: Any
    key: str | None = None


class _CountBox(Input):
    """The typed count: `a` is never part of a number, so it reaches the modal (archive first)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character == ARCHIVE_KEY:
            event.prevent_default()  # Input's own handler (run after this one) would type it; it bubbles on


class ConfirmModal(ModalScreen[Any]):
    """Ask before doing something that cannot be undone; dismisses with the chosen value."""

    BINDINGS = bindings(CONFIRM_KEYS)

    if TYPE_CHECKING:  # Textual's own way to type `self.app` (its MessagePump does the same)
        app = getters.app(ClaudeFilesApp)

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $error; padding: 0 1; background: $surface;
    }
    ConfirmModal #confirm-scroll { height: auto; max-height: 14; margin: 1 0; }
    ConfirmModal #confirm-typed { margin-bottom: 1; }
    ConfirmModal #confirm-archive { border: none; padding: 0; height: 1; background: $surface; }
    ConfirmModal #confirm-archive-dir { margin-bottom: 1; color: $text-muted; }
    ConfirmModal.-archive #confirm-archive-dir { color: $text; }
    ConfirmModal #confirm-typed.-wrong { border: tall $error; }
    ConfirmModal #confirm-typed.-wrong.-textual-compact { background: $error 30%; }
    ConfirmModal #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 1; min-width: 8; }
    /* Short terminals (down to 12 rows): the body scrolls in what is left, so the typed-count
       box and the buttons stay on screen. */
    ConfirmModal.-short > Vertical { max-height: 100%; }
    ConfirmModal.-short #confirm-scroll { max-height: 4; margin: 0; }
    ConfirmModal.-short #confirm-typed { margin: 0; }
    ConfirmModal.-short #confirm-archive-dir { margin: 0; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(
        self,
        title: str,
        body: Text,
        *,
        yes_label: str = "Delete",
        type_to_confirm: str | None = None,
        extra_choices: Sequence[Choice | tuple[Any, ...]] | None = None,
        archive_folder: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes_label = yes_label
        self.type_to_confirm = type_to_confirm
        self.extra_choices = [Choice(*choice) for choice in extra_choices or ()]
        self.archive_folder = archive_folder
        self.archive_dir: str | None = None
        """After a yes: the folder to archive into before deleting, or None (archive first is off)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = markup_safe(self.title_text)  # plain text in, and border titles are markup
            box.border_subtitle = markup_safe(self._hint())
            with VerticalScroll(id="confirm-scroll", can_focus=False):
                yield Static(self.body, id="confirm-body")
            if self.archive_folder is not None:
                yield Checkbox(_archive_label(False), id="confirm-archive", compact=True)
                yield Input(home_short(self.archive_folder), placeholder="archive folder", id="confirm-archive-dir")
            if self.type_to_confirm is not None:
                yield _CountBox(placeholder=f"type {self.type_to_confirm} to confirm", id="confirm-typed")
            with Horizontal(id="confirm-buttons"):
                yield Button("No", id="confirm-no", variant="primary")
                for index, choice in enumerate(self.extra_choices):
                    yield Button(choice.label, id=f"confirm-extra-{index}")
                yield Button(
                    f"Yes, {self.yes_label.lower()}" if self.type_to_confirm is None else self.yes_label,
                    id="confirm-yes",
                    variant="error",
                    disabled=self.type_to_confirm is not None,
                )

    def _hint(self) -> str:
        """The keys, with what Enter does where focus is now (it presses the focused button)."""
        bound = self.app.bound_keys()
        cancel = key_label(bound["confirm.cancel"][:1])
        enter = self._enter_does()
        if self.type_to_confirm is not None:
            if enter == "cancels":
                return f"type {self.type_to_confirm} · Enter/{cancel} cancel"
            return f"type {self.type_to_confirm}, Enter confirms · {cancel} cancels"
        yes = key_label(bound[CONFIRM_YES.id][:1])
        if enter == "cancels":
            return f"{yes} confirms · Enter/{cancel} cancel"
        if enter == "confirms":
            return f"{yes}/Enter confirm · {cancel} cancels"
        return f"{yes} confirms · Enter {enter} · {cancel} cancels"

    def _archive_dir_now(self) -> str | None:
        if self.archive_folder is None or not self.query_one("#confirm-archive", Checkbox).value:
            return None
        return self.query_one("#confirm-archive-dir", Input).value.strip() or None

    def _enter_does(self) -> str:
        focused = self.focused
        if isinstance(focused, Checkbox):
            return "turns archiving " + ("off" if focused.value else "on")
        if isinstance(focused, Input) and focused.id == "confirm-archive-dir":
            return "moves on"
        if isinstance(focused, Input) or (isinstance(focused, Button) and focused.id == "confirm-yes"):
            return "confirms"
        if isinstance(focused, Button) and (focused.id or "").startswith("confirm-extra-"):
            return f"chooses {focused.label}"
        return "cancels"

    def on_descendant_focus(self) -> None:
        self.query_one("#confirm-box", Vertical).border_subtitle = markup_safe(self._hint())

    def on_resize(self) -> None:
        """Below 20 rows the input and buttons go compact (one row each, no borders)."""
        compact = self.size.height < 20
        for button in self.query(Button):
            button.compact = compact
        for field in self.query(Input):
            field.compact = compact

    def on_mount(self) -> None:
        self.on_resize()
        if self.type_to_confirm is not None:
            self.query_one("#confirm-typed", Input).focus()
        else:
            self.query_one("#confirm-no", Button).focus()

    def on_key(self, event: events.Key) -> None:
        """`y` (confirm.yes in the key map) confirms unless the text must be typed; choice keys
        pick their choice. A key handler, not a binding: the callers' choice keys work the same way."""
        in_folder = isinstance(self.focused, Input) and self.focused.id == "confirm-archive-dir"
        if event.key == ARCHIVE_KEY and self.archive_folder is not None and not in_folder:
            event.stop()
            self.query_one("#confirm-archive", Checkbox).toggle()
            return
        if isinstance(self.focused, Input):
            return
        if event.key in self.app.bound_keys()[CONFIRM_YES.id] and self.type_to_confirm is None:
            event.stop()
            self._accept(True)
            return
        for choice in self.extra_choices:
            if choice.key is not None and event.key == choice.key:
                event.stop()
                self._accept(choice.value)
                return

    def _accept(self, value: Any) -> None:
        """Dismiss with a yes (or a choice), unless archive first is on without a folder."""
        self.archive_dir = self._archive_dir_now()
        if self.archive_folder is not None and self.query_one("#confirm-archive", Checkbox).value and not self.archive_dir:
            self.notify("Give the archive folder, or press a to delete without archiving.", markup=False)
            self.query_one("#confirm-archive-dir", Input).focus()
            return
        self.dismiss(value)

    @on(Checkbox.Changed, "#confirm-archive")
    def _archive_toggled(self, event: Checkbox.Changed) -> None:
        self.set_class(event.value, "-archive")
        event.checkbox.label = _archive_label(event.value)
        self.on_descendant_focus()

    @on(Input.Submitted, "#confirm-archive-dir")
    def _folder_enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_choose_no(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "confirm-yes":
            self._accept(True)
        elif button_id.startswith("confirm-extra-"):
            self._accept(self.extra_choices[int(button_id.rsplit("-", 1)[1])].value)
        else:
            self.dismiss(False)

    @on(Input.Changed, "#confirm-typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm-yes", Button).disabled = event.value.strip() != self.type_to_confirm
        if event.input.has_class("-wrong"):
            event.input.remove_class("-wrong")
            self.on_descendant_focus()  # the usual hint again

    @on(Input.Submitted, "#confirm-typed")
    def _typed_enter(self, event: Input.Submitted) -> None:
        """A wrong count is said in the box itself, not in a toast: a toast outlived the box
        and stayed over the delete's progress."""
        event.stop()
        if event.value.strip() == self.type_to_confirm:
            self._accept(True)
            return
        event.input.add_class("-wrong")
        cancel = key_label(self.app.bound_keys()["confirm.cancel"][:1])
        box = self.query_one("#confirm-box", Vertical)
        box.border_subtitle = markup_safe(f"✗ type {self.type_to_confirm} exactly · {cancel} cancels")


def _archive_label(on: bool) -> str:
    """Said in words too: the box's colour alone is lost on a monochrome terminal or a screen reader;
    the state first, so a narrow terminal that cuts the label still shows it."""
    return f"{'On' if on else 'Off'}: archive downloadable files first ({ARCHIVE_KEY})"


def drawn(spans: Sequence[Span]) -> Text:
    """A confirmation's words (model/confirmation.py) as Rich text, each piece in its style."""
    text = Text.assemble(*spans)
    text.rstrip()
    return text
