"""`restore` and the delete record: it finds the copy `rm --archive DIR` wrote wherever DIR was,
refuses one whose sha256 is not the one recorded, and never uploads one deleted file twice,
whether two restores run at once or one runs after another (unless `--again`).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from claude_files.deletions import _SCHEMA, DeletionRecord
from claude_files.restores import Claim
from claude_files.server import LocalServer

from .conftest import cli, jsonl, server_ids


def _archived(served: LocalServer, tmp_path: Path, data: bytes = b"a,b\n1,2\n" * 30) -> tuple[str, Path]:
    """A downloadable file deleted with `rm --archive` into a folder that is not the settings' one."""
    file_id = served.add_file("report.csv", data, downloadable=True)["id"]
    elsewhere = tmp_path / "somewhere" / "else"
    assert cli(served, "rm", file_id, "--archive", str(elsewhere), "--yes").returncode == 0
    assert server_ids(served) == []
    return file_id, elsewhere


def test_restore_without_from_finds_the_copy_where_rm_archive_wrote_it(served: LocalServer, tmp_path: Path) -> None:
    data = bytes(range(256)) * 20
    file_id, elsewhere = _archived(served, tmp_path, data)
    logged = jsonl(cli(served, "log", "--format", "jsonl").stdout)
    assert Path(logged[0]["archive_path"]) == elsewhere / file_id / "report.csv"

    result = cli(served, "restore", file_id)  # no --from: the delete record knows the folder

    assert result.returncode == 0, result.stderr
    (done,) = jsonl(result.stdout)
    assert (done["status"], done["source"], Path(done["path"])) == ("restored", "archive", elsewhere / file_id / "report.csv")
    assert served.storage.blob_path(done["new_id"]).read_bytes() == data
    assert server_ids(served) == [done["new_id"]]


def test_a_recorded_copy_whose_sha256_changed_is_refused_in_words(served: LocalServer, tmp_path: Path) -> None:
    file_id, elsewhere = _archived(served, tmp_path, b"x" * 64)
    content = elsewhere / file_id / "report.csv"
    content.write_bytes(b"y" * 64)  # same size; and the manifest rewritten to match: only the record knows
    manifest = json.loads((elsewhere / file_id / "metadata.json").read_text())
    (elsewhere / file_id / "metadata.json").write_text(json.dumps(manifest | {"sha256": _sha256(content)}))

    result = cli(served, "restore", file_id)

    assert result.returncode == 1
    (refused,) = jsonl(result.stdout)
    assert refused["status"] == "no_copy" and refused.get("new_id") is None
    assert "changed since it was archived (sha256 differs)" in refused["error"]
    assert server_ids(served) == []


def test_a_record_written_before_archive_paths_were_kept_still_works(served: LocalServer, tmp_path: Path) -> None:
    path = DeletionRecord().path
    path.parent.mkdir(parents=True, exist_ok=True)
    old = _SCHEMA.split("CREATE TABLE IF NOT EXISTS restores")[0]
    old = old.replace(",\n    archive_path TEXT,\n    archive_sha256 TEXT", "")
    with sqlite3.connect(path) as db:
        db.executescript(old)
    assert "archive_path" not in {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(deletions)")}

    file_id, elsewhere = _archived(served, tmp_path)  # the older file gains the columns
    assert cli(served, "restore", file_id).returncode == 0


def test_a_second_restore_while_one_holds_the_id_is_refused_and_a_later_one_says_already_restored(
    served: LocalServer, tmp_path: Path
) -> None:
    file_id, _ = _archived(served, tmp_path)
    held = Claim(DeletionRecord(), file_id)
    held.take()  # as a restore running in another terminal holds it
    try:
        busy = cli(served, "restore", file_id)
    finally:
        held.release()

    assert busy.returncode == 1
    assert f"{file_id}: already being restored by another claude-files (pid {os.getpid()})" in busy.stderr
    assert jsonl(busy.stdout)[0]["status"] == "restoring"
    assert server_ids(served) == []

    first = cli(served, "restore", file_id)
    assert first.returncode == 0, first.stderr
    new_id = jsonl(first.stdout)[0]["new_id"]

    later = cli(served, "restore", file_id)
    assert later.returncode == 0, later.stderr  # what was asked holds already: a re-run succeeds
    assert f"{file_id}: already restored as {new_id}, still on the server; nothing uploaded" in later.stderr
    assert (jsonl(later.stdout)[0]["status"], jsonl(later.stdout)[0]["new_id"]) == ("already_restored", new_id)
    assert server_ids(served) == [new_id]

    forced = cli(served, "restore", file_id, "--again")
    assert forced.returncode == 0, forced.stderr
    assert len(server_ids(served)) == 2


def test_two_restores_of_one_id_at_once_upload_it_once(served: LocalServer, tmp_path: Path) -> None:
    file_id, _ = _archived(served, tmp_path)
    served.set_faults(latency_ms=300)  # each request slow: both runs are in flight together

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: cli(served, "restore", file_id), range(2)))

    statuses = sorted(jsonl(run.stdout)[0]["status"] for run in runs)
    assert statuses in (["restored", "restoring"], ["already_restored", "restored"]), statuses
    won = next(run for run in runs if jsonl(run.stdout)[0]["status"] == "restored")
    lost = next(run for run in runs if run is not won)
    new_id = jsonl(won.stdout)[0]["new_id"]
    assert server_ids(served) == [new_id]
    if jsonl(lost.stdout)[0]["status"] == "restoring":  # still in flight: not done by this run
        assert lost.returncode == 1 and "already being restored by another claude-files" in lost.stderr
    else:  # the other had finished: the file is back, as asked
        assert lost.returncode == 0 and f"already restored as {new_id}" in lost.stderr


def test_a_killed_restore_does_not_hold_its_id(served: LocalServer, tmp_path: Path) -> None:
    file_id, _ = _archived(served, tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, file_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert "already being restored" in cli(served, "restore", file_id).stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()

    result = cli(served, "restore", file_id)

    assert result.returncode == 0, result.stderr
    assert len(server_ids(served)) == 1


_HOLD = """
import sys
from claude_files.deletions import DeletionRecord
from claude_files.restores import Claim
Claim(DeletionRecord(), sys.argv[1]).take()
print("held", flush=True)
sys.stdin.read()
"""


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
