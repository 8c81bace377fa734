"""`claude-files web` as a subprocess of the installed command, and a real headless Chromium.

xterm.js draws the terminal on a canvas, so the page has no text to query. An init script
catches each xterm.js Terminal as textual.js stores it (`this.terminal = new Terminal(…)`)
and the tests read its buffer, the cells exactly as the browser shows them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

CHROMIUM = Path("/usr/bin/chromium")
BOOT_SECONDS = 60.0  # a tab's app starts a Python process; a busy 2-core machine is slow
WAIT_SECONDS = 45.0

T = TypeVar("T")

try:
    import playwright.sync_api  # noqa: F401

    _PLAYWRIGHT = True
except ImportError:  # pragma: no cover - the test extra installs it
    _PLAYWRIGHT = False

requires_chromium = pytest.mark.skipif(
    not (_PLAYWRIGHT and CHROMIUM.exists()),
    reason=(
        "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium) and playwright (the test extra); "
        "the browser is never downloaded"
    ),
)

CATCH_TERMINALS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__terminals.push(value);
  },
});
"""

READ_SCREEN = """() => {
  const terminal = window.__terminals[0];
  if (!terminal) return '';
  const buffer = terminal.buffer.active, lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : '');
  }
  return lines.join('\\n');
}"""


def installed_command() -> str:
    """The console script next to the running interpreter (the venv pytest runs in)."""
    candidate = Path(sys.executable).parent / "claude-files"
    return str(candidate) if candidate.exists() else (shutil.which("claude-files") or "claude-files")


def wait_until(what: str, probe: Callable[[], T | None], timeout: float = WAIT_SECONDS, every: float = 0.1) -> T:
    """Poll `probe` until it returns something truthy; fail naming `what` and the last value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last seen: {last!r}")


def app_processes(parent: int) -> list[int]:
    """Live (not zombie) children of `parent` running claude_files: one per open tab."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and b"claude_files" in cmdline:
            found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class WebServer:
    """`claude-files web --port 0 …` until stopped; its start-up lines give the page and demo URLs."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [installed_command(), "web", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[str] = []
        try:
            self._read_until("Press Ctrl-C to stop")
        except BaseException:
            self.stop()
            raise
        self.page_url = self._find(r"open (http://[^/\s]+:\d+/\?token=\S+)")
        self.demo_url = self._find(r"demo API server: (http://\S+)", required=False)
        self.demo_dir = self._find(r"sample files in (\S+);", required=False)

    def _read_until(self, marker: str) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:  # the server prints its lines at once; the pytest timeout guards a hang
            self.lines.append(line)
            if marker in line:
                return
        raise AssertionError(f"claude-files web exited ({self.process.wait()}) before starting:\n{''.join(self.lines)}")

    def _find(self, pattern: str, required: bool = True) -> str:
        match = re.search(pattern, "".join(self.lines))
        if match is None:
            assert not required, f"no {pattern!r} in the start-up lines:\n{''.join(self.lines)}"
            return ""
        return match.group(1)

    def tabs(self) -> list[int]:
        return app_processes(self.process.pid)

    def terminate(self, timeout: float = WAIT_SECONDS) -> tuple[int, str]:
        """SIGTERM, then the exit status and everything it printed after starting."""
        self.process.send_signal(signal.SIGTERM)
        rest, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode, rest

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.communicate(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()


class Tab:
    """One browser tab on the page: read its screen, press keys."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self, url: str) -> Tab:
        # Only the served page is reachable: the template's web font link must not wait on the internet.
        self.page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        self.page.add_init_script(CATCH_TERMINALS)
        self.page.goto(url, wait_until="domcontentloaded")
        return self

    def screen(self) -> str:
        return str(self.page.evaluate(READ_SCREEN))

    def wait_for(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        return self._wait(f"{text!r} on the page", lambda screen: text in screen, timeout)

    def wait_gone(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        return self._wait(f"{text!r} to leave the page", lambda screen: text not in screen, timeout)

    def _wait(self, what: str, condition: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen and condition(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; the page shows:\n{screen}")

    def settle(self) -> None:
        """Before a screenshot: the page's fade-in done and the canvas repainted from the buffer."""
        self.page.wait_for_function("getComputedStyle(document.querySelector('.textual-terminal')).opacity === '1'")
        self.page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def focus(self) -> None:
        """Keys go to xterm.js's hidden textarea (a click would also reach the app as a mouse click)."""
        self.page.focus(".xterm-helper-textarea")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def detail(self, field: str) -> str:
        """A field of the details pane (name, id, …) for the highlighted file."""
        match = re.search(rf"\b{field}\s{{2,}}(\S+)", self.screen())
        return match.group(1) if match else ""
