"""`d` with marks: confirm, then delete every marked file (and nothing else) with progress.

One straight-line flow in a worker: end a visual range, fetch marked files a refresh left
unloaded, ask, run the deletes in `BulkDeleteScreen` (the engine is `jobs.BulkDelete`), say
the outcome. The id list is fixed when the user confirms, from the marks alone; rows leave
the model as their deletes succeed, so what is still marked afterwards is exactly what is
left to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message

from ..archive import Archiver, default_dir
from ..deletions import DeletionRecord, RecordError
from ..jobs import BulkDelete
from ..model.files import FileList
from ..pins import keep_pinned, kept_words
from ..screens.bulk_delete import BulkDeleteScreen, marked_body, summary
from ..screens.confirm import Choice, ConfirmModal
from ..screens.rule_summary import rule_body
from ..service import ServiceError
from ..session import place_words
from .base import Component

TYPE_COUNT_ABOVE = 100
"""Above this many files the user types the count: one stray `y` must not wipe a workspace."""

VISIBLE = "visible"
"""The confirmation's extra choice: delete only the marked files the filter shows."""


class BulkDeleter(Component):
    """Deletes the marked files of `model`; `fetch_ids` loads files by id (the page loader's)."""

    class Finished(Message):
        """The report closed: keys should go back to the file list."""

        def __init__(self, deleter: BulkDeleter, job: BulkDelete) -> None:
            super().__init__()
            self.deleter = deleter
            self.job = job

        @property
        def control(self) -> BulkDeleter:
            return self.deleter

    def __init__(self, model: FileList, fetch_ids: Callable[[list[str]], Awaitable[list[Any]]]) -> None:
        super().__init__()
        self.model = model
        self.fetch_ids = fetch_ids
        self._job: BulkDelete | None = None

    def bulk_targets(self, file_id: str) -> bool:
        """Is `file_id` in the latest bulk delete? (A 404 on it then is expected, not news.)"""
        return self._job is not None and file_id in self._job.targets

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
        record = DeletionRecord()
        try:
            record.check()  # a delete that cannot be recorded is not made: say so before asking
        except RecordError as error:
            self.say(f"Not deleting: {error}", error=True)
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
        screen = BulkDeleteScreen(
            rows,
            concurrency=self.app.settings.delete_concurrency,
            on_deleted=model.remove,
            on_finished=self._reported,
            archiver=self._archiver(rows, archive_dir),
            record=record.run(rows, f"rule: {rule}" if rule is not None and len(rows) == marked else "marked"),
            note=f"{kept_words(kept)}: pinned, never deleted." if kept else "",
        )
        self.say(f"Deleting {len(rows):,} file{'s' if len(rows) != 1 else ''}…", toast=False)
        self._job = screen.job
        job = await self.app.push_screen_wait(screen)
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
        count, total, hidden = len(rows), sum(row.size_bytes for row in rows), len(rows) - len(visible)
        choices = [Choice(f"Only the {len(visible):,} visible", VISIBLE, "v")] if hidden and visible else []
        rule = model.rule
        if rule is not None and not hidden:
            body = rule_body(rows, rule, loaded=None if model.answer_complete else len(model.rows))
        else:
            body = marked_body(rows, total, hidden, model.filter_text)
        place_line = (f"In {place_words(self.app.session_of(self.screen))}:\n", "bold")  # where the delete acts, always said
        body = Text.assemble(place_line, body)
        if kept:
            body.append(f"\n\n{kept_words(kept)}: pinned, never deleted (P unpins).", style="bold yellow")
        modal = ConfirmModal(
            f"Delete {count:,} file{'s' if count != 1 else ''}?" + (f" {kept:,} pinned kept" if kept else ""),
            body,
            yes_label=f"Delete {count:,}" if count > TYPE_COUNT_ABOVE else "Delete",
            type_to_confirm=str(count) if count > TYPE_COUNT_ABOVE else None,
            extra_choices=choices,
            archive_folder=str(default_dir(self.app.settings)),
        )
        choice = await self.app.push_screen_wait(modal)
        archive_dir = modal.archive_dir
        if choice == VISIBLE:
            if len(visible) > TYPE_COUNT_ABOVE:  # the extra button skipped the typed count: ask for it now
                choice = await self.app.push_screen_wait(
                    ConfirmModal(
                        f"Delete {len(visible):,} visible files?",
                        Text.assemble(place_line, marked_body(visible, sum(row.size_bytes for row in visible), 0, "")),
                        yes_label=f"Delete {len(visible):,}",
                        type_to_confirm=str(len(visible)),
                    )
                )
                return (visible, archive_dir) if choice is True else ([], None)
            return visible, archive_dir
        return (rows, archive_dir) if choice is True else ([], None)

    def _reported(self, job: BulkDelete) -> None:
        """The report is up: the status line behind it says this run's numbers, not the last run's."""
        self.say(summary(job), error=bool(job.failed or job.record_error), toast=False)
