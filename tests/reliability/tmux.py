"""A private tmux server (`tmux -L <socket>`) driving the installed `claude-files` command: the
one tmux driver (tests/e2e/tmux_session.py's `TmuxSession` is this with a single window)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

CLAUDE_FILES = str(Path(sys.executable).with_name("claude-files"))


class Tmux:
    """One private tmux server; every call goes to its socket, `close()` kills only it."""

    def __init__(
        self,
        width: int = 160,
        height: int = 40,
        *,
        first: str = "sleep 600",
        name: str = "idle",
        env: dict[str, str] | None = None,
        remain_on_exit: bool = True,
    ) -> None:
        """A server whose first window `name` runs `first` (by default an idle one that keeps the
        server up while apps start in windows of their own); dead panes stay unless told not to."""
        self.socket = f"cf-test-{uuid.uuid4().hex[:12]}"
        merged = {**os.environ, **(env or {})}
        # COLUMNS/LINES (pytest-xdist sets them) would override the pane's size in the app
        self.env = {k: v for k, v in merged.items() if k not in ("TMUX", "TMUX_PANE", "COLUMNS", "LINES")}
        self.run("-f", "/dev/null", "new-session", "-d", "-s", name, "-n", name, "-x", str(width), "-y", str(height), first)
        if remain_on_exit:
            self.run("set-option", "-g", "remain-on-exit", "on")

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, check=False, timeout=15
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr}")
        return done.stdout

    def window(self, name: str, command: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
        """Start `command` in a new window (exec'd, so the pane's pid is the command's); returns its target."""
        prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        where = ["-c", str(cwd)] if cwd else []
        self.run("new-window", "-d", "-n", name, *where, f"exec env {prefix} {command}" if prefix else command)
        return f"{name}.0"

    def app(self, name: str, env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
        """The installed command, in a pane that stays (dead) after it exits."""
        return self.window(name, shlex.join([CLAUDE_FILES, *args]), env, cwd)

    def exit_status(self, target: str) -> str:
        """Wait for the app to exit; its exit status.

        tmux 3.3a sometimes leaves its dead child unreaped for a long while (seen in full suite
        runs: the pane dead, no status, the process a zombie); the kernel still holds the zombie's
        exit code (/proc/PID/stat), so that is read instead of waiting for tmux."""
        pid = self.show(target, "#{pane_pid}")
        try:
            self.wait_for(lambda: self.dead(target) and self._status(target, pid) != "", what="app exit")
        except AssertionError as error:
            state = self.show(target, "dead=#{pane_dead} status=#{pane_dead_status} signal=#{pane_dead_signal} pid=#{pane_pid}")
            raise AssertionError(f"{error}; pane {state}; screen:\n{self.capture(target)}") from None
        return self._status(target, pid)

    def _status(self, target: str, pid: str) -> str:
        status = self.show(target, "#{pane_dead_status}")
        if status or not pid.isdigit():
            return status
        return _zombie_exit_status(int(pid))

    def capture(self, target: str, *, join: bool = True) -> str:
        """The pane's text; `join` puts wrapped lines back together."""
        return self.run("capture-pane", "-p", *(["-J"] if join else []), "-t", target)

    def show(self, target: str, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", target, fmt).rstrip("\n")

    def keys(self, target: str, *keys: str, pause: float = 0.0) -> None:
        for key in keys:
            self.run("send-keys", "-t", target, key)
            if pause:
                time.sleep(pause)

    def buffers(self) -> dict[str, str]:
        names = [n for n in self.run("list-buffers", "-F", "#{buffer_name}", check=False).splitlines() if n]
        return {n: self.run("show-buffer", "-b", n) for n in names}

    def wait_for(
        self, predicate: Callable[[], object], timeout: float = 20.0, what: str = "", seen: Callable[[], object] | None = None
    ) -> None:
        """Poll until `predicate()` holds; fail naming `what` and what `seen()` returned last."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                last = f"; last seen:\n{seen()}" if seen is not None else ""
                raise AssertionError(f"tmux: waited {timeout:g} s for {what or 'a condition'}{last}")
            time.sleep(0.1)

    def dead(self, target: str) -> bool:
        return self.show(target, "#{pane_dead}") == "1"

    def close(self) -> None:
        self.run("kill-server", check=False)


def _zombie_exit_status(pid: int) -> str:
    """The exit status of a process that has exited but not been reaped, or "" (proc(5): the
    last field of /proc/PID/stat is the wait status)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()
    if not fields or fields[0] != "Z":
        return ""
    wait_status = int(fields[-1])
    return str(os.waitstatus_to_exitcode(wait_status)) if os.WIFEXITED(wait_status) else ""
