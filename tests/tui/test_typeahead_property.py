"""Property (issue 12): any sequence of keys has the same effect in one burst as one at a time.

For each field that takes typed text (the filter, the chat input, the upload and download
paths, the typed count of a bulk delete) hypothesis generates sequences of printables,
editing keys, Enter, Esc, Tab and the key that opens the field; for the table (issue 23) it
generates its keys among marks — space, `/`, Enter, `?`, ctrl+a, letters, `d` — with Esc before
any of them. Each sequence runs twice from the same fresh main screen: once as one burst (the
bytes of every key in one read, through the parser the app's driver builds: terminal.py) and
once a key at a time, a read each, with the app idle in between. What the user would see
afterwards must be the same: fields, filter, highlight, marks and the confirmation reached.

The app runs under Pilot on its own loop in a thread, so the synchronous hypothesis test
drives one app through all its examples instead of starting one per example.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.screens.main import MainScreen
from claude_files.widgets.chat_pane import ChatPane
from claude_files.widgets.filter_bar import FilterBar

from .conftest import seed_files, wait_until
from .terminal import read

EDITING = ("backspace", "delete", "left", "right", "home", "end", "ctrl+u", "ctrl+w", "ctrl+k")
LEAVING = ("enter", "escape", "tab")


class AppInThread:
    """The app under Pilot on an event loop of its own, driven from the test's thread: steps
    run one after another inside the Pilot's task (where Textual knows the active app)."""

    def __init__(self, app: Any, size: tuple[int, int]) -> None:
        self.app = app
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(size),), daemon=True)
        self._thread.start()
        if not self._started.wait(60) or self._failure is not None:
            raise AssertionError(f"the app did not start: {self._failure!r}")

    async def _main(self, size: tuple[int, int]) -> None:
        try:
            async with self.app.run_test(size=size) as pilot:
                self.loop = asyncio.get_running_loop()
                self._steps: asyncio.Queue[tuple[Any, ...] | None] = asyncio.Queue()
                self._started.set()
                while (item := await self._steps.get()) is not None:
                    step, args, done = item
                    try:
                        done.set_result(await step(pilot, *args))
                    except Exception as error:
                        done.set_exception(error)
        except BaseException as error:  # surfaced by close()
            self._failure = error
            self._started.set()

    def run(self, step: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        done: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self.loop.call_soon_threadsafe(self._steps.put_nowait, (step, args, done))
        return done.result(120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self._steps.put_nowait, None)
        self._thread.join(60)
        if self._failure is not None:
            raise self._failure


async def settle(pilot, waits_for: tuple[str, ...] = ("pages", "transfers")) -> None:
    """The app is idle: keys handled, the filter applied, the `waits_for` workers (pages,
    transfers) done, nothing left to draw."""
    app = pilot.app

    def busy() -> bool:
        loading = any(worker.is_running for screen in app.screen_stack for worker in screen.workers if worker.group in waits_for)
        filtering = any(bar.pending for screen in app.screen_stack for bar in screen.query(FilterBar))
        return app.keys_on_their_way or loading or filtering

    await asyncio.sleep(0)
    deadline = asyncio.get_running_loop().time() + 10
    while busy():
        assert asyncio.get_running_loop().time() < deadline, "the app stayed busy"
        await asyncio.sleep(0.002)
    await pilot.pause()  # and the process is idle (Textual's own test)


async def fresh_main_screen(pilot) -> MainScreen:
    app = pilot.app
    while len(app.screen_stack) > 1:
        await app.pop_screen()
    await app.push_screen(MainScreen(app.session_of()))
    screen = app.screen
    # Not the last view's stale rows either: drawn before the first load has begun, they looked
    # loaded, so a slow server set next stalled that load (the [download] run "stayed busy")
    # and End met them rather than the listing (the [confirm] run ended on row 99 of 120).
    while not screen.model.loaded_once or screen.model.loading.fetching or screen.model.stale.active:
        await asyncio.sleep(0.005)
    await settle(pilot)
    return screen


@dataclass
class Field:
    """A field under test: the keys that open it, what may be typed, how to start."""

    opener: tuple[str, ...]
    printables: str
    prepare: Callable[[Any], Awaitable[None]] | None = None
    before_keys: Callable[[], None] = lambda: None
    after_keys: Callable[[], None] = lambda: None
    extra_state: Callable[[], Any] = lambda: None
    waits_for: tuple[str, ...] = ("pages", "transfers")  # worker groups "one at a time" waits for
    keys: tuple[str, ...] = ()  # the alphabet, where it is not the field's printables and editing keys
    always: tuple[tuple[str, ...], ...] = ()  # sequences every run tries, besides the generated ones
    generated: int = 5  # how many the default run generates (the same ones each run); `-m slow` tries 200 longer ones
    alphabet: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.alphabet = list(self.keys) or [*self.printables, *EDITING, *LEAVING, self.opener[-1]]


def effect(pilot, extra: Any) -> dict[str, Any]:
    """What the user would see: where they are, what the fields hold, what is marked."""
    app = pilot.app
    main = next(screen for screen in app.screen_stack if isinstance(screen, MainScreen))
    top = app.screen
    focused = app.focused
    pane = main.query_one(ChatPane)
    return {
        "screen": type(top).__name__,
        "asks": (top.title_text, str(top.body)) if isinstance(top, ConfirmModal) else None,
        "focused": None if focused is None else (focused.id or type(focused).__name__),
        "fields": sorted((w.id or "", w.value, w.cursor_position) for w in top.query(Input) if w.display),
        "filter": main.model.filter_text,
        "highlighted": main.model.cursor,
        "marks": sorted(main.model.marks),
        "sort": main.model.sort,
        "chat": (pane.display, [turn.question for turn in pane.conversation.turns] if pane.conversation else None),
        "extra": extra,
    }


def both_ways(running: AppInThread, spec: Field, keys: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The effect of `keys` as one burst and one at a time, each from a fresh main screen."""

    async def from_fresh_screen(pilot, one_at_a_time: bool) -> dict[str, Any]:
        await fresh_main_screen(pilot)
        if spec.prepare is not None:
            await spec.prepare(pilot)
            await settle(pilot)
        spec.before_keys()
        try:
            if one_at_a_time:
                for name in keys:
                    read(pilot.app, name)
                    await settle(pilot, spec.waits_for)
            else:
                read(pilot.app, *keys)
            await settle(pilot, spec.waits_for)
            return effect(pilot, spec.extra_state())
        finally:
            spec.after_keys()

    return running.run(from_fresh_screen, False), running.run(from_fresh_screen, True)


def check(running: AppInThread, spec: Field, body: list[str]) -> None:
    keys = [*spec.opener, *body]
    burst, slow = both_ways(running, spec, keys)
    assert burst == slow, f"keys {keys} in one burst differ from one at a time"


def sequences(spec: Field, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(spec.alphabet), min_size=1, max_size=max_size)


DEFAULT = settings(
    max_examples=5,  # each example starts a main screen twice and types slowly once: ~1 s; the slow run does more
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THOROUGH = settings(DEFAULT, max_examples=200)

# Printables that are harmless where focus may land after Enter/Esc (the table): no refresh,
# quit, copy, help, load-all or details toggle, whose effects depend on time or the terminal.
SAFE = "abefhjklnotxz01 -."


@pytest.fixture
def running(server, make_app, monkeypatch, tmp_path):
    """One app for all examples, over files whose names the filter can tell apart; the
    dialogs start in an empty folder under a private home, so no path typed leads out."""
    for prefix in ("alpha", "beta", "notes", "other"):
        seed_files(server, 3, prefix=prefix, downloadable=True)
    home = tmp_path / "home"
    (home / "here").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "here")
    app_running = AppInThread(make_app(server), size=(140, 40))
    try:
        yield app_running
    finally:
        app_running.close()


def files_under(home: Path) -> list[str]:
    """The files the user sees (a running download's hidden temp file, randomly named, is not one)."""
    return sorted(
        str(path.relative_to(home)) for path in home.rglob("*") if path.is_file() and not path.name.startswith(".claude-files-")
    )


def clear_files(home: Path) -> None:
    for path in home.rglob("*"):
        if path.is_file():
            path.unlink()
        elif path.is_dir() and path.name != "here":
            shutil.rmtree(path, ignore_errors=True)


# The table's keys and the dialogs they open (help, select-all, the delete confirmation); Esc
# twice as likely as the rest, so it comes before each of them. No `y`: nothing is deleted.
TABLE_KEYS = (
    *("escape", "escape", "space", "slash", "enter", "question_mark", "ctrl+a", "ctrl+u", "tab"),
    *("j", "k", "i", "v", "d", "l", "n", "o", "e"),
)


ESC_BEFORE_EACH = (
    ("escape", "space", "escape", "slash", "n", "escape", "enter", "escape", "question_mark", "escape", "j"),
    ("escape", "ctrl+a", "escape", "d", "escape", "i", "escape", "escape", "slash", "e", "enter", "escape", "ctrl+u"),
    ("d", "escape", "space", "ctrl+a", "escape", "l", "escape", "tab", "escape", "v", "escape", "k"),
)
"""Esc before every class of key (space, `/`, Enter, `?`, ctrl keys, Tab, letters), in the table
and in the dialogs those keys open: each run tries these, then a few generated sequences."""


async def mark_two_rows(pilot) -> None:
    for key in ("space", "j", "space"):
        read(pilot.app, key)
        await settle(pilot)


def field_spec(name: str, server, home: Path) -> Field:
    if name in ("table", "select-all"):
        return Field(
            opener=(),
            printables="",
            keys=TABLE_KEYS,
            prepare=mark_two_rows,
            extra_state=server.file_count,
            always=ESC_BEFORE_EACH,
            generated=4,
        )
    if name == "filter":
        # Typed slowly, each text on the way moved the highlight; a burst skipped some (the debounce).
        return Field(opener=("slash",), printables=SAFE, always=(("-", "b", "a"), ("-", "a", "a")))
    if name == "chat":
        # Answers stay on their way (slow server) so Esc always meets one running, as it would
        # for a person; whether it stops one or leaves must not depend on how fast keys came.
        return Field(
            opener=("c",),
            printables=SAFE,
            before_keys=lambda: server.set_faults(latency_ms=60_000),
            after_keys=lambda: server.set_faults(latency_ms=0),
        )
    if name == "upload":
        return Field(opener=("u",), printables=SAFE)
    if name == "download":
        # As for chat: a download stays on its way (slow server) so Esc always meets it running;
        # whether Esc cancels one must not depend on how fast the loopback server happens to be.
        def slow_server() -> None:
            clear_files(home)
            server.set_faults(latency_ms=60_000)

        return Field(
            opener=("s",),
            printables=SAFE.replace(".", ""),  # with no second dot no path climbs out of the private home
            before_keys=slow_server,
            after_keys=lambda: server.set_faults(latency_ms=0),
            extra_state=lambda: files_under(home),
            waits_for=("pages",),
        )

    async def mark_all_loaded(pilot) -> None:
        screen = pilot.app.screen
        read(pilot.app, "end")
        await wait_until(
            pilot, lambda: screen.model.loaded_once and not screen.model.next_page and not screen.model.loading.fetching
        )
        await settle(pilot)
        read(pilot.app, "ctrl+a")

    # The typed count (above 100 files): no `2`, so the count (120) can never be typed and
    # nothing is deleted; no keys that change marks on the table either.
    return Field(opener=("d",), printables="abefhnx01-.", prepare=mark_all_loaded, extra_state=server.file_count)


FIELDS = ["filter", "chat", "upload", "download", "confirm", "table", "select-all"]
MANY = ("confirm", "select-all")  # above the first page (ctrl+a asks) and above 100 (the count must be typed)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", FIELDS)
def test_a_burst_has_the_effect_of_the_same_keys_one_at_a_time(name, server, running, tmp_path):
    if name in MANY:
        seed_files(server, 108, prefix="more")  # 120 in all: the count must be typed
    spec = field_spec(name, server, tmp_path / "home")

    @settings(DEFAULT, max_examples=spec.generated)
    @given(body=sequences(spec, max_size=8))
    def burst_equals_slow(body: list[str]) -> None:
        check(running, spec, body)

    for body in spec.always:
        check(running, spec, list(body))
    burst_equals_slow()


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("name", FIELDS)
def test_a_burst_has_the_effect_of_the_same_keys_one_at_a_time_thoroughly(name, server, running, tmp_path):
    if name in MANY:
        seed_files(server, 108, prefix="more")
    spec = field_spec(name, server, tmp_path / "home")

    @THOROUGH
    @given(body=sequences(spec, max_size=30))
    def burst_equals_slow(body: list[str]) -> None:
        check(running, spec, body)

    burst_equals_slow()
