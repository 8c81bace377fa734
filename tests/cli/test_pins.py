"""`pin`, `unpin`, `ls is:pinned` and `rm` keeping pinned files, through the installed command."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli, cli_env, jsonl, seed, server_ids


def pins_file() -> Path:
    return Path(os.environ["CLAUDE_FILES_PINS"])


def test_pin_checks_ids_and_ls_is_pinned_lists_them(served: LocalServer) -> None:
    ids = seed(served, 5)
    result = cli(served, "pin", ids[0], ids[1], "file_011CNoSuchFileAtAll0000")
    assert result.returncode == 1, "a missing id is an item that failed"
    assert "file_011CNoSuchFileAtAll0000: no such file; not pinned" in result.stderr
    assert "Pinned 2 files on this machine" in result.stderr
    listed = cli(served, "ls", "is:pinned", "--format", "ids")
    assert listed.returncode == 0, listed.stderr
    assert sorted(listed.stdout.split()) == sorted(ids[:2])
    assert sorted(cli(served, "ls", "--format", "ids", "--", "-is:pinned").stdout.split()) == sorted(ids[2:])
    again = cli(served, "pin", ids[0])
    assert again.returncode == 0 and "Pinned 0 files on this machine (1 already pinned)" in again.stderr


def test_pins_file_is_private_and_says_pins_are_local(served: LocalServer) -> None:
    ids = seed(served, 1)
    assert cli(served, "pin", ids[0]).returncode == 0
    assert stat.S_IMODE(pins_file().stat().st_mode) == 0o600
    data = json.loads(pins_file().read_text())
    assert "this machine only" in data["note"]
    assert [place["base_url"] for place in data["places"]] == [served.url.rstrip("/")]
    assert not [name for name in os.listdir(pins_file().parent) if name.endswith(".tmp")], "no temp file left"
    helped = " ".join(cli(None, "pin", "--help").stdout.split())
    assert "kept on this machine only" in helped and str(pins_file()) in helped


def test_unpin_ids_from_stdin(served: LocalServer) -> None:
    ids = seed(served, 3)
    assert cli(served, "pin", "-", input="\n".join(ids) + "\n").returncode == 0
    result = cli(served, "unpin", "-", input=f"{ids[0]}\n{ids[1]}\nfile_011CNeverPinned000000\n")
    assert result.returncode == 0, result.stderr
    assert "Unpinned 2 files (1 not pinned)" in result.stderr
    assert cli(served, "ls", "is:pinned", "--format", "ids").stdout.split() == [ids[2]]


def test_rm_where_keeps_pinned_files_and_says_how_many(served: LocalServer) -> None:
    ids = seed(served, 10, "old")
    assert cli(served, "pin", *ids[:3]).returncode == 0
    dry = cli(served, "rm", "--where", "name:old-*", "--dry-run", "--format", "ids")
    assert "3 pinned files kept" in dry.stderr and "Would delete 7 files" in dry.stderr
    assert sorted(dry.stdout.split()) == sorted(ids[3:])
    spared = cli(served, "rm", "--where", "name:old-*", "--yes")  # the rule takes every file: pins spare 3, yet it is one
    assert spared.returncode == 2 and "add --all" in spared.stderr and len(server_ids(served)) == 10
    result = cli(served, "rm", "--where", "name:old-*", "--yes", "--all")
    assert result.returncode == 0, result.stderr
    assert sorted(server_ids(served)) == sorted(ids[:3])
    assert "Deleted 7 of 7 files" in result.stderr and "3 pinned files kept." in result.stderr
    statuses = {r["id"]: r["status"] for r in jsonl(result.stdout)}
    assert [statuses[file_id] for file_id in ids[:3]] == ["pinned"] * 3


def test_rm_stdin_and_ids_keep_pinned_files(served: LocalServer) -> None:
    ids = seed(served, 4, "tmp")
    assert cli(served, "pin", ids[1]).returncode == 0
    pipeline = f"'{CLAUDE_FILES}' ls 'name:tmp-*' --format ids | '{CLAUDE_FILES}' rm - --yes --format ids"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True, env=cli_env(served))
    assert result.returncode == 0, result.stderr
    assert server_ids(served) == [ids[1]]
    assert "1 pinned file kept" in result.stderr
    alone = cli(served, "rm", ids[1], "--yes")
    assert alone.returncode == 0 and "Nothing to delete." in alone.stderr and "1 pinned file kept" in alone.stderr
    assert server_ids(served) == [ids[1]], "deleting a pinned file means unpinning it first"
    assert cli(served, "unpin", ids[1]).returncode == 0
    assert cli(served, "rm", ids[1], "--yes").returncode == 0
    assert server_ids(served) == []


def test_pins_are_per_connection(served: LocalServer) -> None:
    ids = seed(served, 2)
    assert cli(served, "pin", ids[0]).returncode == 0
    assert cli(served, "ls", "is:pinned", "--workspace", "wrkspc_other", "--format", "ids").stdout.split() == []
    with LocalServer() as other:
        other_ids = seed(other, 2)
        assert cli(other, "ls", "is:pinned", "--format", "ids").stdout.split() == []
        assert cli(other, "rm", "--where", "size>0", "--yes", "--all").returncode == 0
        assert server_ids(other) == [] != other_ids
    assert cli(served, "ls", "is:pinned", "--format", "ids").stdout.split() == [ids[0]]


def test_export_then_import_on_another_connection(served: LocalServer, tmp_path: Path) -> None:
    ids = seed(served, 3)
    assert cli(served, "pin", ids[0], ids[1]).returncode == 0
    exported = cli(served, "pin", "--export")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert sorted(pin["id"] for pin in data["pins"]) == sorted(ids[:2])
    assert "Exported 2 pins" in exported.stderr and "this machine only" in exported.stderr
    # Another machine: its own pins file; the same files (a colleague on the same workspace).
    elsewhere = str(tmp_path / "colleague" / "pins.json")
    data["pins"].append({"id": "not an id"})
    data["pins"].append({"id": "file_011CGoneMeanwhile0000000"})
    imported = cli(served, "pin", "--import", "-", input=json.dumps(data), CLAUDE_FILES_PINS=elsewhere)
    assert imported.returncode == 1, "skipped entries are said and exit 1"
    assert "Imported 2 pins" in imported.stderr
    assert "1 file not on this connection skipped" in imported.stderr and "1 entry not a file id skipped" in imported.stderr
    listed = cli(served, "ls", "is:pinned", "--format", "ids", CLAUDE_FILES_PINS=elsewhere)
    assert sorted(listed.stdout.split()) == sorted(ids[:2])
    merged = cli(served, "pin", "--import", "-", input=exported.stdout, CLAUDE_FILES_PINS=elsewhere)
    assert merged.returncode == 0 and "Imported 0 pins" in merged.stderr and "2 already pinned" in merged.stderr


def test_import_refuses_what_is_not_an_export(served: LocalServer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    result = cli(served, "pin", "--import", str(bad))
    assert result.returncode == 2 and "not JSON" in result.stderr
    assert cli(served, "pin", "--import", str(tmp_path / "absent.json")).returncode == 2
    assert cli(served, "pin").returncode == 2
    assert not pins_file().exists()


def test_an_unreadable_pins_file_stops_rm(served: LocalServer) -> None:
    ids = seed(served, 2)
    pins_file().write_text("{not json")
    result = cli(served, "rm", "--where", "size>0", "--yes")
    assert result.returncode == 1 and "not valid JSON" in result.stderr
    assert server_ids(served) == ids, "nothing deleted without knowing the pins"


def test_du_and_ls_sorted_know_is_pinned(served: LocalServer) -> None:
    ids = seed(served, 3)
    assert cli(served, "pin", ids[2]).returncode == 0
    assert cli(served, "ls", "is:pinned", "--sort", "name", "--format", "ids").stdout.split() == [ids[2]]
    summary = json.loads(cli(served, "du", "is:pinned", "--format", "json").stdout)
    assert summary["files"] == 1, summary


def test_rm_of_only_pinned_files_still_writes_each_one_as_pinned(served: LocalServer) -> None:
    """`rm ID` of a pinned file printed "Nothing to delete." and no record at all, so a script reading
    stdout could not tell a kept pin from a missing id (the README: each kept file has the status `pinned`)."""
    ids = seed(served, 2)
    assert cli(served, "pin", ids[0]).returncode == 0
    result = cli(served, "rm", ids[0], "file_011CNoSuchFileAtAll0000", "--yes")
    records = {r["id"]: r["status"] for r in jsonl(result.stdout)}
    assert records == {ids[0]: "pinned", "file_011CNoSuchFileAtAll0000": "not_found"}, result.stderr
    assert result.returncode == 1 and sorted(server_ids(served)) == sorted(ids)


def test_rm_naming_the_workspace_keeps_a_file_pinned_without_it(served: LocalServer) -> None:
    """Pinned in the TUI (no --workspace), deleted by a cron line that names the same workspace: the
    pin was filed under another connection key and the file went. A file id names one file."""
    ids = seed(served, 3, "tmp")
    assert cli(served, "pin", ids[0]).returncode == 0
    result = cli(served, "rm", "--where", "name:tmp-*", "--all", "--yes", "--workspace", "default")
    assert result.returncode == 0, result.stderr
    assert server_ids(served) == [ids[0]]
    assert {r["id"]: r["status"] for r in jsonl(result.stdout)}[ids[0]] == "pinned"


def test_unpin_releases_a_pin_made_under_another_spelling_of_the_connection(served: LocalServer) -> None:
    """Found in tmux: a file pinned through localhost:PORT, seen through 127.0.0.1:PORT. rm and d
    keep a pin of any connection ("unpin it first"), but unpin said "Unpinned 0 files (1 not
    pinned here)" and the TUI's P "Unpinned" while d still refused: no way out but guessing
    the spelling. A file id names one file, so unpinning it releases it everywhere."""
    ids = seed(served, 2, "tmp")
    assert cli(served, "pin", ids[0], "--workspace", "default").returncode == 0
    result = cli(served, "unpin", ids[0])
    assert result.returncode == 0 and "Unpinned 1 file," in result.stderr, result.stderr
    result = cli(served, "rm", ids[0], "--yes")
    assert result.returncode == 0, result.stderr
    assert server_ids(served) == [ids[1]]
