"""Keys typed ahead keep their order when a key moves focus (`/`, `c`, Tab, Enter, Esc, …).

Textual queues each key on the widget that has focus when the key is read. Over SSH a burst
such as `/bulk-` Enter ctrl+a arrives in one read: `bulk-` waits in the table's queue while
`/` is still on its way to the screen that opens the filter, and would be lost; ctrl+a then
waits in the filter's queue and would edit a field that is about to close. A widget with
this mixin holds what follows a focus-moving key and passes it on, in order, to whichever
widget has focus once it has moved, or takes the keys back itself when focus stayed (a key
that only sometimes moves it, e.g. Esc that just stopped a running answer).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from time import monotonic
from typing import TYPE_CHECKING

from textual import events
from textual.timer import Timer
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: a second Widget base would hide the widget's COMPONENT_CLASSES

HOLD_LIMIT = 1.0
"""Longest hold, for when the app stays busy: then the keys go where focus is by now."""
POLL = 0.02

_handled_keys: weakref.WeakSet[events.Key] = weakref.WeakSet()


def key_handled(event: events.Key) -> None:
    """The app has run `event`'s bindings (it calls this one turn after the key reached it)."""
    _handled_keys.add(event)


class HoldsTypeahead(_Base):
    """Mixin (listed before the widget class) for a focusable widget; `hold_after` names the
    keys (Textual names) that may move focus."""

    hold_after: frozenset[str] = frozenset()
    _held: list[events.Key] | None = None
    _hold_timer: Timer | None = None
    _hold_started = 0.0
    _leaving_key: events.Key | None = None

    async def _on_key(self, event: events.Key) -> None:
        if self._held is not None:  # focus may be about to move: this key goes where focus goes
            event.stop()
            event.prevent_default()  # not handled here (an Input would type it)
            self._held.append(event)
        elif event.key in self.hold_after:
            self._held = []
            self._leaving_key = event
            self._hold_started = monotonic()
            self._hold_timer = self.set_interval(POLL, self._check_hold)

    def _on_blur(self, event: events.Blur) -> None:
        self._release()

    def _check_hold(self) -> None:
        """Release once focus has moved to a widget, or once the key has been handled without
        moving it (its bindings ran and nothing they started is still queued), or at the limit."""
        focused = self.app.focused
        moved = focused is not None and focused is not self
        settled = (
            focused is self
            and self._leaving_key in _handled_keys
            and all(node.message_queue_size == 0 for node in self.ancestors_with_self)
        )
        if moved or settled or monotonic() - self._hold_started > HOLD_LIMIT:
            self._release()

    def _release(self) -> None:
        held, self._held = self._held, None
        self._leaving_key = None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if held:
            target = self.app.focused or self.app.screen
            for key in held:
                again = events.Key(key.key, key.character)
                again._set_forwarded()  # noqa: SLF001 - else the App takes it for a new key and sends it round again
                target.post_message(again)


class TypeaheadInput(HoldsTypeahead, Input):
    """An Input whose leaving keys (Enter, Esc, Tab, …) let the keys typed after them through."""

    def __init__(self, *args: object, leave_keys: Iterable[str] = ("enter", "escape", "tab"), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hold_after = frozenset(leave_keys)
