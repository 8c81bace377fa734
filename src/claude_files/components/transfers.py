"""Upload and download, with their progress panel above the status line.

Dialogs only decide; the bytes move in workers of the "transfers" group, so the table keeps
answering keys and Esc (`cancel`) stops them. Progress goes to one `TransferProgress` panel,
this component's only child, mounted on first use. The upload ledger is asked before a file
is sent twice and told of every file sent. One file's steps live in transfer_steps.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual import work
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from ..dialogs.download_dialog import DownloadDialog, DownloadPlan
from ..dialogs.duplicate_upload import COPY_ID, duplicate_question
from ..dialogs.upload_dialog import UploadDialog, UploadRequest
from ..download_writer import DownloadSizeError
from ..ledger import Ledger, Place, find_duplicate, record_upload
from ..localfs import UploadCandidate, shown_path
from ..model.files import FileList
from ..service import FilesService, ServiceError
from ..text import clean
from ..widgets.transfer_progress import TransferLine, TransferProgress
from .asking import ask
from .base import Component, Connect
from .transfer_steps import download_one, final_path, report, upload_one

NOT_DOWNLOADABLE = "Uploaded files cannot be downloaded; only files created by code execution or skills can."
STOP_BATCH = ("no_key", "auth", "permission", "network", "timeout")
_keys = itertools.count(1)


class Transfers(Component):
    """`u` and `s`. Unlike other components it shows something: the panel."""

    DEFAULT_CSS = """
    Transfers { height: auto; }
    """

    def __init__(self, model: FileList, ledger: Ledger, connect: Connect, copy: Callable[[str, str], None]) -> None:
        """`copy(text, what)` puts an existing file's id on the clipboard (the duplicate question's `c`)."""
        super().__init__()
        self.model = model
        self.connect = connect
        self.ledger = ledger
        self.copy = copy
        self.not_uploaded: UploadRequest | None = None  # the files of the last upload that did not go

    async def _panel(self) -> TransferProgress:
        """The progress panel, mounted on first use (until then this component is hidden: empty,
        it would draw its name)."""
        panels = self.query_children(TransferProgress)
        if panels:
            return panels.first()
        panel = TransferProgress(id="transfers", fade=True)
        await self.mount(panel)
        self.display = True
        return panel

    @property
    def busy(self) -> bool:
        """An upload or download is running."""
        return bool(self._transfer_workers())

    @property
    def cut_by_quitting(self) -> bool:
        """A running transfer still has bytes to move or files queued, so quitting would stop it.
        One that has moved every byte only waits for the server's answer: quitting waits for it
        (the question came after the upload showed 100 %, and yes undid the upload, issue 24)."""
        if not self.busy:
            return False
        panels = self.query_children(TransferProgress)
        if not panels:
            return True  # not drawn yet: nothing has moved
        return any(
            line.state == "waiting" or (line.running and (line.total is None or line.done < line.total))
            for line in panels.first().query(TransferLine)
        )

    async def finished(self) -> None:
        """Wait for the running transfers to end, however they end."""
        for worker in self._transfer_workers():
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()

    def cancel(self) -> bool:
        """Esc while a transfer runs: cancel it. True when something was cancelled."""
        running = self._transfer_workers()
        for worker in running:
            worker.cancel()
        return bool(running)

    def _transfer_workers(self) -> list[Worker[Any]]:
        return [worker for worker in self.workers if worker.node is self and worker.group == "transfers" and worker.is_running]

    # --- upload -------------------------------------------------------------------------

    def choose_upload(self) -> None:
        """`u`: the dialog; after a failed upload it opens with the files that did not go picked."""
        self._upload_chosen(ask(self.app, UploadDialog(retry=self.not_uploaded)))

    @work(group="transfer-dialogs", exit_on_error=False)
    async def _upload_chosen(self, answer: Awaitable[UploadRequest | None]) -> None:
        request = await answer
        if request is not None and request.files:
            self.not_uploaded = None
            self.upload(request)

    @work(group="transfers", exit_on_error=False)
    async def upload(self, request: UploadRequest) -> None:
        """Send the files one after another, each with its own progress line."""
        panel = await self._panel()
        queue = [(candidate, f"up-{next(_keys)}") for candidate in request.files]
        lines = {key: panel.add(key, candidate.filename, candidate.size) for candidate, key in queue}
        sent: list[str] = []
        failed: list[str] = []
        kept: list[str] = []  # duplicates the person chose not to send again: decided, not failed
        left: list[UploadCandidate] = list(request.files)  # not uploaded (yet)
        try:
            service = await self.connect()
            for candidate, key in queue:
                line = lines[key]
                line.start("sending")
                name = clean(candidate.filename)
                try:
                    sha256, not_sent = await self._ask_before_duplicate(service, candidate)
                    if not_sent is not None:
                        panel.drop(key)  # no 0 % bar left behind: nothing was to be sent
                        left.remove(candidate)  # nor picked again for a retry
                        kept.append(f"{name} not sent: {not_sent}.")
                        continue
                    meta = await upload_one(service, candidate, request.expires_in_seconds, partial(panel.advance, key))
                except ServiceError as error:
                    line.finish("failed", error.message)
                    if error.kind == "quota":  # the rest would be refused too; say what fills the store
                        failed.append(f"{name} was not uploaded: {error.message} {await _where_storage_goes(service)}")
                        break
                    failed.append(f"{name} was not uploaded: {error.message}")  # its hint is about the list
                    if error.kind in STOP_BATCH:
                        break
                    continue
                except OSError as error:
                    line.finish("failed", error.strerror or str(error))
                    failed.append(f"{name} was not uploaded: {error.strerror or error}")
                    continue
                line.finish("done")
                left.remove(candidate)
                sent.append(name)
                await record_upload(self.ledger, Place.of(service.identity), meta, candidate.path, sha256)
                self.model.insert_new(meta)
        except asyncio.CancelledError:
            _finish_waiting(lines.values(), "cancelled")
            self.say("Upload cancelled; nothing unfinished was kept on the server.")
            raise
        except ServiceError as error:
            failed.append(f"Nothing was uploaded: {error.message}")
        _finish_waiting(lines.values(), "skipped")
        if left:
            self.not_uploaded = UploadRequest(left, request.expires_in_seconds)
            count = f"the {len(left)} files" if len(left) > 1 else "it"
            failed.append(f"Press u to retry: the upload dialog has {count} picked.")
        self._report("Uploaded", sent, failed, notes=kept)

    async def _ask_before_duplicate(self, service: FilesService, candidate: UploadCandidate) -> tuple[str | None, str | None]:
        """The ledger knows these bytes are on the server already: ask first (hashing only when
        it holds an upload of the same size). (the sha256 if hashed, why it is not sent: None to send it)."""
        place = Place.of(service.identity)
        sha256, duplicate = await find_duplicate(self.ledger, place, service, candidate.path, candidate.size)
        if duplicate is None:
            return sha256, None
        answer = await self.app.push_screen_wait(duplicate_question(str(candidate.path), duplicate))
        existing = duplicate.meta.id
        if answer is True:
            return sha256, None
        if answer == COPY_ID:
            self.copy(existing, "id")
            return sha256, f"already uploaded as {existing}; id copied"
        return sha256, f"already uploaded as {existing}"

    # --- download -----------------------------------------------------------------------

    def choose_download(self) -> None:
        """`s`: save the highlighted file, or every marked downloadable one into one folder."""
        marked = self.model.marked_rows()
        rows = marked or ([self.model.highlighted] if self.model.highlighted is not None else [])
        if not rows:
            self.say("No file to save.")
            return
        files = [row for row in rows if row.downloadable]
        skipped = [row for row in rows if not row.downloadable]
        if not files:
            subject = "This file" if len(rows) == 1 else f"None of the {len(rows)} marked files"
            self.say(f"{subject} cannot be saved. {NOT_DOWNLOADABLE}", error=True)
            return
        self._download_chosen(ask(self.app, DownloadDialog(files, skipped)), skipped)

    @work(group="transfer-dialogs", exit_on_error=False)
    async def _download_chosen(self, answer: Awaitable[DownloadPlan | None], skipped: list[Any]) -> None:
        plan = await answer
        if plan is not None:
            self.download(plan, skipped)

    @work(group="transfers", exit_on_error=False)
    async def download(self, plan: DownloadPlan, skipped: list[Any]) -> None:
        """Save each file where the plan says, one after another, each with its own progress line."""
        panel = await self._panel()
        queue = [(row, wanted, f"down-{next(_keys)}") for row, wanted in plan.targets]
        lines = {key: panel.add(key, row.filename, row.size_bytes) for row, _, key in queue}
        saved: list[str] = []
        failed: list[str] = []
        written: set[Path] = set()
        try:
            service = await self.connect()
            for row, wanted, key in queue:
                line = lines[key]
                name = clean(row.filename)
                dest, overwrite = final_path(wanted, plan.overwrite, written)
                line.start("saving")
                try:
                    final = await download_one(service, row, dest, overwrite, partial(panel.advance, key))
                except ServiceError as error:
                    line.finish("failed", error.message)
                    failed.append(f"{name}: {error.text}")
                    if error.kind == "not_found":
                        self.model.remove([row.id])
                    if error.kind in STOP_BATCH:
                        break
                    continue
                except DownloadSizeError as error:
                    line.finish("failed", str(error))
                    failed.append(f"{name}: {error}")
                    continue
                except OSError as error:  # the destination: the server's file is fine
                    reason = f"cannot write {shown_path(dest)}: {error.strerror or error}"
                    line.finish("failed", reason)
                    failed.append(f"{name} was not saved, {reason}")
                    continue
                written.add(final)
                line.finish("done", shown_path(final))
                saved.append(shown_path(final) if len(queue) == 1 else final.name)
        except asyncio.CancelledError:
            _finish_waiting(lines.values(), "cancelled")
            self.say("Download cancelled; no partial file was left.")
            raise
        except ServiceError as error:
            failed.append(error.text)
        _finish_waiting(lines.values(), "skipped")
        if skipped:
            names = ", ".join(clean(row.filename) for row in skipped[:5]) + (" …" if len(skipped) > 5 else "")
            failed.append(f"skipped {len(skipped)} not downloadable ({names})")
        self._report("Saved", saved, failed, where=plan.targets[0][1].parent if len(queue) > 1 else None)

    # --- reporting ----------------------------------------------------------------------

    def _report(
        self, verb: str, done: list[str], failed: list[str], where: Path | None = None, notes: list[str] | None = None
    ) -> None:
        words = report(verb, done, failed, where, notes)
        if words is not None:
            text, error = words
            self.say(text, error=error)


def _finish_waiting(lines: Iterable[TransferLine], state: str) -> None:
    for line in lines:
        if line.running:
            line.finish(state)


async def _where_storage_goes(service: FilesService) -> str:
    """Where to look when storage is full: the cap is the organization's, so with several
    workspaces this one's overview may look nearly empty; the organization view shows them all."""
    try:
        workspaces = await service.list_workspaces(every=True)
    except ServiceError:
        workspaces = None
    if workspaces is not None and len(workspaces) > 1:
        return "The cap is shared by all workspaces: press U, then O, to see what each one holds."
    return "Press U to see what fills it."
