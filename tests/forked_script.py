"""Run the `claude-files` console script in a process of its own, forked from one that has
already imported it: what the console script does, without paying `import anthropic` (about
1.1 s of every 1.6 s run) hundreds of times in the suite.

Each run is a real process: its own pid, stdin/stdout/stderr (pipes or a terminal, as given),
environment, working directory, signals and exit status, and it ends the way the console script
ends (`sys.exit(main())` at top level, then the interpreter's own shutdown: atexit, flushes,
tracebacks, 120 on a failed flush). Only the imports happened earlier, in a single-threaded
process that never ran `main`. Where a run's environment would change what Python or the SDK read
while importing (`PYTHON*`, `LC_*`, `LANG`, `ANTHROPIC_LOG`), or with `CLAUDE_FILES_TESTS_EXEC=1`,
the console script is executed instead. Tests of what importing itself does (Textual never
imported by subcommands, `--version` importing nothing) run the console script directly.

One forking process per pytest worker, reached over an abstract Unix socket (no path to fit in
108 bytes, however long TMPDIR is). For each run it forks a supervisor, which forks the run,
passes the run's pid back, waits, and passes the exit status back (negative for a signal, as
`subprocess` says it).
"""

from __future__ import annotations

import atexit
import io
import json
import os
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

CLAUDE_FILES = str(Path(sys.executable).parent / "claude-files")
PRELOAD = ("claude_files.cli", "claude_files.commands", "claude_files.service", "anthropic")
READ_AT_IMPORT = ("PYTHON", "LC_", "LANG", "ANTHROPIC_LOG")


# --- the forking process -------------------------------------------------------------------


class _Become(BaseException):
    """Unwinds the forked run to the script's top level, where it becomes the console script."""

    def __init__(self, request: dict, fds: list[int]) -> None:
        self.request = request
        self.fds = fds


def _serve(name: str) -> None:
    import importlib
    import pkgutil

    sys.path[0] = str(Path(CLAUDE_FILES).parent)  # as the console script's own sys.path starts
    for module in PRELOAD:
        importlib.import_module(module)
    commands = importlib.import_module("claude_files.commands")
    for info in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"claude_files.commands.{info.name}")
    import gc

    gc.freeze()  # what was imported stays out of every run's collections
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind("\0" + name)
    listener.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        while True:  # reap ended supervisors
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1):
            return  # the pytest worker ended
        if listener not in readable:
            continue
        conn, _ = listener.accept()
        request, fds = _receive(conn)
        if os.fork() == 0:
            listener.close()
            _supervise(conn, request, fds)
        conn.close()
        for fd in fds:
            os.close(fd)


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        data += conn.recv(1 << 20)
    return json.loads(data), fds


def _supervise(conn: socket.socket, request: dict, fds: list[int]) -> None:
    run = os.fork()
    if run == 0:
        conn.close()
        raise _Become(request, fds)
    try:
        for fd in fds:
            os.close(fd)
        conn.sendall(f"{run}\n".encode())
        _, status = os.waitpid(run, 0)
        conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
    finally:
        os._exit(0)


def _become(request: dict, fds: list[int]) -> None:
    """Stand where the console script stands when its `main` is called."""
    encoding, errors = sys.stdout.encoding, sys.stdout.errors
    buffered = not sys.stdout.write_through  # the forking process started as the console script starts
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = [CLAUDE_FILES, *request["args"]]
    sys.stdin = sys.__stdin__ = _standard_stream(0, encoding, errors, buffered)
    sys.stdout = sys.__stdout__ = _standard_stream(1, encoding, errors, buffered)
    sys.stderr = sys.__stderr__ = _standard_stream(2, encoding, "backslashreplace", buffered)


def _standard_stream(fd: int, encoding: str, errors: str, buffered: bool) -> io.TextIOWrapper:
    """As CPython's create_stdio (pylifecycle.c) makes sys.stdin, stdout and stderr at startup:
    -u or PYTHONUNBUFFERED means unbuffered writes; otherwise a terminal, and stderr always, are
    line-buffered."""
    writing = fd != 0
    binary = open(fd, "wb" if writing else "rb", buffering=-1 if buffered or not writing else 0, closefd=False)
    line_buffering = buffered and (os.isatty(fd) or fd == 2)
    return io.TextIOWrapper(
        binary, encoding=encoding, errors=errors, newline="\n", line_buffering=line_buffering, write_through=not buffered
    )


# --- the pytest side -------------------------------------------------------------------------


class _Forker:
    """This worker's forking process, started at its first run and ended with the worker."""

    def __init__(self) -> None:
        self.name = f"claude-files-tests-{os.getpid()}-{secrets.token_hex(4)}"
        self.imported_with = {k: v for k, v in os.environ.items() if k.startswith(READ_AT_IMPORT)}
        self.process = subprocess.Popen(
            [sys.executable, __file__, self.name], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd="/", env=dict(os.environ)
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if ready != b"ready\n":
            raise RuntimeError(f"the forking process did not start: {ready!r}")
        atexit.register(self.close)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def start(self, args: Sequence[str], env: Mapping[str, str], cwd: str, fds: Sequence[int]) -> ForkedRun:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect("\0" + self.name)
        request = json.dumps({"args": list(args), "env": dict(env), "cwd": cwd}).encode() + b"\n"
        socket.send_fds(conn, [request], list(fds))
        return ForkedRun(conn)


_forker: _Forker | None = None
_forker_lock = threading.Lock()


def _the_forker() -> _Forker:
    global _forker
    with _forker_lock:
        if _forker is None or _forker.process.poll() is not None:
            _forker = _Forker()
        return _forker


class ForkedRun:
    """A run's pid and exit status, as far as `subprocess.Popen` offers them here."""

    def __init__(self, conn: socket.socket) -> None:
        self._lines = conn.makefile("rb")
        self._conn = conn
        self.pid = int(self._lines.readline())
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._conn.settimeout(timeout)
            try:
                line = self._lines.readline()
            except TimeoutError:
                raise subprocess.TimeoutExpired(CLAUDE_FILES, timeout or 0) from None
            self.returncode = int(line)
            self._lines.close()
            self._conn.close()
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def start(
    args: Sequence[str], env: Mapping[str, str], *, stdin: int, stdout: int, stderr: int, cwd: str | None = None
) -> ForkedRun | subprocess.Popen[bytes]:
    """`claude-files ARGS` with these three file descriptors: a `ForkedRun`, or a `Popen` where
    the run's environment differs from the forking process's in what importing read."""
    where = cwd or os.getcwd()
    if os.environ.get("CLAUDE_FILES_TESTS_EXEC") != "1":
        forker = _the_forker()
        if {k: v for k, v in env.items() if k.startswith(READ_AT_IMPORT)} == forker.imported_with:
            return forker.start(args, env, where, [stdin, stdout, stderr])
    return subprocess.Popen([CLAUDE_FILES, *args], stdin=stdin, stdout=stdout, stderr=stderr, env=dict(env), cwd=where)


def run(
    args: Sequence[str], env: Mapping[str, str], *, input: str | bytes | None = None, timeout: float = 60, cwd: str | None = None
) -> subprocess.CompletedProcess[str]:
    """As `subprocess.run([claude-files, *args], capture_output=True, text=True, …)` returns it:
    stdin a pipe holding `input` (or /dev/null), output decoded with universal newlines."""
    in_read, in_write = os.pipe() if input is not None else (os.open(os.devnull, os.O_RDONLY), -1)
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    try:
        process = start(args, env, stdin=in_read, stdout=out_write, stderr=err_write, cwd=cwd)
    finally:
        for fd in (in_read, out_write, err_write):
            os.close(fd)
    chunks: dict[int, list[bytes]] = {out_read: [], err_read: []}
    readers = [threading.Thread(target=_drain, args=(fd, chunks[fd]), daemon=True) for fd in chunks]
    for reader in readers:
        reader.start()
    if in_write != -1:
        data = input.encode() if isinstance(input, str) else input
        try:
            with open(in_write, "wb") as pipe:
                pipe.write(data or b"")
        except BrokenPipeError:
            pass
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    for reader in readers:
        reader.join(timeout)
    return subprocess.CompletedProcess(
        [CLAUDE_FILES, *args], code, _text(b"".join(chunks[out_read])), _text(b"".join(chunks[err_read]))
    )


def _drain(fd: int, into: list[bytes]) -> None:
    with open(fd, "rb", buffering=0) as pipe:
        while chunk := pipe.read(65536):
            into.append(chunk)


def _text(data: bytes) -> str:
    """As `subprocess` decodes with text=True: the locale's encoding, universal newlines."""
    import locale

    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


if __name__ == "__main__":
    became: tuple[dict, list[int]] | None = None
    try:
        _serve(sys.argv[1])
    except _Become as become:
        became = (become.request, become.fds)
    if became is not None:  # outside the handler: the run starts with no exception in flight
        _become(*became)
        from claude_files.cli import main

        sys.exit(main())
