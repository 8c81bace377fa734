"""`claude-files rm ID… | rm - | rm --where QUERY`: delete on the TUI's bulk-delete engine.

Asks on a terminal, in the TUI's words (model/confirmation.py: where, then the one file in
full, the files named, or a rule's figures; above 100 files the count must be typed), refuses
without one unless --yes. The first Ctrl-C starts nothing new and lets the deletes in
flight finish; a second abandons them (they are reported as unknown). Either way every
file ends in the report as deleted, failed, not found, not started or interrupted.
Every delete is written to the delete record first (`claude-files log`); when the record
cannot be written nothing is deleted and the exit status is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from ..deletions import DeletionRecord, RecordError, RunRecord
from ..jobs import BulkDelete
from ..model.confirmation import delete_question, files, plain, typed_count
from ..pins import PinStore, keep_pinned, kept_words
from ..service_types import IDS_PER_REQUEST
from ..session import Session, place_words
from . import archiving, common, guards
from .listing import Listed, matching_pages, parse_query, pinned_ids, read_ids
from .output import Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query
    from ..service import FilesService

PROGRESS_INTERVAL = 0.1
RESULT_FIELDS = ("id", "filename", "status", "error")
RESULT_COLUMNS = (("STATUS", "status"), ("ID", "id"), ("NAME", "filename"), ("REASON", "error"))
PINNED_WHY = "pinned on this machine: unpin it to delete it"
LS_COLUMNS = (("ID", "id"), ("SIZE", "size_bytes"), ("CREATED", "created_at"), ("NAME", "filename"))


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "rm",
        "Delete files: by id, by ids on stdin (`-`, one a line as `ls --format ids` prints them), or by query."
        " On a terminal it asks first; without one it refuses unless --yes."
        " Pinned files (`claude-files pin`) are kept, whatever selects them.",
        [
            ("claude-files rm --where 'age>90d is:uploaded' --dry-run", "what would go: count, bytes, then the list"),
            ("claude-files ls 'name:tmp-*' --format ids | claude-files rm - --yes", "delete what a listing printed"),
            ("claude-files rm file_011CNha8iCJcU1wXNR6q4V8w", "one file, after a y on the terminal"),
            ("claude-files rm --where 'age>30d' --yes --max-delete 500", "for cron: nothing goes if more than 500 would"),
        ],
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="file ids, or - to read ids from stdin")
    parser.add_argument("--where", metavar="QUERY", help="delete every file the query selects")
    parser.add_argument("-n", "--dry-run", action="store_true", help="print what would be deleted; delete nothing")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask (needed without a terminal)")
    parser.add_argument("--concurrency", type=int, default=8, metavar="N", help="deletes in flight at once (default 8)")
    guards.add_arguments(parser)
    archiving.add_options(parser)
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    if bool(options.ids) == (options.where is not None):
        build.error("give file ids, - (ids on stdin) or --where QUERY, one of them")
    if not 1 <= options.concurrency <= 64:
        build.error("--concurrency must be between 1 and 64")
    archiving.check(build, options)
    query = None
    if options.where is not None:
        query = parse_query("rm", options.where)
        if query is None or guards.refuse_blank(query):
            return common.EXIT_USAGE
    most = guards.limit(options.max_delete)
    if most is None:
        return common.EXIT_USAGE
    ids = read_ids(build, options.ids)
    if not options.dry_run and not options.yes and not sys.stdin.isatty():
        sys.stderr.write("claude-files rm: refusing to delete without a terminal to confirm on; add --yes (or --dry-run)\n")
        return common.EXIT_USAGE
    fmt = common.output_format(options)
    record = DeletionRecord()
    if not options.dry_run:
        try:
            record.check()  # a delete that cannot be recorded is not made: say so before asking
        except RecordError as error:
            sys.stderr.write(f"claude-files rm: {error}\n")
            return common.EXIT_FAILED
    selected_by = (
        f"rule: {options.where}" if options.where else "ids from stdin" if options.ids == ["-"] else "ids on the command line"
    )

    async def command(context: common.Context, service: FilesService) -> int:
        missing: list[str] = []
        listed = Listed()
        if query is not None:
            rows = [row async for page in matching_pages(service, query, listed=listed) for row in page]
        else:
            rows, missing = await _rows_by_id(service, ids)
        for file_id in missing:
            context.fail(f"{file_id}: no such file")
        selected = len(rows)
        rows, kept = keep_pinned(rows, pinned_ids(service) | PinStore().kept_ids())
        if kept:
            context.terminal.note(f"{kept_words(len(kept))}: a pin is never deleted (`claude-files unpin ID` first).")
        total = sum(row.size_bytes for row in rows)
        missed = common.EXIT_FAILED if missing else common.EXIT_OK
        if not rows:
            context.terminal.note("Nothing to delete.")
            if not options.dry_run and fmt != "ids":  # each id asked for still gets its record
                writer = Writer(fmt, fields=RESULT_FIELDS, columns=RESULT_COLUMNS)
                writer.write(_unmade(missing, kept))
                writer.close()
            return missed
        refused = guards.refusals(len(rows), listed.count, query, options.all, most, selected=selected)
        if options.dry_run:
            context.terminal.note(f"Would delete {files(len(rows))} ({_size(total)}):")
            writer = Writer(fmt, columns=LS_COLUMNS)
            writer.write(map(file_record, rows))
            writer.close()
            for reason in refused:
                context.fail(f"without --dry-run this is refused: {reason}")
            return missed
        if refused:
            for reason in refused:
                context.fail(reason)
            context.terminal.error("Nothing deleted.")
            return common.EXIT_USAGE
        if not options.yes and not await _confirmed(context, service, rows, query):
            context.terminal.note("Nothing deleted.")
            return common.EXIT_DECLINED
        job = await _delete(context, service, rows, record.run(rows, selected_by))
        _report(context, job, rows, missing, fmt, kept)
        failed = job.failed or missing or job.interrupted or archiving.failed(job) or job.record_error
        if job.unreachable is not None:
            return common.EXIT_CONNECTION
        return common.EXIT_FAILED if failed else common.EXIT_OK

    return common.run("rm", options, command)


async def _rows_by_id(service: FilesService, ids: list[str]) -> tuple[list[Any], list[str]]:
    """The metadata of `ids` (100 a request), in the order given, and the ids that do not exist."""
    found: dict[str, Any] = {}
    for start in range(0, len(ids), IDS_PER_REQUEST):
        for row in await service.list_ids(ids[start : start + IDS_PER_REQUEST]):
            found[row.id] = row
    return [found[file_id] for file_id in ids if file_id in found], [file_id for file_id in ids if file_id not in found]


async def _confirmed(context: common.Context, service: FilesService, rows: list[Any], query: Query | None) -> bool:
    """Ask on the terminal with the TUI's words and threshold (model/confirmation.py)."""
    count = len(rows)
    place = place_words(Session(service.connection, service))
    body = delete_question(rows, place=place, rule=query.text if query is not None else None, by_hand="")
    lines = [plain(body), *archiving.confirm_line(context.options)]
    typed = typed_count(count)
    if typed is not None:
        prompt, expected = f"Type {typed} to confirm: ", typed
    else:
        prompt, expected = f"Delete {'this file' if count == 1 else files(count)}? [y/N] ", "y"
    sys.stderr.write("\n".join(lines) + "\n" + prompt)
    sys.stderr.flush()
    answer = await _read_line()
    return answer.strip().lower().replace(",", "") in ({expected, "yes"} if expected == "y" else {expected})


async def _read_line() -> str:
    """One line from the terminal without a thread, so Ctrl-C while asking ends cleanly."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[str] = loop.create_future()
    fd = sys.stdin.fileno()

    def readable() -> None:
        data = os.read(fd, 4096)
        if not ready.done():
            ready.set_result(data.decode(errors="replace"))

    loop.add_reader(fd, readable)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)


async def _delete(context: common.Context, service: FilesService, rows: list[Any], record: RunRecord) -> BulkDelete:
    total = len(rows)
    last = 0.0

    def progress(job: BulkDelete) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL or job.done == total:
            last = now
            failed = f" · {len(job.failed):,} failed" if job.failed else ""
            stopping = " · stopping (Ctrl-C again abandons the deletes in flight)" if job.stopping else ""
            archived = archiving.progress(job)
            context.terminal.progress(f"Deleting: {job.done:,} of {total:,}{failed}{archived} · {job.rate:,.0f}/s{stopping}")

    step = archiving.archiver(context.options, service, rows)
    job = BulkDelete(
        [row.id for row in rows], context.options.concurrency, on_progress=progress, before_delete=step, record=record
    )

    def stop() -> None:
        job.stop()
        context.terminal.progress(f"Stopping: {job.in_flight} deletes in flight finish, nothing new starts…")

    context.on_interrupt = stop
    try:
        await job.run(service)
    except asyncio.CancelledError:
        pass  # the second Ctrl-C: job.interrupted names what was in flight
    context.terminal.clear_progress()
    return job


def _report(context: common.Context, job: BulkDelete, rows: list[Any], missing: list[str], fmt: str, kept: list[Any]) -> None:
    """stdout: one result per file; stderr: failures with reasons and one summary line."""
    names = {row.id: row.filename for row in rows}
    if job.record_error is not None:
        context.fail(str(job.record_error))
    status: dict[str, tuple[str, str | None]] = dict.fromkeys(job.deleted, ("deleted", None))
    for file_id in job.gone:  # as the delete record says: the server answered 404 (a retry's first reply may have been lost)
        status[file_id] = ("gone", "already gone when asked")
    for file_id, error in job.failed.items():
        status[file_id] = (
            ("unknown", f"{common.words(error)} Nor did it answer when asked afterwards: it may or may not be deleted.")
            if file_id in job.unknown
            else ("failed", common.words(error))
        )
        outcome = "may or may not be deleted" if file_id in job.unknown else "not deleted"
        context.fail(f"{file_id}: {outcome}: {common.words(error)}")
    archiving.vetoed(context, job, status)
    for file_id in job.interrupted:
        status[file_id] = ("interrupted", "abandoned in flight by Ctrl-C: it may or may not be deleted")
    for file_id in job.not_started:
        why = (
            "the delete record cannot be written"
            if job.record_error
            else "the server cannot be reached"
            if job.unreachable
            else "stopped by Ctrl-C"
        )
        status[file_id] = ("not_started", f"{why} before it was sent")
    results = _unmade(missing, [])
    for row in rows:
        state, reason = status.get(row.id, ("not_started", "stopped before it was sent"))
        record = {"id": row.id, "filename": names[row.id], "status": state, "error": reason}
        results.append(record | archiving.record(job, row.id))
    results += _unmade([], kept)
    if fmt == "ids":
        results = [result for result in results if result["status"] in ("deleted", "gone")]
    writer = Writer(fmt, fields=RESULT_FIELDS + archiving.fields(job), columns=RESULT_COLUMNS + archiving.columns(job))
    writer.write(results)
    writer.close()
    line = f"Deleted {len(job.deleted):,} of {files(len(rows) + len(missing))} in {job.elapsed:.1f}s"
    if job.failed:
        line += f"; {len(job.failed):,} failed"
    if missing:
        line += f"; {len(missing):,} not found"
    if job.interrupted:
        line += f"; {len(job.interrupted):,} abandoned in flight (state unknown)"
    if job.not_started:
        gone = " because the server cannot be reached" if job.unreachable else ""
        line += f"; stopped{gone}, {len(job.not_started):,} not started"
    line += archiving.summary(job) + (f"; {kept_words(len(kept))}." if kept else ".")  # the time is the delete's
    if job.failed or missing or job.interrupted or job.not_started or archiving.failed(job):
        context.terminal.error(line)
    else:
        context.terminal.note(line)


def _unmade(missing: list[str], kept: list[Any]) -> list[dict[str, str | None]]:
    """The results of ids that name no file and of pinned files: neither is deleted."""
    results: list[dict[str, str | None]] = [
        {"id": file_id, "filename": None, "status": "not_found", "error": "no such file"} for file_id in missing
    ]
    return results + [{"id": row.id, "filename": row.filename, "status": "pinned", "error": PINNED_WHY} for row in kept]


def _size(count: int) -> str:
    from ..formatting import size

    return size(count)
