"""Pilot helpers: the real app against the real local server on a loopback port."""

from __future__ import annotations

import ast
import asyncio
import inspect
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from textual.strip import Strip
from textual.widgets import Static
from textual.widgets._toast import Toast  # private module: the toasts' class, for the tests only here

from claude_files import formatting
from claude_files.adapters.textual_private import composed_frame
from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.screens.main import MainScreen
from claude_files.widgets.header_bar import HeaderBar
from claude_files.widgets.status_bar import StatusBar

from ..conftest import LIVE_SERVERS

FROZEN_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    """Settings go to a temp file, never the user's home."""
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(tmp_path / "config.json"))


@pytest.fixture
def steady_cursors(monkeypatch):
    """Inputs draw a steady cursor: a blinking one is caught in either phase by a snapshot."""
    from textual.widgets import Input

    original = Input.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.set_reactive(Input.cursor_blink, False)

    monkeypatch.setattr(Input, "__init__", init)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Relative times ('3d ago') drawn against a fixed moment, so pictures are stable."""
    monkeypatch.setattr(formatting, "now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def make_app() -> Callable[..., ClaudeFilesApp]:
    def factory(server, **settings) -> ClaudeFilesApp:
        launch = Launch(base_url=server.url, api_key="test-key")
        return ClaudeFilesApp(launch, Settings(**settings))

    return factory


def seed_files(server, count: int, *, prefix: str = "file", start: datetime = FROZEN_NOW, **kwargs) -> list[dict]:
    """Files with fixed times, newest first when listed."""
    return [
        server.add_file(
            f"{prefix}-{i:05d}.txt",
            f"content of {prefix} {i}\n".encode(),
            "text/plain",
            created_at=start - timedelta(hours=count - i),
            **kwargs,
        )
        for i in range(count)
    ]


def drawn_strips(app) -> list[Strip]:
    """The frame the terminal would show now, one strip a line (Textual's compositor, read
    through the one module that admits Textual's private members)."""
    return composed_frame(app.screen)


# Textual keeps these only in private members; the tests read them here and nowhere else.


def notified(app) -> list[str]:
    """The words of every notification the app has raised and not yet expired (`App._notifications`)."""
    return [str(note.message) for note in app._notifications]  # noqa: SLF001


def unhandled_error(app) -> BaseException | None:
    """The exception that is ending the app, if one is (`App._exception`: Pilot re-raises it later)."""
    return app._exception  # noqa: SLF001


def capture_terminal_writes(app, writes: list[str]) -> None:
    """From now on what the app's driver would send to the terminal goes into `writes` (`App._driver`)."""
    app._driver.write = writes.append  # noqa: SLF001


def printed_on_exit(app) -> list[str]:
    """What the app will print once it has left the screen (`App._exit_renderables`)."""
    return [str(renderable) for renderable in app._exit_renderables]  # noqa: SLF001


def status_said(screen) -> tuple[str, bool] | None:
    """What the status line says beside the model's part (its note, else the last thing said)."""
    return screen.query_one(StatusBar).message


def offered(select) -> list[object]:
    """The values a Select offers (Textual 8.2.8 keeps them in `Select._options`, with no public reader)."""
    return [value for _label, value in select._options]  # noqa: SLF001 - the only tests' reader of it


def screen_text(app) -> str:
    """What a person would read on the terminal right now, as plain lines."""
    return "\n".join(strip.text for strip in drawn_strips(app))


def shown_text(app) -> str:
    """Everything shown on the active screen, whitespace flattened to single spaces: each
    visible widget's own text (whole, however the terminal wraps or cuts it: a long path
    cannot split a phrase), the toasts, then the drawn frame for what widgets draw by hand."""
    texts = [_own_text(widget) for widget in app.screen.walk_children(with_self=False) if _is_shown(widget)]
    texts.append(screen_text(app))
    return " ".join(" ".join(texts).split())


def _is_shown(widget) -> bool:
    return all(node.display and node.visible for node in widget.ancestors_with_self if hasattr(node, "display"))


def _own_text(widget) -> str:
    if isinstance(widget, Toast):
        return str(widget._notification.message)  # noqa: SLF001 - the toast's words
    if isinstance(widget, Static):
        visual = widget.visual
        return str(getattr(visual, "plain", "") or "")
    if isinstance(widget, HeaderBar | StatusBar):  # drawn from the model by `render`
        return widget.line().plain  # not render(): that would count as drawn and hide a stale line
    return ""


async def wait_until(
    pilot,
    predicate: Callable[[], object],
    timeout: float = 30.0,
    *,
    what: str | None = None,
    seen: Callable[[], object] | None = None,
) -> None:
    """Pause the pilot until `predicate()` holds (workers finish on the app's loop). On time
    out, fail naming `what` (default: the predicate's source) and what `seen()` returned last
    (default: the screen's words), so a failure says which condition and what the app showed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what or describe(predicate)}; last seen: {_last_seen(pilot, seen)}")
        await pilot.pause(0.02)


def describe(predicate: Callable[..., object]) -> str:
    """A condition's words for a failure: a lambda's own source, else the function's name."""
    name = getattr(predicate, "__qualname__", repr(predicate))
    if not name.endswith("<lambda>"):
        return name
    try:
        source = textwrap.dedent(inspect.getsource(predicate))
        tree = ast.parse(source if not source.lstrip().startswith(".") else "_" + source.lstrip())
    except (OSError, TypeError, SyntaxError):
        return name
    lambdas = [node for node in ast.walk(tree) if isinstance(node, ast.Lambda)]
    return " ".join(ast.unparse(lambdas[0]).split()) if lambdas else name


def _last_seen(pilot, seen: Callable[[], object] | None) -> str:
    try:
        value = seen() if seen is not None else " ".join(screen_text(pilot.app).split())
    except Exception as error:  # the app may be half torn down; say so instead of masking the time out
        return f"<could not look: {error!r}>"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 800 else text[:800] + "…"


def on_top(app, kind: type) -> bool:
    """A screen of `kind` is on top with its widgets composed. Textual puts a pushed screen on
    top of the stack before it composes it, so a test that reads the new screen's words or
    widgets as soon as it is on top found none on a loaded machine (the quit question read '')."""
    return isinstance(app.screen, kind) and app.screen.is_mounted


def main_screen(app) -> MainScreen | None:
    """The file list's screen, whatever dialogs are open above it."""
    return next((screen for screen in reversed(app.screen_stack) if isinstance(screen, MainScreen)), None)


def retrieves(server, file_id: str) -> int:
    """How many times the server has been asked for one file's metadata."""
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == f"/v1/files/{file_id}")


async def details_refreshed(pilot, server=None, *, since: int = 0, timeout: float = 30.0) -> None:
    """The debounced metadata refresh of the highlighted file has been answered and applied:
    the server has had more than `since` retrieves of it and no metadata worker still runs.
    The main screen's highlight counts, whatever dialog is open above it. `server` may be left
    out when the test runs one server (a fixture's or a scene's)."""
    app = pilot.app
    if server is None:
        assert len(LIVE_SERVERS) == 1, f"{len(LIVE_SERVERS)} local servers run: say which one the app uses"
        server = LIVE_SERVERS[0]

    def refreshed() -> bool:
        main = main_screen(app)
        row = main.model.highlighted if main is not None else None
        running = any(worker.group == "metadata" and worker.is_running for worker in app.workers)
        return row is not None and retrieves(server, row.id) > since and not running

    await wait_until(pilot, refreshed, timeout, what="the highlighted file's metadata refresh")


async def ready(app, pilot):
    """The main screen, once its first page has loaded (what a person waits for before typing)."""
    screen = app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once and not screen.model.loading.fetching)
    return screen


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Snapshot scenes serve on one fixed port (the header shows host:port): under xdist their
    tests share one worker instead of waiting on each other for the port."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and getattr(module, "scene_server", None) is not None:
            item.add_marker(pytest.mark.xdist_group("scene-port"))
