"""Files in agent sessions: the beta ``scope`` shape, ``scope_id`` filtering, sessions in the seeded data."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import anthropic
import pytest
from anthropic.types import FileMetadata
from anthropic.types.beta import BetaFileMetadata, BetaFileScope

from claude_files.server import LocalServer
from claude_files.server.demo_data import ANALYSIS_SESSION, DRAFTING_SESSION, session_id
from claude_files.server.fields import SESSION_PREFIX

MANAGED_AGENTS = "managed-agents-2026-04-01"
SESSION = session_id("test session")
OTHER = session_id("another test session")


def test_session_ids_look_like_the_apis():
    assert SESSION.startswith("sesn_") and SESSION.startswith(SESSION_PREFIX) and len(SESSION) == len(SESSION_PREFIX) + 20
    assert SESSION != OTHER


def test_scoped_file_has_the_beta_scope_shape(server, client):
    meta = server.add_file("out.csv", b"a,b\n1,2\n", downloadable=True, scope_id=SESSION)
    plain = server.add_file("in.txt", b"hello")
    for betas in ([MANAGED_AGENTS], anthropic.omit):
        got = client.beta.files.retrieve_metadata(meta["id"], betas=betas)
        assert isinstance(got, BetaFileMetadata) and isinstance(got.scope, BetaFileScope)
        assert got.scope.id == SESSION and got.scope.type == "session"
        assert client.beta.files.retrieve_metadata(plain["id"], betas=betas).scope is None
    listed = {f.id: f for f in client.beta.files.list(betas=[MANAGED_AGENTS])}
    assert listed[meta["id"]].scope == BetaFileScope(id=SESSION, type="session") and listed[plain["id"]].scope is None


def test_ga_calls_accept_the_same_answer_under_strict_validation(server, client):
    meta = server.add_file("out.csv", b"a,b\n", scope_id=SESSION)
    got = client.files.retrieve_metadata(meta["id"])
    assert isinstance(got, FileMetadata) and got.id == meta["id"]
    assert [f.id for f in client.files.list()] == [meta["id"]]


def _seed_interleaved(server: LocalServer) -> tuple[list[str], list[str]]:
    start = datetime.now(UTC) - timedelta(days=1)
    scoped, others = [], []
    for i in range(17):
        scope = SESSION if i % 3 != 1 else (OTHER if i % 2 else None)
        meta = server.add_file(f"f{i}.txt", b"x", created_at=start + timedelta(minutes=i), scope_id=scope)
        (scoped if scope == SESSION else others).append(meta["id"])
    return scoped[::-1], others  # newest first


def test_scope_id_filter_pages_through_one_sessions_files(server, client):
    scoped, others = _seed_interleaved(server)
    assert len(scoped) == 11 and len(others) == 6
    first = client.beta.files.list(scope_id=SESSION, limit=4, betas=[MANAGED_AGENTS])
    assert [f.id for f in first.data] == scoped[:4] and first.has_next_page()
    every = [f.id for f in client.beta.files.list(scope_id=SESSION, limit=4, betas=[MANAGED_AGENTS])]
    assert every == scoped
    pages = [query for method, path, query, _ in server.requests_seen if path == "/v1/files" and "page" in query]
    assert pages and all(query["scope_id"] == SESSION for query in pages)
    assert all(f.scope and f.scope.id == OTHER for f in client.beta.files.list(scope_id=OTHER))
    assert client.beta.files.list(scope_id=session_id("nobody")).data == []


def test_scope_id_narrows_an_ids_list_and_refuses_empty(server, client):
    scoped, others = _seed_interleaved(server)
    page = client.beta.files.list(ids=[scoped[0], others[0], scoped[1]], scope_id=SESSION)
    assert [f.id for f in page.data] == scoped[:2] and page.next_page is None
    with pytest.raises(anthropic.BadRequestError) as refused:
        client.beta.files.list(scope_id="")
    assert refused.value.type == "invalid_request_error" and "scope_id" in refused.value.message


def test_a_refused_beta_is_answered_as_the_api_does(make_client):
    with LocalServer(refuse_betas=[MANAGED_AGENTS]) as srv:
        client = make_client(srv)
        srv.add_file("out.csv", b"a\n", scope_id=SESSION)
        with pytest.raises(anthropic.BadRequestError) as refused:
            client.beta.files.list(scope_id=SESSION, betas=[MANAGED_AGENTS])
        assert refused.value.type == "invalid_request_error"
        assert f"Unexpected value(s) `{MANAGED_AGENTS}` for the `anthropic-beta` header" in refused.value.message
        assert len(client.files.list().data) == 1  # the GA fallback


def test_demo_data_has_sessions_with_downloadable_outputs(shared_demo_server, make_client):
    client = make_client(shared_demo_server)
    files = list(client.beta.files.list(betas=[MANAGED_AGENTS]))
    sessions = {f.scope.id for f in files if f.scope}
    assert sessions == {ANALYSIS_SESSION, DRAFTING_SESSION}
    assert 0 < sum(f.scope is not None for f in files) < len(files) // 2
    outputs = list(client.beta.files.list(scope_id=ANALYSIS_SESSION))
    assert {f.filename for f in outputs} >= {"chart.png", "analysis_results.csv"} and all(f.downloadable for f in outputs)
    for f in outputs:
        assert len(client.files.download(f.id).read()) == f.size_bytes


def test_synthetic_data_gives_a_share_to_a_few_sessions(make_client):
    with LocalServer(synthetic=2_000, seed=3) as srv:
        client = make_client(srv)
        files = list(client.beta.files.list(limit=1000))
        scoped = [f for f in files if f.scope]
        sessions = {f.scope.id for f in scoped if f.scope}
        assert 2 <= len(sessions) <= 12 and all(s.startswith("sesn_") for s in sessions)
        assert len(files) // 5 <= len(scoped) <= len(files) // 3
        outputs = [f for f in scoped if f.downloadable]
        assert outputs and not any(f.downloadable for f in files if not f.scope)
        assert len(client.files.download(outputs[0].id).read()) == outputs[0].size_bytes
        one = next(iter(sessions))
        assert len(list(client.beta.files.list(scope_id=one, limit=50))) == sum(
            bool(f.scope and f.scope.id == one) for f in files
        )


def test_a_data_dir_from_before_scopes_gains_the_column(tmp_path, make_client):
    with LocalServer(data_dir=tmp_path) as srv:
        old = srv.add_file("old.txt", b"kept")
    db = sqlite3.connect(tmp_path / "files.sqlite3")
    db.execute("DROP INDEX files_ws_scope_created")
    db.execute("ALTER TABLE files DROP COLUMN scope_id")
    db.commit()
    db.close()
    with LocalServer(data_dir=tmp_path) as srv:
        client = make_client(srv)
        assert client.beta.files.retrieve_metadata(old["id"]).scope is None
        new = srv.add_file("new.csv", b"a\n", scope_id=SESSION)
        assert [f.id for f in client.beta.files.list(scope_id=SESSION)] == [new["id"]]
