"""Upload, download and delete through the real app and the real local server (no mocks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from textual.widgets import DirectoryTree, ProgressBar

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.download_dialog import DownloadDialog
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.download_writer import leftover_temp_files
from claude_files.localfs import MAX_UPLOAD_BYTES
from claude_files.screens.main import MainScreen
from claude_files.widgets.transfer_progress import TransferProgress

from ..downloads import temp_open
from .conftest import details_refreshed, on_top, ready, seed_files, shown_text, status_said, wait_until


async def _ready(app, pilot) -> MainScreen:
    screen = await ready(app, pilot)
    assert isinstance(screen, MainScreen)
    return screen


async def _details_refreshed(screen: MainScreen, pilot) -> None:
    """The debounced metadata refresh of the highlighted file has run."""
    await details_refreshed(pilot)


async def shows(pilot, app, text: str) -> None:
    """The words reach the screen: in the status line or in a toast (the status may move on)."""
    await wait_until(pilot, lambda: text in shown_text(app), timeout=5)


def _transfers_running(screen: MainScreen) -> bool:
    return any(worker.group == "transfers" and worker.is_running for worker in screen.workers)


def _posts(server) -> int:
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "POST" and path == "/v1/files")


async def _open_upload(app, pilot) -> UploadDialog:
    """`u`, as a person presses it; the dialog is on screen when this returns."""
    await pilot.press("u")
    await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
    return app.screen  # type: ignore[return-value]


async def _type_upload(app, pilot, path: Path | str) -> UploadDialog:
    await _open_upload(app, pilot)
    await pilot.press(*str(path))
    await pilot.press("enter")
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


# --- upload ------------------------------------------------------------------------------


async def test_upload_happy_path_shows_progress_and_new_file_on_top(server, make_app, tmp_path, monkeypatch):
    seed_files(server, 5)
    data = os.urandom(48 * 1024 * 1024)  # more than loopback socket buffers hold while the server waits
    source = tmp_path / "report.bin"
    source.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        lists_before = sum(1 for m, p, *_ in list(server.requests_seen) if m == "GET" and p == "/v1/files")
        server.set_faults(latency_ms=1000)  # the first MBs sit in socket buffers: progress stops midway
        await _type_upload(app, pilot, "report.bin")
        assert app.screen is screen
        seen: list[int] = []
        drawn: list[float] = []

        def progressed() -> bool:
            line = next(iter(screen.query_one(TransferProgress).lines.values()), None)
            if line is not None:
                seen.append(line.done)
                drawn.append(line.query_one(ProgressBar).progress)
            return line is not None and line.state == "done"

        await wait_until(pilot, progressed, timeout=20)
        server.set_faults(latency_ms=0)
        assert any(0 < done < len(data) for done in seen), f"no intermediate progress in {sorted(set(seen))[:20]}"
        line = next(iter(screen.query_one(TransferProgress).lines.values()))
        assert any(0 < progress < len(data) for progress in drawn), "the bar was drawn midway"
        assert "done" in line.info()
        await wait_until(pilot, lambda: screen.model.highlighted.filename == "report.bin")
        assert screen.model.cursor == 0
        assert len(screen.model) == 6
        lists_after = sum(1 for m, p, *_ in list(server.requests_seen) if m == "GET" and p == "/v1/files")
        assert lists_after == lists_before, "the table was reloaded instead of updated"
        await shows(pilot, app, "Uploaded report.bin")
    assert server.file_count() == 6


async def test_upload_with_expiry(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "soon.txt").write_text("gone tomorrow")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        dialog = await _open_upload(app, pilot)
        from textual.widgets import Select

        dialog.query_one(Select).value = 86_400
        await pilot.press(*"soon.txt", "enter")
        await wait_until(pilot, lambda: len(screen.model) == 1)
        assert screen.model.highlighted.expires_at is not None
    posts = [body for method, path, _, body in server.requests_seen if method == "POST" and path == "/v1/files"]
    assert posts


def _refusal_cases(tmp_path: Path) -> dict[str, tuple[Path | str, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    big = tmp_path / "huge.bin"
    with open(big, "wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: costs no disk
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    bad_name = tmp_path / "what?.txt"
    bad_name.write_text("x")
    return {
        "missing": (tmp_path / "nope.txt", "does not exist"),
        "empty": (empty, "is empty"),
        "too large": (big, "limit is 500 MB"),
        "fifo": (fifo, "not a regular file"),
        "bad name": (bad_name, "does not allow"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "too large", "fifo", "bad name"])
async def test_upload_refusals_are_explained_before_any_byte(server, make_app, tmp_path, monkeypatch, case):
    path, reason = _refusal_cases(tmp_path)[case]
    monkeypatch.chdir(tmp_path)  # the name alone: typing the whole temp path key by key took ~15 s
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        dialog = await _type_upload(app, pilot, path.name)
        await shows(pilot, app, reason)
        assert isinstance(app.screen, UploadDialog), "a refused file must keep the dialog open"
        assert isinstance(dialog, UploadDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert _posts(server) == 0
    assert server.file_count() == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
async def test_upload_refuses_unreadable_file(server, make_app, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await _type_upload(app, pilot, secret)
        await shows(pilot, app, "permission denied")
    assert _posts(server) == 0


async def test_several_files_bad_listed_good_still_go(server, make_app, tmp_path):
    good = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in good:
        path.write_text(path.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        dialog = await _open_upload(app, pilot)
        for name in ("a.txt", "b.txt", "empty.txt"):  # as if picked in the tree with Enter
            dialog.picked.append(tmp_path / name)
        await pilot.press("enter")
        await shows(pilot, app, "Enter again to upload the 2 good file(s)")
        assert "is empty" in shown_text(app)
        assert _posts(server) == 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.model) == 2, timeout=10)
        lines = list(screen.query_one(TransferProgress).lines.values())
        assert [line.label for line in lines] == ["a.txt", "b.txt"]
        assert all(line.state == "done" for line in lines)
    assert server.file_count() == 2


async def test_tree_picks_files_with_enter(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text("1")
    (tmp_path / "two.txt").write_text("2")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        dialog = await _open_upload(app, pilot)
        await pilot.press("tab")  # empty path: Tab moves on to the tree
        tree = dialog.query_one(DirectoryTree)
        await wait_until(pilot, lambda: app.focused is tree and len(tree.root.children) > 0)
        await pilot.press("down", "enter", "down", "enter")
        await wait_until(pilot, lambda: len(dialog.picked) == 2)
        await pilot.press("shift+tab")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.model) == 2)
    assert server.file_count() == 2


async def test_tab_completes_the_path(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "quarterly-report.pdf").write_bytes(b"%PDF-1.4 tiny")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await _open_upload(app, pilot)
        from claude_files.widgets.path_input import PathInput

        await pilot.press("q", "u", "tab")
        assert app.screen.query_one(PathInput).value == "quarterly-report.pdf"


async def test_cancel_mid_upload_leaves_nothing_and_table_keeps_answering(server, make_app, tmp_path, monkeypatch):
    seed_files(server, 5)
    (tmp_path / "big.bin").write_bytes(os.urandom(40 * 1024 * 1024))
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        server.set_faults(latency_ms=1500)
        await _type_upload(app, pilot, "big.bin")
        panel = screen.query_one(TransferProgress)
        await wait_until(pilot, lambda: any(0 < line.done for line in panel.lines.values()))
        before = screen.model.cursor
        await pilot.press("j")
        assert screen.model.cursor == before + 1, "the table must answer keys during a transfer"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not _transfers_running(screen))
        assert [line.state for line in panel.lines.values()] == ["cancelled"]
        await shows(pilot, app, "Upload cancelled")
    time.sleep(1.7)  # let the server wake from its delay and notice the dropped upload
    server.set_faults(latency_ms=0)
    assert server.file_count() == 5
    assert len(server.blob_paths()) == 5


async def test_cancel_after_last_byte_deletes_what_the_server_kept(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "small.txt").write_text("all of it fits in one read")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        server.set_faults(latency_ms=2500)  # every byte is sent; the answer is still on its way
        await _type_upload(app, pilot, "small.txt")
        panel = screen.query_one(TransferProgress)
        await wait_until(pilot, lambda: any(line.done == line.total for line in panel.lines.values()))
        assert [line.state for line in panel.lines.values()] == ["sending"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not _transfers_running(screen), timeout=15)
        assert len(screen.model) == 0
    server.set_faults(latency_ms=0)
    assert server.file_count() == 0
    from claude_files.deletions import DeletionRecord

    (entry,) = DeletionRecord().entries()  # that clean-up is a delete too: on record
    assert entry.filename == "small.txt" and entry.outcome == "deleted" and entry.selected_by.startswith("upload cancelled")


async def test_upload_quota_error_is_told_in_words(make_app, tmp_path, monkeypatch):
    from claude_files.server import LocalServer

    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    monkeypatch.chdir(tmp_path)
    with LocalServer(storage_limit=1000) as small:
        app = make_app(small)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await _ready(app, pilot)
            await _type_upload(app, pilot, "big.txt")
            await wait_until(pilot, lambda: not _transfers_running(screen))
            await shows(pilot, app, "storage is full")
            assert "Traceback" not in shown_text(app)
            assert "Press U to see what fills it" in status_said(screen)[0]  # the status line's own text
            await pilot.press("U")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")
        assert small.file_count() == 0


# --- download ----------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty working directory (the settings file lives beside it, not in it)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


async def test_download_is_byte_exact_in_working_directory(server, make_app, workdir):
    data = os.urandom(3 * 1024 * 1024 + 17)
    server.add_file("result.csv", data, "text/csv", downloadable=True)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, DownloadDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: (workdir / "result.csv").exists())
        await wait_until(pilot, lambda: not _transfers_running(screen))
    assert (workdir / "result.csv").read_bytes() == data
    assert leftover_temp_files(workdir) == []


async def test_download_refused_for_uploaded_files(server, make_app, workdir):
    server.add_file("mine.pdf", b"%PDF-1.4", "application/pdf")
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("s")
        await shows(pilot, app, "only files created by code execution or skills")
        assert isinstance(app.screen, MainScreen)
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(("key", "expect"), [("enter", "keep"), ("o", "overwrite"), ("escape", "cancel")])
async def test_name_clash_choices(server, make_app, workdir, key, expect):
    server.add_file("result.csv", b"new,data\n", "text/csv", downloadable=True)
    (workdir / "result.csv").write_bytes(b"old\n")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: on_top(app, DownloadDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "result.csv exists" in shown_text(app))
        assert "result (1).csv" in shown_text(app)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: not _transfers_running(screen))
    names = sorted(path.name for path in workdir.iterdir())
    if expect == "keep":
        assert names == ["result (1).csv", "result.csv"]
        assert (workdir / "result.csv").read_bytes() == b"old\n"
        assert (workdir / "result (1).csv").read_bytes() == b"new,data\n"
    elif expect == "overwrite":
        assert names == ["result.csv"]
        assert (workdir / "result.csv").read_bytes() == b"new,data\n"
    else:
        assert names == ["result.csv"]
        assert (workdir / "result.csv").read_bytes() == b"old\n"


async def test_cancel_download_leaves_no_partial_file(server, make_app, workdir):
    server.add_file("big.bin", os.urandom(1024 * 1024), downloadable=True)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        server.set_faults(latency_ms=1500)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, DownloadDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: temp_open(workdir))  # the temp file is open
        await pilot.press("escape")
        await wait_until(pilot, lambda: not _transfers_running(screen))
        await shows(pilot, app, "Download cancelled")
    server.set_faults(latency_ms=0)
    assert list(workdir.iterdir()) == []


def test_killed_download_leaves_nothing_at_destination(server, tmp_path):
    """SIGKILL mid-download: the destination name never holds a partial file."""
    meta = server.add_file("big.bin", os.urandom(1024 * 1024), downloadable=True)
    server.set_faults(latency_ms=3000)  # the temp file exists while the response is awaited
    dest = tmp_path / "big.bin"
    script = textwrap.dedent(
        f"""
        import asyncio
        from pathlib import Path
        from claude_files.download_writer import AtomicDownload
        from claude_files.service import Connection, FilesService

        async def main():
            service = await FilesService.connect(Connection({server.url!r}, "test-key"))
            download = AtomicDownload(Path({str(dest)!r}))
            with download as sink:
                await service.download({meta["id"]!r}, sink)
                download.commit({meta["size_bytes"]})

        asyncio.run(main())
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while not temp_open(tmp_path, child.pid) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert temp_open(tmp_path, child.pid), "the download never started"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        server.set_faults(latency_ms=0)
    assert list(tmp_path.iterdir()) == [], "no half file, no temp file"


async def test_marked_download_saves_downloadables_and_reports_skipped(server, make_app, workdir):
    one = server.add_file("one.csv", b"1\n", downloadable=True)
    two = server.add_file("two.csv", b"2\n", downloadable=True)
    server.add_file("upload.pdf", b"%PDF", "application/pdf")
    app = make_app(server)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _ready(app, pilot)
        screen.model.mark_all_matching()
        await pilot.press("s")
        await wait_until(pilot, lambda: on_top(app, DownloadDialog))
        assert "Skipped, not downloadable (1): upload.pdf" in shown_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not _transfers_running(screen) and (workdir / "two.csv").exists())
        await shows(pilot, app, "Saved 2 files")
        await shows(pilot, app, "skipped 1 not downloadable")
    assert (workdir / "one.csv").read_bytes() == b"1\n"
    assert (workdir / "two.csv").read_bytes() == b"2\n"
    assert one["id"] != two["id"]


@pytest.mark.parametrize("key", ["enter", "o"], ids=["keep-both", "overwrite"])
async def test_marked_files_of_one_name_never_land_on_one_path(server, make_app, workdir, key):
    """Two marked chart.png (code execution names its output alike) and a chart.png already
    here: keep both saves them beside it; overwrite replaces the old one with the first and
    never the first with the second."""
    for data in (b"first chart", b"second chart"):
        server.add_file("chart.png", data, "image/png", downloadable=True)
    (workdir / "chart.png").write_bytes(b"old chart")
    app = make_app(server)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _ready(app, pilot)
        screen.model.mark_all_matching()
        await pilot.press("s")
        await wait_until(pilot, lambda: on_top(app, DownloadDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 of these names exist already: chart.png." in shown_text(app))
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: not _transfers_running(screen) and len(list(workdir.iterdir())) >= 2)
        await shows(pilot, app, "Saved 2 files")
    saved = {path.name: path.read_bytes() for path in workdir.iterdir()}
    if key == "enter":
        assert saved.pop("chart.png") == b"old chart"
        assert sorted(saved) == ["chart (1).png", "chart (2).png"]
    else:
        assert sorted(saved) == ["chart (1).png", "chart.png"]
    assert sorted(saved.values()) == [b"first chart", b"second chart"]


async def test_saving_where_it_cannot_be_written_names_the_destination(server, make_app, workdir):
    """The folder went away after the dialog checked it (unmounted, removed): the words name
    where it could not be written, not the server's file."""
    from claude_files.dialogs.download_dialog import DownloadPlan

    server.add_file("result.csv", b"1,2\n", "text/csv", downloadable=True)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        gone = workdir / "vanished-folder" / "result.csv"
        screen.transfers.download(DownloadPlan([(screen.model.highlighted, gone)]), [])
        await shows(pilot, app, "result.csv was not saved, cannot write")
        assert "vanished-folder/result.csv: No such file or directory" in shown_text(app)
    assert list(workdir.iterdir()) == []


# --- delete ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["enter", "escape", "n"])
async def test_delete_defaults_to_no(server, make_app, key):
    files = seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        text = shown_text(app)
        assert files[-1]["id"] in text and "file-00002.txt" in text and "2026-11-20" in text
        await pilot.press(key)
        if key == "n":  # not a choice: the dialog stays until Enter
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: not _transfers_running(screen))
        assert len(screen.model) == 3
    assert server.file_count() == 3
    assert not [m for m, *_ in server.requests_seen if m == "DELETE"]


async def test_delete_with_y_removes_row_and_moves_to_next(server, make_app):
    files = seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("j")  # the middle file
        victim = screen.model.highlighted.id
        assert victim == files[1]["id"]
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: victim not in screen.model.by_id)
        assert screen.model.highlighted.id == files[0]["id"]
        await shows(pilot, app, "Deleted file-00001.txt")
    assert server.file_count() == 2


async def test_metadata_refresh_racing_our_own_delete_is_not_news(server, make_app):
    """The debounced refresh of the row we just deleted gets a 404: that is our delete, not
    someone else's, so the status keeps saying what we did."""
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("j")
        victim = screen.model.highlighted.id
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: victim not in screen.model.by_id)
        screen.follower.retrieve(victim)  # the refresh the highlight scheduled, arriving late
        await wait_until(pilot, lambda: not any(w.group == "metadata" and w.is_running for w in screen.workers))
        await shows(pilot, app, "Deleted file-00001.txt")
        await pilot.pause()  # the Gone message the late refresh posted is handled
        text = shown_text(app)
        assert "Deleted file-00001.txt" in text
        assert "deleted elsewhere" not in text


async def test_delete_404_says_already_gone_and_removes_row(server, client, make_app):
    files = seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _ready(app, pilot)
        victim = screen.model.highlighted.id
        await _details_refreshed(screen, pilot)  # else the debounced refresh may find it gone first
        client.beta.files.delete(victim)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: victim not in screen.model.by_id)
        await shows(pilot, app, "already gone")
    assert server.file_count() == 1
    assert files


async def test_delete_failure_keeps_row_and_says_why(server, make_app):
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await _ready(app, pilot)
        victim = screen.model.highlighted.id
        server.set_faults(fail_rate=1.0)
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: "Could not delete" in shown_text(app), timeout=20)
        server.set_faults(fail_rate=0.0)
        assert victim in screen.model.by_id


async def test_delete_with_marks_goes_to_bulk_helper(server, make_app):
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _ready(app, pilot)
        called: list[bool] = []
        screen.delete_marked = lambda: called.append(True)  # the bulk helper's entry point
        await pilot.press("space")
        await pilot.press("d")
        await wait_until(pilot, lambda: called == [True])
        assert isinstance(app.screen, MainScreen)
