"""Textual 8.2.8's private members, the one module that uses them.

- The terminal parser (`textual._xterm_parser.XTermParser`, its `_sequence_to_key_events`, and
  the driver module's `XTermParser` name): `AltKeyParser`, below.
- `App._driver`: no public API writes raw bytes to the terminal (OSC 52 copies): `terminal_writer`.
- `ScrollView._scroll_update`: redraws the scrollbars for a new virtual size without a layout
  of the whole screen: `update_scrollbars`.
- `Screen._compositor`: the composed frame, which only the tests read: `composed_frame`.

tests/tui/test_textual_contract.py checks each on the installed Textual (and `textual<9` in
pyproject.toml keeps an untested major version out).

Esc and the key right behind it in one read arrive as one alt+<key>, for every key.

A terminal sends Esc as a lone `\\x1b` and alt+<key> as `\\x1b` then the key's bytes, so when
Esc and the next key come in one read (a burst over SSH) the two are one alt key. Textual
8.2.8's `XTermParser` keeps the alt only for a letter: `\\x1b/`, `\\x1b `, `\\x1b\\r`, `\\x1b?` and
`\\x1b\\x01` come out as plain slash, space, enter, question_mark and ctrl+a, the Esc lost before
any app code runs (Textual issues #6378 and #6663). It also keeps reading after an Esc and a key
it has no name for, so the keys behind wait for the Esc delay, and a second Esc in that read or
32 characters turn the first into a typed `^`; and it reads Esc b, f, Tab, Backspace and digits
as word motions, shift+tab, ctrl+w and macOS characters.

`AltKeyParser` reads Esc and any key but `[` and `O` (which start the terminal's own sequences)
as alt+<that key> at once, its character the key's; `key_order.py` then turns an alt key that
nothing on screen binds back into the Esc and the key that were typed. `keep_alt_keys` makes
the driver an app runs on build this parser: it names the class in the driver's module, the
only place the driver looks it up (`parser = XTermParser(...)` in its input thread).
The contract test says when an upgraded Textual no longer needs this.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.driver import Driver

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.strip import Strip

ESC = "\x1b"
SEQUENCE_STARTS = "[O"
"""After Esc these begin the terminal's own sequences (arrows, function keys, mouse, paste)."""


class AltKeyParser(XTermParser):
    """Textual's parser, except that Esc and the key behind it are one alt+<key> (see above)."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if len(sequence) == 2 and sequence[0] == ESC and sequence[1] not in SEQUENCE_STARTS + ESC:
            sequence, alt = sequence[1], True
        for key in super()._sequence_to_key_events(sequence, alt):
            if alt and not key.key.startswith("alt+"):
                key = events.Key(f"alt+{key.key}", key.character)
            yield key


def keep_alt_keys(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class`, its input thread now building an `AltKeyParser` (a no-op for a driver
    that reads no terminal bytes, such as the headless one tests use)."""
    module = sys.modules[driver_class.__module__]
    if getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = AltKeyParser  # type: ignore[attr-defined]
    return driver_class


def terminal_writer(app: App[Any]) -> Callable[[bytes], None] | None:
    """A function that sends ASCII bytes straight to the app's terminal (through Textual's
    driver, so they do not interleave with a frame being drawn); None without a driver."""
    driver = app._driver
    if driver is None:
        return None

    def write(data: bytes) -> None:
        driver.write(data.decode("ascii"))
        driver.flush()

    return write


def update_scrollbars(view: ScrollView, virtual: Size) -> None:
    """After `virtual_size` was set without its watcher: redraw the scrollbars for it (a
    scrollbar that appears or goes still asks for its own layout)."""
    view._scroll_update(virtual)


def composed_frame(screen: Screen[Any]) -> list[Strip]:
    """The frame the terminal would show now, one strip a line (no public API returns it:
    `export_screenshot` gives the same frame as SVG only)."""
    return screen._compositor.render_strips()
