"""Live refresh: while someone looks, the newest page every few seconds, merged into the model.

The timing is model/live.py's (`LivePolicy`: one check at a time, none while the caller is busy
or the terminal idle, backoff after a failure); this component runs its clock and the request,
in a worker, and changes only the model (`merge_newest`), whose views redraw themselves. It posts
what the screen shows or decides: the header's words (`StateChanged`) and files gone (`Gone`),
which the screen words unless they were deleted here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import work
from textual.message import Message

from ..model.files import FileList
from ..model.live import LivePolicy, failure_words
from ..service import FIRST_PAGE_SIZE, ServiceError
from .base import Component, Connect

KNOWN = 1000
"""How many of the newest loaded files a check can find gone (a mass delete elsewhere leaves
over a few checks)."""


class LiveRefresher(Component):
    """Asks for the newest page when the policy says so; `busy()` pauses it (a bulk delete, pages loading)."""

    class StateChanged(Message):
        """The header's piece changed ("live · 3s ago"; "" while live refresh was never on)."""

        def __init__(self, refresher: LiveRefresher, words: str) -> None:
            super().__init__()
            self.refresher = refresher
            self.words = words

        @property
        def control(self) -> LiveRefresher:
            return self.refresher

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, LiveRefresher.StateChanged)

    class Gone(Message):
        """Files the newest page no longer lists left the model (`unmarked` of them were marked)."""

        def __init__(self, refresher: LiveRefresher, ids: list[str], unmarked: int) -> None:
            super().__init__()
            self.refresher = refresher
            self.ids = ids
            self.unmarked = unmarked

        @property
        def control(self) -> LiveRefresher:
            return self.refresher

    def __init__(
        self, model: FileList, connect: Connect, busy: Callable[[], bool], clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.model = model
        self.connect = connect
        self.busy = busy
        self.clock = clock
        self.policy = LivePolicy(0, clock)  # the interval comes with the app, at mount
        self._words = ""
        self._ever_on = False

    def on_mount(self) -> None:
        self.policy = LivePolicy(self.app.live_seconds, self.clock)
        if self.policy.on:
            self._start()

    def _start(self) -> None:
        """The clock of checks (and of the header's age), from the first time live refresh is on."""
        self._ever_on = True
        self.set_interval(min(1.0, max(0.05, self.policy.interval / 4)), self._tick)
        self._show()

    def toggle(self) -> bool:
        """The key: on or off; returns whether it is on now."""
        on = self.policy.toggle()
        if not self._ever_on:
            self._start()
        self._show()
        return on

    def retry_now(self) -> None:
        """`r`: a check backing off after a failure is due at once (sent when r's listing is done)."""
        self.policy.retry_now()
        self._show()

    @property
    def _paused(self) -> bool:
        return self.busy() or not self.model.loaded_once

    def _tick(self) -> None:
        if self.screen not in self.app.screen_stack:  # another connection's screen is shown: not ours to poll
            return
        self.policy.touched(self.app.last_input)
        if self.policy.due(busy=self._paused):
            self.policy.began()
            self._check()
        self._show()

    def _show(self) -> None:
        words = self.policy.words(busy=self._paused) if self._ever_on else ""
        if words != self._words:
            self._words = words
            self.post_message(self.StateChanged(self, words))

    @work(group="live", exit_on_error=False)
    async def _check(self) -> None:
        """One list request: the newest page, merged unless a bulk delete or a load began meanwhile."""
        policy = self.policy
        known = self.model.newest_ids(KNOWN)
        failing = policy.failures > 0
        try:
            service = await self.connect()
            page = await service.list_page(None, FIRST_PAGE_SIZE, once=True)
        except ServiceError as error:
            why = failure_words(error.kind, error.message)
            wait = policy.failed(why)
            self.say(f"Live refresh: {why} Next check in {wait:.0f} s.", error=True, toast=False)
            self._show()
            return
        except BaseException:  # cancelled with its screen, or a bug (said by the base class)
            policy.abandoned()
            raise
        if not self._paused:
            merged = self.model.merge_newest(page.files, page.next_page, known)
            if merged.gone:
                self.post_message(self.Gone(self, merged.gone, merged.unmarked))
        policy.answered()
        if failing:
            self.say("Live refresh: the server answers again.", toast=False)
        self._show()
