"""Issue 24, "The TUI": what an hour of trying to break it over SSH still found (Pilot, real server)."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Markdown, OptionList, Select

from claude_files import formatting
from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.help import HelpScreen
from claude_files.dialogs.switcher import SwitcherScreen
from claude_files.launch import Launch
from claude_files.ledger import Ledger, Place
from claude_files.screens.main import MainScreen
from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us, new_id
from claude_files.session import place_words
from claude_files.widgets.chat_pane import TurnView
from claude_files.widgets.header_bar import HeaderBar
from claude_files.widgets.metadata_pane import MetadataPane
from claude_files.widgets.path_input import PathInput
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import FROZEN_NOW, details_refreshed, on_top, ready, screen_text, seed_files, shown_text, status_said, wait_until
from .test_small_terminals import _on_screen
from .test_transfers import _open_upload, _posts, _transfers_running, _type_upload

# With this seed and fail rate, the local server deletes the file, drops the reply, and drops
# the SDK's retries too; the check by id afterwards gets through (found by trying seeds).
DROPPED_DELETE_SEED, DROPPED_DELETE_FAIL_RATE = 79, 0.7


async def test_a_single_delete_hidden_by_a_dropped_reply_is_reported_done():
    """The delete worked on the server but every reply was dropped: "Could not delete … Cannot
    reach" was a wrong report. After a connection error the file is looked up by id."""
    with LocalServer(seed=DROPPED_DELETE_SEED) as srv:
        meta = srv.add_file("only.txt", b"hello\n", "text/plain")
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key="test-key"), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(app, pilot)
            await details_refreshed(pilot, srv)  # the highlighted file's refresh: no request later
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
            srv.set_faults(fail_rate=DROPPED_DELETE_FAIL_RATE)
            await pilot.press("y")
            await wait_until(pilot, lambda: not (status_said(screen) or ("Deleting",))[0].startswith("Deleting"), 30)
            srv.set_faults(fail_rate=0)
            assert srv.file_count() == 0
            text, error = status_said(screen) or ("", True)
            assert not error and text.startswith("Deleted only.txt"), text
            assert meta["id"] not in {row.id for row in screen.model.rows}


async def test_copy_its_id_at_the_duplicate_question_is_a_choice_not_a_failure(server, make_app, tmp_path, monkeypatch):
    """ "Copy its id" said "Press u to retry", left a 0 % line in the transfers panel, and the next
    `u` with another path queued the skipped file again (asking the question once more)."""
    (tmp_path / "report.csv").write_text("a,b\n1,2\n")
    (tmp_path / "other.txt").write_text("other\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(server, clipboard="off")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await _type_upload(app, pilot, "report.csv")
        await wait_until(pilot, lambda: len(screen.model) == 1 and not _transfers_running(screen))
        await wait_until(pilot, lambda: Ledger().find(Place(server.url, None), screen.model.rows[0].id) is not None)
        await _type_upload(app, pilot, "report.csv")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen is screen and not _transfers_running(screen))
        text, error = status_said(screen) or ("", True)
        assert not error and "retry" not in text.lower() and "already uploaded as" in text, text
        panel = screen.query_one(TransferProgress)
        assert not [line for line in panel.lines.values() if line.state != "done"], [line.info() for line in panel.lines.values()]
        assert screen.transfers.not_uploaded is None
        dialog = await _type_upload(app, pilot, "other.txt")
        assert not isinstance(dialog, ConfirmModal)
        await wait_until(pilot, lambda: len(screen.model) == 2 and not _transfers_running(screen))
        assert not isinstance(app.screen, ConfirmModal)
        assert _posts(server) == 2


def drawn_in(app, region) -> str:
    """The characters drawn inside `region` of the screen, row after row."""
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    return " ".join(row[region.x : region.x + region.width] for row in rows)


# --- the header names the place a delete acts on, at every width -----------------------------

ADMIN = "sk-ant-admin01-header-admin-key-0123456789"
LONG_ID = "wrkspc_01AbCdEfGhIjKlMnOpQrStUv"  # every id starts "wrkspc_0": its end tells them apart


def header_line(screen) -> str:
    header = screen.query_one(HeaderBar)
    line = header.line()
    assert line.cell_len <= header.content_size.width, (line.plain, header.content_size.width)
    return line.plain


@pytest.mark.parametrize("width", [40, 60, 80, 160])
async def test_the_header_always_shows_the_place_and_read_only_whole(width):
    with LocalServer(api_key="unused", admin_key=ADMIN) as srv:
        srv.add_workspace(LONG_ID, "Research")
        seed_files(srv, 3, workspace=LONG_ID)
        launch = Launch(api_key=ADMIN, base_url=srv.url, workspace=LONG_ID, read_only=True)
        app = ClaudeFilesApp(launch, Settings())
        async with app.run_test(size=(width, 12)) as pilot:
            screen = await ready(app, pilot)
            await pilot.pause()
            line = header_line(screen)
            host = f"127.0.0.1:{srv.port}" if width >= 160 else "127.0.0.1"
            assert line.startswith("read-only │ ") and host in line, line
            shown = line.split(" │ ws ", 1)[1].split(" │ ", 1)[0]
            assert shown == LONG_ID or (shown[0] == "…" and len(shown) >= 10 and LONG_ID.endswith(shown[1:])), line
            if width >= 80:
                assert "3 files" in line, line


async def test_after_switching_the_header_names_the_workspace_not_its_id():
    with LocalServer(api_key="unused", admin_key=ADMIN) as srv:
        srv.add_workspace(LONG_ID, "Research")
        seed_files(srv, 2, workspace=LONG_ID)
        app = ClaudeFilesApp(Launch(api_key=ADMIN, base_url=srv.url, read_only=True), Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            first = await ready(app, pilot)
            assert "ws default" in header_line(first)
            await pilot.press("w")
            await wait_until(pilot, lambda: on_top(app, SwitcherScreen) and app.screen.workspaces_loaded)
            options = app.screen.query_one(OptionList)
            options.highlighted = next(i for i, o in enumerate(options.options) if o.id == f"workspace:{LONG_ID}")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen is not first)
            screen = await ready(app, pilot)
            line = header_line(screen)
            assert "ws Research" in line and "wrkspc_" not in line, line
            assert line.startswith("read-only │ ") and f"127.0.0.1:{srv.port}" in line, line
            assert place_words(app.session_of(screen)) == f"workspace Research on 127.0.0.1:{srv.port}"


async def test_the_single_delete_confirmation_names_the_place_on_a_small_terminal(server, make_app):
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(app, pilot)
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        await wait_until(pilot, lambda: "workspace default on" in screen_text(app))
        modal = app.screen
        assert f"from workspace default on 127.0.0.1:{server.port}" in " ".join(modal.body.plain.split())
        assert "workspace default on" in screen_text(app)  # on screen, not scrolled away below the name
        await pilot.press("escape")


# --- chat at 40×12 ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(40, 12), (60, 15)])
async def test_chat_on_a_short_terminal_shows_the_question_and_the_answer(steady_cursors, size):
    """The pane showed its title, "tokens: … in · … out" and the input: no row of the conversation."""
    from .scenes import scene_server  # here: a module holding it is grouped on the snapshot port's worker
    from .test_chat_snapshots import ask_and_wait, chat_on

    with scene_server(port=0) as srv:
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key="test-key"), Settings())
        async with app.run_test(size=size) as pilot:
            await ready(app, pilot)
            await chat_on(pilot, "customer-interviews.txt")
            await ask_and_wait(pilot, "what does the lorem ipsum say")
            pane = app.screen.chat_pane
            log = pane.query_one("#chat-log")
            view = pane.query_one(TurnView)
            question = view.query_one(".chat-question")
            answer = view.query_one(Markdown)
            # the log scrolls back to the question after the refresh that laid out the whole answer
            await wait_until(pilot, lambda: log.region.contains_region(question.region))
            assert log.region.overlaps(answer.region), (log.region, answer.region)
            assert pane.query_one("#chat-title").region.height == 1


# --- 40×12: columns dropped whole, dialogs whole ------------------------------------------------


@pytest.mark.parametrize("width", [40, 50, 60])
async def test_with_the_details_pane_open_a_size_is_never_cut(server, make_app, width):
    """At 40×12 with the details pane open, `74 B` showed as `7` and `10.0 MB` as `10.0`."""
    start = dt_to_us(FROZEN_NOW)
    server.storage.add_synthetic(
        [
            (new_id(), "small.txt", "text/plain", 74, start),
            (new_id(), "big.bin", "application/octet-stream", 10_000_000, start + 1),
        ]
    )
    app = make_app(server)
    async with app.run_test(size=(width, 12)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("m")
        pane = screen.query_one(MetadataPane)
        await wait_until(pilot, lambda: pane.display and pane.region.width > 0)
        await pilot.pause()
        table = screen.table
        assert _on_screen(app, table) and table.region.width >= 16, table.region
        header = table.render_line(0).text
        for y, row in enumerate(screen.model.view, start=1):
            line = table.render_line(y).text
            shown = formatting.size(row.size_bytes)
            if "Size" in header:
                assert line.rstrip().endswith(shown) or f" {shown} " in line, (header, line)
            else:
                assert not any(char.isdigit() for char in line.replace(row.filename, "")), (header, line)
        if width >= 50:
            assert "Size" in header, header


async def test_the_upload_dialog_at_40x12_shows_the_expiry_and_the_buttons(server, make_app, tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(name)
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(app, pilot)
        dialog = await _open_upload(app, pilot)
        widgets = (dialog.query_one(PathInput), dialog.query_one(Select), *dialog.query(Button))
        await wait_until(pilot, lambda: all(_on_screen(app, w) for w in widgets), seen=lambda: [(w, w.region) for w in widgets])


async def test_tab_after_an_ambiguous_completion_stays_in_the_path(server, make_app, tmp_path, monkeypatch):
    """`rep` Tab completes to `report-` and lists both; more Tabs jumped into the expiry."""
    (tmp_path / "report-a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "report-b.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        dialog = await _open_upload(app, pilot)
        field = dialog.query_one(PathInput)
        await pilot.press(*"rep", "tab")
        assert field.value == "report-"
        for _ in range(3):
            await pilot.press("tab")
            assert app.focused is field, app.focused
        assert field.value == "report-"
        await pilot.press("a", "tab")  # now it completes: Tab leaves a whole path
        assert field.value == "report-a.pdf"
        await pilot.press("tab")
        assert app.focused is not field


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_the_retry_dialog_shows_the_picked_path(make_app, tmp_path, monkeypatch, size):
    """After an upload that failed, `u` opens with the file picked: its path was cut off."""
    folder = tmp_path / "deep" / "er" / "folder"
    folder.mkdir(parents=True)
    (folder / "quarterly-report.bin").write_bytes(b"x" * 200)
    monkeypatch.chdir(tmp_path)
    with LocalServer(storage_limit=100) as srv:  # the upload is refused: storage full
        app = make_app(srv)
        async with app.run_test(size=size) as pilot:
            screen = await ready(app, pilot)
            await _type_upload(app, pilot, "deep/er/folder/quarterly-report.bin")
            await wait_until(pilot, lambda: screen.transfers.not_uploaded is not None and not _transfers_running(screen))
            dialog = await _open_upload(app, pilot)
            assert dialog.retrying
            label = dialog.query_one("#upload-picked")
            await wait_until(pilot, lambda: "quarterly-report.bin" in drawn_in(app, label.region))
            assert "quarterly-report.bin" in drawn_in(app, label.region), drawn_in(app, label.region)


async def test_at_40x12_leaving_the_chat_shows_the_table_and_m_keeps_it(server, make_app):
    """The chat pane covers the table at 40×12; Esc left it covering, so j and `m` worked on a
    table no one could see."""
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: screen.chat_pane.display and app.focused is not screen.table)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.focused is screen.table)
        await wait_until(pilot, lambda: "Name" in drawn_in(app, screen.table.region))
        await pilot.press("m")
        pane = screen.query_one(MetadataPane)
        await wait_until(pilot, lambda: pane.display and pane.region.width > 0)
        await wait_until(
            pilot, lambda: "Name" in drawn_in(app, screen.table.region) and "file-00002.txt" in drawn_in(app, screen.table.region)
        )


async def test_a_wrong_typed_count_is_said_in_the_box_and_nothing_outlives_it(server, make_app):
    """The "Type 120 exactly" toast stayed over the delete's progress after the right count."""
    seed_files(server, 120)
    app = make_app(server)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.model.next_page is None and not screen.model.loading.fetching)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert app.screen is modal
        said = str(modal.query_one("#confirm-box").border_subtitle)
        await pilot.press("0", "enter")
        await wait_until(pilot, lambda: app.screen is not modal)
        await wait_until(pilot, lambda: "exactly" not in shown_text(app))
        assert "type 120 exactly" in said, said  # in the box, which goes when it closes
        await wait_until(pilot, lambda: server.file_count() == 0, 30)


async def test_help_scrolls_with_j_and_k(server, make_app):
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: on_top(app, HelpScreen))
        scroll = app.screen.query_one(VerticalScroll)
        await wait_until(pilot, lambda: scroll.max_scroll_y > 3)
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: scroll.scroll_y == 3)
        await pilot.press("k")
        await wait_until(pilot, lambda: scroll.scroll_y == 2)
        await pilot.press("G")
        await wait_until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y)
        await pilot.press("g")
        await wait_until(pilot, lambda: scroll.scroll_y == 0)
        await pilot.press("q")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_read_only_hides_upload_and_delete_from_the_footer_and_their_keys_say_why(server):
    seed_files(server, 2)
    app = ClaudeFilesApp(Launch(base_url=server.url, api_key="test-key", read_only=True), Settings())
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await ready(app, pilot)
        await wait_until(pilot, lambda: "Save" in screen_text(app).splitlines()[-1])
        footer = " ".join(screen_text(app).splitlines()[-1].split())
        assert "Save" in footer and "Upload" not in footer and "Delete" not in footer, footer
        await pilot.press("d")
        await wait_until(pilot, lambda: status_said(screen) is not None)
        text, error = status_said(screen) or ("", False)
        assert error and text.startswith("Read-only: delete refused"), text
        assert not isinstance(app.screen, ConfirmModal) and server.file_count() == 2
        await pilot.press("u")
        await wait_until(pilot, lambda: (status_said(screen) or ("",))[0].startswith("Read-only: upload refused"))
