"""The forked console script (tests/forked_script.py) answers as the executed one does: the same
output and exit status, in the directory and on the terminal it was given, and a signal ends it
the same way. What the CLI tests learn from a forked run holds for the installed command."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import forked_script
from tests.cli.terminal import cli_on_terminal
from tests.cli.test_interrupts import wait_for

from claude_files.server import LocalServer


@pytest.fixture(scope="module")
def served() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.chart_id = srv.add_file("chart.png", b"a chart", downloadable=True)["id"]  # type: ignore[attr-defined]
        yield srv


@pytest.fixture(params=["forked", "executed"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "executed":
        monkeypatch.setenv("CLAUDE_FILES_TESTS_EXEC", "1")
    return request.param


def _env(served: LocalServer | None = None) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "CLAUDE_FILES_CONFIG": os.devnull}
    if served is not None:
        env.update(ANTHROPIC_API_KEY="test-key", ANTHROPIC_BASE_URL=served.url)
    return env


@pytest.mark.parametrize("args", [["--version"], ["ls"], ["rm", "-"], ["ls", "--format", "nope"]])
def test_a_forked_run_prints_and_exits_as_the_executed_one(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """No credential (exit 3), no terminal to confirm on (2), argparse's words (2), --version (0)."""
    forked = forked_script.run(args, _env(), input="file_011CNOPE\n")
    monkeypatch.setenv("CLAUDE_FILES_TESTS_EXEC", "1")
    executed = forked_script.run(args, _env(), input="file_011CNOPE\n")
    assert (forked.returncode, forked.stdout, forked.stderr) == (executed.returncode, executed.stdout, executed.stderr)


def test_a_run_saves_where_it_was_started_and_draws_for_its_terminal(served: LocalServer, way: str, tmp_path: Path) -> None:
    status, shown = cli_on_terminal(served, "get", served.chart_id, cwd=str(tmp_path))  # type: ignore[attr-defined]
    assert status == 0, shown
    assert (tmp_path / "chart.png").read_bytes() == b"a chart"
    status, shown = cli_on_terminal(served, "ls", cwd=str(tmp_path))
    assert status == 0 and "chart.png" in shown and not shown.lstrip().startswith("{"), "a table, not jsonl"


def test_sigterm_ends_a_run_with_143(served: LocalServer, way: str) -> None:
    def lists() -> int:
        return sum(1 for method, path, *_ in list(served.requests_seen) if method == "GET" and path == "/v1/files")

    before = lists()
    nothing, away = os.open(os.devnull, os.O_RDONLY), os.open(os.devnull, os.O_WRONLY)
    run = forked_script.start(["ls", "--follow", "--interval", "0.2"], _env(served), stdin=nothing, stdout=away, stderr=away)
    os.close(nothing)
    os.close(away)
    wait_for(lambda: lists() >= before + 2, 60, "ls --follow's second look (its handlers are in place by then)")
    os.kill(run.pid, signal.SIGTERM)
    assert run.wait(timeout=60) == 143
