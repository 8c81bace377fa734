"""Tokens that expire under the user's feet (server `--token-ttl 2`, refresh grant with rotation):
the SDK refreshes them, and nothing the user sees changes but a fresh token on disk."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.launch import Launch
from claude_files.server import LocalServer

from ..tui.conftest import ready, screen_text, seed_files, unhandled_error, wait_until
from .profiles import activate, write_profile

CLIENT_ID = "claude-files-test-client"
TOKEN_PATH = "/v1/oauth/token"


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    """Only OAuth tokens it issued get in (the key is one nobody has); they live two seconds."""
    with LocalServer(api_key="no-one-has-this-key", token_ttl=2, oauth_client_id=CLIENT_ID) as server:
        yield server


def logged_in(config_dir: Path, srv: LocalServer) -> dict:
    """What `ant auth login` leaves: a user_oauth profile with client_id and a refresh token."""
    grant = srv.issue_tokens()
    write_profile(
        config_dir,
        "work",
        base_url=srv.url,
        access_token=grant["access_token"],
        client_id=CLIENT_ID,
        refresh_token=grant["refresh_token"],
        expires_at=int(time.time()) + grant["expires_in"],
    )
    activate(config_dir, "work")
    return grant


def expire_when_deleted(srv: LocalServer, count: int, deleted: int, left: list[int]) -> None:
    """Off the app's loop: once `deleted` files are gone, expire every token, noting how many remain."""
    deadline = time.monotonic() + 60
    while srv.file_count() > count - deleted and time.monotonic() < deadline:
        time.sleep(0.001)
    srv.expire_tokens()
    left.append(srv.file_count())


def refreshes(srv: LocalServer) -> int:
    return sum(1 for method, path, _, _ in srv.requests_seen if (method, path) == ("POST", TOKEN_PATH))


def stored_access_token(config_dir: Path) -> str:
    return json.loads((config_dir / "credentials" / "work.json").read_text())["access_token"]


def assert_nothing_secret_or_wrong(app, grant: dict, config_dir: Path) -> None:
    text = screen_text(app)
    for secret in (grant["access_token"], grant["refresh_token"], stored_access_token(config_dir)):
        assert secret not in text
    for word in ("(401)", "rejected", "could not be refreshed", "Sign in again", "Traceback"):
        assert word not in text, word
    assert unhandled_error(app) is None


async def test_refresh_token_profile_keeps_working_while_tokens_expire(config_dir: Path, srv):
    seed_files(srv, 5)
    grant = logged_in(config_dir, srv)
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        assert len(screen.model.rows) == 5 and "profile work" in " ".join(screen_text(app).split())
        before = refreshes(srv)
        srv.expire_tokens()  # every token the server issued is now refused with 401
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.model.loading.fetching)
        assert screen.model.loading.error is None, screen.model.loading.error
        assert len(screen.model.rows) == 5
        assert refreshes(srv) > before
        assert stored_access_token(config_dir) != grant["access_token"]  # rotated and written back by the SDK
        assert_nothing_secret_or_wrong(app, grant, config_dir)


@pytest.mark.parametrize("count", [150, pytest.param(1000, marks=pytest.mark.slow)])
async def test_token_expiring_in_the_middle_of_a_bulk_delete_changes_nothing_seen(config_dir: Path, srv, count: int):
    seed_files(srv, count)
    grant = logged_in(config_dir, srv)
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("end")
        await wait_until(pilot, lambda: len(app.screen.model) == count, timeout=30)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        srv.set_faults(latency_ms=20)  # each delete takes a moment, so the expiry lands mid-run
        expiry = threading.Thread(target=expire_when_deleted, args=(srv, count, 8, left_at_expiry := []), daemon=True)
        before = refreshes(srv)
        expiry.start()
        await pilot.press(*str(count), "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
        bulk = app.screen
        await wait_until(pilot, lambda: bulk.job.finished, timeout=120)
        await wait_until(pilot, lambda: f"{count:,} deleted · 0 failed · 0 remaining" in screen_text(app))
        expiry.join(5)
        assert left_at_expiry and left_at_expiry[0] >= count // 2, "the expiry landed in the middle, not at the end"
        assert refreshes(srv) > before
        assert len(bulk.job.deleted) == count and not bulk.job.failed
        assert f"{count:,} deleted · 0 failed · 0 remaining" in screen_text(app)
        assert srv.file_count() == 0
        assert_nothing_secret_or_wrong(app, grant, config_dir)
