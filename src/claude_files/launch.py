"""What the command line decided: where to connect and how. Built by cli.py, read by the app.

Only what the user gave explicitly is set; everything else the SDK resolves (see service.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .service_types import Connection, Timeouts

DEMO_KEY = "demo-key"  # also the demo server's admin key, so `w` lists the demo workspaces


@dataclass
class Launch:
    base_url: str | None = None  # --base-url; None lets ANTHROPIC_BASE_URL or the profile decide
    api_key: str | None = field(default=None, repr=False)  # only when given explicitly (tests, embedding)
    workspace: str | None = None
    profile: str | None = None  # --profile; None lets ANTHROPIC_PROFILE / active_config decide
    read_only: bool = False
    demo: bool = False
    clipboard: str | None = None  # overrides the saved setting
    no_cache: bool = False  # --no-cache: no last view drawn at start, none kept (listing_cache.py)
    demo_synthetic: int = 0
    live_seconds: float | None = None  # --live; None: the settings' live_seconds
    timeouts: Timeouts = field(default_factory=Timeouts)

    @property
    def starts_demo_server(self) -> bool:
        """`--demo` starts its own local server; `--demo --base-url URL` (each tab of
        `claude-files web --demo`) opens the demo server already running there."""
        return self.demo and not self.base_url

    def connection(self, demo_url: str | None = None) -> Connection:
        if self.demo:
            url = demo_url or self.base_url or ""
            return Connection(base_url=url, api_key=DEMO_KEY, workspace=self.workspace, is_demo=True)
        return Connection(base_url=self.base_url, api_key=self.api_key, workspace=self.workspace, profile=self.profile)
