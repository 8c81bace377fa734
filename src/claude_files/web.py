"""`claude-files web`: the TUI in a browser, one app process per tab, served by textual-serve.

The page acts with the user's credentials and textual-serve has no authentication, so:
it binds loopback only (reached from a laptop through `ssh -L`); the printed URL carries a
random access token that the page trades for a same-site cookie, so neither another user of
the machine nor a web page open in the same browser (websockets ignore CORS) can drive it;
and a Host header that is not a loopback name is refused (DNS rebinding).

Options this module does not own are the TUI's: they are checked with the TUI's own parser
and passed unchanged to every tab's `python -m claude_files`, so new TUI flags work here too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hmac
import logging
import os
import re
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from .adapters.textual_serve_private import server_application, tab_process_class
from .server.cli import is_loopback
from .tui_options import tui_parser

DEFAULT_PORT = 8000
TOKEN_COOKIE = "claude_files_web"
_TERMINAL_MULTIPLEXER_ENV = ("TMUX", "STY")
"""The tab's terminal is xterm.js in the browser, not the tmux/screen `web` was started in."""

_GUARDED_PREFIXES = ("/ws", "/download/")

log = logging.getLogger("claude_files.web")


def web_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claude-files web",
        description="Serve claude-files to a browser on this machine; each tab runs its own app.",
        epilog=(
            "Every other option (--base-url, --workspace, --clipboard, …) is the TUI's and is passed to each tab. "
            "The page acts with your credentials, so it listens on 127.0.0.1 only: from another machine, "
            "use `ssh -L PORT:127.0.0.1:PORT host`."
        ),
        allow_abbrev=False,  # `--p` must not quietly become --port when the user meant a TUI flag
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1; others are refused)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument(
        "--demo", action="store_true", help="one local server with sample files, shared by every tab (no key, no network)"
    )
    return parser


def _host_name(host_header: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1', '[::1]:8000' → '::1'."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def tab_command(tui_args: list[str]) -> list[str]:
    """The same interpreter and installation as this process, so a tab never runs another copy."""
    return [sys.executable, "-m", "claude_files", *tui_args]


def tab_environment(base: dict[str, str], demo: bool) -> dict[str, str]:
    """What a tab's app runs with: the user's environment, minus what would mislead it."""
    environment = dict(base)
    for name in _TERMINAL_MULTIPLEXER_ENV:
        environment.pop(name, None)
    if demo:  # the shared demo server takes any key; the user's real credentials stay out of it
        environment.pop("ANTHROPIC_AUTH_TOKEN", None)
        environment["ANTHROPIC_API_KEY"] = "demo-key"
    return environment


def _check_tui_args(tui_args: list[str]) -> None:
    """Bad TUI options fail now, with argparse's words, not once per tab in the browser."""
    parser = tui_parser()
    parser.prog = "claude-files web"  # the error names the command the user typed
    parser.parse_args(tui_args)


def web_main(argv: list[str]) -> int:
    options, tui_args = web_parser().parse_known_args(argv)
    if not is_loopback(options.host):
        print(
            f"Refusing to serve on {options.host!r}: the page acts with your API credentials and has no login "
            "of its own, so it listens on 127.0.0.1 only. From another machine, forward the port: "
            f"ssh -L {options.port or DEFAULT_PORT}:127.0.0.1:{options.port or DEFAULT_PORT} {socket.gethostname()}",
            file=sys.stderr,
        )
        return 2
    if not 0 <= options.port <= 65535:
        print(f"--port must be between 0 and 65535, not {options.port}", file=sys.stderr)
        return 2
    _check_tui_args(tui_args)
    try:
        listener = socket.create_server((options.host.strip("[]"), options.port), reuse_port=False)
    except OSError as exc:
        print(f"Could not listen on {options.host}:{options.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1

    demo_server: Any = None
    if options.demo:
        from .launch import DEMO_KEY
        from .server import LocalServer

        demo_server = LocalServer(demo_data=True, admin_key=DEMO_KEY)  # as the TUI's own demo: `O` lists its workspaces
        tui_args = [*tui_args, "--demo", "--base-url", demo_server.start()]  # each tab: the demo, on this one server
    try:
        BrowserServer(
            command=tab_command(tui_args),
            environment=tab_environment(dict(os.environ), demo=options.demo),
            listener=listener,
            demo=f"{demo_server.url} (sample files in {demo_server.data_dir}; removed when this stops)" if demo_server else None,
        ).serve_forever()
    finally:
        listener.close()
        if demo_server is not None:
            demo_server.close()  # stops it and removes its temporary data
    print("stopped.", flush=True)
    return 0


class BrowserServer:
    """textual-serve's Server with the guard above, and every tab's process accounted for."""

    def __init__(self, command: list[str], environment: dict[str, str], listener: socket.socket, demo: str | None) -> None:
        from textual_serve.server import Server

        self.listener = listener
        address = str(listener.getsockname()[0])
        self.host = f"[{address}]" if ":" in address else address  # as a URL and `ssh -L` write it
        self.port = int(listener.getsockname()[1])
        self.token = secrets.token_urlsafe(24)
        self.command = command
        self.environment = environment
        self.demo = demo
        self.tab_class = tab_process_class()
        self.tabs: dict[Any, web.WebSocketResponse] = {}
        outer = self

        class GuardedServer(Server):
            async def handle_index(self, request: web.Request) -> Any:
                # The page's absolute URLs must name the host the browser used (127.0.0.1 or localhost),
                # or the access cookie, set per host, would not reach the websocket.
                self.public_url = f"http://{request.host}"
                return await super().handle_index(request)

            async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
                return await outer.handle_websocket(request, self.download_manager)

            async def on_startup(self, app: web.Application) -> None:
                outer.announce()

            async def on_shutdown(self, app: web.Application) -> None:
                await outer.stop_all_tabs()

        self.server = GuardedServer(shlex.join(command), host=address, port=self.port, title="claude-files")

    @property
    def page_url(self) -> str:
        return f"http://{self.host}:{self.port}/?token={self.token}"

    def announce(self) -> None:
        """The start-up lines (tests read the URLs from them)."""
        port = self.port
        print(f"claude-files web: open {self.page_url}", flush=True)
        print(f"From another machine: ssh -L {port}:{self.host}:{port} {socket.gethostname()}", flush=True)
        print(
            f"  then open the same URL there. Only {self.host} (loopback) is served: the page acts with your credentials.",
            flush=True,
        )
        if self.demo:
            print(f"demo API server: {self.demo}", flush=True)
        print("Each browser tab runs its own claude-files. Press Ctrl-C to stop.", flush=True)

    @web.middleware
    async def guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Any:
        """Loopback Host only; the page, its websocket and downloads need the token (URL or cookie)."""
        if not is_loopback(_host_name(request.host)):
            return web.Response(status=403, text="claude-files web answers to 127.0.0.1 or localhost only.\n")
        path = request.path
        if not (path == "/" or path.startswith(_GUARDED_PREFIXES)):
            return await handler(request)  # static scripts, styles and fonts: nothing secret
        from_url = request.query.get("token", "")
        from_cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not any(hmac.compare_digest(given, self.token) for given in (from_url, from_cookie) if given):
            return web.Response(
                status=403,
                text="Open the URL that `claude-files web` printed: it carries this server's access token.\n",
            )
        origin = request.headers.get("Origin")
        if path == "/ws" and origin is not None and origin != f"http://{request.host}":
            return web.Response(status=403, text="Cross-site connection refused.\n")
        response = await handler(request)
        if path == "/" and from_url:
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request, download_manager: Any) -> web.WebSocketResponse:
        """One tab: start its app, pass keys and sizes in and the screen out, stop it when the tab goes."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        await websocket.prepare(request)
        tab = self.tab_class(
            self.command,
            self.environment,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=download_manager,
        )
        self.tabs[tab] = websocket
        try:
            await tab.start(width, height)
            await self._relay(websocket, tab)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("a browser tab failed")
        finally:
            await tab.stop()
            self.tabs.pop(tab, None)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, tab: Any) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except ValueError:
                continue
            if kind == "stdin":
                await tab.send_bytes(str(data).encode("utf-8"))
            elif kind == "resize":
                await tab.set_terminal_size(_int(data.get("width"), 80), _int(data.get("height"), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await tab.blur()
            elif kind == "focus":
                await tab.focus()

    async def stop_all_tabs(self) -> None:
        tabs = list(self.tabs.items())
        await asyncio.gather(*(tab.stop() for tab, _ in tabs), return_exceptions=True)
        for _, websocket in tabs:
            with contextlib.suppress(Exception):
                await websocket.close()

    def serve_forever(self) -> None:
        """Until Ctrl-C, SIGTERM or SIGHUP; each ends every tab's process before returning."""
        from aiohttp.web_runner import GracefulExit

        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")  # no locals in tracebacks

        async def make_app() -> web.Application:
            import aiohttp_jinja2

            app = await server_application(self.server)  # textual-serve's routes, plus our guard
            app.middlewares.append(self.guard)
            aiohttp_jinja2.setup(app, loader=_page_without_outside_fonts())
            return app

        def request_exit() -> None:
            raise GracefulExit()

        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the SSH session it ran in dropped
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, request_exit)
        try:
            web.run_app(make_app(), sock=self.listener, handle_signals=False, loop=loop, print=None, shutdown_timeout=10)
        finally:
            loop.close()


_OUTSIDE_STYLESHEET = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.DOTALL)
_LOCAL_FONTS = """<style>
      @font-face { font-family: "Roboto Mono"; font-style: normal;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
    </style>"""


def _page_without_outside_fonts() -> Any:
    """textual-serve's page template with its Google Fonts link replaced by the same font from
    the files textual-serve ships: the page loads nothing from another host (`--demo` promises
    no network, and a font request tells a third party when the page is opened)."""
    import jinja2
    from textual_serve import server

    template = Path(server.__file__).parent / "templates" / "app_index.html"
    page = _OUTSIDE_STYLESHEET.sub(lambda _: _LOCAL_FONTS, template.read_text(encoding="utf-8"))
    return jinja2.DictLoader({"app_index.html": page})


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
