"""P6: chat, Enter to the first answer token drawn, against a bare SDK stream to its first text delta.

Both ask the same question about the same demo text file of one `claude-files serve --demo-data`
subprocess. Ours: the real app headless (Pilot): from pressing Enter in the chat input until the
drawn frame shows the answer's first words. Baseline: the SDK's `messages.stream` (same document
block, same question) until its first text delta, run in a thread beside the idle app.
The server delays each request by LATENCY_MS, standing in for a model's time to first token
(the offline responder answers instantly, which no model does); the raw figures include the
overhead in milliseconds, which is what the ratio hides.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from common import API_KEY, Server, goal_line, median, ms, serve

LATENCY_MS = 300
FILENAME = "retention-policy.txt"
QUESTION = "how long are files kept"
FIRST_WORDS = "Offline answer"


def _bare_first_delta(server: Server, file_id: str) -> float:
    """Seconds from `messages.stream` to the first text delta, plain SDK."""
    import anthropic

    client = anthropic.Anthropic(api_key=API_KEY, base_url=server.url)
    block = {
        "type": "document",
        "source": {"type": "file", "file_id": file_id},
        "title": FILENAME,
        "citations": {"enabled": True},
    }
    messages = [{"role": "user", "content": [block, {"type": "text", "text": QUESTION}]}]
    try:
        start = time.perf_counter()
        with client.messages.stream(
            model="claude-sonnet-4-6",
            max_tokens=1024,
            messages=messages,  # type: ignore[arg-type]
            extra_headers={"anthropic-beta": "files-api-2025-04-14"},
        ) as stream:
            for event in stream:
                if event.type == "content_block_delta" and event.delta.type == "text_delta":
                    first = time.perf_counter() - start
                    break
            else:  # pragma: no cover - the responder always answers
                raise RuntimeError("no text delta")
        return first
    finally:
        client.close()


async def _measure(server: Server, times: int) -> tuple[list[float], list[float]]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.tui.conftest import screen_text, wait_until

    from claude_files.app import ClaudeFilesApp
    from claude_files.config import Settings
    from claude_files.launch import Launch

    app = ClaudeFilesApp(Launch(base_url=server.url, api_key=API_KEY), Settings())
    ours: list[float] = []
    base: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once, 60)
        index = next(i for i, row in enumerate(screen.model.view) if row.filename == FILENAME)
        for _ in range(index):
            await pilot.press("j")
        file_id = screen.model.highlighted.id
        await pilot.press("c")
        pane = screen.chat_pane
        await pilot.pause(0.5)
        for i in range(times + 1):  # the first round warms both up and is not recorded
            await pilot.press(*QUESTION)
            start = time.perf_counter()
            await pilot.press("enter")
            while FIRST_WORDS not in screen_text(app):
                await asyncio.sleep(0.002)
            drawn = time.perf_counter() - start
            await wait_until(pilot, lambda: not pane.conversation.running, 30)
            await pilot.press("ctrl+l")
            await wait_until(pilot, lambda: FIRST_WORDS not in screen_text(app), 10)
            bare = await asyncio.to_thread(_bare_first_delta, server, file_id)
            if i:
                ours.append(drawn)
                base.append(bare)
    return ours, base


def run(quick: bool) -> list[str]:
    times = 5 if quick else 15
    config = Path(tempfile.mkdtemp(prefix="claude-files-bench-cfg-")) / "config.json"
    previous = os.environ.get("CLAUDE_FILES_CONFIG")
    os.environ["CLAUDE_FILES_CONFIG"] = str(config)
    try:
        with serve(demo_data=True, latency_ms=LATENCY_MS) as server:
            ours, base = asyncio.run(_measure(server, times))
    finally:
        if previous is None:
            os.environ.pop("CLAUDE_FILES_CONFIG", None)
        else:
            os.environ["CLAUDE_FILES_CONFIG"] = previous
        config.unlink(missing_ok=True)
        config.parent.rmdir()
    ours_ms, base_ms = median(ours), median(base)
    raw = (
        f"(ours {ms(ours_ms)} vs bare SDK {ms(base_ms)}, overhead {ms(ours_ms - base_ms)}, "
        f"medians of {times}, server latency {LATENCY_MS}ms)"
    )
    return [goal_line("P6", "chat Enter to first token drawn", ours_ms / base_ms, "<=", 1.5, raw)]


if __name__ == "__main__":
    for line in run(quick=True):
        print(line)
