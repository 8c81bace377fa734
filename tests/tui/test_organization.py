"""`U` then `O`: every workspace against the organization's cap, each one a door to its overview."""

from __future__ import annotations

from textual.widgets import OptionList

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.screens.main import MainScreen
from claude_files.screens.organization import OrganizationScreen
from claude_files.screens.overview import OverviewScreen
from claude_files.server import LocalServer

from .conftest import ready, status_said, wait_until
from .org_scene import ADMIN, FINANCE, LEGAL, RESEARCH, WORKSPACES, stock


async def open_organization(pilot) -> OrganizationScreen:
    await ready(pilot.app, pilot)
    await pilot.press("U")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen) and pilot.app.screen.workspaces is not None)
    await pilot.press("O")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OrganizationScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.organization is not None and screen.organization.complete)
    return screen


def _server(**options) -> LocalServer:
    srv = LocalServer(admin_key=ADMIN, **options)
    srv.add_file("default.txt", b"d" * 500, "text/plain")
    stock(srv)
    srv.start()
    return srv


async def test_every_workspace_is_counted_against_the_one_cap_and_the_locked_one_is_named():
    srv = _server(locked_workspaces=[LEGAL])
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_organization(pilot)
            organization = screen.organization
            by_id = {w.id: w for w in organization.workspaces}
            assert list(by_id) == ["default", RESEARCH, FINANCE, LEGAL]
            for workspace, _name, files in WORKSPACES[:2]:
                assert (by_id[workspace].count, by_id[workspace].bytes) == (len(files), sum(size for size, _ in files))
                assert by_id[workspace].bytes == srv.stored_bytes(workspace)
            assert by_id[LEGAL].error is not None and "403" in by_id[LEGAL].error  # named, not left out
            assert organization.bytes == srv.stored_bytes() - srv.stored_bytes(LEGAL)
            rows = screen.query_one(OptionList)
            legal = rows.get_option(LEGAL)
            assert legal.disabled and "Legal" in str(legal.prompt) and "could not be read" in str(legal.prompt)
            note = screen.query_one("#organization-note").render().plain
            assert "Legal" in note and "could not be read" in note
    finally:
        srv.close()


async def test_why_a_workspace_could_not_be_read_is_whole_on_a_narrow_terminal():
    """Found in tmux at 40×12 (and 80×24) with the server stopped: each row read "could not be
    read: 127.0" and the reason was said nowhere else; it now wraps under the name."""
    srv = _server(locked_workspaces=[LEGAL])
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(40, 12)) as pilot:
            screen = await open_organization(pilot)
            reason = next(w.error for w in screen.organization.workspaces if w.id == LEGAL)
            assert reason is not None and len(reason) > 40
            prompt = screen.query_one(OptionList).get_option(LEGAL).prompt
            assert reason in str(prompt), prompt
    finally:
        srv.close()


async def test_enter_opens_that_workspaces_overview_and_its_rows_lead_into_its_table():
    srv = _server()
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_organization(pilot)
            rows = screen.query_one(OptionList)
            rows.highlighted = rows.get_option_index(RESEARCH)
            await pilot.press("enter")
            await wait_until(
                pilot, lambda: isinstance(app.screen, OverviewScreen) and app.session_of().workspace == RESEARCH, timeout=30
            )
            overview = app.screen
            await wait_until(pilot, lambda: overview.overview is not None and overview.overview.complete)
            assert overview.overview.count == 3 and overview.overview.bytes == srv.stored_bytes(RESEARCH)
            assert app.session_of().workspace_label == "Research"
            overview_rows = overview.query_one(OptionList)
            overview_rows.highlighted = overview_rows.get_option_index("largest:0")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            main = app.screen
            assert len(main.model) == 1 and main.model.view[0].size_bytes == 4_200_000  # Research's largest file
            assert {row.filename for row in main.model.rows} == {"research-0.pdf", "research-1.pdf", "research-2.pdf"}
    finally:
        srv.close()


async def test_a_credential_that_cannot_list_workspaces_is_not_offered_the_view(make_app):
    srv = LocalServer(api_key="plain-key", admin_key=ADMIN)
    srv.start()
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key="plain-key"), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(app, pilot)
            await pilot.press("U")
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
            overview = app.screen
            await wait_until(pilot, lambda: not any(w.group == "organization-list" and w.is_running for w in app.workers))
            assert overview.workspaces is None and "organization" not in {
                b.binding.action for b in overview.active_bindings.values()
            }
            await pilot.press("O")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
    finally:
        srv.close()


async def test_an_upload_refused_for_storage_points_at_the_organization_view(tmp_path, monkeypatch):
    """This workspace holds little, another fills the shared cap: the refusal says where to look."""
    from .test_transfers import _transfers_running, _type_upload

    (tmp_path / "new.txt").write_bytes(b"x" * 2000)
    monkeypatch.chdir(tmp_path)
    srv = _server()
    try:
        srv.storage.storage_limit = srv.stored_bytes() + 1000
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(120, 30)) as pilot:
            main = await ready(app, pilot)
            await _type_upload(app, pilot, "new.txt")
            await wait_until(pilot, lambda: not _transfers_running(main))
            await wait_until(pilot, lambda: "press U, then O" in status_said(main)[0])
        assert srv.file_count("default") == 1
    finally:
        srv.close()


async def test_on_the_demo_every_demo_workspace_is_shown_against_the_one_cap_and_enter_opens_one():
    from claude_files.server.demo_workspaces import FINANCE as DEMO_FINANCE

    app = ClaudeFilesApp(Launch(demo=True), Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_organization(pilot)
        names = [w.label for w in screen.organization.workspaces]
        assert names == ["Default Workspace", "Marketing 2024 (archived)", "Research", "Finance"]
        assert screen.organization.bytes == app.demo_server.stored_bytes() and not screen.organization.unreadable
        rows = screen.query_one(OptionList)
        rows.highlighted = rows.get_option_index(DEMO_FINANCE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.session_of().workspace == DEMO_FINANCE)
        overview = app.screen
        await wait_until(pilot, lambda: overview.overview is not None and overview.overview.complete)
        assert overview.overview.count == app.demo_server.file_count(DEMO_FINANCE) == 3


async def test_the_demo_on_a_running_demo_server_is_the_demo_as_each_web_tab_opens_it():
    """`claude-files web --demo` starts one demo server and each tab's app with `--demo
    --base-url URL`: before, a tab ran with the key in its environment, so its header said
    "profile env", its chat lacked the demo's offline note, and `O` listed no workspaces."""
    from claude_files.launch import DEMO_KEY
    from claude_files.widgets.header_bar import HeaderBar

    with LocalServer(demo_data=True, admin_key=DEMO_KEY) as srv:
        app = ClaudeFilesApp(Launch(demo=True, base_url=srv.url), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            main = await ready(app, pilot)
            assert app.demo_server is None and app.session_of().connection.is_demo  # no second server
            header = str(main.query_one(HeaderBar).render())
            assert "ws default" in header and "profile" not in header
            screen = await open_organization(pilot)
            assert len(screen.organization.workspaces) == 4
            assert screen.organization.bytes == srv.stored_bytes()


async def test_j_held_past_the_last_readable_workspace_stays_there_and_does_not_wrap_to_the_first():
    """Found in tmux: with the last row unreadable (disabled), `j j j Enter` from the top wrapped
    to the first workspace and switched the whole app there instead of the bottom one."""
    srv = _server(locked_workspaces=[LEGAL])
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_organization(pilot)
            rows = screen.query_one(OptionList)
            for down, up in (("j", "k"), ("down", "up")):
                for _ in range(4):  # one more than it takes to reach the bottom
                    await pilot.press(down)
                    assert rows.highlighted_option.id != "default"
                assert rows.highlighted_option.id == FINANCE  # the last readable row: LEGAL is disabled
                for _ in range(4):
                    await pilot.press(up)
                    assert rows.highlighted_option.id != FINANCE
                assert rows.highlighted_option.id == "default"
    finally:
        srv.close()


async def test_o_typed_before_the_workspaces_are_listed_waits_for_them_and_opens_the_view():
    """`U O` in one read over SSH: the O used to arrive before the listing and was dropped."""
    srv = _server()
    try:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key=ADMIN), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(app, pilot)
            srv.set_faults(latency_ms=400)  # the workspace listing is still on its way when O comes
            await pilot.press("U", "O")
            await wait_until(pilot, lambda: isinstance(app.screen, OrganizationScreen), timeout=30)
            srv.set_faults(latency_ms=0)
    finally:
        srv.close()
