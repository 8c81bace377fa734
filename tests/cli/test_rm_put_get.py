"""`rm`, `put` and `get` through the installed command, checked against the server's state."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from claude_files.download_writer import leftover_temp_files
from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli, cli_env, jsonl, seed, server_ids


def test_rm_refuses_without_a_terminal_unless_yes(served: LocalServer) -> None:
    ids = seed(served, 5)
    refused = cli(served, "rm", ids[0])
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert server_ids(served) == ids, "nothing deleted"
    done = cli(served, "rm", ids[0], ids[1], "--yes")
    assert done.returncode == 0, done.stderr
    assert [(r["id"], r["status"]) for r in jsonl(done.stdout)] == [(ids[0], "deleted"), (ids[1], "deleted")]
    assert server_ids(served) == ids[2:]


def test_rm_dry_run_lists_and_deletes_nothing(served: LocalServer) -> None:
    ids = seed(served, 12, "old")
    seed(served, 3, "keep")
    before = server_ids(served)
    result = cli(served, "rm", "--where", "name:old-*", "--dry-run", "--format", "ids")
    assert result.returncode == 0
    assert sorted(result.stdout.split()) == sorted(ids)
    assert "Would delete 12 files" in result.stderr and "kB" in result.stderr
    assert server_ids(served) == before


def test_ls_ids_piped_into_rm_stdin(served: LocalServer) -> None:
    doomed = seed(served, 150, "tmp")
    kept = seed(served, 10, "keep")
    pipeline = f"'{CLAUDE_FILES}' ls 'name:tmp-*' --format ids | '{CLAUDE_FILES}' rm - --yes --format ids"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True, env=cli_env(served), timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(doomed)
    assert sorted(server_ids(served)) == sorted(kept)
    assert "Deleted 150 of 150 files" in result.stderr


def test_rm_missing_id_exits_1_and_still_deletes_the_rest(served: LocalServer) -> None:
    ids = seed(served, 2)
    result = cli(served, "rm", "-", "--yes", input=f"{ids[0]}\nfile_gone\n\n# a comment\n")
    assert result.returncode == 1
    statuses = {r["id"]: r["status"] for r in jsonl(result.stdout)}
    assert statuses == {ids[0]: "deleted", "file_gone": "not_found"}
    assert server_ids(served) == [ids[1]]


def test_rm_usage_errors_exit_2(served: LocalServer) -> None:
    assert cli(served, "rm").returncode == 2
    assert cli(served, "rm", "x", "--where", "size>1").returncode == 2
    bad = cli(served, "rm", "--where", "age>", "--yes")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_rm_with_injected_faults_reports_what_the_server_holds() -> None:
    with LocalServer(fail_rate=0.3, seed=11) as srv:
        ids = seed(srv, 200)
        srv.state.fail_rate = 0.0
        listing = cli(srv, "ls", "--format", "ids")
        srv.state.fail_rate = 0.3
        result = cli(srv, "rm", "-", "--yes", input=listing.stdout, timeout=120)
        srv.state.fail_rate = 0.0
        left = set(server_ids(srv))
    results = {r["id"]: r for r in jsonl(result.stdout)}
    assert set(results) == set(ids)
    deleted = {i for i, r in results.items() if r["status"] in ("deleted", "gone")}  # gone: a retry found it deleted
    failed = {i for i, r in results.items() if r["status"] == "failed"}
    assert deleted | failed == set(ids)
    assert not deleted & left, "reported deleted but still on the server"
    assert left <= failed, "every file still there is reported as failed"
    assert result.returncode == (1 if failed else 0)
    for i in failed:
        assert results[i]["error"]


def test_put_uploads_refuses_like_the_tui_and_prints_one_result_per_file(served: LocalServer, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("alpha\n")
    sub = tmp_path / "dir" / "sub"
    sub.mkdir(parents=True)
    (sub / "b.md").write_text("# beta\n")
    (tmp_path / "dir" / "c.csv").write_text("x,y\n1,2\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    os.mkfifo(tmp_path / "pipe")
    result = cli(
        served, "put", str(tmp_path / "a.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "pipe"), str(tmp_path / "dir")
    )
    assert result.returncode == 1
    rows = {Path(r["path"]).name: r for r in jsonl(result.stdout)}
    assert rows["a.txt"]["status"] == "uploaded"
    assert "empty" in rows["empty.txt"]["error"] and "not a regular file" in rows["pipe"]["error"]
    assert "directory" in rows["dir"]["error"]
    on_server = {r["id"]: r for r in served.storage.list_page("default", 100, None)[0]}
    assert set(on_server) == {rows["a.txt"]["id"]} and on_server[rows["a.txt"]["id"]]["size_bytes"] == 6

    recursive = cli(served, "put", "-r", str(tmp_path / "dir"), "--expires", "7d")
    assert recursive.returncode == 0, recursive.stderr
    uploaded = jsonl(recursive.stdout)
    assert sorted(Path(r["path"]).name for r in uploaded) == ["b.md", "c.csv"]
    assert all(r["status"] == "uploaded" and r["expires_at"] for r in uploaded)
    assert {r["id"] for r in uploaded} <= set(server_ids(served))


def test_get_saves_atomically_to_dir_file_and_stdout(served: LocalServer, tmp_path: Path) -> None:
    good = served.add_file("report.csv", b"a,b\n1,2\n", downloadable=True)
    upload = served.add_file("upload.pdf", b"%PDF-1.4 not really", downloadable=False)
    result = cli(served, "get", good["id"], "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.csv").read_bytes() == b"a,b\n1,2\n"
    assert jsonl(result.stdout)[0]["path"] == str(tmp_path / "report.csv")
    again = cli(served, "get", good["id"], "-o", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr
    named = cli(served, "get", good["id"], "-o", str(tmp_path / "renamed.csv"))
    assert named.returncode == 0 and (tmp_path / "renamed.csv").read_bytes() == b"a,b\n1,2\n"
    piped = subprocess.run([CLAUDE_FILES, "get", good["id"], "-o", "-"], capture_output=True, env=cli_env(served), timeout=60)
    assert piped.returncode == 0 and piped.stdout == b"a,b\n1,2\n"
    refused = cli(served, "get", upload["id"], "-o", str(tmp_path))
    assert refused.returncode == 1 and "cannot be downloaded" in refused.stderr
    missing = cli(served, "get", "file_nope", "-o", str(tmp_path))
    assert missing.returncode == 1
    assert not leftover_temp_files(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renamed.csv", "report.csv"]


def test_put_skip_duplicates_prints_the_existing_id(served: LocalServer, tmp_path: Path) -> None:
    """The ledger (CLAUDE_FILES_LEDGER, a temp file in tests) remembers what put sent from here."""
    source = tmp_path / "export.csv"
    source.write_text("a,b\n1,2\n")
    first = cli(served, "put", str(source))
    assert first.returncode == 0, first.stderr
    (uploaded,) = jsonl(first.stdout)
    again = cli(served, "put", str(source), "--skip-duplicates", "--format", "ids")
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == [uploaded["id"]]
    assert "already uploaded as" in again.stderr and "1 already uploaded, not sent again" in again.stderr
    assert len(server_ids(served)) == 1
    without = cli(served, "put", str(source))  # without the flag: sent again, as asked
    assert without.returncode == 0 and len(server_ids(served)) == 2
    for file_id in server_ids(served):  # gone from the server: the ledger's entries drop, it uploads
        served.storage.delete(file_id, "default")
    fresh = cli(served, "put", str(source), "--skip-duplicates")
    assert [r["status"] for r in jsonl(fresh.stdout)] == ["uploaded"] and len(server_ids(served)) == 1
