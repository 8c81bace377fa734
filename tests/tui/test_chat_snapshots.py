"""Pictures of the chat pane: an answer with its cited passage and tokens (below and beside), a CSV's note."""

from __future__ import annotations

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch

from .conftest import details_refreshed, offered, wait_until
from .scenes import live_scene, scene_server


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


def app_on(url: str) -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=url, api_key="test-key"), Settings())


async def chat_on(pilot, filename: str) -> None:
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once)
    index = next(i for i, row in enumerate(screen.model.view) if row.filename == filename)
    for _ in range(index):
        await pilot.press("j")
    await pilot.press("c")
    screen.chat_pane.query_one("#chat-input").cursor_blink = False  # a steady cursor in the picture
    picker = screen.chat_pane.query_one("#chat-model")
    await wait_until(pilot, lambda: len(offered(picker)) > 1)
    await details_refreshed(pilot, live_scene())


async def ask_and_wait(pilot, question: str) -> None:
    await pilot.press(*question, "enter")
    pane = pilot.app.screen.chat_pane
    await wait_until(pilot, lambda: pane.conversation.turns and not pane.conversation.turns[-1].running)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_chat_answer_with_citation(snap_compare, scene, size):
    async def run_before(pilot):
        await chat_on(pilot, "customer-interviews.txt")
        await ask_and_wait(pilot, "what does the lorem ipsum say")

    assert snap_compare(app_on(scene.url), terminal_size=size, run_before=run_before)


def test_chat_on_a_csv_explains_code_execution(snap_compare, scene):
    async def run_before(pilot):
        await chat_on(pilot, "sales-2026.csv")

    assert snap_compare(app_on(scene.url), terminal_size=(120, 30), run_before=run_before)


def test_chat_at_40x12(snap_compare, scene):
    """The smallest supported terminal: the pane covers the table, the answer and input show."""

    async def run_before(pilot):
        await chat_on(pilot, "customer-interviews.txt")
        await ask_and_wait(pilot, "what does the lorem ipsum say")

    assert snap_compare(app_on(scene.url), terminal_size=(40, 12), run_before=run_before)
