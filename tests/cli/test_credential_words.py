"""A key or token that cannot go out in a header, or that the server rejects, is named (which
variable or profile) and never shown; both exit 3 (credentials or connection)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claude_files.server import LocalServer

from ..credentials.profiles import write_profile
from .conftest import KEY, cli


@pytest.fixture
def guarded() -> Iterator[LocalServer]:
    with LocalServer(api_key=KEY) as srv:
        yield srv


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ANTHROPIC_API_KEY", KEY + "\r"),  # a CRLF .env
        ("ANTHROPIC_API_KEY", KEY + "\n"),
        ("ANTHROPIC_API_KEY", KEY + " "),
        ("ANTHROPIC_API_KEY", "test-key\x01cli"),
        ("ANTHROPIC_AUTH_TOKEN", KEY + "\r"),
    ],
)
def test_a_credential_a_header_cannot_carry_is_named_and_exits_3(guarded: LocalServer, variable: str, value: str) -> None:
    env = {variable: value} if variable == "ANTHROPIC_API_KEY" else {"ANTHROPIC_API_KEY": "", variable: value}
    result = cli(guarded, "ls", **env)
    assert result.returncode == 3, result.stderr
    assert f"{variable} holds characters an HTTP header cannot carry" in result.stderr
    assert "Cannot reach" not in result.stderr and "(400)" not in result.stderr
    assert KEY not in result.stderr and "test-key" not in result.stderr


def test_a_profile_token_a_header_cannot_carry_names_the_profile(guarded: LocalServer, tmp_path: Path) -> None:
    config_dir = tmp_path / "anthropic"
    write_profile(config_dir, "work", base_url=guarded.url, access_token=KEY + "\r\n")
    result = cli(guarded, "ls", "--profile", "work", ANTHROPIC_API_KEY="", ANTHROPIC_CONFIG_DIR=str(config_dir))
    assert result.returncode == 3, result.stderr
    assert "The token of profile work holds characters an HTTP header cannot carry" in result.stderr
    assert KEY not in result.stderr


def test_a_rejected_auth_token_is_named_as_the_token(guarded: LocalServer) -> None:
    result = cli(guarded, "ls", ANTHROPIC_API_KEY="", ANTHROPIC_AUTH_TOKEN="wrong-token-0123")
    assert result.returncode == 3
    assert "ANTHROPIC_AUTH_TOKEN was rejected (401)" in result.stderr
    assert "ANTHROPIC_API_KEY" not in result.stderr and "wrong-token" not in result.stderr


def test_a_rejected_api_key_still_names_the_key(guarded: LocalServer) -> None:
    result = cli(guarded, "ls", ANTHROPIC_API_KEY="wrong-key-0123")
    assert result.returncode == 3
    assert "The API key was rejected (401). Check ANTHROPIC_API_KEY" in result.stderr
