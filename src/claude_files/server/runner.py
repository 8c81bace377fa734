"""In-process server: runs the aiohttp app on its own thread and event loop."""

from __future__ import annotations

import asyncio
import mimetypes
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from .app import create_app
from .demo_data import seed_demo, synthetic_rows
from .demo_workspaces import seed_workspaces
from .fields import clean_filename, dt_to_us, guess_mime, now_us
from .protocol_log import protocol_logger
from .state import ServerState
from .storage import DEFAULT_WORKSPACE, MAX_FILE_BYTES, Storage
from .tokens import DEFAULT_TTL, TokenRegistry
from .workspaces import Workspace

mimetypes.add_type("text/markdown", ".md")


class LocalServer:
    """A local, offline imitation of the Claude Files API (plus messages, models, OAuth, workspaces).

    ``stop()`` stops serving but keeps the data, so ``start(port=srv.port)`` can
    bring the same server back. ``close()`` stops and, when no ``data_dir`` was
    given, removes the temporary data directory (also done at interpreter exit).

    Options (named as ``claude-files serve``'s flags):

    - ``data_dir``: where files are kept (default: a temporary directory).
    - ``demo_data``: seed the demo organisation: files in the default workspace, two agent
      sessions, and the named workspaces of ``demo_workspaces`` (Research, Finance, one archived).
    - ``synthetic``: N blob-less records, a share of them in a few sessions.
    - ``api_key``: accept only this key (default: any key). Sent as ``x-api-key`` or
      ``Authorization: Bearer`` (the SDK sends API keys as Bearer).
    - ``latency_ms``, ``fail_rate``, ``seed``: injected delay and faults.
    - ``storage_limit``, ``max_file_bytes``: the organization's quota (all workspaces together), per-file limit.
    - ``refuse_betas``: ``anthropic-beta`` values answered with the API's 400 for an unknown beta.
    - ``token_ttl``: seconds an OAuth access token from ``POST /v1/oauth/token`` lives (default
      3600); an expired one is refused with the API's 401 so the SDK refreshes and retries.
    - ``oauth_client_id``: when given, a refresh must name this client (else any client id).
    - ``refresh_token``: when given, the refresh token the server honours first (then the rotated
      ones it hands out); without it any refresh token not used before is honoured.
    - ``admin_key``: the key that may call ``GET /v1/organizations/workspaces``; other good
      credentials get 403, bad ones 401. It is also accepted on the files API.
    - Workspaces (``anthropic-workspace-id``): the admin key and OAuth tokens may act on any
      workspace; ``api_key``, when given, only on the default one (any key, when not given, on any).
      ``locked_workspaces``: ids no credential may act on (the API's 403), as a workspace the
      credential is not a member of.

    ``issue_tokens()`` hands out a first access/refresh pair (what a login would write to a
    profile's credentials file); ``expire_tokens()`` makes every issued access token expired now.
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        demo_data: bool = False,
        synthetic: int = 0,
        api_key: str | None = None,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        storage_limit: int | None = None,
        host: str = "127.0.0.1",
        seed: int | None = None,
        max_file_bytes: int = MAX_FILE_BYTES,
        refuse_betas: Iterable[str] = (),
        token_ttl: int = DEFAULT_TTL,
        oauth_client_id: str | None = None,
        refresh_token: str | None = None,
        admin_key: str | None = None,
        locked_workspaces: Iterable[str] = (),
    ) -> None:
        self._tmp_dir: str | None = None
        if data_dir is None:
            self._tmp_dir = tempfile.mkdtemp(prefix="claude-files-server-")
            data_dir = self._tmp_dir
            self._finalizer = weakref.finalize(self, shutil.rmtree, self._tmp_dir, True)
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host = host
        self.storage = Storage(self.data_dir, storage_limit)
        self.state = ServerState(
            storage=self.storage,
            api_key=api_key,
            latency_ms=float(latency_ms),
            fail_rate=float(fail_rate),
            max_file_bytes=max_file_bytes,
            seed=seed,
            refuse_betas=frozenset(refuse_betas),
            admin_key=admin_key,
            locked_workspaces=frozenset(locked_workspaces),
            tokens=TokenRegistry(ttl=token_ttl, client_id=oauth_client_id, refresh_token=refresh_token),
        )
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closed = False
        if demo_data and self.storage.get_meta("demo_seeded") is None:
            seed_demo(self.add_file)
            self.storage.set_meta("demo_seeded", "1")
        if demo_data and self.storage.get_meta("demo_workspaces_seeded") is None:
            seed_workspaces(self.state.workspaces.add, self.add_file)
            self.storage.set_meta("demo_workspaces_seeded", "1")
        if synthetic and self.storage.get_meta("synthetic_seeded") is None:
            self.storage.add_synthetic(synthetic_rows(synthetic, seed))
            self.storage.set_meta("synthetic_seeded", str(synthetic))
        self.storage.sweep_expired()

    # ------------------------------------------------------------- lifecycle
    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("server is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def requests_seen(self) -> list[tuple[str, str, dict[str, str], Any]]:
        return self.state.requests_seen

    def start(self, port: int = 0) -> str:
        if self._closed:
            raise RuntimeError("server is closed")
        if self.running:
            return self.url
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        errors: list[BaseException] = []

        async def boot() -> None:
            runner = web.AppRunner(
                create_app(self.state),
                access_log=None,
                shutdown_timeout=1.0,
                handle_signals=False,
                logger=protocol_logger(),  # never the raw bytes of a refused request: a header may hold a key
            )
            await runner.setup()
            site = web.TCPSite(runner, self.host, port, reuse_address=True)
            await site.start()
            self._runner = runner
            self.port = int(runner.addresses[0][1])

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(boot())
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            # Requests still sleeping in injected latency: cancel them quietly before closing.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name=f"claude-files-server:{port}", daemon=True)
        self._thread.start()
        ready.wait()
        if errors:
            self._thread.join()
            self._thread = self._loop = None
            raise errors[0]
        return self.url

    def stop(self) -> None:
        loop, thread, runner = self._loop, self._thread, self._runner
        if loop is None or thread is None:
            return
        if runner is not None and thread.is_alive():
            fut = asyncio.run_coroutine_threadsafe(runner.cleanup(), loop)
            try:
                fut.result(timeout=10)
            except Exception:
                pass
        if thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._loop = self._thread = self._runner = None

    def close(self) -> None:
        self.stop()
        if self._closed:
            return
        self._closed = True
        self.storage.close()
        if self._tmp_dir is not None:
            self._finalizer()

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- controls
    def set_faults(self, latency_ms: float | None = None, fail_rate: float | None = None) -> None:
        if latency_ms is not None:
            self.state.latency_ms = float(latency_ms)
        if fail_rate is not None:
            self.state.fail_rate = float(fail_rate)

    def issue_tokens(self) -> dict[str, Any]:
        """A fresh OAuth grant, shaped as ``POST /v1/oauth/token`` answers it."""
        grant = self.state.tokens.issue()
        return {"access_token": grant.access_token, "expires_in": grant.expires_in, "refresh_token": grant.refresh_token}

    def expire_tokens(self) -> None:
        self.state.tokens.expire_all()

    def add_workspace(self, workspace_id: str, name: str, *, archived: bool = False) -> None:
        """A named workspace for ``GET /v1/organizations/workspaces`` (its files: ``add_file(workspace=…)``)."""
        now = now_us()
        self.state.workspaces.add(Workspace(workspace_id, name, now, archived_us=now if archived else None))

    def add_file(
        self,
        filename: str,
        data: bytes,
        mime_type: str | None = None,
        *,
        downloadable: bool = False,
        expires_at: datetime | None = None,
        workspace: str | None = None,
        created_at: datetime | None = None,
        scope_id: str | None = None,
    ) -> dict[str, Any]:
        """Insert a file directly (as code execution or an agent session would); returns its metadata dict.

        ``scope_id`` (a ``sesn_…`` id) puts the file in that session's scope.
        """
        mime = guess_mime(filename, mime_type)
        return self.storage.add_bytes(
            bytes(data),
            workspace=workspace or DEFAULT_WORKSPACE,
            filename=clean_filename(filename, mime),
            mime_type=mime,
            downloadable=downloadable,
            expires_at_us=dt_to_us(expires_at) if expires_at is not None else None,
            created_at_us=dt_to_us(created_at) if created_at is not None else None,
            scope_id=scope_id,
        )

    def file_count(self, workspace: str | None = None) -> int:
        return self.storage.file_count(workspace)

    def stored_bytes(self, workspace: str | None = None) -> int:
        return self.storage.stored_bytes(workspace)

    def blob_paths(self) -> list[Path]:
        return self.storage.blob_paths()
