"""Pictures at 80×24 of the upload, download and delete dialogs (and the progress panel)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.download_dialog import DownloadDialog
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.launch import Launch
from claude_files.model.files import FileRecord
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import FROZEN_NOW, details_refreshed, screen_text, wait_until
from .scenes import live_scene, scene_server


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _steady(steady_cursors) -> None:
    """Every dialog here has a focused input."""


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """HOME is a temp dir and the working directory is ~/work, so paths draw the same every run."""
    monkeypatch.setenv("HOME", str(tmp_path))
    work = tmp_path / "work"
    (work / "drafts").mkdir(parents=True)
    (work / "notes.md").write_text("# notes\n")
    (work / "report.pdf").write_bytes(b"%PDF-1.4 small")
    (work / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(work)
    return work


def app_on(url: str) -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=url, api_key="test-key"), Settings())


async def loaded(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await details_refreshed(pilot, live_scene())


class DialogHost(App[None]):
    """A bare app that opens one dialog, for dialogs that need rows the scene cannot hold."""

    def __init__(self, dialog) -> None:
        super().__init__()
        self.dialog = dialog

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


RESULT = FileRecord(
    id="file_011CSnapResult000000001",
    filename="analysis_results.csv",
    mime_type="text/csv",
    size_bytes=184_220,
    created_at=FROZEN_NOW - timedelta(hours=3),
    downloadable=True,
)
CHART = FileRecord("file_011CSnapChart0000000002", "chart.png", "image/png", 91_004, FROZEN_NOW, True)
UPLOADED = FileRecord("file_011CSnapUpload000000003", "contract.pdf", "application/pdf", 2_000, FROZEN_NOW, False)


def test_delete_confirmation(snap_compare, scene):
    async def run_before(pilot):
        await loaded(pilot)
        await pilot.press("j", "d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
        await details_refreshed(pilot, live_scene())  # of the second file, below the question

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)


async def tree_listed(pilot) -> None:
    """The directory tree lists ~/work in a worker: wait for its entries, not a fixed time."""
    from textual.widgets import DirectoryTree

    tree = pilot.app.screen.query_one(DirectoryTree)

    def drawn() -> bool:
        names = [str(node.label) for node in tree.root.children]
        return bool(names) and all(name in screen_text(pilot.app) for name in names)

    await wait_until(pilot, drawn, what="the tree's entries drawn", seen=lambda: [str(n.label) for n in tree.root.children])


def test_upload_dialog(snap_compare, scene, home):
    async def run_before(pilot):
        await loaded(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, UploadDialog))
        await tree_listed(pilot)

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)


def test_upload_dialog_lists_problems(snap_compare, scene, home):
    async def run_before(pilot):
        await loaded(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, UploadDialog))
        await tree_listed(pilot)
        await pilot.press("tab", "down", "down", "enter", "down", "enter")  # pick empty.txt, notes.md
        await pilot.press("shift+tab", *"missing.txt", "enter")
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#upload-problems").has_class("-shown"))

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)


async def dialog_open(pilot) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DownloadDialog))


def test_download_dialog(snap_compare, home):
    async def run_before(pilot):
        await dialog_open(pilot)

    assert snap_compare(DialogHost(DownloadDialog([RESULT])), terminal_size=(80, 24), run_before=run_before)


def test_download_dialog_name_clash(snap_compare, home):
    (home / "analysis_results.csv").write_text("old")

    async def run_before(pilot):
        await dialog_open(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#download-clash-text").has_class("-shown"))

    assert snap_compare(DialogHost(DownloadDialog([RESULT])), terminal_size=(80, 24), run_before=run_before)


def test_download_dialog_marked_with_skipped(snap_compare, home):
    async def run_before(pilot):
        await dialog_open(pilot)

    dialog = DownloadDialog([RESULT, CHART], skipped=[UPLOADED])
    assert snap_compare(DialogHost(dialog), terminal_size=(80, 24), run_before=run_before)


class PanelHost(App[None]):
    """The progress panel with one line in each final state (no clocks involved)."""

    def compose(self):
        yield TransferProgress(id="transfers")

    def on_mount(self) -> None:
        panel = self.query_one(TransferProgress)
        panel.add("a", "queued-next.bin", 50_000_000)
        failed = panel.add("b", "too-big.iso", 700_000_000)
        cancelled = panel.add("c", "slow-upload.tar", 90_000_000)
        panel.advance("c", 30_000_000)
        failed.finish("failed", "The organization's file storage is full.")
        cancelled.finish("cancelled")


def test_progress_panel_states(snap_compare):
    async def run_before(pilot):
        await wait_until(pilot, lambda: len(pilot.app.query_one(TransferProgress).lines) == 3)

    assert snap_compare(PanelHost(), terminal_size=(80, 24), run_before=run_before)
