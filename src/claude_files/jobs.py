"""Work that the TUI and the scripting subcommands both run: no Textual here, only the service.

`BulkDelete` keeps `concurrency` deletes in flight, each worker taking the next id from one
shared queue, so a slow request never holds back the rest. Stopping empties nobody's hands:
nothing new starts, in-flight deletes finish, and every id ends in exactly one of deleted,
failed or not started. Cancelling the run (a second Ctrl-C) abandons the deletes in flight;
they are then listed in `interrupted`, because nobody can say whether the server did them.

`before_delete`, if given, runs for each file just before its delete, in the same worker (so
archiving keeps the same `concurrency` in flight); raising `Veto` keeps the file, listed in
`vetoed` with the reason; the copy it returns, if any, goes in the delete record.

With a `RunRecord` (deletions.py) every file is written down as pending before the first
request, and each end of a file (deleted, gone, failed, kept by a veto) goes through
`_settle`, the one place an outcome is counted, recorded and shown; a record that cannot be
written stops the run before (or as soon as) it fails.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Generic, TypeVar

from .deletions import KeptCopy, RecordError
from .service_errors import ServiceError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .deletions import RunRecord
    from .service import FilesService

Item = TypeVar("Item")


class Veto(Exception):
    """Raised by a `before_delete` step: this file must not be deleted. `status` names why in
    reports (e.g. "not_archived"); the message says it in words."""

    def __init__(self, reason: str, status: str = "kept") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


UNREACHABLE_AFTER = 8
"""Deletes in a row that could not reach the server (refused, not dropped): it is gone, so nothing
new is sent; the rest stays not started rather than each failing after its retries (a killed
server turned 1,751 deletes into ten minutes of "Cannot reach")."""


class BulkDelete:
    """One run of deletes over `ids`; counters are read by the progress display."""

    def __init__(
        self,
        ids: Iterable[str],
        concurrency: int = 8,
        *,
        on_progress: Callable[[BulkDelete], None] | None = None,
        before_delete: Callable[[str], Awaitable[KeptCopy | None]] | None = None,
        record: RunRecord | None = None,
    ) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.targets = frozenset(self.ids)
        self.concurrency = max(1, concurrency)
        self.pending: deque[str] = deque(self.ids)
        self.deleted: list[str] = []
        self.gone: set[str] = set()  # of `deleted`: already gone (404) when asked
        self.failed: dict[str, ServiceError] = {}
        self.unknown: set[str] = set()  # of `failed`: never answered, nor when asked after: may be deleted
        self.vetoed: dict[str, Veto] = {}
        self.in_flight = 0
        self.interrupted: list[str] = []
        self.stopping = False
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.on_progress = on_progress
        self.before_delete = before_delete
        self._fresh: list[str] = []
        self._sent: set[str] = set()
        self.record = record
        self.record_error: RecordError | None = None  # the record could not be written: deleting stopped
        self.unreachable: ServiceError | None = None  # the server could not be reached: deleting stopped
        self._unreached = 0  # deletes in a row that could not reach the server

    async def run(self, service: FilesService) -> None:
        """Delete until the queue is empty or `stop()` was called; never raises ServiceError."""
        self.started_at = time.monotonic()
        begun = False
        try:
            if self.record is not None:
                self.record.begin(service.identity, self.ids)  # before any request: a crash leaves "pending"
                begun = True
            workers = min(self.concurrency, len(self.pending))
            await asyncio.gather(*(self._worker(service) for _ in range(workers)))
        except RecordError as error:
            self.record_error = error  # nothing was sent: every id stays not started
        finally:
            self.interrupted = [file_id for file_id in self.ids if file_id in self._sent]
            if begun and self.record is not None:
                try:
                    self.record.close(self.pending, self.interrupted)
                except RecordError as error:
                    self.record_error = error
            self.finished_at = time.monotonic()

    async def _worker(self, service: FilesService) -> None:
        while self.pending and not self.stopping:
            file_id = self.pending.popleft()
            self.in_flight += 1
            if self.before_delete is not None:
                try:
                    kept = await self.before_delete(file_id)
                except asyncio.CancelledError:  # while the step ran: nothing was sent, so not started
                    self.in_flight -= 1
                    self.pending.appendleft(file_id)
                    raise
                except Exception as error:  # anything unforeseen keeps the file too: safe, and said
                    self.in_flight -= 1
                    self._settle(file_id, "kept", veto=error if isinstance(error, Veto) else Veto(f"not deleted: {error}"))
                    continue
                if kept is not None and self.record is not None:
                    self.record.copied(file_id, kept)  # where `restore` finds it, whatever folder it went to
            self._sent.add(file_id)
            try:
                existed = await service.delete(file_id)  # False (404): already gone, which is what we wanted
            except ServiceError as error:
                gone = await gone_anyway(service, file_id)
                if not gone:
                    # no answer, and none to the question afterwards: the server may have done it
                    unknown = gone is None and error.kind == "timeout"
                    self._settle(file_id, "unknown" if unknown else "failed", error)
                    self._unreached = self._unreached + 1 if _refused_connection(error) else 0
                    if self._unreached >= UNREACHABLE_AFTER and self.unreachable is None:
                        self.unreachable = error
                        self.stop()
                    continue
                existed = True  # a dropped reply hid a delete that worked
            finally:
                self.in_flight -= 1
            self._unreached = 0
            self._settle(file_id, "deleted" if existed else "gone")

    def _settle(self, file_id: str, outcome: str, error: ServiceError | None = None, *, veto: Veto | None = None) -> None:
        """Every end of a file goes through here: counted, recorded (in small batches), shown.

        `outcome` is "deleted", "gone" (already gone), "failed" or "unknown" (with `error`: not
        deleted as far as this run knows) or "kept" (`veto`).
        """
        self._sent.discard(file_id)
        if veto is not None:
            self.vetoed[file_id] = veto
        elif error is not None:
            self.failed[file_id] = error
            if outcome == "unknown":
                self.unknown.add(file_id)
        else:
            self.deleted.append(file_id)
            self._fresh.append(file_id)
            if outcome == "gone":
                self.gone.add(file_id)
        if self.record is not None and self.record_error is None:
            reason = error.message if error is not None else veto.reason if veto is not None else None
            if outcome == "unknown":
                reason = f"{reason} Nor did it answer when asked afterwards: it may or may not be deleted."
            try:
                self.record.settle(file_id, outcome, reason)
            except RecordError as record_error:
                self.record_error = record_error  # what is in flight finishes; nothing new starts
                self.stop()
        self._progressed()

    def _progressed(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self)

    def fail_unsent(self, error: ServiceError) -> None:
        """The run could not begin (no connection): every id failed with `error` before anything
        was sent, and the run is over."""
        self.failed = dict.fromkeys(self.pending, error)
        self.pending.clear()
        self.started_at = self.finished_at = time.monotonic()

    def stop(self) -> None:
        """Start nothing new; deletes already sent finish and are counted."""
        self.stopping = True

    def take_fresh(self) -> list[str]:
        """Ids deleted since the last call, so the table can drop them in one batch."""
        fresh, self._fresh = self._fresh, []
        return fresh

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def not_started(self) -> list[str]:
        return list(self.pending)

    @property
    def done(self) -> int:
        return len(self.deleted) + len(self.failed) + len(self.vetoed)

    @property
    def remaining(self) -> int:
        return len(self.ids) - self.done

    @property
    def elapsed(self) -> float:
        if self.started_at is None:
            return 0.0
        return (self.finished_at or time.monotonic()) - self.started_at

    @property
    def rate(self) -> float:
        """Files finished per second so far."""
        elapsed = self.elapsed
        return self.done / elapsed if elapsed > 0 else 0.0


def _refused_connection(error: ServiceError) -> bool:
    """The server could not be reached at all (nothing was sent), as opposed to a dropped reply."""
    return error.kind == "network" and error.message.startswith("Cannot reach")


async def gone_anyway(service: FilesService, file_id: str) -> bool | None:
    """After a failed delete, is the file gone? A dropped reply can hide a delete that worked.
    None when the server could not be asked either."""
    try:
        await service.retrieve(file_id)
    except ServiceError as error:
        return True if error.kind == "not_found" else None
    return False


class Bounded(Generic[Item]):
    """Run `work` over items with at most `concurrency` at once; `stop()` starts nothing new.

    For jobs whose items are independent (uploads of a folder): results are the caller's
    business, `started` says which items were begun.
    """

    def __init__(self, items: Iterable[Item], concurrency: int) -> None:
        self.pending: deque[Item] = deque(items)
        self.concurrency = max(1, concurrency)
        self.started: list[Item] = []
        self.stopping = False

    async def run(self, work: Callable[[Item], Awaitable[None]]) -> None:
        async def worker() -> None:
            while self.pending and not self.stopping:
                item = self.pending.popleft()
                self.started.append(item)
                await work(item)

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(self.pending)))))

    def stop(self) -> None:
        self.stopping = True
