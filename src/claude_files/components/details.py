"""The details pane follows the highlight, and fresh metadata follows it a moment later.

A highlight shows what the list already knows at once; when the keys settle the file is
retrieved again (its expiry, size and name may have changed on the server), in an exclusive
worker that the next highlight replaces. A file that is gone leaves the model and `Gone` tells
the screen, which knows whether that is news (deleted elsewhere) or not (deleted here).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.message import Message
from textual.timer import Timer

from ..model.files import FileList
from ..service_errors import ServiceError
from ..widgets.metadata_pane import MetadataPane
from .base import Component, Connect

METADATA_DEBOUNCE = 0.3


class DetailsFollower(Component):
    """Draws the highlighted file into the pane it is handed, then refreshes it from the server."""

    class Gone(Message):
        """The highlighted file no longer exists on the server (it has left the model)."""

        def __init__(self, follower: DetailsFollower, file_id: str) -> None:
            super().__init__()
            self.follower = follower
            self.file_id = file_id

        @property
        def control(self) -> DetailsFollower:
            return self.follower

    def __init__(self, model: FileList, pane: MetadataPane, connect: Connect) -> None:
        super().__init__()
        self.model = model
        self.connect = connect
        self.pane = pane
        self._timer: Timer | None = None

    def follow(self, row: Any | None) -> None:
        self.pane.show_file(row)
        if self._timer is not None:
            self._timer.stop()
        if row is not None:
            file_id = row.id
            self._timer = self.set_timer(METADATA_DEBOUNCE, lambda: self.retrieve(file_id))

    @work(exclusive=True, group="metadata", exit_on_error=False)
    async def retrieve(self, file_id: str) -> None:
        try:
            service = await self.connect()
            fresh = await service.retrieve(file_id)
        except ServiceError as error:
            if error.kind == "not_found":
                self.model.remove([file_id])
                self.pane.show_gone(file_id)
                self.post_message(self.Gone(self, file_id))
            return
        self.model.update(fresh)
        current = self.model.highlighted
        if current is not None and current.id == file_id:
            self.pane.show_file(fresh)
