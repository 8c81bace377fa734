"""``GET /v1/organizations/workspaces`` with the admin key, refused otherwise; demo workspaces."""

from __future__ import annotations

import anthropic
import pytest
from anthropic.types.organization import Workspace

from claude_files.server import LocalServer
from claude_files.server.demo_workspaces import ARCHIVED, FINANCE, RESEARCH

ADMIN = "sk-ant-admin01-test"
USER = "sk-ant-api03-test"


@pytest.fixture
def org():
    with LocalServer(demo_data=True, api_key=USER, admin_key=ADMIN) as srv:
        yield srv


def test_the_admin_key_lists_the_demo_workspaces_strictly(org, make_client):
    admin = make_client(org, api_key=ADMIN)
    listed = list(admin.organization.workspaces.list())
    assert all(isinstance(w, Workspace) and w.type == "workspace" for w in listed)
    assert [(w.id, w.name) for w in listed] == [(RESEARCH, "Research"), (FINANCE, "Finance")]
    every = list(admin.organization.workspaces.list(include_default=True, include_archived=True, limit=1))
    assert [w.id for w in every] == ["default", ARCHIVED, RESEARCH, FINANCE]  # default first, then oldest first
    assert [w.id for w in every if w.archived_at is not None] == [ARCHIVED]
    assert all(w.id.startswith("wrkspc_011C") and len(w.id) == len("wrkspc_011C") + 20 for w in every[1:])


def test_workspace_pages_follow_the_sdks_cursors(org, make_client):
    admin = make_client(org, api_key=ADMIN)
    first = admin.organization.workspaces.list(include_default=True, include_archived=True, limit=2)
    assert [w.id for w in first.data] == ["default", ARCHIVED] and first.has_more and first.last_id == ARCHIVED
    second = first.get_next_page()
    assert [w.id for w in second.data] == [RESEARCH, FINANCE] and second.has_more is False and not second.has_next_page()
    before = admin.organization.workspaces.list(include_default=True, include_archived=True, before_id=FINANCE, limit=2)
    assert [w.id for w in before.data] == [ARCHIVED, RESEARCH] and before.has_more
    assert [w.id for w in admin.organization.workspaces.list(ids=[FINANCE, ARCHIVED])] == [FINANCE]
    assert admin.organization.workspaces.retrieve(RESEARCH).name == "Research"
    with pytest.raises(anthropic.BadRequestError):
        admin.organization.workspaces.list(limit=0)


def test_other_credentials_are_refused_in_the_apis_shapes(org, make_client):
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        make_client(org, api_key=USER).organization.workspaces.list()
    assert denied.value.status_code == 403 and denied.value.type == "permission_error" and denied.value.request_id
    token = org.issue_tokens()["access_token"]
    oauth = make_client(org, api_key=None, auth_token=token, default_headers={"anthropic-beta": "oauth-2025-04-20"})
    with pytest.raises(anthropic.PermissionDeniedError):
        oauth.organization.workspaces.list()
    with pytest.raises(anthropic.AuthenticationError) as refused:
        make_client(org, api_key="sk-ant-admin01-guess").organization.workspaces.list()
    assert refused.value.status_code == 401 and refused.value.type == "authentication_error"
    assert "guess" not in refused.value.response.text


def test_without_an_admin_key_nobody_lists_workspaces(shared_demo_server, make_client):
    with pytest.raises(anthropic.PermissionDeniedError):
        make_client(shared_demo_server, api_key="anything").organization.workspaces.list()


def test_each_demo_workspace_holds_its_own_files(org, make_client):
    client = make_client(org, api_key=ADMIN)  # a credential for several workspaces
    names = {ws: {f.filename for f in client.files.list(workspace_id=ws)} for ws in ("default", RESEARCH, FINANCE)}
    assert "sales.csv" in names["default"] and "interview-notes.md" in names[RESEARCH] and "invoices-q1.csv" in names[FINANCE]
    assert not (names["default"] & names[RESEARCH]) and not (names[RESEARCH] & names[FINANCE])
    outputs = list(client.beta.files.list(workspace_id=RESEARCH, betas=["managed-agents-2026-04-01"]))
    assert any(f.scope is not None and f.downloadable for f in outputs)
    assert list(client.files.list(workspace_id=ARCHIVED)) == []


def test_workspaces_added_in_process_are_listed(make_client):
    with LocalServer(admin_key=ADMIN) as srv:
        srv.add_workspace("wrkspc_011CAAAAAAAAAAAAAAAAAAAA", "Scratch")
        srv.add_workspace("wrkspc_011CBBBBBBBBBBBBBBBBBBBB", "Old", archived=True)
        admin = make_client(srv, api_key=ADMIN)
        assert [w.name for w in admin.organization.workspaces.list()] == ["Scratch"]
        assert [w.name for w in admin.organization.workspaces.list(include_archived=True)] == ["Scratch", "Old"]
