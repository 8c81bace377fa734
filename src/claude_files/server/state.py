"""What one running server knows besides its storage: keys, faults, the recent requests."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

from .storage import MAX_FILE_BYTES, Storage
from .tokens import TokenRegistry
from .workspaces import WorkspaceStore

MAX_SEEN = 1000
SeenRequest = tuple[str, str, dict[str, str], Any]


@dataclass
class ServerState:
    storage: Storage
    api_key: str | None = None
    latency_ms: float = 0.0
    fail_rate: float = 0.0
    max_file_bytes: int = MAX_FILE_BYTES
    seed: int | None = None
    refuse_betas: frozenset[str] = frozenset()
    admin_key: str | None = None
    locked_workspaces: frozenset[str] = frozenset()  # no credential may act on these (not a member)
    tokens: TokenRegistry = field(default_factory=TokenRegistry)
    requests_seen: list[SeenRequest] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    seen_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.workspaces = WorkspaceStore(self.storage)

    def record(self, entry: SeenRequest) -> None:
        with self.seen_lock:
            self.requests_seen.append(entry)
            excess = len(self.requests_seen) - MAX_SEEN
            if excess > 0:
                del self.requests_seen[:excess]
