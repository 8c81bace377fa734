"""What every subcommand shares: global options, the connection, exit statuses, Ctrl-C, stderr.

SIGTERM (timeout, cron, systemd, kill) and SIGHUP (the terminal or SSH session closed) stop a
command the way Ctrl-C does, so a download in progress is dropped, never left as a temp file.

stdout carries data only; words for people (progress, prompts, reports, errors) go to
stderr, progress and prompts only when stderr is a terminal. Errors are told in words,
never as a traceback and never with a key in them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..launch import DEMO_KEY
from ..pins import PinsError
from ..service import FilesService
from ..service_errors import ServiceError, Then
from ..service_types import Connection
from .arguments import NEGATION_HELP, QueryArgumentParser

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CONNECTION = 3
EXIT_DECLINED = 4
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = """exit status:
  0    all done
  1    some item failed (a missing id, a refused upload, a failed delete, …)
  2    usage or query error (nothing was done)
  3    credentials or connection (no key, key refused, server unreachable)
  4    declined at the prompt: nothing was done
  130  interrupted (Ctrl-C); the report says what was done
  143  stopped by SIGTERM (timeout, systemd, kill), 129 by SIGHUP: as Ctrl-C"""

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # each ends a command as Ctrl-C does
FORMATS = ("table", "json", "jsonl", "csv", "ids")
QUERY_COMMANDS = ("ls", "rm", "du")
CONNECTION_KINDS = frozenset({"no_key", "auth", "permission", "network"})


def parser(name: str, description: str, examples: list[tuple[str, str]]) -> argparse.ArgumentParser:
    """A subcommand's parser: its description, the global options, examples and exit statuses in --help."""
    lines = ["examples:"]
    for command, words in examples:
        lines += [f"  {command}", f"      {words}"]
    if name in QUERY_COMMANDS:
        lines += ["", NEGATION_HELP]
    command_parser = QueryArgumentParser(
        prog=f"claude-files {name}",
        description=description,
        epilog="\n".join(lines) + "\n\n" + EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command_parser.takes_query = name in QUERY_COMMANDS
    group = command_parser.add_argument_group("global options")
    group.add_argument("--profile", metavar="NAME", help="SDK credentials profile (default: the SDK's own resolution)")
    group.add_argument("--workspace", metavar="ID", help="workspace id sent as anthropic-workspace-id")
    group.add_argument("--base-url", metavar="URL", help="API base URL (default: $ANTHROPIC_BASE_URL, else the profile's)")
    group.add_argument("--demo", action="store_true", help="run against an embedded demo server (sample files, no key)")
    group.add_argument("--format", choices=FORMATS, help="output format (default: table on a terminal, jsonl when piped)")
    group.add_argument("-q", "--quiet", action="store_true", help="no progress or summaries on stderr; errors still shown")
    return command_parser


def positive_count(text: str) -> int:
    """An argparse type for a count of 1 or more (`--limit`, `--max-delete`)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def output_format(options: argparse.Namespace) -> str:
    chosen: str | None = options.format
    return chosen or ("table" if sys.stdout.isatty() else "jsonl")


def connection_from(options: argparse.Namespace, demo_url: str | None = None) -> Connection:
    """The one place options become a connection. No key is passed: the SDK resolves
    ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, --profile or the active profile itself."""
    if options.demo:
        return Connection(base_url=demo_url or "", api_key=DEMO_KEY, workspace=options.workspace, is_demo=True)
    return Connection(base_url=options.base_url or None, workspace=options.workspace, profile=options.profile)


CLI_STEPS: Mapping[Then, str] = {
    Then.RETRY: "{advice}, then retry.",
    Then.LOOK_THEN_RETRY: "{advice}: list the files to see, then retry.",
    Then.FREE_SPACE: "Delete files you no longer need (`claude-files rm`), then retry.",
    Then.LIST_ALL: "Give the session as a glob (scope:ID*) to filter every file instead.",
}
"""How the CLI words a ServiceError's next step (the TUI's words name its keys)."""


def words(error: ServiceError) -> str:
    """A ServiceError in the CLI's words."""
    return error.worded(CLI_STEPS)


class Terminal:
    """stderr, for people: progress only on a terminal, colour only there and without NO_COLOR."""

    def __init__(self, quiet: bool) -> None:
        self.tty = sys.stderr.isatty()
        self.quiet = quiet
        self.color = self.tty and not os.environ.get("NO_COLOR")
        self._progress_shown = False

    def progress(self, text: str) -> None:
        if not self.tty or self.quiet:
            return
        columns = max(20, _columns() - 1)
        sys.stderr.write("\r" + text[:columns] + "\x1b[K")
        sys.stderr.flush()
        self._progress_shown = True

    def clear_progress(self) -> None:
        if self._progress_shown:
            self._progress_shown = False
            with contextlib.suppress(OSError):  # a hung-up terminal (EIO)
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()

    def note(self, text: str) -> None:
        """A summary or report line; --quiet drops it."""
        if not self.quiet:
            self._line(text)

    def error(self, text: str) -> None:
        """Always shown."""
        self._line(text, red=self.color)

    def _line(self, text: str, *, red: bool = False) -> None:
        self.clear_progress()
        if self.tty:  # a local path or a name in the words is data, never a terminal command
            from ..text import clean_block

            text = clean_block(text)
        with contextlib.suppress(OSError):  # the terminal hung up (EIO): the report has nowhere to go
            sys.stderr.write((f"\x1b[31m{text}\x1b[0m" if red else text) + "\n")
            sys.stderr.flush()


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        return 80


@dataclass
class Context:
    """One subcommand run: its options, stderr, and what Ctrl-C has asked for so far."""

    name: str
    options: argparse.Namespace
    terminal: Terminal
    interrupts: int = 0
    stopped_by: int = signal.SIGINT  # the signal of the last interrupt; the exit status is 128 + it
    on_interrupt: Callable[[], None] | None = None  # the first Ctrl-C: finish what is in flight
    demo_server: Any = field(default=None, repr=False)

    @property
    def interrupted(self) -> bool:
        return self.interrupts > 0

    @property
    def stopped_words(self) -> str:
        """How the run was stopped, in words: "interrupted" for Ctrl-C, else the signal."""
        return {signal.SIGTERM: "stopped by SIGTERM", signal.SIGHUP: "stopped: the terminal hung up"}.get(
            signal.Signals(self.stopped_by), "interrupted"
        )

    def fail(self, text: str) -> None:
        self.terminal.error(f"claude-files {self.name}: {text}")


Command = Callable[[Context, FilesService], Awaitable[int]]


def run(name: str, options: argparse.Namespace, command: Command) -> int:
    """Connect, run `command`, close; ServiceError → words and 1 or 3, Ctrl-C → 130."""
    context = Context(name, options, Terminal(options.quiet))
    try:
        return asyncio.run(_main(context, command))
    except KeyboardInterrupt:  # before the loop took over SIGINT, or after it let go
        context.terminal.clear_progress()
        context.fail("interrupted before anything was done")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        silence_stdout()
        return 128 + context.stopped_by if context.interrupted else EXIT_OK


async def _main(context: Context, command: Command) -> int:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()

    def interrupt(signum: int) -> None:
        context.interrupts += 1
        context.stopped_by = signum
        if context.interrupts == 1 and context.on_interrupt is not None:
            context.on_interrupt()
        elif task is not None:
            task.cancel()

    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, interrupt, signum)
    status = EXIT_OK
    try:
        service = await _connect(context)
        try:
            status = await command(context, service)
        finally:
            await service.close()
    except ServiceError as error:
        context.fail(words(error))
        status = EXIT_CONNECTION if error.kind in CONNECTION_KINDS else EXIT_FAILED
    except PinsError as error:  # an unreadable pins file: nothing is done without knowing the pins
        context.fail(str(error))
        status = EXIT_FAILED
    except asyncio.CancelledError:
        context.terminal.clear_progress()
        context.fail(context.stopped_words)
        status = EXIT_INTERRUPTED
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
        if context.demo_server is not None:
            await asyncio.to_thread(context.demo_server.close)
    return 128 + context.stopped_by if context.interrupted else status


async def _connect(context: Context) -> FilesService:
    demo_url = None
    if context.options.demo:
        from ..server import LocalServer

        context.demo_server = LocalServer(demo_data=True, admin_key=DEMO_KEY)  # as the TUI's demo: it lists workspaces
        demo_url = await asyncio.to_thread(context.demo_server.start)
    return await FilesService.connect(connection_from(context.options, demo_url))


def silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
