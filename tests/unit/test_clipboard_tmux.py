"""End to end: a copy made inside a real tmux pane lands in tmux's paste buffer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

FILE_ID = "file_011CABC"


def test_osc52_copy_reaches_tmux_buffer() -> None:
    socket = f"cf-clip-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}

    def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, *args], env=env, capture_output=True, text=True, check=check, timeout=10)

    script = f"from claude_files.clipboard import copy_text; copy_text({FILE_ID!r}, mode='osc52')"
    try:
        tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24")
        # tmux 3.x stores an application's OSC 52 only with set-clipboard on
        # (the default, external, ignores it); no terminal capability is needed.
        tmux("set-option", "-g", "set-clipboard", "on")
        # Runs in a pane, so $TMUX is the pane's own and /dev/tty is the pane.
        tmux("new-window", "-d", f'{sys.executable} -c "{script}"')
        deadline = time.monotonic() + 15
        buffer = tmux("show-buffer", check=False)
        while buffer.returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
            buffer = tmux("show-buffer", check=False)
        assert buffer.returncode == 0, buffer.stderr
        assert buffer.stdout == FILE_ID
    finally:
        tmux("kill-server", check=False)
