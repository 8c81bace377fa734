"""`wait_until` fails naming the condition and what the app showed, not "not reached in time"."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from .conftest import wait_until


class Shows(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("nothing loaded yet")


async def test_a_time_out_names_the_lambda_and_shows_the_screen():
    app = Shows()
    async with app.run_test(size=(40, 4)) as pilot:
        with pytest.raises(AssertionError) as failure:
            await wait_until(pilot, lambda: app.title == "never", 0.1)
    message = str(failure.value)
    assert "waited 0.1 s for lambda: app.title == 'never'; " in message
    assert "last seen: nothing loaded yet" in message


async def test_a_time_out_says_the_given_words_and_what_seen_returned():
    app = Shows()
    async with app.run_test(size=(40, 4)) as pilot:
        with pytest.raises(AssertionError) as failure:
            await wait_until(pilot, lambda: False, 0.1, what="the first page", seen=lambda: {"rows": 0})
    assert str(failure.value) == "waited 0.1 s for the first page; last seen: {'rows': 0}"
