"""`d` with marks: confirm, then delete every marked file (and nothing else) with progress.

The id list is fixed when the user confirms, from the marks alone; rows leave the table as
their deletes succeed, so what is still marked afterwards is exactly what is left to do.
"""

from __future__ import annotations

from typing import Any

from textual import work

from ..jobs import BulkDelete
from ..service import ServiceError
from .bulk_delete import BulkDeleteScreen, marked_body, summary
from .confirm import Choice, ConfirmModal
from .main_host import MainScreenHost
from .rule_summary import rule_body

TYPE_COUNT_ABOVE = 100
"""Above this many files the user types the count: one stray `y` must not wipe a workspace."""


class BulkActions(MainScreenHost):
    """Mixin for MainScreen: `d` with marks (the screen's action_delete hands over here)."""

    _bulk_job: BulkDelete | None = None

    def bulk_targets(self, file_id: str) -> bool:
        """Is `file_id` in the latest bulk delete? (A 404 on it then is expected, not news.)"""
        return self._bulk_job is not None and file_id in self._bulk_job.targets

    def delete_marked(self) -> None:
        """Ask (default No), offering to spare marks the filter hides, then run the deletes."""
        model = self.model
        if model.visual_anchor is not None:
            model.end_visual()  # the range becomes marks, so failures stay marked afterwards
        if model.unloaded_marks():
            self._fetch_unloaded_marks()
            return
        rows = model.marked_rows()
        if not rows:
            self.say("The marked files no longer exist; nothing to delete.")
            return
        count, total, hidden = model.marked_summary()
        visible = [row for row in rows if model.matches(row)]
        choices = [Choice(f"Only the {len(visible):,} visible", "visible", "v")] if hidden and visible else []
        rule = model.rule
        modal = ConfirmModal(
            f"Delete {count:,} file{'s' if count != 1 else ''}?",
            rule_body(rows, rule) if rule is not None and not hidden else marked_body(rows, total, hidden, model.filter_text),
            yes_label=f"Delete {count:,}" if count > TYPE_COUNT_ABOVE else "Delete",
            type_to_confirm=str(count) if count > TYPE_COUNT_ABOVE else None,
            extra_choices=choices,
        )
        self.app.push_screen(modal, callback=lambda choice: self._bulk_confirmed(choice, rows, visible))

    @work(exclusive=True, group="marks", exit_on_error=False)
    async def _fetch_unloaded_marks(self) -> None:
        """Marked files a refresh left unloaded are fetched by id (`ids=`, 100 a request), so
        the confirmation names every file that will go; marks of files gone meanwhile drop."""
        model = self.model
        wanted = model.unloaded_mark_ids()
        self.say(f"Fetching {len(wanted):,} marked file{'s' if len(wanted) != 1 else ''} not loaded…")
        try:
            found = await self.loader.fetch_ids(wanted)
        except ServiceError as error:
            self.say(f"Could not fetch the marked files that are not loaded: {error.text}", error=True)
            return
        model.drop_marks(set(wanted) - {row.id for row in found})
        self.delete_marked()

    def _bulk_confirmed(self, choice: Any, rows: list[Any], visible: list[Any]) -> None:
        if choice == "visible":
            if len(visible) > TYPE_COUNT_ABOVE:  # the extra button skipped the typed count
                total = sum(row.size_bytes for row in visible)
                modal = ConfirmModal(
                    f"Delete {len(visible):,} visible files?",
                    marked_body(visible, total, 0, ""),
                    yes_label=f"Delete {len(visible):,}",
                    type_to_confirm=str(len(visible)),
                )
                self.app.push_screen(modal, callback=lambda ok: self._bulk_confirmed(ok, visible, visible))
                return
            rows = visible
        elif choice is not True:
            self.say("Nothing deleted.")
            return
        screen = BulkDeleteScreen(
            rows,
            concurrency=self.app.settings.delete_concurrency,
            on_deleted=self.forget_files,
            on_finished=self._bulk_reported,
        )
        self.say(f"Deleting {len(rows):,} file{'s' if len(rows) != 1 else ''}…", toast=False)
        self._bulk_job = screen.job
        self.app.push_screen(screen, callback=self._bulk_finished)

    def _bulk_reported(self, job: BulkDelete) -> None:
        """The report is up: the status line behind it says this run's numbers, not the last run's."""
        self.say(summary(job), error=bool(job.failed), toast=False)

    def _bulk_finished(self, job: BulkDelete | None) -> None:
        self.table.focus()  # the report closed: keys go back to the list (tmux: j/k/d were ignored)
        if job is None:
            return
        self.say(summary(job), error=bool(job.failed))
