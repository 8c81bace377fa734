"""What the service's callers pass and get back: constants, connection settings, identity,
timeouts, streamed pieces. No SDK types (those stay in service.py).

Apart from service.py so that code needing only these (the launch options, the session, the
chat pane) never imports the module that talks to the SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MODEL = "claude-sonnet-4-6"
FIRST_PAGE_SIZE = 100  # small, so the first rows are drawn sooner
PAGE_SIZE = 1000
IDS_PER_REQUEST = 100  # the API's cap on `ids=` in one list call
MAX_UPLOAD_BYTES = 500 * 1000**2  # "500 MB per file" (Files API docs), decimal as every size on screen
MIN_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS = 3600, 90 * 86_400  # the upload's expires_in_seconds range
UPLOAD_CHUNK = 1024 * 1024
FILES_BETA = "files-api-2025-04-14"
SESSIONS_BETA = "managed-agents-2026-04-01"
"""The beta under which file metadata carries `scope` (the agent session) and lists take `scope_id`."""

SDK_MAX_RETRIES = 2

Progress = Callable[[int], None]
"""Called with the number of bytes transferred so far."""


@dataclass(frozen=True)
class Timeouts:
    """How long each kind of call may wait, in seconds, per attempt (the SDK retries).

    `connect` bounds opening a connection. A list, metadata or delete call gets `reply`
    for its answer. Transfers and streamed answers are never capped in total: `stall` and
    `answer` bound the wait for the next bytes (httpx's read and write timeouts are per
    socket operation), so a large file may take as long as it needs while it keeps moving.
    """

    connect: float = 5.0
    reply: float = 12.0
    stall: float = 60.0
    answer: float = 90.0


@dataclass(frozen=True)
class Connection:
    """What the user asked for. Unset fields are left to the SDK's own resolution chain
    (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_PROFILE, the active profile,
    ANTHROPIC_BASE_URL, the profile's base_url and workspace_id)."""

    base_url: str | None  # None: ANTHROPIC_BASE_URL, else the profile's, else the SDK's default
    api_key: str | None = field(default=None, repr=False)  # given explicitly; never in a repr or log
    workspace: str | None = None  # wins over the profile's workspace_id
    is_demo: bool = False
    profile: str | None = None  # the SDK's `profile=`: wins over the environment

    @property
    def label(self) -> str:
        if self.is_demo:
            return "local demo server"
        return _host(self.base_url) if self.base_url else "…"


@dataclass(frozen=True)
class Identity:
    """Where the SDK actually resolved to: what the header and the switcher show."""

    base_url: str
    profile: str | None  # the profile loaded, "env" for a key or token from the environment, None if given
    workspace: str | None  # the anthropic-workspace-id the client sends (None: the credential's default)
    is_demo: bool = False
    credential: str = "The API key"  # what was sent, in words: the variable or the profile (never its value)

    @property
    def label(self) -> str:
        return "local demo server" if self.is_demo else _host(self.base_url)


@dataclass(frozen=True)
class WorkspaceInfo:
    id: str
    name: str
    archived: bool = False


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url


@dataclass
class StreamDelta:
    """One piece of a streamed answer: text, a citation, or the final usage."""

    text: str = ""
    citation: dict[str, Any] | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    stop_reason: str | None = None
    block_stop: bool = False  # a content block ended (where citation marks go)
    done: bool = False
