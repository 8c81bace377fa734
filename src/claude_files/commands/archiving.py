"""`rm --archive DIR`: the options, the step given to the delete engine, and the report's part.

Kept apart from rm.py so rm stays one option and one call: the archiver rides on the job as
its `before_delete`, and the report reads it back from there.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive import Archiver
from . import common

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..jobs import BulkDelete
    from ..service import FilesService

FIELDS = ("way_back", "copy")
COLUMNS = (("WAY BACK", "way_back"),)


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive",
        metavar="DIR",
        help="download each downloadable file into DIR/<id>/ (checked against its size) before deleting it;"
        " a file that cannot be archived is not deleted. `claude-files restore ID` brings one back",
    )
    parser.add_argument(
        "--keep-unrecoverable",
        action="store_true",
        help="with --archive: do not delete uploads that would have no way back"
        " (no local copy this machine uploaded, byte for byte)",
    )


def check(build: argparse.ArgumentParser, options: argparse.Namespace) -> None:
    if options.keep_unrecoverable and not options.archive:
        build.error("--keep-unrecoverable goes with --archive DIR")


def archiver(options: argparse.Namespace, service: FilesService, rows: list[Any]) -> Archiver | None:
    """The `before_delete` step for this run, or None without --archive."""
    if not options.archive:
        return None
    step = Archiver({row.id: row for row in rows}, Path(options.archive).expanduser(), options.keep_unrecoverable)
    step.attach(service)
    return step


def _of(job: BulkDelete) -> Archiver | None:
    step = job.before_delete
    return step if isinstance(step, Archiver) else None


def confirm_line(options: argparse.Namespace) -> list[str]:
    return [f"  (downloadable files are archived into {options.archive} first)"] if options.archive else []


def progress(job: BulkDelete) -> str:
    step = _of(job)
    return f" · {step.archived:,} archived" if step is not None else ""


def fields(job: BulkDelete) -> tuple[str, ...]:
    return FIELDS if _of(job) is not None else ()


def columns(job: BulkDelete) -> tuple[tuple[str, str], ...]:
    return COLUMNS if _of(job) is not None else ()


def vetoed(context: common.Context, job: BulkDelete, status: dict[str, tuple[str, str | None]]) -> None:
    """Files the step kept: their status and reason; a failed archive is an error, a kept upload a note."""
    for file_id, veto in job.vetoed.items():
        status[file_id] = (veto.status, veto.reason)
        if veto.status == "kept":
            context.terminal.note(f"claude-files rm: {file_id}: {veto.reason}")
        else:
            context.fail(f"{file_id}: not deleted: {veto.reason}")


def record(job: BulkDelete, file_id: str) -> dict[str, str | None]:
    """The way back of one file: "archived", "local_copy" or "none", and where the copy is."""
    step = _of(job)
    if step is None:
        return {}
    way = step.way_back.get(file_id)
    if way is None:
        return {"way_back": None, "copy": None}
    return {"way_back": way.kind, "copy": way.where or way.reason}


def summary(job: BulkDelete) -> str:
    step = _of(job)
    if step is None:
        return ""
    line = f"; {step.archived:,} archived into {step.root}"
    not_archived = sum(1 for veto in job.vetoed.values() if veto.status == "not_archived")
    if not_archived:
        line += f"; {not_archived:,} not deleted because archiving failed"
    kept = sum(1 for veto in job.vetoed.values() if veto.status == "kept")
    if kept:
        line += f"; {kept:,} kept (no way back)"
    deleted = set(job.deleted)
    local = sum(1 for file_id, way in step.way_back.items() if way.kind == "local_copy" and file_id in deleted)
    if local:
        line += f"; {local:,} deleted upload{'s' if local != 1 else ''} can come back from the local copy"
    none = sum(1 for file_id, way in step.way_back.items() if way.kind == "none" and file_id in deleted)
    if none:
        line += f"; {none:,} deleted with no way back"
    return line


def failed(job: BulkDelete) -> bool:
    """Did archiving fail for any file? (Exit status 1.)"""
    return any(veto.status == "not_archived" for veto in job.vetoed.values())
