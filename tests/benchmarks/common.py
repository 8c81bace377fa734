"""Shared benchmark plumbing: a `claude-files serve` subprocess, repeat/median, the report line.

Machines here are shared and noisy, so every figure is a ratio of two things measured side
by side in the same run against the same local server.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN_DIR = Path(sys.executable).parent
CLAUDE_FILES = str(BIN_DIR / "claude-files")
API_KEY = "bench-key"
_LISTENING = re.compile(r"listening on (http://\S+)")


@dataclass
class Server:
    """A running `claude-files serve` subprocess and where it listens."""

    url: str
    process: subprocess.Popen[str]
    data_dir: Path

    @property
    def env(self) -> dict[str, str]:
        """Environment that points the SDK (and the TUI) at this server."""
        return {**os.environ, "ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": self.url}


@contextmanager
def serve(
    *,
    synthetic: int = 0,
    latency_ms: float = 0,
    demo_data: bool = False,
    extra: list[str] | None = None,
    timeout: float = 300.0,
) -> Iterator[Server]:
    """Start `claude-files serve --port 0` on a temp data dir, wait for it to listen, stop it after."""
    data_dir = Path(tempfile.mkdtemp(prefix="claude-files-bench-"))
    args = [CLAUDE_FILES, "serve", "--port", "0", "--data-dir", str(data_dir), "--seed", "7"]
    if synthetic:
        args += ["--synthetic", str(synthetic)]
    if latency_ms:
        args += ["--latency", str(latency_ms)]
    if demo_data:
        args.append("--demo-data")
    args += extra or []
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _wait_listening(process, timeout)
        yield Server(url=url, process=process, data_dir=data_dir)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _wait_listening(process: subprocess.Popen[str], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
        match = _LISTENING.search(line)
        if match:
            return match.group(1)
    raise RuntimeError("server did not start: " + " / ".join(seen[-3:]))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def repeat(measure: Callable[[], float], times: int, warmup: int = 0) -> list[float]:
    """Call `measure` (which returns one figure) `warmup` times unrecorded, then `times` times."""
    for _ in range(warmup):
        measure()
    return [measure() for _ in range(times)]


def interleave(a: Callable[[], float], b: Callable[[], float], times: int) -> tuple[list[float], list[float]]:
    """Alternate a/b so that noise on a shared machine falls on both sides alike."""
    ours: list[float] = []
    base: list[float] = []
    for i in range(times):
        pair = (a, b) if i % 2 == 0 else (b, a)
        for fn in pair:
            (ours if fn is a else base).append(fn())
    return ours, base


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms"


def goal_line(pid: str, name: str, ratio: float, op: str, goal: float, raw: str) -> str:
    """`P<n> <name>: ratio=<x> goal<=<y> PASS|MISS  <raw figures>`; op is '<=' or '>='."""
    if op not in ("<=", ">="):
        raise ValueError(op)
    passed = ratio <= goal if op == "<=" else ratio >= goal
    verdict = "PASS" if passed else "MISS"
    return f"{pid} {name}: ratio={ratio:.3g} goal{op}{goal:g} {verdict}  {raw}"


def error_line(pid: str, name: str, error: BaseException) -> str:
    words = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    return f"{pid} {name}: ERROR {words}"
