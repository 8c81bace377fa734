"""A ServiceError's next step is structured (service_errors.Then): the TUI words it with its
keys, the CLI with commands, and neither rewrites the other's text."""

from __future__ import annotations

import pytest

from claude_files.commands.common import CLI_STEPS, words
from claude_files.service_errors import TUI_STEPS, Hint, ServiceError, Then

STEPS = [step for step in Then if step is not Then.NOTHING]


@pytest.mark.parametrize("step", STEPS, ids=[step.name for step in STEPS])
def test_each_front_end_words_every_step_and_the_cli_names_no_tui_key(step: Then) -> None:
    error = ServiceError("network", "It broke.", Hint("Look around", step))
    cli_words, tui_words = words(error), error.text
    assert cli_words.startswith("It broke. ") and tui_words.startswith("It broke. ")
    assert cli_words != tui_words
    for key_words in ("press", "(End)", "then d)"):
        assert key_words not in cli_words
    assert set(CLI_STEPS) == set(TUI_STEPS) == set(STEPS)


def test_a_dropped_connection_tells_the_cli_how_to_look_not_which_key_to_press() -> None:
    """Before the hints were structured, the CLI stripped 'press r to retry' by string
    replacement and missed 'press r to see, then retry'."""
    error = ServiceError(
        "network", "The connection was dropped.", Hint("What was asked may have been done", Then.LOOK_THEN_RETRY)
    )
    assert words(error) == "The connection was dropped. What was asked may have been done: list the files to see, then retry."
    assert error.text == "The connection was dropped. What was asked may have been done: press r to see, then retry."


def test_plain_advice_reads_the_same_everywhere() -> None:
    error = ServiceError("server", "The server failed (500).", "Retry in a moment.")
    assert words(error) == error.text == "The server failed (500). Retry in a moment."
