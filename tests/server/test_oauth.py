"""OAuth profiles against the local server: Bearer tokens that expire, the refresh grant, rotation."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import anthropic
import httpx2
import pytest

from claude_files.server import LocalServer
from claude_files.server.cli import build_parser

CLIENT_ID = "claude-files-test-client"
OAUTH_BETA = "oauth-2025-04-20"
TOKEN_PATH = "/v1/oauth/token"


def write_profile(config_dir: Path, srv: LocalServer, grant: dict[str, Any], *, client_id: str | None = CLIENT_ID) -> None:
    """A ``user_oauth`` profile as ``ant auth login`` leaves it: config (0644) and credentials (0600)."""
    auth: dict[str, Any] = {"type": "user_oauth"}
    if client_id is not None:
        auth["client_id"] = client_id
    config = config_dir / "configs" / "work.json"
    secrets = config_dir / "credentials" / "work.json"
    config.parent.mkdir(parents=True)
    secrets.parent.mkdir(parents=True, mode=0o700)
    config.write_text(json.dumps({"authentication": auth, "base_url": srv.url}))
    config.chmod(0o644)
    secrets.write_text(
        json.dumps(
            {
                "type": "oauth_token",
                "access_token": grant["access_token"],
                "expires_at": int(time.time()) + grant["expires_in"],
                "refresh_token": grant["refresh_token"],
            }
        )
    )
    secrets.chmod(0o600)


def profile_client(monkeypatch: pytest.MonkeyPatch, config_dir: Path, **kw: Any) -> anthropic.Anthropic:
    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", str(config_dir))
    kw.setdefault("max_retries", 1)  # the SDK retries a 401 once with a fresh token: it needs one retry
    return anthropic.Anthropic(profile="work", _strict_response_validation=True, **kw)


def refreshes(srv: LocalServer) -> int:
    return sum(1 for method, path, _, _ in srv.requests_seen if (method, path) == ("POST", TOKEN_PATH))


def stored_credentials(config_dir: Path) -> dict[str, Any]:
    return json.loads((config_dir / "credentials" / "work.json").read_text())


def test_a_profile_keeps_working_while_its_two_second_tokens_expire(tmp_path, monkeypatch):
    with LocalServer(api_key="sk-not-used-here", token_ttl=2, oauth_client_id=CLIENT_ID) as srv:
        write_profile(tmp_path, srv, srv.issue_tokens())
        client = profile_client(monkeypatch, tmp_path)
        first_refresh_token = stored_credentials(tmp_path)["refresh_token"]
        deadline = time.monotonic() + 60
        done = 0
        while refreshes(srv) < 2:  # at least two expiries crossed, whatever the machine's speed
            assert time.monotonic() < deadline, "the SDK never refreshed its token"
            meta = client.files.upload(file=(f"f{done}.txt", b"x" * done, "text/plain"))
            assert meta.id in {f.id for f in client.files.list(limit=5)}
            client.files.delete(meta.id)
            done += 1
        assert srv.file_count() == 0 and done > 0
        assert stored_credentials(tmp_path)["refresh_token"] != first_refresh_token  # rotation persisted by the SDK
        refresh_bodies = [body for method, path, _, body in srv.requests_seen if path == TOKEN_PATH]
        assert refresh_bodies and all(body is None for body in refresh_bodies)  # refresh tokens are never kept


def test_an_expired_token_gets_the_apis_401_and_the_sdk_refreshes_and_retries(tmp_path, monkeypatch):
    with LocalServer(api_key="sk-not-used-here") as srv:
        grant = srv.issue_tokens()
        write_profile(tmp_path, srv, grant)
        client = profile_client(monkeypatch, tmp_path)
        client.files.list()
        assert refreshes(srv) == 0
        srv.expire_tokens()
        raw = httpx2.get(
            srv.url + "/v1/files", headers={"Authorization": f"Bearer {grant['access_token']}", "anthropic-beta": OAUTH_BETA}
        )
        assert raw.status_code == 401 and raw.json()["type"] == "error"
        assert raw.json()["error"] == {
            "type": "authentication_error",
            "message": "OAuth token has expired. Please obtain a new token or refresh your existing token.",
        }
        assert grant["access_token"] not in raw.text
        assert client.files.list().data == []  # 401, refresh, retry: the caller sees nothing of it
        assert refreshes(srv) == 1
        srv.expire_tokens()
        with pytest.raises(anthropic.AuthenticationError):  # without a retry the SDK cannot recover
            profile_client(monkeypatch, tmp_path, max_retries=0).files.list()


def test_an_oauth_token_needs_the_oauth_beta_and_keys_still_work(make_client):
    with LocalServer(api_key="sk-key") as srv:
        token = srv.issue_tokens()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        refused = httpx2.get(srv.url + "/v1/files", headers=bearer)
        assert refused.status_code == 401 and "OAuth authentication is currently not supported" in refused.text
        both = {**bearer, "anthropic-beta": f"files-api-2025-04-14,{OAUTH_BETA}"}
        assert httpx2.get(srv.url + "/v1/files", headers=both).status_code == 200
        assert make_client(srv, api_key="sk-key").files.list().data == []
        with pytest.raises(anthropic.AuthenticationError):
            make_client(srv, api_key="sk-made-up").files.list()


def _refresh(srv: LocalServer, **form: str) -> httpx2.Response:
    return httpx2.post(srv.url + TOKEN_PATH, json=form, headers={"anthropic-beta": OAUTH_BETA})


def test_the_refresh_grant_answers_as_the_token_endpoint_does(server):
    first = server.issue_tokens()
    ok = _refresh(server, grant_type="refresh_token", refresh_token=first["refresh_token"], client_id="any")
    assert ok.status_code == 200 and ok.headers["cache-control"] == "no-store"
    body = ok.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["access_token"].startswith("sk-ant-oat01-") and body["refresh_token"].startswith("sk-ant-ort01-")
    assert body["refresh_token"] != first["refresh_token"]
    reused = _refresh(server, grant_type="refresh_token", refresh_token=first["refresh_token"], client_id="any")
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert first["refresh_token"] not in reused.text
    wrong_grant = _refresh(server, grant_type="password", refresh_token=body["refresh_token"], client_id="any")
    assert wrong_grant.status_code == 400 and wrong_grant.json()["error"] == "unsupported_grant_type"
    missing = _refresh(server, grant_type="refresh_token", client_id="any")
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


def test_a_configured_client_and_refresh_token_are_the_only_ones_honoured():
    with LocalServer(oauth_client_id=CLIENT_ID, refresh_token="sk-ant-ort01-configured") as srv:
        wrong_client = _refresh(srv, grant_type="refresh_token", refresh_token="sk-ant-ort01-configured", client_id="other")
        assert wrong_client.status_code == 401 and wrong_client.json()["error"] == "invalid_client"
        unknown = _refresh(srv, grant_type="refresh_token", refresh_token="sk-ant-ort01-guess", client_id=CLIENT_ID)
        assert unknown.status_code == 400 and unknown.json()["error"] == "invalid_grant"
        ok = _refresh(srv, grant_type="refresh_token", refresh_token="sk-ant-ort01-configured", client_id=CLIENT_ID)
        assert ok.status_code == 200
        rotated = _refresh(srv, grant_type="refresh_token", refresh_token=ok.json()["refresh_token"], client_id=CLIENT_ID)
        assert rotated.status_code == 200


def test_a_profile_without_client_id_uses_its_externally_rotated_token(tmp_path, monkeypatch):
    with LocalServer() as srv:  # any credential accepted, as without --api-key
        write_profile(
            tmp_path, srv, {"access_token": "sk-ant-oat01-from-a-sidecar", "expires_in": 600, "refresh_token": ""}, client_id=None
        )
        client = profile_client(monkeypatch, tmp_path)
        assert client.files.list().data == [] and refreshes(srv) == 0


def test_serve_help_names_the_oauth_options():
    text = " ".join(build_parser().format_help().split())
    for words in ("--token-ttl SECONDS", "--oauth-client-id ID", "--refresh-token TOKEN", "--admin-key KEY", OAUTH_BETA):
        assert words in text
