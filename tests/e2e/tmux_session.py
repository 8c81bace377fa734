"""A private tmux server running the installed `claude-files`, driven like a person over SSH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
requires_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def installed_command() -> str:
    """The console script next to the running interpreter (the venv pytest runs in)."""
    candidate = Path(sys.executable).parent / "claude-files"
    return str(candidate) if candidate.exists() else (shutil.which("claude-files") or "claude-files")


class TmuxSession:
    def __init__(self, command: str, *, width: int = 80, height: int = 24, env: dict[str, str] | None = None) -> None:
        self.socket = f"cf-test-{uuid.uuid4().hex[:8]}"
        self.name = "main"
        merged = {**os.environ, **(env or {})}
        merged.pop("TMUX", None)
        self._env = merged
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command)

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX or "tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self._env, timeout=30
        )
        return result.stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if needle in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared on screen; last screen:\n{text}")

    def wait_until(self, condition: Callable[[str], bool], timeout: float = 30.0) -> str:
        """The screen once `condition(screen)` holds."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if condition(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"the condition never held; last screen:\n{text}")

    def wait_gone(self, needle: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if needle not in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} is still on screen:\n{text}")

    def alive(self) -> bool:
        return self.name in self.tmux("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        self.tmux("kill-server")
