"""OAuth access and refresh tokens the server has issued (in memory: a restart forgets them).

An access token lives ``ttl`` seconds. A refresh token is good for one refresh: the grant answers
with a new one (rotation) and the used one stops working, as the real token endpoint does.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from enum import Enum

ACCESS_PREFIX = "sk-ant-oat01-"
REFRESH_PREFIX = "sk-ant-ort01-"
DEFAULT_TTL = 3600


class TokenStatus(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Grant:
    """What the token endpoint answers: the access token, its lifetime, the next refresh token."""

    access_token: str
    expires_in: int
    refresh_token: str


@dataclass
class TokenRegistry:
    ttl: int = DEFAULT_TTL
    client_id: str | None = None  # when set, a refresh must name this client
    refresh_token: str | None = None  # when set, the first refresh must use it (else any unused one will do)
    _access: dict[str, float] = field(default_factory=dict)  # token -> monotonic expiry
    _live_refresh: set[str] = field(default_factory=set)
    _used_refresh: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.refresh_token is not None:
            self._live_refresh.add(self.refresh_token)

    def issue(self) -> Grant:
        """A fresh access token and refresh token (as a login would hand out)."""
        access = ACCESS_PREFIX + secrets.token_urlsafe(32)
        refresh = REFRESH_PREFIX + secrets.token_urlsafe(32)
        with self._lock:
            self._access[access] = time.monotonic() + self.ttl
            self._live_refresh.add(refresh)
        return Grant(access, self.ttl, refresh)

    def status(self, token: str) -> TokenStatus:
        with self._lock:
            expiry = self._access.get(token)
        if expiry is None:
            return TokenStatus.UNKNOWN
        return TokenStatus.VALID if time.monotonic() < expiry else TokenStatus.EXPIRED

    def client_allowed(self, client_id: str) -> bool:
        return self.client_id is None or hmac.compare_digest(client_id, self.client_id)

    def refresh(self, refresh_token: str) -> Grant | None:
        """Rotate ``refresh_token`` into a new grant, or None when it is not (or no longer) good."""
        with self._lock:
            if refresh_token in self._used_refresh:
                return None
            known = refresh_token in self._live_refresh
            if not known and self.refresh_token is not None:
                return None  # a configured server only honours tokens it knows
            self._live_refresh.discard(refresh_token)
            self._used_refresh.add(refresh_token)
        return self.issue()

    def expire_all(self) -> None:
        """Make every issued access token expired now (a revocation, or a clock jump, in a test)."""
        with self._lock:
            now = time.monotonic()
            self._access = {token: min(expiry, now) for token, expiry in self._access.items()}
