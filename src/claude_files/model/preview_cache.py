"""The bytes previews were drawn from, kept in memory by file id within a byte budget.

Going back to a file (k after j) must not download it again, yet a session that highlights
thousands of files must not grow without bound: least recently used heads leave first.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

PREVIEW_CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PreviewBytes:
    """The head of a file as fetched for its preview."""

    data: bytes
    truncated: bool  # the file goes on past `data`
    source: str = "server"  # "server", or "local" for an upload's own copy on this machine


class PreviewCache:
    """An LRU map of file id to `PreviewBytes`, bounded by the sum of their sizes."""

    def __init__(self, budget: int = PREVIEW_CACHE_BYTES) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, PreviewBytes] = OrderedDict()
        self.held = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, file_id: object) -> bool:
        return file_id in self._entries

    def get(self, file_id: str) -> PreviewBytes | None:
        """The cached head (now the most recently used), or None."""
        entry = self._entries.get(file_id)
        if entry is not None:
            self._entries.move_to_end(file_id)
        return entry

    def put(self, file_id: str, entry: PreviewBytes) -> bool:
        """Keep `entry`, evicting the least recently used; False if it alone exceeds the budget."""
        self.discard(file_id)
        size = len(entry.data)
        if size > self.budget:
            return False
        while self.held + size > self.budget and self._entries:
            _, oldest = self._entries.popitem(last=False)
            self.held -= len(oldest.data)
        self._entries[file_id] = entry
        self.held += size
        return True

    def discard(self, file_id: str) -> None:
        entry = self._entries.pop(file_id, None)
        if entry is not None:
            self.held -= len(entry.data)
