"""Upload, download and delete from the main screen (the dialogs live beside this file).

Dialogs only decide; the bytes move here, in workers of the "transfers" group, so the
table keeps answering keys and Esc (via `cancel_transfers`) stops them. Progress goes to
one `TransferProgress` panel above the status line. Nothing half-done survives: an
upload cancelled after its last byte left is deleted again, and downloads are written
through `AtomicDownload`, which only ever renames a complete, size-checked file into place.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.css.query import NoMatches

from .. import formatting
from ..localfs import AtomicDownload, DownloadSizeError, UploadCandidate, keep_both_name, shown_path
from ..service import FilesService, ServiceError
from ..text import clean
from ..widgets.status_bar import StatusBar
from ..widgets.transfer_progress import TransferLine, TransferProgress
from .confirm import ConfirmModal
from .download_dialog import DownloadDialog, DownloadPlan
from .main_host import MainScreenHost
from .upload_dialog import UploadDialog, UploadRequest

NOT_DOWNLOADABLE = "Uploaded files cannot be downloaded; only files created by code execution or skills can."
CLEANUP_TIMEOUT = 30.0
STOP_BATCH = ("no_key", "auth", "permission", "network", "timeout")
_keys = itertools.count(1)


class TransferActions(MainScreenHost):
    """Mixin for MainScreen: `u`, `s`, `d`."""

    # --- shared -------------------------------------------------------------------------

    async def _panel(self) -> TransferProgress:
        """The progress panel, mounted above the status line on first use."""
        try:
            return self.query_one(TransferProgress)
        except NoMatches:
            panel = TransferProgress(id="transfers", fade=True)
            await self.mount(panel, before=self.query_one(StatusBar))
            return panel

    def action_quit(self) -> None:
        """`q`: quit at once, unless an upload or download is running: then ask (default No)."""
        if not any(worker.group == "transfers" and worker.is_running for worker in self.workers):
            self.app.exit()
            return

        def answered(yes: Any) -> None:
            if yes is True:
                self.cancel_transfers()
                self.app.exit()

        body = Text("An upload or download is still running. Quitting stops it; nothing half-done is kept.")
        self.app.push_screen(ConfirmModal("Quit during a transfer?", body, yes_label="Quit"), answered)

    def cancel_transfers(self) -> bool:
        """Esc while a transfer runs: cancel it. True when something was cancelled."""
        running = [worker for worker in self.workers if worker.group == "transfers" and worker.is_running]
        for worker in running:
            worker.cancel()
        return bool(running)

    # --- upload -------------------------------------------------------------------------

    _not_uploaded: UploadRequest | None = None  # the files of the last upload that did not go

    def action_upload(self) -> None:
        """`u`: the dialog; after a failed upload it opens with the files that did not go picked."""

        def chosen(request: UploadRequest | None) -> None:
            if request is not None and request.files:
                self._not_uploaded = None
                self._upload_files(request)

        self.app.push_screen(UploadDialog(retry=self._not_uploaded), chosen)

    @work(group="transfers", exit_on_error=False)
    async def _upload_files(self, request: UploadRequest) -> None:
        """Send the files one after another, each with its own progress line."""
        panel = await self._panel()
        queue = [(candidate, f"up-{next(_keys)}") for candidate in request.files]
        lines = {key: panel.add(key, candidate.filename, candidate.size) for candidate, key in queue}
        sent: list[str] = []
        failed: list[str] = []
        left: list[UploadCandidate] = list(request.files)  # not uploaded (yet)
        try:
            service = await self.app.get_service()
            for candidate, key in queue:
                line = lines[key]
                line.start("sending")
                name = clean(candidate.filename)
                try:
                    sha256, not_sent = await self.ask_before_duplicate(service, candidate)  # type: ignore[attr-defined]
                    if not_sent is not None:
                        line.finish("skipped", not_sent)
                        failed.append(f"{name}: {not_sent}")
                        continue
                    meta = await self._upload_one(service, candidate, panel, key, request.expires_in_seconds)
                except ServiceError as error:
                    line.finish("failed", error.message)
                    if error.kind == "quota":  # the rest would be refused too; say what fills the store
                        failed.append(f"{name} was not uploaded: {error.message} Press U to see what fills it.")
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
                await self.remember_upload(service, meta, candidate, sha256)  # type: ignore[attr-defined]
                self.model.insert_new(meta)
        except asyncio.CancelledError:
            self._finish_waiting(lines.values(), "cancelled")
            self.say("Upload cancelled; nothing unfinished was kept on the server.")
            raise
        except ServiceError as error:
            failed.append(f"Nothing was uploaded: {error.message}")
        self._finish_waiting(lines.values(), "skipped")
        if left:
            self._not_uploaded = UploadRequest(left, request.expires_in_seconds)
            count = f"the {len(left)} files" if len(left) > 1 else "it"
            failed.append(f"Press u to retry: the upload dialog has {count} picked.")
        self._report("Uploaded", sent, failed)

    async def _upload_one(
        self, service: FilesService, candidate: UploadCandidate, panel: TransferProgress, key: str, expires: int | None
    ) -> Any:
        """Stream one open file; if cancelled after the last byte left, delete what the server kept."""
        with open(candidate.path, "rb") as source:
            sending = asyncio.ensure_future(
                service.upload(
                    source,
                    candidate.filename,
                    candidate.mime_type,
                    expires_in_seconds=expires,
                    progress=lambda done: panel.advance(key, done),
                )
            )
            try:
                return await asyncio.shield(sending)
            except asyncio.CancelledError:
                line = panel.line(key)
                if line is not None and line.done >= candidate.size:
                    await self._undo_finished_upload(service, sending)
                else:
                    sending.cancel()
                    with contextlib.suppress(BaseException):
                        await sending
                raise

    @staticmethod
    async def _undo_finished_upload(service: FilesService, sending: asyncio.Future[Any]) -> None:
        """Every byte was sent, so the server may store the file: wait for it and delete it."""
        with contextlib.suppress(Exception):
            meta = await asyncio.wait_for(sending, CLEANUP_TIMEOUT)
            await service.delete(meta.id)

    # --- download -----------------------------------------------------------------------

    def action_download(self) -> None:
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

        def chosen(plan: DownloadPlan | None) -> None:
            if plan is not None:
                self._download_files(plan, skipped)

        self.app.push_screen(DownloadDialog(files, skipped), chosen)

    @work(group="transfers", exit_on_error=False)
    async def _download_files(self, plan: DownloadPlan, skipped: list[Any]) -> None:
        panel = await self._panel()
        queue = [(row, wanted, f"down-{next(_keys)}") for row, wanted in plan.targets]
        lines = {key: panel.add(key, row.filename, row.size_bytes) for row, _, key in queue}
        saved: list[str] = []
        failed: list[str] = []
        written: set[Path] = set()
        try:
            service = await self.app.get_service()
            for row, wanted, key in queue:
                line = lines[key]
                name = clean(row.filename)
                dest, overwrite = self._final_path(wanted, plan.overwrite, written)
                line.start("saving")
                try:
                    final = await self._download_one(service, row, dest, overwrite, panel, key)
                except ServiceError as error:
                    line.finish("failed", error.message)
                    failed.append(f"{name}: {error.text}")
                    if error.kind == "not_found":
                        self.forget_files([row.id])
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
            self._finish_waiting(lines.values(), "cancelled")
            self.say("Download cancelled; no partial file was left.")
            raise
        except ServiceError as error:
            failed.append(error.text)
        self._finish_waiting(lines.values(), "skipped")
        if skipped:
            names = ", ".join(clean(row.filename) for row in skipped[:5]) + (" …" if len(skipped) > 5 else "")
            failed.append(f"skipped {len(skipped)} not downloadable ({names})")
        self._report("Saved", saved, failed, where=plan.targets[0][1].parent if len(queue) > 1 else None)

    @staticmethod
    def _final_path(wanted: Path, overwrite: bool, written: set[Path]) -> tuple[Path, bool]:
        """Keep both unless told to overwrite, and never overwrite what this batch just wrote."""
        if not os.path.lexists(wanted):
            return wanted, False
        if overwrite and wanted not in written and not wanted.is_dir():
            return wanted, True
        return keep_both_name(wanted), False

    async def _download_one(
        self, service: FilesService, row: Any, dest: Path, overwrite: bool, panel: TransferProgress, key: str
    ) -> Path:
        """Stream into a temp file beside `dest`; fsync, size check and rename off the event loop."""
        download = AtomicDownload(dest, overwrite=overwrite)
        with download as sink:
            await service.download(row.id, sink, progress=lambda done: panel.advance(key, done))
            committing = asyncio.ensure_future(asyncio.to_thread(download.commit, row.size_bytes))
            try:
                return await asyncio.shield(committing)
            except asyncio.CancelledError:
                await committing  # the complete file is landing; let the rename finish cleanly
                raise

    # --- delete -------------------------------------------------------------------------

    def action_delete(self) -> None:
        """`d`: confirm (default No), then delete; with marks the bulk helper takes over."""
        if self.model.effective_marks():
            self.delete_marked()
            return
        row = self.model.highlighted
        if row is None:
            self.say("No file to delete.")
            return

        def answered(yes: Any) -> None:
            if yes is True:
                self._delete_one(row)

        self.app.push_screen(ConfirmModal("Delete this file?", delete_body(row), yes_label="Delete"), answered)

    @work(group="delete", exit_on_error=False)
    async def _delete_one(self, row: Any) -> None:
        name = clean(row.filename)
        self.deleted_here.add(row.id)  # before the call: a metadata refresh may race it
        try:
            service = await self.app.get_service()
            existed = await service.delete(row.id)
        except ServiceError as error:
            self.deleted_here.discard(row.id)
            self.say(f"Could not delete {name}: {error.text}", error=True)
            return
        self.forget_files([row.id])
        if existed:
            self.say(f"Deleted {name} ({row.id}).")
        else:
            self.say(f"{name} was already gone (deleted elsewhere); removed it from the list.")

    # --- reporting ----------------------------------------------------------------------

    @staticmethod
    def _finish_waiting(lines: Iterable[TransferLine], state: str) -> None:
        for line in lines:
            if line.running:
                line.finish(state)

    def _report(self, verb: str, done: list[str], failed: list[str], where: Path | None = None) -> None:
        parts = []
        if len(done) == 1 and where is None:
            parts.append(f"{verb} {done[0]}.")
        elif done:
            parts.append(f"{verb} {len(done)} files" + (f" to {shown_path(where)}." if where else "."))
        parts += failed
        if parts:
            self.say(" ".join(parts) if not failed else " · ".join(parts), error=bool(failed) and not done)


def delete_body(row: Any) -> Text:
    """Name, id, size and creation time of the file about to go: plain data, never markup."""
    body = Text("This cannot be undone.\n\n")
    for label, value in (
        ("name", clean(row.filename)),
        ("id", clean(row.id)),
        ("size", f"{formatting.size(row.size_bytes)} ({formatting.exact_size(row.size_bytes)})"),
        ("created", f"{formatting.absolute(row.created_at)} ({formatting.ago(row.created_at)})"),
    ):
        body.append(f"  {label:<8} ", style="bold")
        body.append(f"{value}\n")
    body.rstrip()
    return body
