"""The one confirmation modal: every destructive action asks here, and the default is No.

Esc cancels (dismiss False); `y` or choosing Yes confirms (dismiss True); Enter presses the
focused button, No at first, and the hint under the box says what Enter does now. Bulk
deletes above a threshold pass `type_to_confirm` so a stray `y` cannot wipe a workspace:
Yes stays disabled until the exact text (the file count) is typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..keymap import CONFIRM_KEYS, CONFIRM_YES, bindings, key_label
from ..text import markup_safe

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp


class Choice(NamedTuple):
    """An extra button between No and Yes; `key` is an optional single-key shortcut."""

    label: str
    value: Any
    key: str | None = None


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
    ConfirmModal #confirm-typed.-wrong { border: tall $error; }
    ConfirmModal #confirm-typed.-wrong.-textual-compact { background: $error 30%; }
    ConfirmModal #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 1; min-width: 8; }
    /* Short terminals (down to 12 rows): the body scrolls in what is left, so the typed-count
       box and the buttons stay on screen. */
    ConfirmModal.-short > Vertical { max-height: 100%; }
    ConfirmModal.-short #confirm-scroll { max-height: 4; margin: 0; }
    ConfirmModal.-short #confirm-typed { margin: 0; }
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
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes_label = yes_label
        self.type_to_confirm = type_to_confirm
        self.extra_choices = [Choice(*choice) for choice in extra_choices or ()]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = markup_safe(self.title_text)  # plain text in, and border titles are markup
            box.border_subtitle = markup_safe(self._hint())
            with VerticalScroll(id="confirm-scroll", can_focus=False):
                yield Static(self.body, id="confirm-body")
            if self.type_to_confirm is not None:
                yield Input(placeholder=f"type {self.type_to_confirm} to confirm", id="confirm-typed")
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

    def _enter_does(self) -> str:
        focused = self.focused
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
        if isinstance(self.focused, Input):
            return
        if event.key in self.app.bound_keys()[CONFIRM_YES.id] and self.type_to_confirm is None:
            event.stop()
            self.dismiss(True)
            return
        for choice in self.extra_choices:
            if choice.key is not None and event.key == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def action_choose_no(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "confirm-yes":
            self.dismiss(True)
        elif button_id.startswith("confirm-extra-"):
            self.dismiss(self.extra_choices[int(button_id.rsplit("-", 1)[1])].value)
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
            self.dismiss(True)
            return
        event.input.add_class("-wrong")
        cancel = key_label(self.app.bound_keys()["confirm.cancel"][:1])
        box = self.query_one("#confirm-box", Vertical)
        box.border_subtitle = markup_safe(f"✗ type {self.type_to_confirm} exactly · {cancel} cancels")
