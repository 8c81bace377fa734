"""ctrl+a on a partial load: a straight-line flow in a worker.

The question, the loading with its progress, and the marking follow one another in one
worker (`push_screen_wait`), so there is no state machine spread over callbacks. The loading
itself is the page loader's (`load_candidates`, handed in): where the server can narrow
(`scope:ID`, an exact `id=` list) only those files are fetched; otherwise every page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import work

from ..dialogs.load_progress import LoadProgress
from ..dialogs.select_all import LOAD_ALL, SelectAllQuestion
from ..model.files import FileList
from ..service import ServiceError
from .base import Component
from .loader import Progress, Stopped


class SelectAll(Component):
    """Marks every file of `model` that matches, loading the rest first when the user says so."""

    def __init__(self, model: FileList, load_candidates: Callable[[Progress], Awaitable[None]]) -> None:
        super().__init__()
        self.model = model
        self.load_candidates = load_candidates

    @property
    def running(self) -> bool:
        """ctrl+a's question, load or marking is under way."""
        return any(worker.node is self and worker.group == "select-all" and worker.is_running for worker in self.workers)

    @work(exclusive=True, group="select-all", exit_on_error=False)
    async def mark_all(self) -> None:
        """Ask whether to load what is still on the server first, then mark every match."""
        model = self.model
        narrowing = model.narrowing
        question = SelectAllQuestion(
            len(model), len(model.rows), model.filter_text, narrowed=None if narrowing is None else str(narrowing)
        )
        answer = await self.app.push_screen_wait(question)
        if answer is None:
            self.say("Nothing marked.")
            return
        if answer == LOAD_ALL:
            progress = LoadProgress("this session's files" if narrowing and narrowing.scope_id is not None else "every page")
            await self.app.push_screen(progress)
            try:
                await self.load_candidates(progress)
            except Stopped:
                self.say(f"Stopped loading ({len(model.rows):,} files loaded); nothing marked.")
                return
            except ServiceError as error:
                self.say(f"Could not load every page, so nothing is marked: {error.text}", error=True)
                return
            finally:
                progress.dismiss()
        added = model.mark_all_matching()
        complete = "" if model.answer_complete else f" (of {len(model.rows):,} loaded; more are on the server)"
        self.say(f"Marked {added:,} file{'s' if added != 1 else ''}{complete}.{pinned_left(model.pinned_in_view())}")


def pinned_left(count: int) -> str:
    """What ctrl+a says of the pinned files it did not mark ("" when none)."""
    return f" {count:,} pinned file{'s' if count != 1 else ''} left unmarked." if count else ""
