"""The SDK's own chain decides the credential, base URL and workspace; claude-files only
reads back what it resolved. Real profiles on disk, the real SDK, the real local server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from claude_files.server import LocalServer
from claude_files.service import Connection, FilesService, ServiceError

from .profiles import activate, write_profile

TOKEN = "sk-ant-oat01-resolution-token-0123456789"


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with LocalServer(api_key=TOKEN) as server:
        server.add_file("notes.txt", b"hello", "text/plain")
        yield server


async def connect(connection: Connection) -> FilesService:
    return await FilesService.connect(connection, max_retries=0)


async def listed(connection: Connection) -> list[str]:
    """The file names the connection sees (the local server keeps files per workspace)."""
    service = await connect(connection)
    try:
        return [row.filename for row in (await service.list_page()).files]
    finally:
        await service.close()


async def resolved(connection: Connection) -> tuple[str | None, str | None, str]:
    """(profile, workspace, base_url) the SDK resolved; a listing proves the credential works."""
    service = await connect(connection)
    try:
        await service.list_page()
        identity = service.identity
        return identity.profile, identity.workspace, identity.base_url
    finally:
        await service.close()


async def test_active_profile_then_env_profile_then_flag(config_dir: Path, srv: LocalServer, monkeypatch):
    for name in ("active", "from-env", "flagged"):
        write_profile(config_dir, name, base_url=srv.url, access_token=TOKEN, workspace_id=f"wrkspc_{name}")
    activate(config_dir, "active")
    chain = Connection(base_url=None)

    assert await resolved(chain) == ("active", "wrkspc_active", srv.url)
    monkeypatch.setenv("ANTHROPIC_PROFILE", "from-env")  # the environment beats active_config
    assert await resolved(chain) == ("from-env", "wrkspc_from-env", srv.url)
    flagged = Connection(base_url=None, profile="flagged")  # --profile beats the environment
    assert await resolved(flagged) == ("flagged", "wrkspc_flagged", srv.url)


async def test_key_or_token_in_the_environment_beats_profiles_but_not_the_flag(config_dir: Path, srv: LocalServer, monkeypatch):
    write_profile(config_dir, "work", base_url=srv.url, access_token=TOKEN)
    activate(config_dir, "work")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.url)
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", TOKEN)
    assert await resolved(Connection(base_url=None)) == ("env", None, srv.url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", TOKEN)
    assert await resolved(Connection(base_url=None)) == ("env", None, srv.url)
    assert (await resolved(Connection(base_url=None, profile="work")))[0] == "work"


async def test_profile_names_a_workspace_and_the_flag_overrides_it(config_dir: Path, srv: LocalServer, monkeypatch):
    write_profile(config_dir, "team", base_url=srv.url, access_token=TOKEN, workspace_id="wrkspc_team")
    write_profile(config_dir, "bare", base_url=srv.url, access_token=TOKEN)
    srv.add_file("team-only.txt", b"team", "text/plain", workspace="wrkspc_team")
    assert await listed(Connection(base_url=None, profile="team")) == ["team-only.txt"]  # the header went out
    assert await listed(Connection(base_url=None, profile="bare")) == ["notes.txt"]
    assert (await resolved(Connection(base_url=None, profile="team", workspace="wrkspc_flag")))[1] == "wrkspc_flag"
    monkeypatch.setenv("ANTHROPIC_WORKSPACE_ID", "wrkspc_from_env")  # fills a profile that names none
    assert (await resolved(Connection(base_url=None, profile="bare")))[1] == "wrkspc_from_env"
    assert (await resolved(Connection(base_url=None, profile="team")))[1] == "wrkspc_team"


async def test_base_url_flag_beats_the_profiles(config_dir: Path, srv: LocalServer):
    write_profile(config_dir, "elsewhere", base_url="https://api.example.invalid", access_token=TOKEN)
    assert (await resolved(Connection(base_url=srv.url, profile="elsewhere")))[2] == srv.url


async def test_profile_pointing_at_a_server_that_is_down(config_dir: Path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_profile(config_dir, "down", base_url=f"http://127.0.0.1:{port}", access_token=TOKEN)
    service = await connect(Connection(base_url=None, profile="down"))
    try:
        with pytest.raises(ServiceError) as caught:
            await service.list_page()
    finally:
        await service.close()
    assert caught.value.kind == "network"
    assert f"Cannot reach 127.0.0.1:{port}" in caught.value.message
    assert TOKEN not in caught.value.text


async def test_nothing_anywhere_is_no_credentials(config_dir: Path):
    with pytest.raises(ServiceError) as caught:
        await connect(Connection(base_url=None))
    assert caught.value.kind == "no_key"
    assert "default.json" in caught.value.message  # the SDK names the profile file it looked for
    assert "ant auth login" in caught.value.hint.advice and "--profile" in caught.value.hint.advice


def _broken(config_dir: Path, srv_url: str, how: str) -> None:
    config = write_profile(config_dir, "broken", base_url=srv_url, access_token=TOKEN)
    secret = config_dir / "credentials" / "broken.json"
    if how == "not json":
        config.write_text("{ not json", encoding="utf-8")
    elif how == "no authentication":
        config.write_text(json.dumps({"base_url": srv_url}), encoding="utf-8")
    elif how == "cleartext host":
        config.write_text(json.dumps({"base_url": "http://api.example.com", "authentication": {"type": "user_oauth"}}))
    elif how == "no credentials file":
        secret.unlink()
    elif how == "credentials readable by others":
        secret.chmod(0o644)


BROKEN = {
    "not json": "is not valid JSON",
    "no authentication": "missing the 'authentication' object",
    "cleartext host": "must use https",
    "no credentials file": "Credentials file not found",
    "credentials readable by others": "chmod 600",
}


@pytest.mark.parametrize("how", list(BROKEN))
async def test_broken_profile_is_clear_words(config_dir: Path, srv: LocalServer, how: str):
    _broken(config_dir, srv.url, how)
    with pytest.raises(ServiceError) as caught:
        service = await connect(Connection(base_url=None, profile="broken"))
        try:
            await service.list_page()  # the secret half is read at the first request
        finally:
            await service.close()
    error = caught.value
    assert error.kind == "no_key"
    assert BROKEN[how] in error.message, error.message
    assert "Traceback" not in error.text and TOKEN not in error.text
