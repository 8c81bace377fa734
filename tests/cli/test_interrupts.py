"""Ctrl-C (SIGINT) in the middle of `rm` of 1,000 files and of a large `get`: a true report, no .part files;
SIGTERM, SIGHUP and SIGKILL during a `get` leave nothing either."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claude_files.server import LocalServer

from ..downloads import downloading
from ..reliability.proxy import CuttingProxy
from .conftest import CLAUDE_FILES, cli_env, jsonl, seed, server_ids


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_sigint_during_rm_of_1000_files_at_20ms_reports_exactly_what_happened() -> None:
    with LocalServer(latency_ms=20) as srv:
        ids = seed(srv, 1000)
        process = subprocess.Popen(
            [CLAUDE_FILES, "rm", "--where", "name:bulk-*", "--yes", "--all"],  # every file there
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(srv),
        )
        wait_for(lambda: len(server_ids(srv)) <= 900, 60, "a hundred deletes")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        left = set(server_ids(srv))
    assert process.returncode == 130, err
    results = {r["id"]: r["status"] for r in jsonl(out)}
    assert set(results) == set(ids)
    deleted = {i for i, s in results.items() if s == "deleted"}
    not_started = {i for i, s in results.items() if s == "not_started"}
    assert deleted and not_started, "the interrupt came mid-run"
    assert deleted | not_started == set(ids), "one Ctrl-C lets in-flight deletes finish: nothing is unknown"
    assert left == not_started, "the report matches the server"
    assert f"Deleted {len(deleted):,} of 1,000 files" in err and f"{len(not_started):,} not started" in err
    assert "Traceback" not in err


def _interrupted_get(tmp_path: Path, size: int, rate: int, how: signal.Signals = signal.SIGINT) -> tuple[int, str, str]:
    """`get` of a `size`-byte file held to `rate` bytes/s, sent `how` once bytes are arriving."""
    with LocalServer() as srv:
        meta = srv.add_file("big.bin", os.urandom(1024) * (size // 1024), downloadable=True)
        with CuttingProxy("127.0.0.1", srv.port) as proxy:
            proxy.response_rate = rate
            process = subprocess.Popen(
                [CLAUDE_FILES, "get", meta["id"], "-o", str(tmp_path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=cli_env(srv, ANTHROPIC_BASE_URL=proxy.url),
            )
            wait_for(lambda: downloading(tmp_path, process.pid), 60, "a temp file with bytes")
            process.send_signal(how)
            out, err = process.communicate(timeout=60)
    assert list(tmp_path.iterdir()) == [], "no half file, no temp file"
    assert not out.strip() and "Traceback" not in err
    return process.returncode, out, err


def test_sigint_during_get_leaves_no_part_file(tmp_path: Path) -> None:
    status, _, err = _interrupted_get(tmp_path, 16 * 1024 * 1024, 4 * 1024 * 1024)
    assert status == 130, err
    assert "interrupted" in err and "nothing of it was kept" in err and "0 of 1 saved" in err


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_during_get_ends_as_ctrl_c_does(tmp_path: Path, how: signal.Signals) -> None:
    """`timeout`, cron and systemd stop with SIGTERM, a closed SSH session with SIGHUP."""
    status, _, err = _interrupted_get(tmp_path, 16 * 1024 * 1024, 4 * 1024 * 1024, how)
    assert status == 128 + how, err
    assert "nothing of it was kept" in err and "0 of 1 saved" in err
    assert ("SIGTERM" if how == signal.SIGTERM else "hung up") in err


def test_sigkill_during_get_leaves_nothing(tmp_path: Path) -> None:
    """No handler runs on SIGKILL: the bytes were in a file without a name, gone with the process."""
    status, _, _ = _interrupted_get(tmp_path, 16 * 1024 * 1024, 4 * 1024 * 1024, signal.SIGKILL)
    assert status == -signal.SIGKILL


@pytest.mark.slow
def test_sigint_during_get_of_200_mb_leaves_no_part_file(tmp_path: Path) -> None:
    status, _, err = _interrupted_get(tmp_path, 200 * 1024 * 1024, 40 * 1024 * 1024)
    assert status == 130, err
