"""`claude-files get ID… [-o FILE|DIR/|-]`: download atomically, as the TUI does.

Each file is written beside its destination and moved into place only when every byte
arrived, so a failure, Ctrl-C, SIGTERM or even SIGKILL never leaves a half file (nor a
.part file) behind. Two files of one name in one run never land on one path: the later
ones get the TUI's keep-both names, "chart (1).png", "chart (2).png", in the order given.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..service_errors import ServiceError
from . import common
from .output import Writer

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

PROGRESS_INTERVAL = 0.1
NOT_FOUND = "not found (404): no file has this id here (it never existed, or it was deleted)"
RESULT_FIELDS = ("id", "filename", "path", "size_bytes")
RESULT_COLUMNS = (("ID", "id"), ("SIZE", "size_bytes"), ("SAVED AS", "path"))


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "get",
        "Download files. A file the API does not let you download gets its reason and exit status 1.\n"
        "Files that share a name in one run are saved as NAME.EXT, NAME (1).EXT, NAME (2).EXT, …\n"
        "in the order of the ids; each result record says the path it got. A file already there\n"
        "is never replaced without --overwrite. Ctrl-C, SIGTERM and (on Linux) kill -9 leave no partial file.",
        [
            ("claude-files get file_011CNha8iCJcU1wXNR6q4V8w", "into the current folder, under its own (made safe) name"),
            ("claude-files get file_011CNha8iCJcU1wXNR6q4V8w -o - | head", "to stdout"),
            (
                "claude-files ls is:downloadable --format ids | xargs claude-files get -o out/",
                "downloadable files into out/ (created: a trailing / means a folder)",
            ),
        ],
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="file ids")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR/|-",
        help="where to save (default: the current folder); a path ending in / is a folder, created if missing; - is stdout",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace a file that is already there")
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    ids = list(dict.fromkeys(options.ids))
    output = options.output
    into_dir = output is None or (output != "-" and (output.endswith("/") or Path(output).is_dir()))
    if len(ids) > 1 and not into_dir:
        build.error(
            "several ids cannot all go to stdout (-o -)"
            if output == "-"
            else f"several ids need -o DIR (a folder; write {output}/ to create it), or no -o"
        )
    if into_dir and output is not None and os.path.lexists(output.rstrip("/") or "/") and not Path(output).is_dir():
        build.error(f"{output} is a file, not a folder")
    names: set[str] = set()  # the names (casefolded) this run has given out in the folder
    writer = Writer(common.output_format(options), fields=RESULT_FIELDS, columns=RESULT_COLUMNS, hold_table=True)

    async def command(context: common.Context, service: FilesService) -> int:
        failed = saved = 0
        current = ""
        try:
            for file_id in ids:
                current = file_id
                try:
                    record = await _get_one(context, service, file_id, output, names if into_dir else None, options.overwrite)
                except ServiceError as error:
                    if error.kind in common.CONNECTION_KINDS:
                        raise
                    failed += 1
                    context.fail(f"{file_id}: {NOT_FOUND if error.kind == 'not_found' else common.words(error)}")
                    continue
                except (OSError, ValueError) as error:  # disk full, permission, a size mismatch
                    failed += 1
                    context.fail(f"{file_id}: {_local_words(error)}")
                    continue
                saved += 1
                if record is not None:
                    writer.write([record])
        except asyncio.CancelledError:
            context.terminal.clear_progress()
            kept = f"nothing of it was kept; {saved:,} of {len(ids):,} saved before"
            context.fail(f"{context.stopped_words} during {current}: {kept}")
            return common.EXIT_INTERRUPTED
        if output != "-":
            writer.close()
        return common.EXIT_FAILED if failed else common.EXIT_OK

    return common.run("get", options, command)


async def _get_one(
    context: common.Context, service: FilesService, file_id: str, output: str | None, names: set[str] | None, overwrite: bool
) -> dict[str, Any] | None:
    """Download one file; its result record (None when it went to stdout). `names` is None
    when `output` is the file's own path, else the names given out in the folder so far."""
    from ..download_writer import AtomicDownload
    from ..localfs import safe_local_name

    meta = await service.retrieve(file_id)
    progress = _progress(context, meta.filename, meta.size_bytes)
    if output == "-":
        await service.download(file_id, sys.stdout.buffer, progress)
        sys.stdout.buffer.flush()
        context.terminal.clear_progress()
        return None
    if names is None:
        dest = Path(output or ".")
    else:
        folder = Path(output or ".")
        folder.mkdir(parents=True, exist_ok=True)  # `-o new/`: a trailing slash asks for a folder
        dest = _unclaimed(folder / safe_local_name(meta.filename), names)
    if dest.exists() and not overwrite:
        raise FileExistsError(f"{dest} already exists; not overwriting it (--overwrite replaces it)")
    download = AtomicDownload(dest, overwrite=overwrite)
    with download as sink:
        await service.download(file_id, sink, progress)
        path = download.commit(expected_size=meta.size_bytes)
    context.terminal.clear_progress()
    return {"id": file_id, "filename": meta.filename, "path": str(path), "size_bytes": meta.size_bytes}


def _unclaimed(wanted: Path, names: set[str]) -> Path:
    """`wanted`, or if an earlier file of this run got that name, the first of "NAME (1).EXT",
    "NAME (2).EXT", … no file of this run got: the same ids in the same order always get the
    same names, so a run again with --overwrite replaces them in place and without it adds none.
    Casefolded, for the folders (macOS, Windows shares) where Chart.png is chart.png."""
    from ..localfs import numbered_names

    dest = next(path for path in numbered_names(wanted) if path.name.casefold() not in names)
    names.add(dest.name.casefold())
    return dest


def _progress(context: common.Context, name: str, total: int) -> Any:
    from ..text import clean

    shown = clean(name, max_len=40)
    last = 0.0

    def report(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL:
            last = now
            percent = f" ({done * 100 // total}%)" if total else ""
            context.terminal.progress(f"{shown}: {done:,} of {total:,} bytes{percent}")

    return report


def _local_words(error: BaseException) -> str:
    if isinstance(error, FileExistsError) and error.args and isinstance(error.args[0], str) and not error.filename:
        return error.args[0]
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"could not save: {error.strerror or error}{where}"
    return str(error)
