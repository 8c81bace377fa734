"""The filter of the file list: the last good query, compiled, and what went wrong with the latest text.

A wrong query never empties the table: `apply` keeps the previous good query (and so the view)
and records the error for the line under the filter input. Pure: no I/O, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from claude_files.model.query import Query, QueryError, duplicate_ids, parse
from claude_files.model.query.lexer import RawTerm, lex
from claude_files.model.query.parser import Compiled
from claude_files.model.rows import Row

EMPTY = parse("")


class QueryFilter:
    """The compiled filter; `narrows` says when the next query can only drop rows from the last view."""

    def __init__(self, clock: Callable[[], datetime], marks: set[str], pins: set[str] | None = None) -> None:
        self.clock = clock
        self.marks = marks  # the model's own set: later marks show without recompiling
        self.pins = pins if pins is not None else set()  # the model's too, for `is:pinned`
        self.query: Query = EMPTY
        self.error: QueryError | None = None
        self.now: datetime = clock()
        self._compiled: Compiled | None = None
        self._duplicates: set[str] | None = None
        self._duplicates_of: int = -1  # the rows revision they were computed for

    @property
    def text(self) -> str:
        return self.query.text

    @property
    def active(self) -> bool:
        return not self.query.is_empty

    def apply(self, text: str, *, keep_time: bool = False) -> bool:
        """Understand `text`; True when it became the filter, False when it is wrong (kept: the last good one).

        `keep_time` holds `now` while a query only narrows, so ages mean what they meant for the last view.
        """
        try:
            query = parse(text)
        except QueryError as error:
            self.error = error
            return False
        self.error = None
        if query.text != self.query.text:
            self.query = query
            if not keep_time:
                self.now = self.clock()
            self._compiled = None
        return True

    def predicate(self, rows: Sequence[Row], revision: int) -> Callable[[Row], bool]:
        """The compiled test of one row (see `compiled`)."""
        return self.compiled(rows, revision).test

    def compiled(self, rows: Sequence[Row], revision: int) -> Compiled:
        """The compiled query, rebuilt only when the query changed or (for `is:duplicate`) the rows did."""
        if self.query.needs_duplicates and self._duplicates_of != revision:
            self._duplicates = duplicate_ids(rows)
            self._duplicates_of = revision
            self._compiled = None
        if self._compiled is None:
            duplicates: Collection[str] = (self._duplicates or frozenset()) if self.query.needs_duplicates else frozenset()
            self._compiled = self.query.compiled(self.now, marks=self.marks, duplicates=duplicates, pins=self.pins)
        return self._compiled

    def narrows(self, before: str, after: str) -> bool:
        """Does `after` match a subset of what `before` matched (so the last view can be filtered further)?

        True when every term of `before` is still there unchanged, except that the last one may be a plain
        word that only grew; anything else (a new key, a changed number, a negation) starts over.
        """
        if not before or not after.startswith(before):
            return False
        old, new = lex(before), lex(after)
        if not old or len(new) < len(old):
            return False
        for index, (was, now) in enumerate(zip(old, new, strict=False)):
            same = (was.start, was.end) == (now.start, now.end)
            if same:
                continue
            last = index == len(old) - 1
            if not (last and _plain_word(was) and _plain_word(now)):
                return False
        return True


def _plain_word(raw: RawTerm) -> bool:
    """A bare substring word: it matches fewer rows as it grows (a glob or a quote may not)."""
    if raw.key is not None or raw.negated or raw.unclosed_quote is not None or len(raw.values) != 1:
        return False
    value = raw.values[0]
    return not value.quoted and not any(mark in value.text for mark in "*?[")
