"""A dialog opened by a key, answered in a worker: `answer = ask(app, dialog)` in the key's
action, `await answer` in the worker it starts.

`push_screen_wait` alone would open the dialog only when the worker first runs, a moment
after the key: by then keys typed right after it (`d` `y`, `u` and a path, in one read over
SSH) have been let through to the table (key_order.py lets the next key go once the focus
path is quiet). Pushing the dialog in the action itself moves the focus at once, so they
reach the dialog, and the rest still reads as one straight line.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

T = TypeVar("T")


def ask(app: App[Any], dialog: Screen[T]) -> asyncio.Future[T | None]:
    """Open `dialog` now; the future holds what it is dismissed with."""
    answer: asyncio.Future[T | None] = asyncio.get_running_loop().create_future()

    def answered(result: T | None) -> None:
        if not answer.done():  # the worker waiting for it may have been cancelled
            answer.set_result(result)

    app.push_screen(dialog, answered)
    return answer
