"""Items 2, 3 and 8 through the dialogs: the connection breaks mid-transfer, or the file is refused.

The app talks to the local server through `CuttingProxy`, which aborts the TCP connection
after a byte budget: a download breaks half-way, an upload while its body is being sent.
"""

from __future__ import annotations

import os
from pathlib import Path

from claude_files.dialogs.download_dialog import DownloadDialog
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.download_writer import leftover_temp_files
from claude_files.localfs import MAX_UPLOAD_BYTES, shown_path
from claude_files.screens.main import MainScreen
from claude_files.server import LocalServer

from ..tui.conftest import on_top, shown_text, wait_until
from .proxy import CuttingProxy

MB = 1024 * 1024
PRECIOUS = b"the user's own file\n"


async def _ready(app, pilot) -> MainScreen:
    screen = app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once and not screen.model.loading.fetching)
    return screen


def _busy(screen: MainScreen) -> bool:
    return any(worker.group == "transfers" and worker.is_running for worker in screen.workers)


async def _save(app, pilot, screen: MainScreen, row_id: str, *after: str) -> None:
    screen.model.select_id(row_id)
    screen.table.refresh_rows()
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(app.screen, DownloadDialog))
    await pilot.press("enter", *after)
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    await wait_until(pilot, lambda: not _busy(screen), 30)
    await pilot.pause()


async def test_download_broken_mid_stream_keeps_nothing(server, proxy: CuttingProxy, make_app, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "existing.bin").write_bytes(PRECIOUS)
    existing = server.add_file("existing.bin", os.urandom(6 * MB), downloadable=True)
    fresh = server.add_file("fresh.bin", os.urandom(6 * MB), downloadable=True)
    app = make_app(proxy)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await _ready(app, pilot)
        proxy.cut_response_after = 2 * MB
        await _save(app, pilot, screen, fresh["id"])
        assert "broke off" in shown_text(app)
        await _save(app, pilot, screen, existing["id"], "o")  # overwrite: the old file must survive the cut
        assert "broke off" in shown_text(app) and "Traceback" not in shown_text(app)
        assert proxy.cuts >= 2  # both saves were cut; a preview sharing a keep-alive connection may be cut too
        proxy.cut_response_after = None
        await _save(app, pilot, screen, fresh["id"])  # and it works once the connection holds
    assert sorted(p.name for p in work.iterdir()) == ["existing.bin", "fresh.bin"]
    assert (work / "existing.bin").read_bytes() == PRECIOUS
    assert (work / "fresh.bin").stat().st_size == 6 * MB
    assert leftover_temp_files(work) == []


async def test_upload_broken_mid_body_leaves_nothing_and_says_so(server, proxy: CuttingProxy, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "report.bin"
    source.write_bytes(os.urandom(3 * MB))
    app = make_app(proxy)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await _ready(app, pilot)
        proxy.cut_request_after = MB
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        await pilot.press(*source.name, "enter")
        await wait_until(pilot, lambda: on_top(app, MainScreen))
        await wait_until(pilot, lambda: not _busy(screen), 30)
        await wait_until(pilot, lambda: "report.bin was not uploaded: The connection to 127.0.0.1" in shown_text(app))
        assert "was dropped" in shown_text(app) and "Cannot reach" not in shown_text(app)  # the proxy was reached
        assert "Press u to retry" in shown_text(app) and "press r" not in shown_text(app)  # r refreshes the list
        assert len(screen.model) == 0
        assert proxy.cuts == 3  # the first try and the SDK's two retries were all cut
        # the server drops its temp file when it notices the cut, which may come after the client gave up
        await wait_until(pilot, lambda: not any(server.storage.tmp_dir.iterdir()), 10, what="the server's temp upload gone")
        assert server.file_count() == 0 and server.blob_paths() == []
        proxy.cut_request_after = None
        await pilot.press("u")  # the dialog remembers what did not go: one Enter retries it
        await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
        assert app.screen.picked == [source]
        await pilot.pause()
        picked = " ".join(str(app.screen.query_one("#upload-picked").render()).split())
        assert shown_path(source) in picked and "Enter retries" in picked  # where the file is, not only its name
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.model) == 1, 30)
    assert server.file_count() == 1


def _refused(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: 500 MB + 1 byte that use no disk
    cases = {
        "directory": (folder, "is a folder"),
        "fifo": (fifo, "not a regular file"),
        "empty": (empty, "is empty"),
        "huge": (huge, "limit is 500 MB"),
    }
    if os.geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text("secret")
        locked.chmod(0)
        cases["unreadable"] = (locked, "permission denied")
    return cases


def _uploads(srv: LocalServer) -> int:
    return sum(1 for method, path, *_ in list(srv.requests_seen) if method == "POST")


async def test_refused_uploads_send_nothing_and_quota_error_changes_nothing(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = _refused(tmp_path)
    over = tmp_path / "over-quota.bin"
    over.write_bytes(os.urandom(64 * 1024))
    with LocalServer(storage_limit=100 * 1024) as srv:
        kept = srv.add_file("kept.txt", os.urandom(50 * 1024), "text/plain")
        stat_before = {p: (p.stat().st_mode, p.stat().st_size, p.stat().st_mtime_ns) for p, _ in cases.values()}
        app = make_app(srv)
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            screen = await _ready(app, pilot)
            for kind, (path, reason) in cases.items():
                await pilot.press("u")
                await wait_until(pilot, lambda: on_top(app, UploadDialog))
                await pilot.press(*path.name, "enter")  # typed relative to the working directory
                await wait_until(pilot, lambda: reason in shown_text(app))  # noqa: B023 - awaited at once
                assert isinstance(app.screen, UploadDialog), kind
                problems = str(app.screen.query_one("#upload-problems").visual)
                assert reason in problems and str(tmp_path) not in problems, ("messages name the path as typed", problems)
                await pilot.press("escape")
                await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
            assert _uploads(srv) == 0, "refused before sending"
            await pilot.press("u")
            await wait_until(pilot, lambda: isinstance(app.screen, UploadDialog))
            await pilot.press(*over.name, "enter")
            await wait_until(pilot, lambda: on_top(app, MainScreen))
            await wait_until(pilot, lambda: not _busy(screen), 30)
            await wait_until(pilot, lambda: "storage is full" in shown_text(app))
            assert [row.id for row in screen.model.rows] == [kept["id"]]
        assert srv.file_count() == 1 and srv.stored_bytes() == 50 * 1024 and len(srv.blob_paths()) == 1
    assert {p: (p.stat().st_mode, p.stat().st_size, p.stat().st_mtime_ns) for p, _ in cases.values()} == stat_before
