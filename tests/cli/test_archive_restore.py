"""`rm --archive DIR` and `restore`, as a script runs them: a real local server, the console script.

A downloadable file is saved (checked against its size) before its delete, or kept when the
copy cannot be made; an upload's way back is its local file while the ledger's sha256 matches;
`restore` brings either back byte-exact under a new id, or says why it cannot.
"""

from __future__ import annotations

import json
from pathlib import Path

from claude_files.server import LocalServer

from .conftest import cli, jsonl, server_ids


def _blob(srv: LocalServer, file_id: str) -> bytes:
    return srv.storage.blob_path(file_id).read_bytes()


def _by_id(records: list[dict]) -> dict[str, dict]:
    return {record.get("id") or record["old_id"]: record for record in records}


def test_archived_files_come_back_byte_exact_under_new_ids(served: LocalServer, tmp_path: Path) -> None:
    chart = served.add_file("chart.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, downloadable=True)["id"]
    table = served.add_file("output.csv", b"a,b\n1,2\n", downloadable=True)["id"]
    twin = served.add_file("output.csv", b"other,bytes\n", downloadable=True)["id"]  # same name: no collision
    archive = tmp_path / "archive"

    result = cli(served, "rm", "--archive", str(archive), "--where", "is:downloadable", "--yes", "--all")

    assert result.returncode == 0, result.stderr
    records = _by_id(jsonl(result.stdout))
    assert {file_id: (r["status"], r["way_back"]) for file_id, r in records.items()} == {
        file_id: ("deleted", "archived") for file_id in (chart, table, twin)
    }
    assert server_ids(served) == []
    assert (archive / twin / "output.csv").read_bytes() == b"other,bytes\n"
    manifest = json.loads((archive / chart / "metadata.json").read_text())
    assert manifest["file"]["id"] == chart and manifest["file"]["downloadable"] is True
    assert manifest["place"] == {"base_url": served.url, "workspace": None}
    assert Path(records[chart]["copy"]) == archive / chart / "chart.png"

    restored = cli(served, "restore", chart, twin, "--from", str(archive))

    assert restored.returncode == 0, restored.stderr
    pairs = {r["old_id"]: r for r in jsonl(restored.stdout)}
    assert {r["source"] for r in pairs.values()} == {"archive"}
    assert _blob(served, pairs[chart]["new_id"]) == (archive / chart / "chart.png").read_bytes()
    assert _blob(served, pairs[twin]["new_id"]) == b"other,bytes\n"
    assert pairs[chart]["new_id"] != chart and pairs[chart]["filename"] == "chart.png"
    recorded = json.loads((archive / chart / "metadata.json").read_text())["restored"]
    assert [entry["new_id"] for entry in recorded] == [pairs[chart]["new_id"]]

    again = cli(served, "restore", chart, "--from", str(archive))  # a re-run does not upload twice
    assert again.returncode == 0, again.stderr  # what was asked holds: a re-run from cron succeeds
    assert f"{chart}: already restored as {pairs[chart]['new_id']}" in again.stderr
    assert jsonl(again.stdout)[0]["new_id"] == pairs[chart]["new_id"]
    assert jsonl(again.stdout)[0]["status"] == "already_restored"
    assert len(server_ids(served)) == 2


def test_a_failed_download_keeps_the_file_and_says_so(served: LocalServer, tmp_path: Path) -> None:
    good = served.add_file("good.csv", b"1,2\n", downloadable=True)["id"]
    bad = served.add_file("bad.csv", b"3,4\n", downloadable=True)["id"]
    blob = served.storage.blob_path(bad)
    blob.unlink()
    blob.mkdir()  # the server cannot read it: every download of it answers 500

    result = cli(served, "rm", "--archive", str(tmp_path), good, bad, "--yes")

    assert result.returncode == 1
    records = _by_id(jsonl(result.stdout))
    assert records[good]["status"] == "deleted"
    assert records[bad]["status"] == "not_archived"
    assert "download failed" in records[bad]["error"]
    assert server_ids(served) == [bad]
    assert f"{bad}: not deleted: not archived" in result.stderr
    assert "1 not deleted because archiving failed" in result.stderr
    assert not (tmp_path / bad / "metadata.json").exists()
    assert [path.name for path in (tmp_path / bad).iterdir()] == []  # no half file, no .part


def test_uploads_say_their_way_back_and_keep_unrecoverable_keeps_them(served: LocalServer, tmp_path: Path) -> None:
    local = tmp_path / "notes.txt"
    local.write_text("kept on this machine\n")
    uploaded = jsonl(cli(served, "put", str(local)).stdout)[0]["id"]
    orphan = served.add_file("orphan.txt", b"uploaded elsewhere\n")["id"]  # no ledger entry here
    archive = tmp_path / "archive"

    result = cli(served, "rm", "--archive", str(archive), uploaded, orphan, "--yes", "--keep-unrecoverable")

    assert result.returncode == 0, result.stderr
    records = _by_id(jsonl(result.stdout))
    assert (records[uploaded]["status"], records[uploaded]["way_back"]) == ("deleted", "local_copy")
    assert records[uploaded]["copy"] == str(local)
    assert (records[orphan]["status"], records[orphan]["way_back"]) == ("kept", "none")
    assert "not uploaded with claude-files from this machine" in records[orphan]["error"]
    assert server_ids(served) == [orphan]
    assert not archive.exists() or not any(archive.iterdir())  # uploads have no bytes to archive

    plain = cli(served, "rm", "--archive", str(archive), orphan, "--yes")  # without the flag it goes, said
    assert plain.returncode == 0
    assert jsonl(plain.stdout)[0]["way_back"] == "none"
    assert "1 deleted with no way back" in plain.stderr


def test_restore_from_the_ledger_copy_while_its_sha256_matches(served: LocalServer, tmp_path: Path) -> None:
    kept, edited = tmp_path / "kept.txt", tmp_path / "edited.txt"
    kept.write_bytes(b"same bytes\n")
    edited.write_bytes(b"first version\n")
    ids = {r["path"]: r["id"] for r in jsonl(cli(served, "put", str(kept), str(edited)).stdout)}
    assert cli(served, "rm", ids[str(kept)], ids[str(edited)], "--yes").returncode == 0
    edited.write_bytes(b"edited after\n")

    result = cli(served, "restore", ids[str(kept)], ids[str(edited)], "--from", str(tmp_path / "none"))

    assert result.returncode == 1
    records = {r["old_id"]: r for r in jsonl(result.stdout)}
    back = records[ids[str(kept)]]
    assert (back["status"], back["source"], back["path"]) == ("restored", "local_copy", str(kept))
    assert _blob(served, back["new_id"]) == b"same bytes\n"
    lost = records[ids[str(edited)]]
    assert lost["status"] == "no_copy" and lost.get("new_id") is None
    assert "changed since the upload" in lost["error"]
    assert f"{ids[str(edited)]}: no way back" in result.stderr


def test_restore_says_why_a_file_cannot_come_back(served: LocalServer, tmp_path: Path) -> None:
    present = served.add_file("here.csv", b"x\n", downloadable=True)["id"]
    archive = tmp_path / "archive"
    assert cli(served, "rm", "--archive", str(archive), present, "--yes").returncode == 0
    (archive / present / "here.csv").write_bytes(b"tampered\n")
    unknown = "file_011CNha8iCJcU1wXNR6q4V8w"
    alive = served.add_file("alive.csv", b"y\n")["id"]

    result = cli(served, "restore", present, unknown, alive, "--from", str(archive))

    assert result.returncode == 1
    records = {r["old_id"]: r for r in jsonl(result.stdout)}
    assert "changed since it was archived" in records[present]["error"]
    assert records[unknown]["status"] == "no_copy"
    assert "no archived copy in" in records[unknown]["error"]
    assert records[alive]["status"] == "exists"
    assert server_ids(served) == [alive]
