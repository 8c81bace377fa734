"""The organisation's named workspaces (files are kept apart per ``anthropic-workspace-id``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import now_us, us_to_rfc3339
from .storage import DEFAULT_WORKSPACE, Storage

WORKSPACE_PREFIX = "wrkspc_011C"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    archived_at INTEGER,
    display_color TEXT NOT NULL
)
"""
_ORG_CREATED = "organization_created_us"


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    created_us: int
    archived_us: int | None = None
    display_color: str = "#6C5BB9"

    def to_json(self) -> dict[str, Any]:
        """The ``Workspace`` shape of ``client.organization.workspaces``."""
        return {
            "type": "workspace",
            "id": self.id,
            "name": self.name,
            "created_at": us_to_rfc3339(self.created_us),
            "archived_at": us_to_rfc3339(self.archived_us) if self.archived_us is not None else None,
            "display_color": self.display_color,
            "compartment_id": "cmpt_" + self.id.removeprefix("wrkspc_"),
            "data_residency": {
                "allowed_inference_geos": "unrestricted",
                "default_inference_geo": "global",
                "workspace_geo": "us",
            },
            "external_key_id": None,
            "tags": {},
            "user_profile_id": None,
        }


class WorkspaceStore:
    """Named workspaces in the server's SQLite file; the default workspace always exists."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        storage.execute(_SCHEMA)
        if storage.get_meta(_ORG_CREATED) is None:
            storage.set_meta(_ORG_CREATED, str(now_us()))

    def default(self) -> Workspace:
        return Workspace(DEFAULT_WORKSPACE, "Default Workspace", int(self.storage.get_meta(_ORG_CREATED) or 0))

    def add(self, workspace: Workspace) -> None:
        self.storage.execute(
            "INSERT OR REPLACE INTO workspaces (id, name, created_at, archived_at, display_color) VALUES (?,?,?,?,?)",
            (workspace.id, workspace.name, workspace.created_us, workspace.archived_us, workspace.display_color),
        )

    def all(self, *, include_default: bool, include_archived: bool) -> list[Workspace]:
        """Oldest first (the default workspace, made with the organisation, leads)."""
        rows = self.storage.query(
            "SELECT id, name, created_at, archived_at, display_color FROM workspaces ORDER BY created_at, id"
        )
        named = [Workspace(r["id"], r["name"], r["created_at"], r["archived_at"], r["display_color"]) for r in rows]
        found = ([self.default()] if include_default else []) + named
        return [w for w in found if include_archived or w.archived_us is None]
