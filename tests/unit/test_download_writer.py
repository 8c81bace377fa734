"""download_writer: a download has the destination's name only when complete, and nothing
else is ever left behind, not even after a SIGKILL (Linux) or with the named .part fallback."""

from __future__ import annotations

import asyncio
import errno
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.downloads import temp_sizes

from claude_files import download_writer
from claude_files.download_writer import AtomicDownload, DownloadSizeError, discard_open_downloads, leftover_temp_files


def _file(path: Path, data: bytes = b"hello") -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(params=["unnamed", "named"])
def scheme(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a download is written: an unnamed O_TMPFILE file (Linux), and the named
    .part file of filesystems without unnamed files (simulated: O_TMPFILE refused)."""
    if request.param == "named":

        def refuse(directory: object, flags: int, mode: int = 0o777) -> int:
            if flags & getattr(os, "O_TMPFILE", 0) == getattr(os, "O_TMPFILE", -1):
                raise OSError(errno.EOPNOTSUPP, "Operation not supported")
            return real_open(directory, flags, mode)

        real_open = os.open
        monkeypatch.setattr(os, "open", refuse)
    return str(request.param)


def test_commit_writes_exact_bytes(tmp_path: Path, scheme: str) -> None:
    dest = tmp_path / "out.bin"
    data = os.urandom(200_000)
    download = AtomicDownload(dest)
    with download as f:
        f.write(data)
        f.flush()
        assert not dest.exists()
        assert len(leftover_temp_files(tmp_path)) == (1 if scheme == "named" else 0)
        assert temp_sizes(tmp_path) == [len(data)]
        assert download.commit(len(data)) == dest
    assert dest.read_bytes() == data
    assert list(tmp_path.iterdir()) == [dest]
    assert temp_sizes(tmp_path) == []
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_unnamed_download_is_invisible_until_commit(tmp_path: Path) -> None:
    """Linux: nothing in the folder while the bytes arrive, so a SIGKILL leaves nothing."""
    with AtomicDownload(tmp_path / "out.bin") as f:
        f.write(b"x" * 1000)
        f.flush()
        assert list(tmp_path.iterdir()) == []
        assert temp_sizes(tmp_path) == [1000]


def test_killed_mid_write_leaves_nothing(tmp_path: Path) -> None:
    """SIGKILL while the bytes are being written: no handler runs, and nothing is left."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from claude_files.download_writer import AtomicDownload
        with AtomicDownload(Path({str(tmp_path / "big.bin")!r})) as sink:
            sink.write(b"x" * 100_000)
            sink.flush()
            print("written", flush=True)
            time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "written\n"
        assert temp_sizes(tmp_path, child.pid) == [100_000]
        child.kill()
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("error", [RuntimeError("network"), KeyboardInterrupt(), asyncio.CancelledError()])
def test_exception_mid_write_leaves_nothing(tmp_path: Path, error: BaseException, scheme: str) -> None:
    dest = tmp_path / "out.bin"
    with pytest.raises(type(error)):
        with AtomicDownload(dest) as f:
            f.write(b"partial")
            raise error
    assert not dest.exists()
    assert temp_sizes(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_exit_without_commit_leaves_nothing(tmp_path: Path, scheme: str) -> None:
    with AtomicDownload(tmp_path / "out.bin") as f:
        f.write(b"abandoned")
    assert list(tmp_path.iterdir()) == []
    assert temp_sizes(tmp_path) == []


def test_existing_file_untouched_without_overwrite(tmp_path: Path, scheme: str) -> None:
    dest = _file(tmp_path / "out.bin", b"original")
    download = AtomicDownload(dest)
    with pytest.raises(FileExistsError, match="appeared meanwhile"):
        with download as f:
            f.write(b"new")
            download.commit(3)
    assert dest.read_bytes() == b"original"
    assert list(tmp_path.iterdir()) == [dest]
    assert temp_sizes(tmp_path) == []


@pytest.mark.parametrize("exists", [False, True])
def test_without_hard_links_falls_back_to_check_then_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    def no_link(src: object, dst: object, **kw: object) -> None:
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(download_writer, "_open_unnamed", lambda directory: None)  # such filesystems have no O_TMPFILE either
    monkeypatch.setattr(os, "link", no_link)
    dest = tmp_path / "out.bin"
    if exists:
        _file(dest, b"original")
    download = AtomicDownload(dest)
    with download as f:
        f.write(b"new")
        if exists:
            with pytest.raises(FileExistsError):
                download.commit(3)
        else:
            download.commit(3)
    assert dest.read_bytes() == (b"original" if exists else b"new")
    assert leftover_temp_files(tmp_path) == []


def test_existing_file_replaced_with_overwrite(tmp_path: Path, scheme: str) -> None:
    dest = _file(tmp_path / "out.bin", b"original")
    download = AtomicDownload(dest, overwrite=True)
    with download as f:
        f.write(b"new")
        download.commit(3)
    assert dest.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [dest]
    assert temp_sizes(tmp_path) == []


def test_size_mismatch_leaves_nothing(tmp_path: Path, scheme: str) -> None:
    dest = tmp_path / "out.bin"
    download = AtomicDownload(dest)
    with pytest.raises(DownloadSizeError, match="nothing was saved"):
        with download as f:
            f.write(b"short")
            download.commit(100)
    assert list(tmp_path.iterdir()) == []
    assert temp_sizes(tmp_path) == []
    assert issubclass(DownloadSizeError, ValueError)


def test_leftover_temp_files_ignores_other_files(tmp_path: Path) -> None:
    _file(tmp_path / "a.part")
    _file(tmp_path / ".claude-files-abc.part")
    assert leftover_temp_files(tmp_path) == [tmp_path / ".claude-files-abc.part"]


def test_stale_part_files_of_dead_processes_are_removed_on_the_next_download(tmp_path: Path, scheme: str) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".claude-files-{dead.pid}-abc.part"
    stale.write_bytes(b"half a download")
    alive = tmp_path / f".claude-files-{os.getpid()}-xyz.part"  # an in-progress download: kept
    alive.write_bytes(b"in progress")
    with AtomicDownload(tmp_path / "file.bin") as sink:
        sink.write(b"done")
        assert not stale.exists()
    assert alive.exists()
    assert leftover_temp_files(tmp_path) == [alive]


def test_hang_up_discards_every_open_download_but_not_committed_ones(tmp_path: Path, scheme: str) -> None:
    done = AtomicDownload(tmp_path / "done.bin")
    with done as sink:
        sink.write(b"complete")
        done.commit(8)
    open_one = AtomicDownload(tmp_path / "half.bin")
    sink = open_one.__enter__()
    sink.write(b"half")
    assert len(temp_sizes(tmp_path)) == 1
    discard_open_downloads()  # what the app does when the terminal hangs up
    assert leftover_temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done.bin"]
    open_one.__exit__(None, None, None)  # unwinding later is harmless
    assert temp_sizes(tmp_path) == []
