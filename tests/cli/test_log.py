"""`rm` writes every delete to the record and `log` reads it: formats, queries, refusals, a kill mid-run."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli, cli_env, jsonl, seed, server_ids


def log(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return cli(None, "log", *args, **env)


def test_rm_by_rule_ids_and_stdin_are_each_recorded_with_what_selected_them(served: LocalServer) -> None:
    ids = seed(served, 6)
    assert cli(served, "rm", "--where", "name:bulk-0000[01]*", "--yes").returncode == 0
    assert cli(served, "rm", ids[0], "--yes").returncode == 0
    assert cli(served, "rm", "-", "--yes", input=f"{ids[1]}\nfile_missing\n").returncode == 1  # one id does not exist
    entries = jsonl(log().stdout)
    assert [entry["id"] for entry in entries][:2] == [ids[1], ids[0]], "newest first"
    rule = "rule: name:bulk-0000[01]*"
    by = {entry["id"]: entry["selected_by"] for entry in entries}
    assert by == {ids[1]: "ids from stdin", ids[0]: "ids on the command line", ids[-1]: rule, ids[-2]: rule}
    first = entries[0]
    assert first["outcome"] == "deleted" and first["filename"] == "bulk-00004.txt" and first["size_bytes"] == 104
    assert first["base_url"] == served.url.rstrip("/") and first["host"] and first["metadata"]["id"] == ids[1]
    assert set(server_ids(served)) == set(ids[2:4])


def test_log_formats_and_queries() -> None:
    """Outcomes in the record are exactly rm's report, faults included; then every format and a few queries."""
    with LocalServer(fail_rate=0.3, seed=11) as srv:
        srv.state.fail_rate = 0.0
        ids = seed(srv, 60, prefix="report")
        assert cli(srv, "rm", ids[0], ids[1], "--yes").returncode == 0
        srv.state.fail_rate = 0.3
        result = cli(srv, "rm", "-", "--yes", input="\n".join(ids[2:]), timeout=120)
        srv.state.fail_rate = 0.0
    reported = {r["id"]: r["status"] for r in jsonl(result.stdout)}
    failed = {file_id for file_id, status in reported.items() if status == "failed"}
    assert failed and result.returncode == 1
    recorded = {entry["id"]: entry for entry in jsonl(log().stdout)}
    assert {file_id: entry["outcome"] for file_id, entry in recorded.items() if file_id in reported} == reported
    assert all(recorded[file_id]["reason"] for file_id in failed)
    assert {entry["id"] for entry in jsonl(log("outcome:failed").stdout)} == failed
    assert {entry["id"] for entry in jsonl(log("deleted<1h by:stdin -outcome:failed").stdout)} == set(ids[2:]) - failed
    assert log("deleted>1d").stdout == ""
    assert set(log("by:line", "--format", "ids").stdout.split()) == set(ids[:2])
    assert len(json.loads(log("--format", "json").stdout)) == 60
    rows = list(csv.DictReader(io.StringIO(log("--format", "csv").stdout)))
    assert len(rows) == 60 and {"deleted_at", "outcome", "selected_by", "base_url"} <= set(rows[0])
    table = log("--format", "table", "--limit", "1").stdout.splitlines()
    assert table[0].split()[:3] == ["DELETED", "OUTCOME", "SIZE"] and len(table) == 2
    bad = log("outcome:faild")
    assert bad.returncode == 2 and "did you mean outcome:failed" in bad.stderr and "Traceback" not in bad.stderr
    assert cli(None, "ls", "deleted<1d").returncode == 2, "a file on the server has no delete time"


def test_log_of_no_record_lists_nothing(tmp_path: Path) -> None:
    result = log("--format", "json", CLAUDE_FILES_DELETIONS=str(tmp_path / "none.sqlite3"))
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert not (tmp_path / "none.sqlite3").exists()


def test_rm_refuses_when_the_record_cannot_be_written(served: LocalServer, tmp_path: Path) -> None:
    ids = seed(served, 3)
    (tmp_path / "file").write_text("")
    result = cli(served, "rm", "--where", "name:bulk-*", "--yes", CLAUDE_FILES_DELETIONS=str(tmp_path / "file" / "d.sqlite3"))
    assert result.returncode == 1 and "cannot write the delete record" in result.stderr and "nothing was deleted" in result.stderr
    assert set(server_ids(served)) == set(ids)
    assert cli(served, "rm", "--where", "name:bulk-*", "--dry-run").returncode == 0, "a dry run deletes nothing: no record needed"


def test_a_killed_rm_leaves_unknown_rows_for_what_was_in_flight(tmp_path: Path) -> None:
    """SIGKILL mid-run: no report, but the record names every file and calls the unanswered unknown."""
    with LocalServer(latency_ms=20) as srv:
        ids = seed(srv, 300)
        process = subprocess.Popen(
            [CLAUDE_FILES, "rm", "--where", "name:bulk-*", "--yes", "--all"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(srv),
        )
        deadline = time.monotonic() + 60
        while len(server_ids(srv)) > 200:
            assert time.monotonic() < deadline and process.poll() is None, "a hundred deletes"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        left = set(server_ids(srv))
    entries = {entry["id"]: entry for entry in jsonl(log().stdout)}
    assert set(entries) == set(ids), "every file was written down before its request"
    unknown = {file_id for file_id, entry in entries.items() if entry["outcome"] == "unknown"}
    deleted = {file_id for file_id, entry in entries.items() if entry["outcome"] == "deleted"}
    assert deleted | unknown == set(ids) and unknown and deleted
    assert left <= unknown, "nothing still on the server is called deleted"
    assert not deleted & left
