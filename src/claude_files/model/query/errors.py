"""The one error a query can raise."""

from __future__ import annotations


class QueryError(ValueError):
    """A query that cannot be understood: `message` in the user's words, `start:end` the span at fault."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = max(start, end)
