"""What the command line decided: where to connect and how. Built by cli.py, read by the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from .service import DEFAULT_BASE_URL, Connection, Timeouts


@dataclass
class Launch:
    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)  # crash tracebacks print locals
    workspace: str | None = None
    demo: bool = False
    clipboard: str | None = None  # overrides the saved setting
    demo_synthetic: int = 0
    timeouts: Timeouts = field(default_factory=Timeouts)

    def connection(self, demo_url: str | None = None) -> Connection:
        if self.demo:
            return Connection(base_url=demo_url or "", api_key="demo-key", workspace=self.workspace, is_demo=True)
        return Connection(base_url=self.base_url, api_key=self.api_key, workspace=self.workspace)
