"""Keys from the terminal take effect one at a time, in the order they were typed.

Over SSH a burst of keys arrives in one read, and Textual hands each key to the widget that
has focus *when the app reads it*. A key's bindings run only when it has bubbled back up to
the app, and what a key sets off (Input.Submitted closing the filter, a dialog mounting and
focusing its field) lands later still. So in a burst, later keys overtook earlier ones:
`/` ctrl+u `notes` Enter ctrl+a came out as an empty filter and every file marked.

`KeysInOrder` (a mixin for the App) holds every key and paste from the terminal in a queue
and lets the next one through only when the previous one has settled: the App dispatches
it as usual, then a `KeyFence` message is posted to the widget that has focus and bubbles up
to the app. Textual queues messages per widget, first in, first out, so when the fence
arrives every widget between has handled everything queued before it: the key itself on
its way up, the bindings it ran, the messages they posted on the way. Rounds of fences go on
until one passes with focus where it was and nothing left queued on the way; so a burst has
the same effect as the same keys typed one at a time. Before judging, the app lets the event
loop turn once: a key's action may start a worker whose first step opens a dialog
(`push_screen_wait`), and the fence, queued right behind the key, can otherwise reach the app
before that step has run.

A screen that is not ready for a key typed at it yet says so (`waits_before(key)`: the switcher
listing workspaces, ctrl+a loading every page): the key waits for it, however long that takes,
as a person would have waited to see the list before pressing j (`w j Enter` moved nowhere;
after 3 s of loading, the `d` of `ctrl+a Enter d` went to the progress dialog). Esc, ctrl+q and
ctrl+c never wait: they are how one stops or leaves what is waited for.

Esc and the next key in one read (Esc then `j` typed quickly over SSH) are one sequence to a
terminal parser, alt+j (character "j"); adapters/textual_private.py makes sure the alt survives for every
key (alt+slash, alt+space, alt+enter, alt+ctrl+a …), as Textual's own parser drops it for all
but letters. When its turn comes, an alt key read from those bytes that nothing on screen binds
is let through as the Esc and the key that were typed: otherwise an Input typed the `j` and the
filter never closed, and Esc space in the table marked a row instead of clearing the marks.

This module is the one place that relies on how Textual dispatches keys (all through public
API); tests/tui/test_textual_contract.py checks those assumptions against the installed Textual.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

    _Base = App[Any]
else:
    _Base = object

MAX_ROUNDS = 16
"""A key that has not settled after this many fence rounds lets the next one go (a busy app,
e.g. an answer streaming in, may never be fully quiet)."""
SETTLE_LIMIT = 3.0
"""Nor after this long (seconds): keys must not wait on a blocked app forever (a screen that
says it is not ready for a key is waited for without limit; Esc still goes)."""
INTERRUPTS = frozenset({"escape", "ctrl+q", "ctrl+c"})
"""Keys that go to a screen not ready for keys: they stop or leave what is waited for."""
FENCE_TIMEOUT = 0.05
"""A fence not back by then may have been dropped with its widget (a dialog closed): send
another. The earlier one still counts if it arrives, so a slow machine only sends more."""

TerminalInput = events.Key | events.Paste


class KeyFence(Message):
    """Travels up from the focused widget to the app behind a key; on arrival every widget it
    passed has handled what was queued there before it."""

    def __init__(self, key: TerminalInput) -> None:
        super().__init__()
        self.key = key

    @property
    def control(self) -> None:
        return None


def key_after_escape(key: events.Key) -> events.Key | None:
    """The key typed after Esc when `key` is how a terminal read gives the pair (Esc `j` →
    alt+j, Esc `J` → alt+shift+j, Esc `/` → alt+slash, Esc ctrl+a → alt+ctrl+a, each with the
    second key's character), else None. An alt key without a character (the kitty keyboard
    protocol's) was really typed with alt."""
    character = key.character
    if character is None or len(character) != 1 or not key.key.startswith("alt+"):
        return None
    name = key.key.removeprefix("alt+")
    if name == f"shift+{character.lower()}" and character.isupper():
        name = character  # Textual names a capital by itself
    return events.Key(name, character)


class KeysInOrder(_Base):
    """Mixin for the App (listed before `App`): terminal keys and pastes, one at a time."""

    _current: TerminalInput | None = None
    _fence: KeyFence | None = None
    _path: tuple[DOMNode, ...] = ()
    _rounds = 0
    _started = 0.0
    _fence_sent = 0.0
    _watchdog: Timer | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: deque[TerminalInput] = deque()

    @property
    def keys_on_their_way(self) -> bool:
        """Keys from the terminal are waiting or the last one has not settled yet."""
        return self._current is not None or bool(self._waiting)

    def _screen_ready_for(self, key: TerminalInput) -> bool:
        """The screen on top takes `key` now (see the docstring), or `key` begins with Esc."""
        if isinstance(key, events.Key) and (key.key in INTERRUPTS or key_after_escape(key) is not None):
            return True
        waits_before = getattr(self.screen, "waits_before", None)
        return waits_before is None or not waits_before(key)

    def _hold(self, event: events.Event) -> bool:
        """Queue `event` if it is input from the terminal whose turn has not come."""
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded or event is self._current:
            return False
        self._waiting.append(event)
        if self._current is None:
            self._let_next_through()
        return True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, TerminalInput) and not self.screen_stack:
            self._waiting.clear()  # the app is closing: a key still on its way has no screen to go to
            self._current = None
            return
        if self._hold(event):
            return
        current = self._current
        its_turn = current is not None and event is current and not event.is_forwarded
        await super().on_event(event)
        if its_turn and current is not None:  # the App has run priority bindings and passed it to the focused widget
            self._send_fence(current)

    async def on_key_fence(self, fence: KeyFence) -> None:
        fence.stop()
        if fence.key is not self._current:
            return  # a key that has settled already
        await asyncio.sleep(0)  # one turn of the event loop: a worker the key started takes its first step
        if fence.key is not self._current or not self.screen_stack:
            return  # settled meanwhile, or the app is closing
        latest = fence is self._fence
        self._rounds += latest
        path = self._focus_path()
        quiet = path == self._path and all(node.message_queue_size == 0 for node in path)
        if quiet or self._rounds >= MAX_ROUNDS or monotonic() - self._started > SETTLE_LIMIT:
            self._let_next_through()
        elif latest:
            self._send_fence(fence.key)  # an earlier fence arriving late leaves the next round to the latest

    def _let_next_through(self) -> None:
        ready = bool(self._waiting) and bool(self.screen_stack) and self._screen_ready_for(self._waiting[0])
        self._current = self._unbound_alt_split(self._waiting.popleft()) if ready else None
        self._fence = None
        if self._current is None and not self._waiting:
            if self._watchdog is not None:
                self._watchdog.pause()
            return
        if self._watchdog is None:
            self._watchdog = self.set_interval(FENCE_TIMEOUT, self._check_progress)
        else:
            self._watchdog.resume()  # also to look again at a screen not ready for the next key
        if self._current is None:
            return
        self._rounds = 0
        self._started = monotonic()
        self.post_message(self._current)  # back to the App's own queue; `_hold` lets it through now

    def _unbound_alt_split(self, key: TerminalInput) -> TerminalInput:
        """An alt key nothing binds becomes Esc now and the key typed after it next (see the docstring)."""
        if not isinstance(key, events.Key):
            return key
        typed = key_after_escape(key)
        if typed is None or key.key in self.active_bindings:  # alt+j bound (a remap): it is meant
            return key
        self._waiting.appendleft(typed)
        return events.Key("escape", "\x1b")

    def _focus_path(self) -> tuple[DOMNode, ...]:
        """Where a key typed now would go (the App forwards to the focused widget, else the
        screen) and every node it bubbles through on the way back to the App."""
        return tuple((self.focused or self.screen).ancestors_with_self)

    def _send_fence(self, key: TerminalInput) -> None:
        self._path = self._focus_path()
        self._fence = KeyFence(key)
        self._fence_sent = monotonic()
        self._path[0].post_message(self._fence)

    def _check_progress(self) -> None:
        """A fence lost with its widget (or refused by a closing one) is sent again; a key
        that cannot settle in time lets the next one go."""
        key = self._current
        if key is None:
            self._let_next_through()  # the next key waits for its screen: is it ready now?
            return
        if monotonic() - self._started > SETTLE_LIMIT:
            self._let_next_through()
        elif self._fence is not None and monotonic() - self._fence_sent >= FENCE_TIMEOUT:
            self._send_fence(key)
