"""ctrl+a on a partial load: a straight-line flow in a worker.

The question, the loading with its progress, and the marking follow one another in one
worker (`push_screen_wait`), so there is no state machine spread over callbacks. The loading
itself is the page loader's (`load_candidates`): where the server can narrow (`scope:ID`, an
exact `id=` list) only those files are fetched; otherwise every page.
"""

from __future__ import annotations

from textual import work

from ..components.loader import Stopped
from ..service import ServiceError
from ..widgets.file_table import FileTable
from .load_progress import LoadProgress
from .main_host import MainScreenHost
from .select_all import LOAD_ALL, SelectAllQuestion


class SelectAllActions(MainScreenHost):
    """Mixin for MainScreen: ctrl+a asked while the answer is not complete."""

    def on_file_table_mark_all_asked(self, event: FileTable.MarkAllAsked) -> None:  # `@on` is not seen in a plain mixin
        self._select_all_flow()

    @work(exclusive=True, group="select-all", exit_on_error=False)
    async def _select_all_flow(self) -> None:
        model = self.model
        narrowing = model.narrowing
        question = SelectAllQuestion(len(model), len(model.rows), model.filter_text, narrowed=narrowing)
        answer = await self.app.push_screen_wait(question)
        if answer is None:
            self.say("Nothing marked.")
            return
        if answer == LOAD_ALL:
            progress = LoadProgress("this session's files" if narrowing and narrowing.startswith("scope:") else "every page")
            await self.app.push_screen(progress)
            try:
                await self.loader.load_candidates(progress)
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
        self.say(f"Marked {added:,} file{'s' if added != 1 else ''}{complete}.")
