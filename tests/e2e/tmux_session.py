"""One app filling a private tmux server, driven like a person over SSH: reliability/tmux.py's
`Tmux` (the one tmux driver) with a single window that ends the server when the app exits."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ..reliability.tmux import Tmux

TMUX = shutil.which("tmux")
requires_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def installed_command() -> str:
    """The console script next to the running interpreter (the venv pytest runs in)."""
    candidate = Path(sys.executable).parent / "claude-files"
    return str(candidate) if candidate.exists() else (shutil.which("claude-files") or "claude-files")


class TmuxSession(Tmux):
    def __init__(self, command: str, *, width: int = 80, height: int = 24, env: dict[str, str] | None = None) -> None:
        self.name = "main"
        super().__init__(width, height, first=command, name=self.name, env=env, remain_on_exit=False)

    def tmux(self, *args: str) -> str:
        return self.run(*args, check=False)

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self.capture(self.name, join=False)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:  # type: ignore[override]
        """Wait for `needle` on screen; the screen that showed it."""
        return self._screen_when(lambda text: needle in text, f"{needle!r} on screen", timeout)

    def wait_until(self, condition: Callable[[str], bool], timeout: float = 30.0, what: str = "a condition on screen") -> str:
        """The screen once `condition(screen)` holds."""
        return self._screen_when(condition, what, timeout)

    def wait_gone(self, needle: str, timeout: float = 15.0) -> str:
        return self._screen_when(lambda text: needle not in text, f"{needle!r} to leave the screen", timeout)

    def _screen_when(self, holds: Callable[[str], bool], what: str, timeout: float) -> str:
        last = [""]

        def probe() -> bool:
            last[0] = self.screen()
            return holds(last[0])

        super().wait_for(probe, timeout, what, seen=lambda: last[0])
        return last[0]

    def alive(self) -> bool:
        return self.name in self.tmux("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        self.tmux("kill-server")
