"""Deterministic scenes for snapshots and README screenshots: fixed port, ids and clock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from claude_files.server import LocalServer

from ..conftest import LIVE_SERVERS

FROZEN_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
SCENE_PORT = 47931

_FILES = [
    ("quarterly-report-q3.pdf", "application/pdf", 2_481_112, 2),
    ("meeting-notes-week47.md", "text/markdown", 6_204, 5),
    ("sales-2026.csv", "text/csv", 184_220, 26),
    ("product-photo.png", "image/png", 912_004, 50),
    ("contract-draft-v7.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 77_310, 75),
    ("config.json", "application/json", 1_204, 100),
    ("[bold red]not markup[/].txt", "text/plain", 42, 130),
    ("bulk-001.txt", "text/plain", 240, 160),
    ("bulk-002.txt", "text/plain", 480, 161),
    ("bulk-003.txt", "text/plain", 720, 162),
    ("roadmap-2027.md", "text/markdown", 14_880, 200),
    ("customer-interviews.txt", "text/plain", 48_301, 260),
    ("architecture.pdf", "application/pdf", 5_120_774, 400),
    ("logo.webp", "image/webp", 33_004, 500),
    ("budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 66_112, 700),
]


def _us(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def scene_rows() -> list[tuple[str, str, str, int, int]]:
    """(id, filename, mime, size, created_us) with ids that never change."""
    return [
        (f"file_011CScene{n:011d}", name, mime, size, _us(FROZEN_NOW - timedelta(hours=hours)))
        for n, (name, mime, size, hours) in enumerate(_FILES)
    ]


@contextmanager
def scene_server(port: int = SCENE_PORT, **options: Any) -> Iterator[LocalServer]:
    """A server on a fixed port (the header shows host:port) holding the scene's files;
    `options` are LocalServer's (an admin key, say).

    Another test run on the same machine may hold the port for a moment: wait for it.
    """
    srv = LocalServer(**options)
    srv.storage.add_synthetic(scene_rows())
    deadline = time.monotonic() + 60
    while True:
        try:
            srv.start(port=port)
            break
        except OSError:
            if time.monotonic() > deadline:
                srv.close()
                raise
            time.sleep(0.25)
    global _live
    _live = srv
    LIVE_SERVERS.append(srv)
    try:
        yield srv
    finally:
        LIVE_SERVERS.remove(srv)
        _live = None
        srv.close()


_live: LocalServer | None = None


def live_scene() -> LocalServer:
    """The scene server running now (one at a time: they share the fixed port), for waits that
    read what the app asked it."""
    assert _live is not None, "no scene server is running"
    return _live


PREVIEW_IDS = ("file_011CScenePreview0001", "file_011CScenePreview0002")


def add_preview_files(srv: LocalServer) -> None:
    """A downloadable CSV (newest, so highlighted first) and chart, with ids that never change."""
    from claude_files.server import storage
    from claude_files.server.demo_data import make_png, sales_csv

    ids = iter(PREVIEW_IDS)
    original = storage.new_id
    storage.new_id = lambda *args, **kwargs: next(ids)  # type: ignore[assignment]
    try:
        srv.add_file("sales-by-region.csv", sales_csv().encode(), "text/csv", downloadable=True, created_at=FROZEN_NOW)
        chart = make_png(96, 64, seed=11)
        srv.add_file("revenue-chart.png", chart, "image/png", downloadable=True, created_at=FROZEN_NOW - timedelta(minutes=5))
    finally:
        storage.new_id = original
