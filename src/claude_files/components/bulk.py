"""`d`: every delete of the TUI, one file or the marked ones, on the one engine `jobs.BulkDelete`.

A single delete is a bulk delete of one: the same record check before asking, the same
confirmation words as `claude-files rm` (model/confirmation.py), the same run (recorded,
verified when a reply is lost, a 404 counted as already gone), and the same place to ask
whether a 404 seen later is news (`expects_gone`).

With marks, one straight-line flow in a worker: end a visual range, fetch marked files a
refresh left unloaded, ask, run the deletes here while `BulkDeleteScreen` shows their
progress, say the outcome. The id list is fixed when the user confirms, from the marks alone;
rows leave the model as their deletes succeed, so what is still marked afterwards is exactly
what is left to do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual import work
from textual.message import Message

from ..archive import Archiver, default_dir
from ..deletions import DeletionRecord, RecordError
from ..dialogs.bulk_delete import BulkDeleteScreen
from ..dialogs.confirm import Choice, ConfirmModal, drawn
from ..jobs import BulkDelete
from ..model.confirmation import delete_question, files, typed_count
from ..model.files import FileList
from ..pins import keep_pinned, kept_words
from ..service import ServiceError
from ..session import place_words
from ..text import clean
from .asking import ask
from .base import Component, Connect

VISIBLE = "visible"
"""The confirmation's extra choice: delete only the marked files the filter shows."""

BEHIND_INTERVAL = 2.5
"""How often deleted rows leave the table behind, in one batch: hidden while deleting, it needs
only to be right for the report, and each batch costs the deletes a catch-up of the table
(P3e 1.14 at one a second, 1.08 at this)."""


class BulkDeleter(Component):
    """Deletes files of `model` on the connection `connect` hands it; `fetch_ids` loads files by
    id (the page loader's)."""

    class Finished(Message):
        """The report closed: keys should go back to the file list."""

        def __init__(self, deleter: BulkDeleter, job: BulkDelete) -> None:
            super().__init__()
            self.deleter = deleter
            self.job = job

        @property
        def control(self) -> BulkDeleter:
            return self.deleter

    def __init__(self, model: FileList, connect: Connect, fetch_ids: Callable[[list[str]], Awaitable[list[Any]]]) -> None:
        super().__init__()
        self.model = model
        self.connect = connect
        self.fetch_ids = fetch_ids
        self._targets: set[str] = set()  # every id a delete here was asked for
        self._run_done: asyncio.Event | None = None  # set when the current run has ended
        self._deleting_one: set[str] = set()  # files whose single delete is on its way: no second `d y`

    def expects_gone(self, file_id: str) -> bool:
        """Was `file_id` deleted (or asked to be) from here? A 404 on it then is no news."""
        return file_id in self._targets

    async def run_ended(self) -> None:
        """Wait until the run in progress (if any) has ended: quitting waits for its summary."""
        if self._run_done is not None:
            await self._run_done.wait()

    def _place(self) -> str:
        return place_words(self.app.session_of(self.screen))

    def _record(self) -> DeletionRecord | None:
        """The delete record, checked: a delete that cannot be recorded is not made (said before asking)."""
        record = DeletionRecord()
        try:
            record.check()
        except RecordError as error:
            self.say(f"Not deleting: {error}", error=True)
            return None
        return record

    async def _run(self, job: BulkDelete, archiver: Archiver | None = None) -> None:
        """Run `job` on this component's connection; deleted rows leave the model in batches."""
        self._targets |= job.targets
        self._run_done = running = asyncio.Event()
        behind = self.set_interval(BEHIND_INTERVAL, lambda: self._forget(job))
        try:
            try:
                service = await self.connect()
            except ServiceError as error:
                job.fail_unsent(error)
            else:
                if archiver is not None:
                    archiver.attach(service)
                await job.run(service)
        finally:
            behind.stop()
            self._forget(job)
            running.set()

    def _forget(self, job: BulkDelete) -> None:
        """Drop the rows deleted since the last call from the table, in one batch."""
        fresh = job.take_fresh()
        if fresh:
            self.model.remove(fresh)

    # --- one file ---------------------------------------------------------------------------

    def delete_one(self, row: Any) -> None:
        """`d` on the highlighted file (nothing marked): confirm by name (default No), then delete it."""
        if row.id in self._deleting_one:  # its delete is on its way (a slow server holds it up to a minute)
            self.say(f"{clean(row.filename)} is being deleted already; its outcome follows.")
            return
        record = self._record()
        if record is None:
            return
        body = drawn(delete_question([row], place=self._place(), by_hand=""))
        self._delete_one_confirmed(row, record, ask(self.app, ConfirmModal("Delete this file?", body, yes_label="Delete")))

    @work(group="delete", exit_on_error=False)
    async def _delete_one_confirmed(self, row: Any, record: DeletionRecord, answer: Awaitable[Any]) -> None:
        if await answer is not True:
            return
        job = BulkDelete([row.id], 1, record=record.run([row], "highlighted"))
        self.say(f"Deleting {clean(row.filename)}…", toast=False)  # a slow server holds it for up to a minute
        self._deleting_one.add(row.id)
        try:
            await self._run(job)
        finally:
            self._deleting_one.discard(row.id)
        text, error = one_file_words(job, row)
        self.say(text, error=error)

    # --- the marked files -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """A bulk delete is being asked about or carried out (live refresh waits for it)."""
        return any(worker.node is self and worker.group == "bulk-delete" and worker.is_running for worker in self.workers)

    @work(exclusive=True, group="bulk-delete", exit_on_error=False)
    async def delete_marked(self) -> None:
        """Ask (default No), offering to spare marks the filter hides, then run the deletes."""
        model = self.model
        if model.visual_anchor is not None:
            model.end_visual()  # the range becomes marks, so failures stay marked afterwards
        if model.unloaded_marks() and not await self._fetch_unloaded_marks():
            return
        rows = model.marked_rows()
        if not rows:
            self.say("The marked files no longer exist; nothing to delete.")
            return
        record = self._record()
        if record is None:
            return
        kept = model.pins_kept(rows)
        rows, _ = keep_pinned(rows, model.pins)  # deleting a pinned file means unpinning it first
        if not rows:
            self.say(f"{kept_words(kept)}: every marked file is pinned, so nothing is deleted (P unpins).", error=True)
            return
        marked, rule = len(rows), model.rule
        rows, archive_dir = await self._confirm(rows, kept)
        if not rows:
            self.say("Nothing deleted.")
            return
        archiver = self._archiver(rows, archive_dir)
        selected_by = f"rule: {rule}" if rule is not None and len(rows) == marked else "marked"
        job = BulkDelete(
            [row.id for row in rows],
            self.app.settings.delete_concurrency,
            before_delete=archiver,
            record=record.run(rows, selected_by),
        )
        screen = BulkDeleteScreen(
            job,
            {row.id: row.filename for row in rows},
            archiver=archiver,
            note=f"{kept_words(kept)}: pinned, never deleted." if kept else "",
        )
        self.say(f"Deleting {files(len(rows))}…", toast=False)
        closed = ask(self.app, screen)
        await self._run(job, archiver)
        self.say(summary(job), error=bool(job.failed or job.record_error), toast=False)  # the status line behind the report
        screen.ended()
        await closed
        self.post_message(self.Finished(self, job))
        self.say(summary(job) + (f" {kept_words(kept)}." if kept else ""), error=bool(job.failed or job.record_error))

    async def _fetch_unloaded_marks(self) -> bool:
        """Marked files a refresh left unloaded are fetched by id (`ids=`, 100 a request), so
        the confirmation names every file that will go; marks of files gone meanwhile drop.
        False when the server refused (said)."""
        wanted = self.model.unloaded_mark_ids()
        self.say(f"Fetching {len(wanted):,} marked file{'s' if len(wanted) != 1 else ''} not loaded…")
        try:
            found = await self.fetch_ids(wanted)
        except ServiceError as error:
            self.say(f"Could not fetch the marked files that are not loaded: {error.text}", error=True)
            return False
        self.model.drop_marks(set(wanted) - {row.id for row in found})
        return True

    def _archiver(self, rows: list[Any], folder: str | None) -> Archiver | None:
        """The archive-first step, its folder remembered in settings for next time (and `restore`)."""
        if folder is None:
            return None
        settings = self.app.settings
        if settings.archive_dir != folder:
            settings.archive_dir = folder
            settings.save()
        return Archiver({row.id: row for row in rows}, default_dir(settings))

    async def _confirm(self, rows: list[Any], kept: int) -> tuple[list[Any], str | None]:
        """The files the user agreed to delete (`rows`, only the visible ones, or none) and the
        folder to archive them into first (None: no archiving); `kept`, how many marked files
        are pinned, is named in the question."""
        model = self.model
        visible = [row for row in rows if model.matches(row)]
        count, hidden = len(rows), len(rows) - len(visible)
        choices = [Choice(f"Only the {len(visible):,} visible", VISIBLE, "v")] if hidden and visible else []
        place = self._place()  # where the delete acts, always said
        body = drawn(
            delete_question(
                rows,
                place=place,
                rule=model.rule,
                loaded=None if model.answer_complete else len(model.rows),
                hidden=hidden,
                filter_text=model.filter_text,
            )
        )
        if kept:
            body.append(f"\n\n{kept_words(kept)}: pinned, never deleted (P unpins).", style="bold yellow")
        typed = typed_count(count)
        modal = ConfirmModal(
            f"Delete {files(count)}?" + (f" {kept:,} pinned kept" if kept else ""),
            body,
            yes_label=f"Delete {count:,}" if typed else "Delete",
            type_to_confirm=typed,
            extra_choices=choices,
            archive_folder=str(default_dir(self.app.settings)),
        )
        choice = await self.app.push_screen_wait(modal)
        archive_dir = modal.archive_dir
        if choice == VISIBLE:
            typed = typed_count(len(visible))
            if typed:  # the extra button skipped the typed count: ask for it now
                choice = await self.app.push_screen_wait(
                    ConfirmModal(
                        f"Delete {len(visible):,} visible files?",
                        drawn(delete_question(visible, place=place)),
                        yes_label=f"Delete {len(visible):,}",
                        type_to_confirm=typed,
                    )
                )
                return (visible, archive_dir) if choice is True else ([], None)
            return visible, archive_dir
        return (rows, archive_dir) if choice is True else ([], None)


def summary(job: BulkDelete) -> str:
    """One status line after a run, e.g. 'Deleted 48 of 50 files; 2 failed (still marked: d retries).'"""
    total = len(job.ids)
    line = f"Deleted {len(job.deleted):,} of {files(total)}"  # as the report's title
    if job.gone:  # counted as deleted (a 404 is what was wanted), but not by this run: the record says gone
        line += f"; {len(job.gone):,} already gone (deleted elsewhere)"
    if job.failed:
        line += f"; {len(job.failed):,} failed (still marked: d retries)"
    if job.vetoed:
        line += f"; {len(job.vetoed):,} kept, archiving failed (still marked)"
    archived = getattr(job.before_delete, "archived", None)
    if archived:
        line += f"; {archived:,} archived"
    if job.pending:
        gone = " because the server cannot be reached" if job.unreachable is not None else ""
        line += f"; stopped{gone}, {len(job.pending):,} not started (still marked)"
    if job.record_error is not None:
        line += f": {job.record_error}"
    return line + "."


def one_file_words(job: BulkDelete, row: Any) -> tuple[str, bool]:
    """What a run of one says, by name: deleted, already gone, or why not (and whether that is an error)."""
    name = clean(row.filename)
    if row.id not in job.deleted:
        problem = job.record_error or job.failed.get(row.id)
        return f"Could not delete {name}: {problem.text if isinstance(problem, ServiceError) else problem}", True
    if row.id in job.gone:
        return f"{name} was already gone (deleted elsewhere); removed it from the list.", False
    return f"Deleted {name} ({row.id}).", False
