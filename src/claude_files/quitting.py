"""ctrl+q and q: quit at once, unless a bulk delete or a transfer runs; then ask, saying what stops.

Quitting in the middle of a bulk delete used to leave at once with no report (issue 23: 440
files gone, nothing said). Now the question names what stops ("The bulk delete stops: 440 of
1,000 deleted, 8 in flight finish, 552 not started."); on yes the delete starts nothing new,
the deletes already sent finish and are counted, and its summary is printed on exit. A
transfer that has moved every byte and only waits for the server's answer is not asked about:
quitting waits for the answer (asking after 100 %, and undoing the upload on yes, was issue 24).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from .components.asking import ask
from .components.bulk import summary
from .dialogs.bulk_delete import BulkDeleteScreen
from .dialogs.confirm import ConfirmModal

if TYPE_CHECKING:
    from .app import ClaudeFilesApp
    from .components.transfers import Transfers


RETELL_EVERY = 0.5
"""How often the open question says again what quitting stops: the delete goes on behind it."""


class QuitQuestion(ConfirmModal):
    """The question, told apart so that a second q does not ask it twice. Its words follow the
    delete going on behind it (a figure of when q was pressed read "148 not started" after all
    300 had gone)."""

    def __init__(self, title: str, body: Text, bulk: BulkDeleteScreen | None, **options: Any) -> None:
        super().__init__(title, body, **options)
        self.bulk = bulk

    def on_mount(self) -> None:
        self.set_interval(RETELL_EVERY, self._retell)

    def _retell(self) -> None:
        stops = what_stops(self.app)
        job = self.bulk.job if self.bulk is not None else None
        if job is not None and job.finished:
            failed = f", {len(job.failed):,} failed" if job.failed else ""
            stops.insert(0, f"The bulk delete has finished: {len(job.deleted):,} of {len(job.ids):,} deleted{failed}.")
        self.query_one("#confirm-body", Static).update(Text("\n".join(stops or ["Nothing runs now that quitting would stop."])))


def running_bulk_delete(app: ClaudeFilesApp) -> BulkDeleteScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, BulkDeleteScreen) and not s.job.finished), None)


def busy_transfers(app: ClaudeFilesApp) -> list[Transfers]:
    """The Transfers components (of every connection's screen) with an upload or download running."""
    from .screens.main import MainScreen

    return [screen.transfers for screen in app.main_screens() if isinstance(screen, MainScreen) and screen.transfers.busy]


def what_stops(app: ClaudeFilesApp) -> list[str]:
    """One sentence for each job quitting would stop; none when quitting stops nothing."""
    said = []
    bulk = running_bulk_delete(app)
    if bulk is not None:
        job = bulk.job
        failed = f"{len(job.failed):,} failed, " if job.failed else ""  # the counts add up to the whole
        said.append(
            f"The bulk delete stops: {len(job.deleted):,} of {len(job.ids):,} deleted, {failed}"
            f"{job.in_flight:,} in flight finish, {len(job.pending):,} not started."
        )
    if any(transfers.cut_by_quitting for transfers in busy_transfers(app)):
        said.append("The upload or download running stops; nothing half-done is kept.")
    return said


def quit_or_ask(app: ClaudeFilesApp) -> None:
    """Quit now, or ask first (default No) while something runs that quitting stops."""
    stops = what_stops(app)
    if not stops:
        finishing = busy_transfers(app)
        if finishing:  # every byte moved: the server's answer is all that is left to wait for
            app.notify("Quitting once the server has answered…", timeout=30)
            app.run_worker(_exit_when_finished(finishing), group="quit", exclusive=True, exit_on_error=False)
        else:
            app.exit()
        return
    if any(isinstance(screen, QuitQuestion) for screen in app.screen_stack):
        return  # asked already (q pressed twice)
    question = QuitQuestion("Quit?", Text("\n".join(stops)), running_bulk_delete(app), yes_label="Quit")
    app.run_worker(_quit_if_confirmed(app, ask(app, question)), group="quit", exclusive=True, exit_on_error=False)


async def _exit_when_finished(finishing: list[Transfers]) -> None:
    for transfers in finishing:
        await transfers.finished()
    finishing[0].app.exit()


async def _quit_if_confirmed(app: ClaudeFilesApp, answer: Any) -> None:
    if await answer is not True:
        return
    for transfers in busy_transfers(app):
        if transfers.cut_by_quitting:
            transfers.cancel()  # one that only waits for the server's answer is let finish
    message = None
    bulk = running_bulk_delete(app)
    if bulk is not None:
        bulk.action_stop_or_close()  # nothing new starts; the deletes already sent finish
        from .screens.main import MainScreen

        for screen in app.main_screens():  # the summary says what the run got done
            if isinstance(screen, MainScreen):
                await screen.bulk.run_ended()
        message = Text(summary(bulk.job))
    for transfers in busy_transfers(app):
        await transfers.finished()  # a cancelled one removes what it left first
    app.exit(message=message)
