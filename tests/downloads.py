"""Seeing a download in progress from outside: its temp file may have no name.

On Linux `AtomicDownload` writes into an unnamed (O_TMPFILE) file, which no directory
listing shows; /proc/PID/fd still does, as "DIR/#INODE (deleted)". Where unnamed files are
not available the temp file is a named `.part` file. Tests wait on either having bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from claude_files.download_writer import leftover_temp_files


def temp_sizes(directory: Path, pid: int | None = None) -> list[int]:
    """Sizes of the download temp files process `pid` (default: this one) has open in `directory`."""
    prefix = os.path.realpath(directory) + "/#"
    fd_dir = f"/proc/{pid or os.getpid()}/fd"
    sizes = []
    try:
        fds = os.listdir(fd_dir)
    except OSError:  # the process is gone
        fds = []
    for fd in fds:
        try:
            target = os.readlink(f"{fd_dir}/{fd}")
            if target.startswith(prefix) and target.endswith(" (deleted)"):
                sizes.append(os.stat(f"{fd_dir}/{fd}").st_size)
        except OSError:  # closed meanwhile
            continue
    for path in leftover_temp_files(directory):
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            continue
    return sizes


def downloading(directory: Path, pid: int | None = None) -> bool:
    """A temp file of process `pid` in `directory` has bytes: a download is under way."""
    return any(size > 0 for size in temp_sizes(directory, pid))


def temp_open(directory: Path, pid: int | None = None) -> bool:
    """A temp file (empty or not) is open in `directory`."""
    return bool(temp_sizes(directory, pid))
