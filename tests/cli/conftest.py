"""Run the installed `claude-files` console script in a process of its own against a real
local server (forked from one that imported it: tests/forked_script.py).

What a cron job runs: no terminal on stdin (so `rm` refuses without --yes), stdout a pipe
(so the default format is jsonl), the key and base URL in the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us, new_id

from .. import forked_script

CLAUDE_FILES = forked_script.CLAUDE_FILES
KEY = "test-key-cli-0123456789"
NOW = datetime.now(UTC)


def cli_env(srv: LocalServer | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env.update(NO_COLOR="1", CLAUDE_FILES_CONFIG=os.devnull)
    if srv is not None:
        env.update(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=srv.url)
    env.update(extra)
    return env


def cli(
    srv: LocalServer | None, *args: str, input: str | bytes | None = None, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """`claude-files ARGS` with stdin a pipe (or /dev/null), stdout and stderr captured as text."""
    return forked_script.run(args, cli_env(srv, **env), input=input, timeout=timeout)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def seed(srv: LocalServer, count: int, prefix: str = "bulk", *, start: datetime | None = None) -> list[str]:
    """`count` rows without blobs, one minute apart (newest last); returns their ids newest first."""
    first = dt_to_us((start or NOW) - timedelta(days=1))
    rows = [(new_id(), f"{prefix}-{i:05d}.txt", "text/plain", 100 + i, first + i * 60_000_000) for i in range(count)]
    srv.storage.add_synthetic(rows)
    return [row[0] for row in reversed(rows)]


def server_ids(srv: LocalServer) -> list[str]:
    return [row["id"] for row in srv.storage.list_page("default", 1_000_000, None)[0]]


@pytest.fixture
def served() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv
