"""Bytes as a terminal delivers them: one read through the parser the app's driver builds.

Pilot's headless driver reads no bytes, so posting ready-made Key events hides what the
parser does to a burst (issue 23: Esc before `/`, space or Enter vanished in it). Here the
bytes of one read go through the parser class the driver module names once the app has
chosen its driver (adapters/textual_private.py), and every message it gives is posted at once, before
the app has handled the first, as the driver's input thread does.
"""

from __future__ import annotations

import sys

from textual import events
from textual.app import App

KEY_BYTES = {
    "escape": "\x1b",
    "enter": "\r",
    "space": " ",
    "tab": "\t",
    "backspace": "\x7f",
    "slash": "/",
    "question_mark": "?",
    "minus": "-",
    "full_stop": ".",
    "colon": ":",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "delete": "\x1b[3~",
}


def key_bytes(name: str) -> str:
    """What a terminal sends for the Textual key `name` (`j`, `enter`, `ctrl+a`)."""
    if name.startswith("ctrl+") and len(name) == 6:
        return chr(ord(name[-1]) - ord("a") + 1)
    return KEY_BYTES.get(name, name)


def parsed(app: App, data: str) -> list[events.Event]:
    """What the app's driver posts for `data` arriving in one read (then the Esc delay running out)."""
    parser = sys.modules[app.driver_class.__module__].XTermParser()  # run_test runs headless, but chose this driver
    return [*parser.feed(data), *parser.feed("")]


def read(app: App, *keys: str) -> None:
    """The keys in one read: their bytes concatenated, parsed, every event posted at once."""
    for event in parsed(app, "".join(key_bytes(key) for key in keys)):
        app.post_message(event)
