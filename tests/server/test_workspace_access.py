"""``anthropic-workspace-id`` on the files and messages routes: who may act on which workspace.

A key that belongs to one workspace may name only its own; the admin key and OAuth tokens may
name any workspace of the organization except one they are not a member of; refusals are the
API's 403 ``permission_error``. The storage cap stays the organization's across workspaces.
"""

from __future__ import annotations

import anthropic
import httpx2
import pytest
from anthropic.types import StorageQuotaExceededError

from claude_files.server import LocalServer
from claude_files.server.demo_workspaces import FINANCE, RESEARCH

ADMIN = "sk-ant-admin01-test"
USER = "sk-ant-api03-test"
LOCKED = "wrkspc_011CLockedLockedLocked01"
OAUTH = {"anthropic-beta": "oauth-2025-04-20"}


@pytest.fixture
def org():
    with LocalServer(demo_data=True, api_key=USER, admin_key=ADMIN, locked_workspaces=[LOCKED]) as srv:
        srv.add_workspace(LOCKED, "Legal")
        srv.add_file("contract.pdf", b"%PDF-1.4 secret", workspace=LOCKED)
        yield srv


def test_a_key_of_one_workspace_may_name_only_its_own(org, make_client):
    user = make_client(org, api_key=USER)
    assert {f.filename for f in user.files.list()} == {f.filename for f in user.files.list(workspace_id="default")}
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        user.files.list(workspace_id=RESEARCH)
    assert denied.value.status_code == 403 and denied.value.type == "permission_error" and denied.value.request_id
    assert RESEARCH in denied.value.message
    with pytest.raises(anthropic.PermissionDeniedError):
        user.files.upload(file=("a.txt", b"a", "text/plain"), workspace_id=FINANCE)
    assert org.file_count(FINANCE) == 3  # nothing was added to Finance


def test_the_admin_key_and_oauth_tokens_act_on_every_workspace_they_belong_to(org, make_client):
    token = org.issue_tokens()["access_token"]
    clients = [
        make_client(org, api_key=ADMIN),
        make_client(org, api_key=None, auth_token=token, default_headers=OAUTH),
    ]
    for client in clients:
        research = {f.filename for f in client.files.list(workspace_id=RESEARCH)}
        assert "interview-notes.md" in research
        added = client.files.upload(file=("note.txt", b"n", "text/plain"), workspace_id=FINANCE)
        assert client.files.retrieve_metadata(added.id, workspace_id=FINANCE).filename == "note.txt"
        with pytest.raises(anthropic.NotFoundError):  # a file is found only in its own workspace
            client.files.retrieve_metadata(added.id, workspace_id=RESEARCH)
        with pytest.raises(anthropic.PermissionDeniedError) as denied:
            client.files.list(workspace_id=LOCKED)
        assert denied.value.type == "permission_error" and LOCKED in denied.value.message


def test_the_refusal_is_the_apis_body_on_every_files_route(org):
    """Status and body as the API answers a permission error, whatever the route."""
    headers = {"x-api-key": USER, "anthropic-version": "2023-06-01", "anthropic-workspace-id": RESEARCH}
    file_id = org.add_file("r.txt", b"r", workspace=RESEARCH)["id"]
    with httpx2.Client(base_url=org.url, headers=headers) as http:
        answers = [
            http.get("/v1/files"),
            http.get(f"/v1/files/{file_id}"),
            http.get(f"/v1/files/{file_id}/content"),
            http.delete(f"/v1/files/{file_id}"),
            http.post("/v1/files", files={"file": ("x.txt", b"x", "text/plain")}),
        ]
    for answer in answers:
        body = answer.json()
        assert answer.status_code == 403 and answer.headers["request-id"] == body["request_id"]
        assert body["type"] == "error" and body["error"]["type"] == "permission_error"
    assert org.file_count(RESEARCH) == 5  # the delete was refused: the file is still there


def test_the_cap_is_the_organizations_across_demo_workspaces(make_client):
    with LocalServer(demo_data=True, admin_key=ADMIN) as srv:
        used = srv.storage.live_bytes()  # every workspace's (an expired file no longer counts)
        srv.storage.storage_limit = used + 100
        admin = make_client(srv, api_key=ADMIN)
        admin.files.upload(file=("a.txt", b"a" * 60, "text/plain"), workspace_id=RESEARCH)
        with pytest.raises(StorageQuotaExceededError):  # Finance has room of its own only in the shared cap
            admin.files.upload(file=("b.txt", b"b" * 41, "text/plain"), workspace_id=FINANCE)
        admin.files.upload(file=("c.txt", b"c" * 40, "text/plain"), workspace_id=FINANCE)
        assert srv.storage.live_bytes() == used + 100
