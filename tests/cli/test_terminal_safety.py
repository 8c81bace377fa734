"""Filenames are data: on a terminal no format lets one reach the terminal as a command (ESC
sequences, an OSC 52 clipboard write, a bidi override); piped, the exact name is kept, and a
CSV reader gets one record per file whatever the name holds."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli_env, server_ids
from .terminal import cli_on_terminal

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
HOSTILE = f"{OSC52}\x1b[2J\x1b[31mred\u202etxt.exe\x9b31m"
BARE_CR = "first\rsecond.txt"
NEWLINE = "line\nbreak.txt"


@pytest.fixture
def hostile(served: LocalServer) -> LocalServer:
    for name in (HOSTILE, BARE_CR, NEWLINE):
        served.add_file(name, b"data", "text/plain")
    return served


def _is_inert(text: str) -> bool:
    return not any(char in text for char in ("\x1b", "\x07", "\u202e", "\x9b", "\r"))


@pytest.mark.parametrize("fmt", ["csv", "table", "jsonl", "json", "ids"])
def test_ls_on_a_terminal_prints_no_control_sequence(hostile: LocalServer, fmt: str) -> None:
    status, shown = cli_on_terminal(hostile, "ls", "--format", fmt)
    assert status == 0, shown
    assert _is_inert(shown), repr(shown)


@pytest.mark.parametrize("fmt", ["csv", "table", "jsonl", "json", "ids"])
def test_info_on_a_terminal_prints_no_control_sequence(hostile: LocalServer, fmt: str) -> None:
    ids = server_ids(hostile)  # the server's own listing: one console script run fewer (ls is tested above)
    status, shown = cli_on_terminal(hostile, "info", *ids, "--format", fmt)
    assert status == 0, shown
    assert _is_inert(shown), repr(shown)


def test_csv_on_a_terminal_still_shows_the_readable_part(hostile: LocalServer) -> None:
    status, shown = cli_on_terminal(hostile, "ls", "--format", "csv")
    assert status == 0
    assert "redtxt.exe" in shown and "first␍second.txt" in shown


@pytest.mark.parametrize("command", ["ls", "info"])
def test_piped_csv_keeps_exact_names_one_record_per_file(hostile: LocalServer, command: str) -> None:
    ids = server_ids(hostile)  # the server's own listing: one console script run fewer (ls is tested above)
    args = [CLAUDE_FILES, command, *(ids if command == "info" else ()), "--format", "csv"]
    result = subprocess.run(args, capture_output=True, env=cli_env(hostile), stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()  # bytes as written: text mode would turn the bare CR into a newline
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert sorted(record["filename"] for record in records) == sorted([HOSTILE, BARE_CR, NEWLINE])
    assert sorted(record["id"] for record in records) == sorted(ids)
    assert "\r\n" not in text  # records end in a bare newline, as before


def test_put_reports_on_a_terminal_print_no_control_sequence(served: LocalServer, tmp_path) -> None:
    hostile = tmp_path / f"{OSC52}\u202eexe.txt"
    hostile.write_text("x")
    status, shown = cli_on_terminal(served, "put", str(hostile), "--format", "table")
    assert status == 1, shown
    assert "refused" in shown and "exe.txt" in shown
    assert _is_inert(shown.replace("\r\x1b[K", "")), repr(shown)  # the progress line's own clearing aside
