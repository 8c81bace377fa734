"""An organization for the organization view's tests: three named workspaces beside the default
one, fixed ids and times, one workspace the admin key may not read (locked)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from claude_files.server import LocalServer

from .scenes import FROZEN_NOW, scene_server

ADMIN = "sk-ant-admin01-scene"
RESEARCH = "wrkspc_011CSceneResearch0000001"
FINANCE = "wrkspc_011CSceneFinance00000001"
LEGAL = "wrkspc_011CSceneLegal000000001"
# (workspace, name, files: (size, days old))
WORKSPACES = (
    (RESEARCH, "Research", [(4_200_000, 3), (1_250_000, 40), (88_000, 120)]),
    (FINANCE, "Finance", [(640_000, 10), (12_500, 200)]),
    (LEGAL, "Legal", [(9_000, 5)]),
)


def _us(days: float) -> int:
    return int((FROZEN_NOW - timedelta(days=days)).timestamp() * 1_000_000)


def stock(srv: LocalServer) -> None:
    for index, (workspace, name, files) in enumerate(WORKSPACES):
        srv.add_workspace(workspace, name)
        rows = [
            (f"file_011CScene{name}{n:05d}", f"{name.lower()}-{n}.pdf", "application/pdf", size, _us(days))
            for n, (size, days) in enumerate(files)
        ]
        srv.storage.add_synthetic(rows, workspace=workspace)
        srv.storage.execute("UPDATE workspaces SET created_at=? WHERE id=?", (_us(300 - index), workspace))


@contextmanager
def org_scene() -> Iterator[LocalServer]:
    """The snapshot scene (its default workspace's files, fixed port) plus the workspaces above."""
    with scene_server(admin_key=ADMIN, locked_workspaces=[LEGAL]) as srv:
        stock(srv)
        yield srv
