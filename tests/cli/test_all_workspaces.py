"""`du --all-workspaces` and `ls --all-workspaces` through the installed script against demo workspaces.

The organization's totals equal the sums of the workspaces listed one by one; a workspace the
credential may not read is named (stderr, the JSON and status 1), never silently left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from claude_files.server import LocalServer
from claude_files.server.demo_workspaces import ARCHIVED, FINANCE, RESEARCH

from .conftest import cli, jsonl

ADMIN = "sk-ant-admin01-cli"
LOCKED = "wrkspc_011CLockedLegal00000001"


@pytest.fixture(scope="module")
def org() -> Iterator[LocalServer]:
    with LocalServer(demo_data=True, admin_key=ADMIN, api_key="a-workspace-key") as srv:
        for n in range(1_500):  # more than a page, so paging per workspace counts
            srv.storage.add_synthetic(
                [(f"file_011CResearchBulk{n:07d}", f"r{n}.txt", "text/plain", 100 + n, 10**15 + n)], RESEARCH
            )
        yield srv


def du(srv: LocalServer, *args: str, key: str = ADMIN) -> dict:
    result = cli(srv, "du", *args, "--format", "json", ANTHROPIC_API_KEY=key)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def listed_alone(srv: LocalServer, make_client, workspace: str) -> list:
    """One workspace's files as the SDK lists them, every page."""
    return list(make_client(srv, api_key=ADMIN).files.list(workspace_id=workspace, limit=1000))


def test_du_all_workspaces_equals_the_sums_of_each_workspace_listed_alone(org, make_client):
    every = du(org, "--all-workspaces")
    ids = [w["id"] for w in every["workspaces"]]
    assert ids == ["default", ARCHIVED, RESEARCH, FINANCE] and every["unreadable"] == []
    alone = {workspace: listed_alone(org, make_client, workspace) for workspace in ids}
    since = datetime.fromisoformat(every["as_of"]) - timedelta(days=90)
    for entry in every["workspaces"]:
        files = alone[entry["id"]]
        assert (entry["files"], entry["bytes"]) == (len(files), sum(f.size_bytes for f in files)), entry["name"]
        assert entry["growth_90d_bytes"] == sum(f.size_bytes for f in files if f.created_at >= since)
    assert every["files"] == sum(map(len, alone.values())) == org.file_count()
    assert every["bytes"] == sum(f.size_bytes for files in alone.values() for f in files) == org.stored_bytes()
    assert every["cap_share"] == round(every["bytes"] / every["cap_bytes"], 6)
    narrowed = du(org, "--all-workspaces", "type:pdf")  # the query narrows every workspace alike
    pdfs = {ws: [f for f in files if f.mime_type == "application/pdf"] for ws, files in alone.items()}
    assert [(w["files"], w["bytes"]) for w in narrowed["workspaces"]] == [
        (len(pdfs[ws]), sum(f.size_bytes for f in pdfs[ws])) for ws in ids
    ]
    assert narrowed["query"] == "type:pdf" and narrowed["files"] > 0


def test_a_workspace_the_credential_may_not_read_is_named_not_left_out():
    with LocalServer(demo_data=True, admin_key=ADMIN, locked_workspaces=[LOCKED]) as srv:
        srv.add_workspace(LOCKED, "Legal")
        srv.add_file("contract.pdf", b"%PDF secret", workspace=LOCKED)
        result = cli(srv, "du", "--all-workspaces", "--format", "json", ANTHROPIC_API_KEY=ADMIN)
        assert result.returncode == 1  # an item (a workspace) failed
        figures = json.loads(result.stdout)
        assert [u["name"] for u in figures["unreadable"]] == ["Legal"] and "403" in figures["unreadable"][0]["error"]
        assert figures["bytes"] == srv.stored_bytes() - srv.stored_bytes(LOCKED)  # the total says what it counts
        assert "Legal" in result.stderr and LOCKED in result.stderr
        table = cli(srv, "du", "--all-workspaces", "--format", "table", ANTHROPIC_API_KEY=ADMIN)
        assert "Legal" in table.stdout and "could not be read" in table.stdout
        listed = cli(srv, "ls", "--all-workspaces", ANTHROPIC_API_KEY=ADMIN)
        assert listed.returncode == 1 and "Legal" in listed.stderr
        assert len(jsonl(listed.stdout)) == srv.file_count() - 1


def test_ls_all_workspaces_adds_the_workspace_to_every_record(org):
    result = cli(org, "ls", "--all-workspaces", ANTHROPIC_API_KEY=ADMIN)
    assert result.returncode == 0, result.stderr
    records = jsonl(result.stdout)
    assert len(records) == org.file_count()
    by_workspace = {}
    for record in records:
        by_workspace.setdefault(record["workspace_id"], set()).add(record["id"])
    assert {ws: len(ids) for ws, ids in by_workspace.items()} == {ws: org.file_count(ws) for ws in ("default", RESEARCH, FINANCE)}
    assert {r["workspace_name"] for r in records} == {"Default Workspace", "Research", "Finance"}
    table = cli(org, "ls", "--all-workspaces", "--format", "table", "--sort", "size", "--limit", "3", ANTHROPIC_API_KEY=ADMIN)
    lines = table.stdout.splitlines()
    assert lines[0].split()[0] == "WORKSPACE" and len(lines) == 4
    csv = cli(org, "ls", "--all-workspaces", "--format", "csv", "type:csv", ANTHROPIC_API_KEY=ADMIN)
    assert csv.stdout.splitlines()[0].startswith("workspace_id,workspace_name,id,")


def test_ls_all_workspaces_streams_pages_as_they_come_and_limit_counts_in_workspace_order(org, make_client):
    """Piped, each page is written as it arrives (memory flat: bench O3), so workspaces may
    interleave, each one's files newest first as the API lists them; --limit takes the first
    files in the workspaces' order, the same on every run."""
    order = ["default", ARCHIVED, RESEARCH, FINANCE]
    alone = [(ws, f.id) for ws in order for f in listed_alone(org, make_client, ws)]
    for fmt, parse in (("jsonl", jsonl), ("json", json.loads)):
        result = cli(org, "ls", "--all-workspaces", "--format", fmt, ANTHROPIC_API_KEY=ADMIN)
        assert result.returncode == 0, result.stderr
        got = [(r["workspace_id"], r["id"]) for r in parse(result.stdout)]
        assert sorted(got) == sorted(alone) and len(got) == len(alone)
        for ws in order:
            assert [i for w, i in got if w == ws] == [i for w, i in alone if w == ws], ws
    first = org.file_count("default") + 7  # into the next workspace with files, mid-page
    limited = cli(org, "ls", "--all-workspaces", "--limit", str(first), "--format", "ids", ANTHROPIC_API_KEY=ADMIN)
    assert limited.returncode == 0, limited.stderr
    assert limited.stdout.split() == [file_id for _, file_id in alone[:first]]


def test_a_credential_that_cannot_list_workspaces_is_told_so(org):
    result = cli(org, "du", "--all-workspaces", ANTHROPIC_API_KEY="a-workspace-key")
    assert result.returncode == 3 and "may not list" in result.stderr and result.stdout == ""


def test_put_refused_for_storage_points_at_every_workspace(tmp_path):
    (tmp_path / "new.txt").write_bytes(b"n" * 500)
    with LocalServer(demo_data=True, admin_key=ADMIN) as srv:
        srv.storage.storage_limit = srv.storage.live_bytes() + 100  # Research and Finance hold most of it
        result = cli(srv, "put", str(tmp_path / "new.txt"), ANTHROPIC_API_KEY=ADMIN)
        assert result.returncode == 1 and "storage is full" in result.stderr
        assert "du --all-workspaces" in result.stderr
