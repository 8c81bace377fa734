"""Regenerate the README's screenshots: `python screenshots/regenerate.py [NAME …]` (all by default).

Each scene runs the real app headless against the local server (fixed ids, port and
clock, see tests/tui/scenes.py), presses the keys a person would, and saves an SVG.
`web-demo` is the browser view: `claude-files web --demo` in Debian's headless Chromium
(skipped, saying why, when it or Playwright is missing), saved as a PNG.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
_scratch = Path(tempfile.mkdtemp())  # the scenes' settings, pins and records, never the user's own
os.environ.setdefault("CLAUDE_FILES_CONFIG", str(_scratch / "config.json"))
os.environ.setdefault("CLAUDE_FILES_PINS", str(_scratch / "pins.json"))
os.environ.setdefault("CLAUDE_FILES_DELETIONS", str(_scratch / "deletions.sqlite3"))
os.environ.setdefault("CLAUDE_FILES_LEDGER", str(_scratch / "uploads.sqlite3"))
os.environ.setdefault("CLAUDE_FILES_CACHE", str(_scratch / "listings"))  # no last view from, or into, the user's cache

from tests.tui.scenes import FROZEN_NOW, add_preview_files, scene_server  # noqa: E402

from claude_files import formatting  # noqa: E402
from claude_files.app import ClaudeFilesApp  # noqa: E402
from claude_files.config import Settings  # noqa: E402
from claude_files.launch import Launch  # noqa: E402

# name, terminal size, keys pressed after the first page is drawn, seconds to settle
SCENES: list[tuple[str, tuple[int, int], list[str], float]] = [
    ("main-80x24", (80, 24), [], 0.6),
    ("main-160x45", (160, 45), [], 0.6),
    ("marks-and-filter", (100, 30), ["space", "space", "slash", "b", "u", "l", "k", "enter", "ctrl+a"], 0.4),
    ("help", (80, 24), ["question_mark"], 0.3),
    ("upload", (100, 30), ["u"], 0.5),
    ("delete-confirm", (80, 24), ["d"], 0.3),
    ("bulk-delete", (100, 30), ["slash", "b", "u", "l", "k", "enter", "ctrl+a", "d"], 0.4),
    ("overview", (100, 34), ["U"], 0.8),
    # Two files pinned, every file marked, archive first on: the question names the kept pins and the folder.
    ("deleting-safely", (100, 32), ["P", "j", "P", "ctrl+a", "d", "a"], 0.5),
    ("chat", (160, 45), ["c", *"What is the budget?", "enter"], 3.0),
]
# On a server of its own: the scene's files plus a downloadable CSV (top) and chart (j highlights it).
PREVIEW_SCENE = ("preview", (160, 45), ["j"], 1.0)


PLANNING_NOTES = """# Planning notes, week 47

The team agreed to ship the importer before the holidays. Dana presented the revised budget:
the total budget for Project Atlas is $480,000, of which $310,000 goes to engineering and
$95,000 to cloud infrastructure. Cloud spend is tracking 12% over forecast because of the new
staging cluster, so Lee will right-size it by Friday. The launch review moves to December 4.
"""


async def shoot(name: str, size: tuple[int, int], keys: list[str], settle: float, url: str) -> None:
    app = ClaudeFilesApp(Launch(base_url=url, api_key="demo-key"), Settings())
    async with app.run_test(size=size) as pilot:
        for _ in range(200):
            if getattr(app.screen, "model", None) is not None and app.screen.model.loaded_once:
                break
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        for key in keys:
            await pilot.press(key if len(key) > 1 or key in "abcdefghijklmnopqrstuvwxyz" else _key_name(key))
        await pilot.pause(settle)
        app.save_screenshot(str(HERE / f"{name}.svg"))
    print(f"screenshots/{name}.svg")


def _key_name(char: str) -> str:
    return {" ": "space", "?": "question_mark", "/": "slash", ".": "full_stop", ",": "comma"}.get(char, char)


async def main(names: set[str]) -> None:
    formatting.now = lambda: FROZEN_NOW  # relative times against the scene's clock
    with scene_server(port=47932) as srv:
        for scene in SCENES:
            if scene[0] == "chat":  # a file with real prose to quote from
                srv.add_file("planning-notes.md", PLANNING_NOTES.encode(), "text/markdown", created_at=FROZEN_NOW)
            if not names or scene[0] in names:
                await shoot(*scene, url=srv.url)
    if not names or PREVIEW_SCENE[0] in names:
        with scene_server(port=47932) as srv:
            add_preview_files(srv)
            await shoot(*PREVIEW_SCENE, url=srv.url)


def shoot_browser() -> None:
    """`claude-files web --demo` in headless Chromium, a file marked and the details pane open."""
    from tests.web.browser import CHROMIUM, Tab, WebServer, wait_until

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("screenshots/web-demo.png skipped: playwright is not installed (pip install -e '.[test]')")
        return
    if not CHROMIUM.exists():
        print(f"screenshots/web-demo.png skipped: no {CHROMIUM} (apt-get install chromium)")
        return
    server = WebServer("--demo")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            tab = Tab(browser.new_page(viewport={"width": 1280, "height": 720})).open(server.page_url)
            tab.wait_for("summary.xlsx")
            tab.focus()
            tab.press("j", "j", " ")
            tab.wait_for("1 marked")
            wait_until("the details pane", lambda: tab.detail("name"))
            tab.wait_for("does not return")  # the preview's words for an upload, not "loading…"
            tab.settle()
            tab.page.screenshot(path=str(HERE / "web-demo.png"))
            browser.close()
    finally:
        server.stop()
    print("screenshots/web-demo.png")


if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    if not wanted or wanted - {"web-demo"}:
        asyncio.run(main(wanted - {"web-demo"}))
    if not wanted or "web-demo" in wanted:
        shoot_browser()
