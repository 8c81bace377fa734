"""Run the console script with stdout and stderr on a pseudo-terminal of a given size: what a
person at a terminal sees, bytes as the terminal would receive them."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import termios

from claude_files.server import LocalServer

from .. import forked_script
from .conftest import cli_env


def cli_on_terminal(
    srv: LocalServer | None,
    *args: str,
    columns: int = 120,
    rows: int = 40,
    timeout: float = 60,
    cwd: str | None = None,
    **env: str,
) -> tuple[int, str]:
    """`claude-files ARGS` with a terminal for stdout and stderr; (exit status, what it printed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    attributes = termios.tcgetattr(follower)
    attributes[1] &= ~termios.ONLCR  # keep "\n" as sent, so bytes compare as written
    termios.tcsetattr(follower, termios.TCSANOW, attributes)
    nothing = os.open(os.devnull, os.O_RDONLY)
    process = forked_script.start(args, cli_env(srv, **env), stdin=nothing, stdout=follower, stderr=follower, cwd=cwd)
    os.close(nothing)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = process.wait(timeout=timeout)
    return status, b"".join(chunks).decode("utf-8", "replace")
