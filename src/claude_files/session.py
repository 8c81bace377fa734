"""One connection (profile + workspace) and what belongs to it.

Each session has its own main screen, so the marks, filter and chat history made there stay
with that connection: switching with `w` shows another session's screen, switching back shows
this one again as it was left (its listing refreshed). No SDK import here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Settings
from .service_types import Connection, Identity
from .text import clean

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .service import FilesService


@dataclass
class Session:
    connection: Connection | None  # None until the demo server has a URL
    service: FilesService | None = None
    read_only_flag: bool = False  # --read-only: every session of this run is read-only
    workspace_name: str | None = None  # the workspace's name, once the switcher listed it
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def identity(self) -> Identity | None:
        return self.service.identity if self.service is not None else None

    @property
    def where(self) -> str:
        if self.identity is not None:
            return self.identity.label
        if self.connection is None:
            return "local demo server"
        return self.connection.label

    @property
    def profile(self) -> str | None:
        """The profile name, "env", or None (a key given by the program, or the demo)."""
        if self.identity is not None:
            return self.identity.profile
        return self.connection.profile if self.connection is not None else None

    @property
    def workspace(self) -> str | None:
        if self.identity is not None:
            return self.identity.workspace
        return self.connection.workspace if self.connection is not None else None

    @property
    def base_url(self) -> str:
        if self.identity is not None:
            return self.identity.base_url
        return (self.connection.base_url or "") if self.connection is not None else ""

    @property
    def workspace_label(self) -> str:
        """The workspace as a person knows it: its name once known, else its id ("default": none set)."""
        return self.workspace_name or self.workspace or "default"

    def read_only(self, settings: Settings) -> bool:
        return self.read_only_flag or settings.profile_read_only(self.profile)

    def read_only_reason(self, settings: Settings) -> str | None:
        """Why this session may not change anything, or None when it may."""
        if self.read_only_flag:
            return "started with --read-only"
        if settings.profile_read_only(self.profile):
            return f"profile {self.profile!r} is set read-only in claude-files' settings"
        return None

    def same_place(self, identity: Identity) -> bool:
        """Does this session already point where `identity` does (same profile, host, workspace)?"""
        mine = self.identity
        return mine is not None and (mine.profile, mine.base_url, mine.workspace) == (
            identity.profile,
            identity.base_url,
            identity.workspace,
        )


def place_words(session: Session) -> str:
    """Where a change acts, for a confirmation to name: "workspace Research on api.anthropic.com
    (profile prod)". Plain text, cleaned: names come from profiles and the server."""
    profile = f" (profile {clean(session.profile)})" if session.profile else ""
    return f"workspace {clean(session.workspace_label)} on {clean(session.where)}{profile}"
