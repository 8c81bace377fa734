"""Writing a download so that only a complete file ever has the destination's name.

On Linux the bytes go into an unnamed file (O_TMPFILE) that gets its name only at commit:
nothing, not even a SIGKILL or a power cut, can leave a half file or a temp file behind.
Elsewhere they go into a named `.claude-files-PID-….part` file beside the destination, which
a cancel, an error or a signal we can handle removes, and which the next download into that
folder removes after a SIGKILL.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from .localfs import shown_path

TEMP_PREFIX = ".claude-files-"
TEMP_SUFFIX = ".part"


def _umask() -> int:
    """The process umask without changing it (os.umask would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


class DownloadSizeError(ValueError):
    """The bytes received do not match the size the server announced."""


# Errors meaning "this kernel or filesystem cannot create unnamed files here": old kernels
# read O_TMPFILE as O_DIRECTORY (EISDIR), FAT, NFS and some FUSE mounts refuse it.
_NO_UNNAMED_FILES = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOSYS})


def _open_unnamed(directory: Path) -> int | None:
    """An unnamed file in `directory` (Linux O_TMPFILE), which a SIGKILL cannot leave behind,
    or None where unnamed files or /proc/self/fd (needed to name it at commit) are missing."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        fd = os.open(directory, flag | os.O_WRONLY, 0o600)
    except OSError as error:
        if error.errno in _NO_UNNAMED_FILES:
            return None
        raise
    if not os.path.exists(f"/proc/self/fd/{fd}"):
        os.close(fd)
        return None
    return fd


class AtomicDownload:
    """Write a download beside `dest` and move it into place only on commit().

    On Linux the bytes go into an unnamed file that gets its name only at commit, so not
    even a SIGKILL or a power cut leaves a half file; elsewhere into a named
    `.claude-files-PID-….part` file. Any exit without commit (error, cancellation, Ctrl-C)
    drops the temp file, so `dest` only ever holds a complete download.
    """

    def __init__(self, dest: Path, *, overwrite: bool = False) -> None:
        self.dest = dest
        self.overwrite = overwrite
        self.temp_path: Path | None = None  # the named .part file, when unnamed files are not available
        self._file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        _open_downloads.add(self)
        remove_stale_temp_files(self.dest.parent)
        fd = _open_unnamed(self.dest.parent)
        if fd is None:
            fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=self.dest.parent)
            self.temp_path = Path(temp)
        self._file = os.fdopen(fd, "wb")
        return self._file

    def commit(self, expected_size: int | None = None) -> Path:
        """Make the download visible at `dest`; never clobbers unless overwrite=True."""
        if self._file is None:
            raise RuntimeError("commit() outside the with-block or called twice")
        try:
            self._file.flush()
            fd = self._file.fileno()
            os.fsync(fd)
            size = os.fstat(fd).st_size
            if expected_size is not None and size != expected_size:
                raise DownloadSizeError(f"received {size:,} bytes but the server announced {expected_size:,}; nothing was saved")
            os.fchmod(fd, 0o666 & ~_umask())
            if self.temp_path is None:
                self._name_unnamed(fd)
            else:
                self._file.close()
                if self.overwrite:
                    os.replace(self.temp_path, self.dest)
                else:
                    self._place_without_clobbering(self.temp_path)
                self.temp_path = None
        except BaseException:
            self._discard()
            raise
        self._discard()  # closes the unnamed file; the named one is already in place
        _fsync_dir(self.dest.parent)
        return self.dest

    def _name_unnamed(self, fd: int) -> None:
        """Give the unnamed file its name: linked straight to `dest` (which fails if a file is
        there), or with overwrite to a temp name first and renamed over `dest`."""
        directory = os.open(self.dest.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            # dst_dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW); plain link() would try
            # to hard-link the /proc symlink itself and fail with EXDEV.
            if not self.overwrite:
                try:
                    os.link(f"/proc/self/fd/{fd}", self.dest.name, dst_dir_fd=directory, follow_symlinks=True)
                except FileExistsError:
                    raise FileExistsError(f"{shown_path(self.dest)} appeared meanwhile; not overwriting it") from None
                return
            temp = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}"
            os.link(f"/proc/self/fd/{fd}", temp, dst_dir_fd=directory, follow_symlinks=True)
            try:
                os.replace(temp, self.dest.name, src_dir_fd=directory, dst_dir_fd=directory)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp, dir_fd=directory)
                raise
        finally:
            os.close(directory)

    def _place_without_clobbering(self, temp: Path) -> None:
        """Hard-link into place (fails if dest exists), else check-then-rename."""
        try:
            os.link(temp, self.dest)
        except FileExistsError:
            raise FileExistsError(f"{shown_path(self.dest)} appeared meanwhile; not overwriting it") from None
        except OSError:  # filesystems without hard links (FAT, some network mounts)
            if os.path.lexists(self.dest):
                raise FileExistsError(f"{shown_path(self.dest)} appeared meanwhile; not overwriting it") from None
            os.rename(temp, self.dest)
        else:
            os.unlink(temp)

    def _discard(self) -> None:
        """Close and delete the temp file; safe to call more than once."""
        if self._file is not None:
            with contextlib.suppress(OSError):  # a failing flush must not keep the temp file
                self._file.close()
        self.unlink_temp()
        self._file = None
        _open_downloads.discard(self)

    def unlink_temp(self) -> None:
        """Remove the named temp file, if any; an unnamed one vanishes with its descriptor."""
        if self.temp_path is not None:
            self.temp_path.unlink(missing_ok=True)
            self.temp_path = None

    def __exit__(self, *exc_info: object) -> None:
        self._discard()


_open_downloads: set[AtomicDownload] = set()


def discard_open_downloads() -> None:
    """Delete the named temp file of every download still open: the process is about to
    die (the terminal hung up, a SIGTERM) and will not get to unwind its workers.

    Only unlinks, never closes: this runs in a signal handler or another thread, maybe
    while the writer is inside a write on that same file; the exit closes everything.
    """
    for download in list(_open_downloads):
        with contextlib.suppress(OSError):
            download.unlink_temp()


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself; best effort where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def leftover_temp_files(directory: Path) -> list[Path]:
    """Our .part files in `directory`, e.g. from a crash, for tests and cleanup."""
    return sorted(directory.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))


def remove_stale_temp_files(directory: Path) -> list[Path]:
    """Remove .part files left by a claude-files process that no longer runs (SIGKILL, power cut).

    Temp names carry the writer's pid; a file whose pid is alive (another download in
    progress, here or in another instance) is left alone.
    """
    removed = []
    for path in leftover_temp_files(directory):
        pid_text = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or _process_alive(int(pid_text)):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is not ours to signal
        return True
    return True
