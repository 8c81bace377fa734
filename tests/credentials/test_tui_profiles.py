"""The TUI with only profiles on disk: files shown, the header says where, `w` switches
(marks, filter and chat stay with their connection), broken profiles are words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.switcher import SwitcherScreen
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.launch import Launch
from claude_files.screens.main import MainScreen
from claude_files.screens.no_key import NoKeyScreen
from claude_files.server import LocalServer
from claude_files.widgets.header_bar import HeaderBar

from ..tui.conftest import on_top, ready, screen_text, seed_files, unhandled_error, wait_until
from .profiles import activate, write_profile, write_token


def selectable_ids(switcher: SwitcherScreen) -> list[str | None]:
    """The ids a person can choose in the switcher: what its list offers, enabled."""
    return [option.id for option in switcher.query_one(OptionList).options if not option.disabled]


TOKEN = "sk-ant-oat01-tui-first-token-0123456789"
ROTATED = "sk-ant-oat01-tui-rotated-token-9876543210"


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with LocalServer(api_key=TOKEN) as server:
        yield server


def header(app: ClaudeFilesApp) -> str:
    return str(app.screen.query_one(HeaderBar).line())


def assert_no_crash(app: ClaudeFilesApp) -> None:
    assert unhandled_error(app) is None
    assert "Traceback" not in screen_text(app)


async def test_only_a_profile_on_disk_shows_the_files_and_a_rotated_token_changes_nothing(config_dir: Path, srv):
    """A `user_oauth` profile without client_id: some other process rotates the token."""
    seed_files(srv, 3, prefix="mine")
    write_profile(config_dir, "work", base_url=srv.url, access_token=TOKEN)
    activate(config_dir, "work")
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        assert len(screen.model.rows) == 3
        assert "profile work" in header(app) and "ws default" in header(app)
        await pilot.press("space")  # a mark, to see it survive the rotation
        srv.state.api_key = ROTATED  # the old token now gets 401 …
        write_token(config_dir, "work", ROTATED)  # … and the daemon wrote the new one
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.model.loading.fetching)
        assert screen.model.loading.error is None, screen.model.loading.error
        assert len(screen.model.rows) == 3 and len(screen.model.marks) == 1
        assert ROTATED not in screen_text(app) and TOKEN not in screen_text(app)
        assert_no_crash(app)


async def test_header_names_the_profile_and_its_workspace(config_dir: Path, srv):
    write_profile(config_dir, "team", base_url=srv.url, access_token=TOKEN, workspace_id="wrkspc_team")
    srv.add_file("team.txt", b"t", "text/plain", workspace="wrkspc_team")
    app = ClaudeFilesApp(Launch(profile="team"), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        assert [row.filename for row in screen.model.rows] == ["team.txt"]
        assert "profile team" in header(app) and "ws wrkspc_team" in header(app)


async def test_key_in_the_environment_says_env(srv, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", TOKEN)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.url)
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        assert "profile env" in header(app)


async def test_broken_active_profile_is_words_on_the_no_credentials_screen(config_dir: Path, srv):
    write_profile(config_dir, "work", base_url=srv.url, access_token=TOKEN)
    (config_dir / "configs" / "work.json").write_text("{ not json", encoding="utf-8")
    activate(config_dir, "work")
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NoKeyScreen))
        text = app.screen.text
        assert "is not valid JSON" in text and "work.json" in text
        assert "Profile: 'work' (from active_config)" in text and "Profiles there: work." in text
        for fix in ("export ANTHROPIC_API_KEY", "ant auth login", "--profile NAME", "--demo"):
            assert fix in text
        assert_no_crash(app)
        await pilot.press("q")
    assert app.return_code == 0


async def choose(pilot, option_id: str) -> None:
    """In the switcher, move with j/k to `option_id` and press Enter, as a person would."""
    switcher = pilot.app.screen
    assert isinstance(switcher, SwitcherScreen)
    await wait_until(pilot, lambda: option_id in selectable_ids(switcher) and switcher.workspaces_loaded)
    options = switcher.query_one("OptionList")
    for _ in range(len(options.options)):
        if options.highlighted_option is not None and options.highlighted_option.id == option_id:
            break
        await pilot.press("j")
    assert options.highlighted_option.id == option_id
    await pilot.press("enter")


async def switch_to(pilot, option_id: str) -> MainScreen:
    before = pilot.app.screen
    await pilot.press("w")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SwitcherScreen))
    await choose(pilot, option_id)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen) and pilot.app.screen is not before)
    return await ready(pilot.app, pilot)


async def test_switching_profiles_keeps_marks_and_filter_with_their_connection(config_dir: Path, srv):
    alpha_files = seed_files(srv, 4, prefix="alpha", workspace="wrkspc_alpha")
    beta_files = seed_files(srv, 3, prefix="beta", workspace="wrkspc_beta")
    write_profile(config_dir, "alpha", base_url=srv.url, access_token=TOKEN, workspace_id="wrkspc_alpha")
    write_profile(config_dir, "beta", base_url=srv.url, access_token=TOKEN, workspace_id="wrkspc_beta")
    activate(config_dir, "alpha")
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        alpha = await ready(app, pilot)
        await pilot.press("space", "space")
        alpha_marks = set(alpha.model.marks)
        assert len(alpha_marks) == 2

        beta = await switch_to(pilot, "profile:beta")
        assert {row.id for row in beta.model.rows} == {f["id"] for f in beta_files}
        assert not beta.model.marks and not beta.model.filter_text  # nothing leaked from alpha
        assert "profile beta" in header(app) and "ws wrkspc_beta" in header(app)
        await pilot.press("space", "slash", "b", "e", "t", "a", "enter")
        beta_marks = set(beta.model.marks)
        assert len(beta_marks) == 1

        back = await switch_to(pilot, "profile:alpha")
        assert back is alpha  # alpha's own screen, as it was left
        assert set(alpha.model.marks) == alpha_marks and not alpha.model.filter_text
        assert {row.id for row in alpha.model.rows} == {f["id"] for f in alpha_files}
        assert "profile alpha" in header(app)

        again = await switch_to(pilot, "profile:beta")
        assert again is beta and set(beta.model.marks) == beta_marks and beta.model.filter_text == "beta"
        assert_no_crash(app)


async def test_switcher_stays_with_the_reason_when_the_profile_is_broken(config_dir: Path, srv):
    seed_files(srv, 2)
    write_profile(config_dir, "good", base_url=srv.url, access_token=TOKEN)
    write_profile(config_dir, "stale", base_url=srv.url, access_token="sk-ant-oat01-stale-token-000000000000")
    (config_dir / "credentials" / "stale.json").chmod(0o644)
    activate(config_dir, "good")
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        main = await ready(app, pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, SwitcherScreen))
        switcher = app.screen
        await choose(pilot, "profile:stale")
        await wait_until(pilot, lambda: not switcher.connecting)
        note = str(switcher.query_one("#switch-note").render())
        assert "chmod 600" in note and "stale-token" not in note
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        assert main.model.loading.error is None and len(main.model.rows) == 2
        assert_no_crash(app)


async def test_switcher_lists_profiles_and_says_quietly_when_workspaces_may_not_be_listed(config_dir: Path, srv):
    for name in ("alpha", "beta"):
        write_profile(config_dir, name, base_url=srv.url, access_token=TOKEN)
    activate(config_dir, "alpha")
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: on_top(app, SwitcherScreen) and app.screen.workspaces_loaded)
        switcher = app.screen
        assert selectable_ids(switcher)[:2] == ["profile:alpha", "profile:beta"]
        text = screen_text(app)
        assert "● alpha" in text
        assert switcher.workspaces is None  # the server's 403 for a non-admin credential: quietly not allowed
        assert "may not list workspaces" in text
        assert "could not be listed" not in str(switcher.query_one("#switch-note").render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


@pytest.mark.parametrize("how", ["flag", "profile setting"])
async def test_read_only_refuses_delete_and_upload_with_the_reason(config_dir: Path, srv, how: str):
    files = seed_files(srv, 3)
    write_profile(config_dir, "prod", base_url=srv.url, access_token=TOKEN)
    if how == "flag":
        launch, settings = Launch(profile="prod", read_only=True), Settings()
        reason = "--read-only"
    else:
        launch, settings = Launch(profile="prod"), Settings(profiles={"prod": {"read_only": True}})
        reason = "profile 'prod' is set read-only"
    app = ClaudeFilesApp(launch, settings)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await ready(app, pilot)
        assert "read-only" in header(app)
        await pilot.press("d")
        await wait_until(pilot, lambda: "Read-only: delete refused" in " ".join(screen_text(app).split()))
        assert not isinstance(app.screen, ConfirmModal)
        assert reason in " ".join(screen_text(app).split())
        await pilot.press("space", "space", "d")  # bulk delete too
        await pilot.press("u")
        await wait_until(pilot, lambda: "Read-only: upload refused" in " ".join(screen_text(app).split()))
        assert app.screen is screen and not isinstance(app.screen, UploadDialog)
        assert srv.file_count() == len(files)
        assert_no_crash(app)


ADMIN = "sk-ant-admin01-switcher-admin-key-0123456789"


async def test_switching_workspace_from_the_list_with_marks_in_both(config_dir: Path):
    """A credential allowed to list workspaces (the admin key): `w` shows them by name; each
    workspace keeps its own marks."""
    with LocalServer(api_key=TOKEN, admin_key=ADMIN) as server:
        server.add_workspace("wrkspc_research", "Research")
        server.add_workspace("wrkspc_finance", "Finance")
        default_files = seed_files(server, 3, prefix="default")
        research_files = seed_files(server, 2, prefix="research", workspace="wrkspc_research")
        write_profile(config_dir, "admin", base_url=server.url, access_token=ADMIN)
        activate(config_dir, "admin")
        app = ClaudeFilesApp(Launch(), Settings())
        async with app.run_test(size=(120, 30)) as pilot:
            home = await ready(app, pilot)
            await pilot.press("space")
            home_marks = set(home.model.marks)

            await pilot.press("w")
            await wait_until(pilot, lambda: on_top(app, SwitcherScreen) and app.screen.workspaces_loaded)
            # by name: ids only where a workspace has none. Drawn once the dialog is composed and laid
            # out, which may come after the workspaces were listed (a component lists them first).
            await wait_until(pilot, lambda: "Research" in screen_text(app) and "Finance" in screen_text(app))
            await choose(pilot, "workspace:wrkspc_research")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen is not home)
            research = await ready(app, pilot)
            assert {row.id for row in research.model.rows} == {f["id"] for f in research_files}
            assert not research.model.marks
            assert "ws Research" in header(app)  # by its name, as the switcher listed it
            await pilot.press("space", "space")
            research_marks = set(research.model.marks)

            back = await switch_to(pilot, "workspace:")
            assert back is home and set(home.model.marks) == home_marks
            assert {row.id for row in home.model.rows} == {f["id"] for f in default_files}
            assert not home_marks & research_marks
            assert_no_crash(app)
