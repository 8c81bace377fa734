"""The upload ledger in the TUI: ask before sending a file twice, remember what was sent.

Runs inside the upload worker, so the question is a straight line (`push_screen_wait`) and
hashing (only when the ledger holds an upload of the same size) happens off the event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ledger import Place, find_duplicate, record_upload
from ..service import FilesService
from .duplicate_upload import COPY_ID, duplicate_question
from .main_host import MainScreenHost

if TYPE_CHECKING:  # pragma: no cover - the attributes MainScreen provides
    from ..ledger import Ledger
    from ..localfs import UploadCandidate


class LedgerActions(MainScreenHost):
    """Mixin for MainScreen (with PreviewActions, which opens `self.ledger`)."""

    if TYPE_CHECKING:
        ledger: Ledger

        def _copy(self, text: str, what: str) -> None: ...

    async def ask_before_duplicate(self, service: FilesService, candidate: UploadCandidate) -> tuple[str | None, str | None]:
        """(the sha256 if the file was hashed, why it is not sent: None to send it)."""
        place = Place.of(service.identity)
        sha256, duplicate = await find_duplicate(self.ledger, place, service, candidate.path, candidate.size)
        if duplicate is None:
            return sha256, None
        answer = await self.app.push_screen_wait(duplicate_question(str(candidate.path), duplicate))
        existing = duplicate.meta.id
        if answer is True:
            return sha256, None
        if answer == COPY_ID:
            self._copy(existing, "id")
            return sha256, f"already uploaded as {existing}; id copied"
        return sha256, f"already uploaded as {existing}"

    async def remember_upload(self, service: FilesService, meta: Any, candidate: UploadCandidate, sha256: str | None) -> None:
        await record_upload(self.ledger, Place.of(service.identity), meta, candidate.path, sha256)
