"""Where loading the file list stands, and the words the views say about it.

One `LoadState` per list (`FileList.loading`): the page loader changes it, the table's last
row, the header and the status line read it when the list's change feed reports
`Change(loading=True)`. The rule that took three fixes lives here: loads are numbered as they
begin, and only the latest may say that nothing loads any more (a load cancelled by its
successor must not). Pure: no Textual, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import NamedTuple, Protocol

SERVER_ORDER = "newest"  # model/listing.SORTS[0]: the order the API lists in
"""The order pages come in: under another sort a page lands among the rows, so none is prefetched."""


class Activity(Enum):
    """What the latest load does; its value is the table's last row while it runs."""

    FIRST = "loading…"
    MORE = "loading more…"
    ALL = "loading all…  (Esc cancels)"
    REFRESH = "refreshing…"
    CANDIDATES = ""  # ctrl+a's or a narrowing's files: the row keeps saying what it said


NOT_SEARCHED = "More files on the server are not searched yet: press End to load them all."
NOT_SORTED = "More files on the server are not sorted in yet: press End to load them all."
STOPPED = "loading more…  (stopped; scroll down to continue)"


class Failure(Protocol):
    """How a load failed (a ServiceError in the app)."""

    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...  # what happened
    @property
    def text(self) -> str: ...  # what happened and what to do


class Listing(Protocol):
    """What the idle words depend on (the FileList)."""

    @property
    def next_page(self) -> str | None: ...
    @property
    def filter_text(self) -> str: ...
    @property
    def sort(self) -> str: ...


class Words(NamedTuple):
    """Plain text a view shows, and whether it is an error (drawn red)."""

    text: str
    error: bool = False


class LoadState:
    """Whether pages are being fetched, which load is the latest, how the last one failed, and
    what the table's last row and the status line say about it. `changed` is called after every
    change (the owner's change feed)."""

    def __init__(self, changed: Callable[[], None] = lambda: None) -> None:
        self._changed = changed
        self.fetching = False
        self.load = 0  # the number of the latest load (`begin`)
        self.activity: Activity | None = None
        self.error: Failure | None = None
        self.progress: int | None = None  # files so far (End's load-all, a refresh's search)
        self.stopped = False  # Esc stopped the load: the row says how to go on
        self._stoppable = 0  # the number of the last load Esc may stop

    # --- transitions (the page loader's) ---------------------------------------------------

    def begin(self, activity: Activity, *, stoppable: bool = False, retry: bool = False) -> int:
        """A load starts (before it cancels the one it replaces); returns its number. `retry`
        forgets the last failure (r, Enter on the error row); `stoppable`: Esc may stop it.

        Only the latest load may say that nothing loads any more: a cancelled load clearing
        `fetching` said so while its successor ran, and End then started a load-all that
        cancelled a refresh (found in tmux); a refresh during ctrl+a's load is the same case."""
        self.load += 1
        self.fetching = True
        self.activity = activity
        self.progress = None
        self.stopped = False
        if retry:
            self.error = None
        if stoppable:
            self._stoppable = self.load
        self._changed()
        return self.load

    def progressed(self, load: int, files: int) -> None:
        """`files` loaded so far by load `load` (words for End's load-all and a refresh's search)."""
        if load == self.load and self.progress != files:
            self.progress = files
            self._changed()

    def succeeded(self, load: int) -> None:
        """A page came: the last failure is over."""
        if load == self.load and self.error is not None:
            self.error = None
            self._changed()

    def failed(self, load: int, error: Failure) -> None:
        """Load `load` failed; a later load would say how it goes instead."""
        if load == self.load:
            self.error = error
            self._end()

    def ended(self, load: int) -> None:
        """Load `load` is over (done, failed or cancelled): only the latest may say nothing loads."""
        if load == self.load and (self.fetching or self.activity is not None):
            self._end()

    @property
    def may_stop(self) -> bool:
        """Esc has a load to stop: End's load-all or a refresh's search, never the first page or
        the next one (Esc while the first loaded left the table empty, "stopped": issue 24)."""
        return self.fetching and self._stoppable == self.load

    def stop(self) -> None:
        """Esc stopped the latest load (its worker is cancelled by the caller)."""
        self.stopped = True
        self._end()

    def _end(self) -> None:
        self.fetching = False
        self.activity = None
        self.progress = None
        self._changed()

    # --- words -------------------------------------------------------------------------------

    def row(self, listing: Listing) -> Words | None:
        """The row under the files: what loads, the failure (red, Enter retries, unless a load
        runs), an offer of the pages left, or nothing."""
        activity = self.activity
        if activity is Activity.REFRESH and self.progress is not None:
            return Words(f"refreshing… {self.progress:,} files reloaded, finding the highlighted one (Esc stops)")
        if activity is not None and activity.value:
            return Words(activity.value)
        if self.error is not None:
            return Words(f"⚠ {self.error.message}  (r: retry)", error=self.retry_offered)
        idle = idle_words(listing)
        return Words(STOPPED if self.stopped and idle == Activity.MORE.value else idle) if idle else None

    @property
    def retry_offered(self) -> bool:
        """The row is the failure's, drawn red: Enter on it retries (not while ctrl+a's load runs:
        two loaders of pages would cross cursors)."""
        return self.error is not None and not self.fetching

    def note(self) -> Words | None:
        """What the status line says about loading, before anything else it says."""
        if self.activity is Activity.ALL and self.progress is not None:
            return Words(f"loading all… {self.progress:,} files so far (Esc stops)")
        if self.activity is Activity.REFRESH:
            return Words("refreshing…")
        if self.error is not None:
            return Words(self.error.text, error=True)
        return None


def idle_words(listing: Listing) -> str | None:
    """The row while nothing loads: the next page comes as the highlight nears the end, unless
    a filter is on or another sort than the server's (then End is offered), or nothing."""
    if not listing.next_page:
        return None
    if listing.filter_text:
        return NOT_SEARCHED
    if listing.sort != SERVER_ORDER:
        return NOT_SORTED
    return Activity.MORE.value
