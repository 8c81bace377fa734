"""Rows drawn from the last view (listing_cache.py) that the server has not confirmed yet.

At start the table shows the place's cached rows at once; until the fresh listing replaces
them (`FileList.refresh_first_pages`) they are stale: the header and status line say "as of
14:02", and nothing that deletes, downloads, asks or copies acts on them. Pure: no Textual, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Staleness:
    """Which rows shown are from the cache, listed when, and whether their refresh is under way."""

    as_of: datetime | None = None  # when the cached rows were listed; None: every row shown is fresh
    ids: set[str] = field(default_factory=set)
    refreshing: bool = False  # the fresh listing is being fetched (else it failed: `r` retries)
    listed_at: datetime | None = None  # when the fresh first pages shown now were listed (what the cache keeps)

    @property
    def active(self) -> bool:
        return self.as_of is not None

    def covers(self, file_id: str) -> bool:
        """Is this file shown only as the cache had it?"""
        return self.as_of is not None and file_id in self.ids

    def start(self, as_of: datetime, ids: set[str]) -> None:
        self.as_of = as_of
        self.ids = ids
        self.refreshing = True

    def confirmed(self, now: datetime) -> None:
        """The fresh first pages replaced what was shown, at `now`."""
        self.clear()
        self.listed_at = now

    def clear(self) -> None:
        self.as_of = None
        self.ids = set()
        self.refreshing = False

    def words(self, *, short: bool = False) -> str:
        """ "as of 14:02 · refreshing…" (a day or more ago: "as of 3 Dec 14:02"); "" when fresh."""
        if self.as_of is None:
            return ""
        local = self.as_of.astimezone()
        now = datetime.now(local.tzinfo)
        when = f"{local:%H:%M}" if now.date() == local.date() else f"{local.day} {local:%b %H:%M}"
        if short:
            return f"as of {when}"
        return f"as of {when} · " + ("refreshing…" if self.refreshing else "not refreshed (r retries)")
