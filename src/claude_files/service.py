"""The one module of the TUI that talks to the Claude API (through the official SDK).

Everything here is async and meant to run inside Textual workers. The SDK is imported
lazily (`import anthropic` costs about a second), in a thread, by `FilesService.connect`.
SDK exceptions leave this module only as `ServiceError`: plain words saying what
happened and what to do, never the API key.
"""

from __future__ import annotations

import asyncio
import io
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from .credentials import sanitise
from .text import clean

if TYPE_CHECKING:  # pragma: no cover - typing only
    from anthropic import AsyncAnthropic
    from anthropic.types import FileMetadata

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-sonnet-4-6"
FIRST_PAGE_SIZE = 100  # small, so the first rows are drawn sooner
PAGE_SIZE = 1000
IDS_PER_REQUEST = 100  # the API's cap on `ids=` in one list call
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
UPLOAD_CHUNK = 1024 * 1024
FILES_BETA = "files-api-2025-04-14"
SESSIONS_BETA = "managed-agents-2026-04-01"
"""The beta under which file metadata carries `scope` (the agent session) and lists take `scope_id`."""

SDK_MAX_RETRIES = 2
SDK_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # the SDK's backoff before retry n (jitter only shortens it)

Progress = Callable[[int], None]
"""Called with the number of bytes transferred so far."""


class ServiceError(Exception):
    """A failure told in the user's words: `message` says what happened, `hint` what to do."""

    def __init__(self, kind: str, message: str, hint: str = "", *, status: int | None = None) -> None:
        message, hint = clean(message), clean(hint)  # they carry the server's words: data, never control
        super().__init__(f"{message} {hint}".strip())
        self.kind = kind
        self.message = message
        self.hint = hint
        self.status = status

    @property
    def text(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Timeouts:
    """How long each kind of call may wait, in seconds, per attempt (the SDK retries).

    `connect` bounds opening a connection. A list, metadata or delete call gets `reply`
    for its answer. Transfers and streamed answers are never capped in total: `stall` and
    `answer` bound the wait for the next bytes (httpx's read and write timeouts are per
    socket operation), so a large file may take as long as it needs while it keeps moving.
    """

    connect: float = 5.0
    reply: float = 12.0
    stall: float = 60.0
    answer: float = 90.0

    def worst_case(self, seconds: float, max_retries: int = SDK_MAX_RETRIES) -> float:
        """The longest a call waiting `seconds` per attempt can take before it fails, every
        retry and backoff included: what a user waits at most to hear about a dead server."""
        backoff = sum(SDK_RETRY_DELAYS[min(n, len(SDK_RETRY_DELAYS) - 1)] for n in range(max_retries))
        return (max_retries + 1) * (self.connect + seconds) + backoff


@dataclass(frozen=True)
class Connection:
    """What the user asked for. Unset fields are left to the SDK's own resolution chain
    (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_PROFILE, the active profile,
    ANTHROPIC_BASE_URL, the profile's base_url and workspace_id)."""

    base_url: str | None  # None: ANTHROPIC_BASE_URL, else the profile's, else the SDK's default
    api_key: str | None = field(default=None, repr=False)  # given explicitly; never in a repr or log
    workspace: str | None = None  # wins over the profile's workspace_id
    is_demo: bool = False
    profile: str | None = None  # the SDK's `profile=`: wins over the environment

    @property
    def label(self) -> str:
        if self.is_demo:
            return "local demo server"
        return _host(self.base_url) if self.base_url else "…"


@dataclass(frozen=True)
class Identity:
    """Where the SDK actually resolved to: what the header and the switcher show."""

    base_url: str
    profile: str | None  # the profile loaded, "env" for a key or token from the environment, None if given
    workspace: str | None  # the anthropic-workspace-id the client sends (None: the credential's default)
    is_demo: bool = False

    @property
    def label(self) -> str:
        return "local demo server" if self.is_demo else _host(self.base_url)


@dataclass(frozen=True)
class WorkspaceInfo:
    id: str
    name: str


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url


@dataclass
class FilePage:
    files: list[FileMetadata]
    next_page: str | None


@dataclass
class StreamDelta:
    """One piece of a streamed answer: text, a citation, or the final usage."""

    text: str = ""
    citation: dict[str, Any] | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    stop_reason: str | None = None
    block_stop: bool = False  # a content block ended (where citation marks go)
    done: bool = False


class _ProgressReader(io.RawIOBase):
    """Wraps an open binary file so the SDK streams it in chunks and we see how far it got.

    The SDK reads a `Path` whole into memory; a file object it reads piece by piece.
    """

    def __init__(self, raw: BinaryIO, progress: Progress | None) -> None:
        super().__init__()
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        position = self._raw.seek(offset, whence)
        if self._progress is not None and whence == os.SEEK_SET:
            self._progress(position)
        return position

    def tell(self) -> int:
        return self._raw.tell()

    def read(self, size: int = -1) -> bytes:
        # httpx asks for 64 KiB at a time; 1 MiB pieces upload far faster (P4), memory still flat.
        return self._read(max(size, UPLOAD_CHUNK) if size > 0 else size)

    def _read(self, size: int) -> bytes:
        chunk = self._raw.read(size)
        if self._progress is not None and chunk:
            self._progress(self._raw.tell())
        return chunk

    def readinto(self, buffer: Any) -> int:  # pragma: no cover - httpx uses read()
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _redact(text: str, secret: str | None) -> str:
    """Known secrets (the key, a token from the environment) and anything shaped like one go."""
    return sanitise(text, (secret, os.environ.get("ANTHROPIC_API_KEY"), os.environ.get("ANTHROPIC_AUTH_TOKEN")))


NO_CREDENTIALS_HINT = "Export ANTHROPIC_API_KEY, run `ant auth login`, pick a profile with --profile, or try --demo."


class FilesService:
    """Async access to the Files and Messages APIs for one connection."""

    def __init__(
        self, connection: Connection, client: AsyncAnthropic, identity: Identity | None = None, timeouts: Timeouts | None = None
    ) -> None:
        self.connection = connection
        self._client = client
        self._errors: Any = None
        self.identity = identity or Identity(str(client.base_url), None, connection.workspace, connection.is_demo)
        self.sessions_refused = False  # the API refused the sessions beta: GA lists from now on (this connection)
        self.timeouts = timeouts or Timeouts()
        self._transfer_timeout: Any = None
        self._answer_timeout: Any = None

    @classmethod
    async def connect(
        cls, connection: Connection, *, max_retries: int = SDK_MAX_RETRIES, timeouts: Timeouts | None = None
    ) -> FilesService:
        """Import the SDK off the event loop and build the client, letting the SDK resolve
        whatever the user did not give explicitly. Nothing resolved: `ServiceError("no_key")`."""
        anthropic = await asyncio.to_thread(_import_sdk)
        chosen: dict[str, Any] = {}
        if connection.api_key:
            chosen["api_key"] = connection.api_key
        elif connection.profile:
            chosen["profile"] = connection.profile
        if connection.base_url:
            chosen["base_url"] = connection.base_url
        headers = {"anthropic-workspace-id": connection.workspace} if connection.workspace else None
        timeouts = timeouts or Timeouts()
        limits = timeouts.connect
        timeout = anthropic.Timeout(timeouts.reply, connect=limits, pool=limits)
        try:
            client = anthropic.AsyncAnthropic(max_retries=max_retries, default_headers=headers, timeout=timeout, **chosen)
        except anthropic.AnthropicError as error:  # a profile that cannot be loaded (CredentialsError)
            raise _no_credentials(str(error), connection.api_key) from None
        if client.api_key is None and client.auth_token is None and client.credentials is None:
            await client.close()
            raise _no_credentials("", None)
        service = cls(connection, client, _identity_of(anthropic, client, connection), timeouts)
        service._errors = anthropic
        service._transfer_timeout = anthropic.Timeout(timeouts.stall, connect=limits, pool=limits)
        service._answer_timeout = anthropic.Timeout(timeouts.answer, connect=limits, pool=limits)
        return service

    async def close(self) -> None:
        await self._client.close()

    async def list_workspaces(self, limit: int = 1000) -> list[WorkspaceInfo] | None:
        """The organization's workspaces (up to `limit`), or None when this credential may not
        list them (401/403: not an error, most credentials may not)."""
        found: list[WorkspaceInfo] = []
        try:
            async with self._errors_as_words():
                async for workspace in self._client.organization.workspaces.list(limit=100):
                    found.append(WorkspaceInfo(workspace.id, workspace.name))
                    if len(found) >= limit:
                        break
        except ServiceError as error:
            if error.status in (401, 403, 404):
                return None
            raise
        return found

    # --- files -------------------------------------------------------------------------

    async def list_page(self, page: str | None = None, limit: int = PAGE_SIZE, *, scope_id: str | None = None) -> FilePage:
        """One page of files, newest first; with `scope_id` only that session's files.

        Raises ServiceError kind "no_sessions" for `scope_id` once the API refused the sessions beta.
        """
        params: dict[str, Any] = {"limit": limit}
        if page:
            params["page"] = page
        if scope_id is not None:
            params["scope_id"] = scope_id
        result = await self._list(params)
        return FilePage(files=list(result.data), next_page=result.next_page)

    async def list_ids(self, ids: Iterable[str]) -> list[FileMetadata]:
        """The files among `ids` that exist (at most IDS_PER_REQUEST ids a call)."""
        wanted = list(dict.fromkeys(ids))[:IDS_PER_REQUEST]
        result = await self._list({"ids": wanted})
        return list(result.data)

    async def _list(self, params: dict[str, Any]) -> Any:
        """The beta list (file metadata with `scope`), or the GA one once the API has refused the beta."""
        async with self._errors_as_words():
            if not self.sessions_refused:
                try:
                    return await self._client.beta.files.list(**params, betas=[FILES_BETA, SESSIONS_BETA])
                except self._errors.BadRequestError as error:
                    if "anthropic-beta" not in str(error.message):
                        raise
                    self.sessions_refused = True
            if "scope_id" in params:
                raise ServiceError("no_sessions", "This API does not list files by session.", "Load all pages instead (End).")
            return await self._client.files.list(**params)

    async def retrieve(self, file_id: str) -> FileMetadata:
        async with self._errors_as_words(file_id=file_id):
            if not self.sessions_refused:
                try:
                    return await self._client.beta.files.retrieve_metadata(  # type: ignore[return-value]
                        file_id, betas=[FILES_BETA, SESSIONS_BETA]
                    )
                except self._errors.BadRequestError as error:
                    if "anthropic-beta" not in str(error.message):
                        raise
                    self.sessions_refused = True
            return await self._client.files.retrieve_metadata(file_id)

    async def upload(
        self,
        source: BinaryIO,
        filename: str,
        mime_type: str | None = None,
        *,
        expires_in_seconds: int | None = None,
        progress: Progress | None = None,
    ) -> FileMetadata:
        """Send an open file; memory stays flat whatever its size."""
        # A RawIOBase is a binary file at run time; typeshed just does not derive it from IO[bytes].
        reader = cast(BinaryIO, _ProgressReader(source, progress))
        part = (filename, reader, mime_type) if mime_type else (filename, reader)
        files = self._client.files
        async with self._errors_as_words(waited=self.timeouts.stall):
            if expires_in_seconds:
                return await files.upload(file=part, expires_in_seconds=expires_in_seconds, timeout=self._transfer_timeout)
            return await files.upload(file=part, timeout=self._transfer_timeout)

    async def download(self, file_id: str, sink: BinaryIO, progress: Progress | None = None) -> int:
        """Stream a file's bytes into `sink`; returns the byte count written."""
        written = 0
        async with self._errors_as_words(file_id=file_id, waited=self.timeouts.stall):
            async with self._client.files.with_streaming_response.download(file_id, timeout=self._transfer_timeout) as response:
                # Chunks as they arrive: re-chunking to a fixed size costs two thirds of the speed.
                async for chunk in response.iter_bytes():
                    sink.write(chunk)
                    written += len(chunk)
                    if progress is not None:
                        progress(written)
        return written

    async def read_head(self, file_id: str, limit: int) -> tuple[bytes, bool]:
        """The first `limit` bytes of a file (a preview needs no more), and whether there was more.

        Streams and stops reading once it has enough: leaving the `with` closes the response,
        so a 500 MB file costs the preview no more than its head.
        """
        chunks: list[bytes] = []
        held = 0
        truncated = False
        async with self._errors_as_words(file_id=file_id):
            async with self._client.files.with_streaming_response.download(file_id) as response:
                async for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    held += len(chunk)
                    if held >= limit:
                        truncated = held > limit or response.http_response.headers.get("content-length") != str(held)
                        break
        data = b"".join(chunks)
        return data[:limit], truncated or len(data) > limit

    async def delete(self, file_id: str) -> bool:
        """Delete a file. False when it was already gone (404), which counts as deleted."""
        try:
            async with self._errors_as_words(file_id=file_id):
                await self._client.files.delete(file_id)
        except ServiceError as error:
            if error.kind == "not_found":
                return False
            raise
        return True

    # --- messages ----------------------------------------------------------------------

    async def models(self) -> list[str]:
        async with self._errors_as_words():
            page = await self._client.models.list(limit=100)
            return [model.id for model in page.data]

    async def stream_answer(
        self, *, model: str, max_tokens: int, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None
    ) -> AsyncIterator[StreamDelta]:
        """Stream an answer as text and citation pieces, then one final `done` delta."""
        extra: dict[str, Any] = {"tools": tools} if tools else {}
        async with self._errors_as_words(waited=self.timeouts.answer):
            async with self._client.messages.stream(
                timeout=self._answer_timeout,
                model=model,
                max_tokens=max_tokens,
                messages=messages,  # type: ignore[arg-type]
                extra_headers={"anthropic-beta": FILES_BETA},
                **extra,
            ) as stream:
                async for event in stream:
                    if event.type == "content_block_delta":
                        delta = event.delta
                        if delta.type == "text_delta":
                            yield StreamDelta(text=delta.text)
                        elif delta.type == "citations_delta":
                            yield StreamDelta(citation=delta.citation.model_dump(exclude_none=True))
                    elif event.type == "content_block_stop":
                        yield StreamDelta(block_stop=True)
                final = await stream.get_final_message()
                yield StreamDelta(
                    input_tokens=final.usage.input_tokens,
                    output_tokens=final.usage.output_tokens,
                    stop_reason=final.stop_reason,
                    done=True,
                )

    # --- errors ------------------------------------------------------------------------

    def _errors_as_words(self, file_id: str | None = None, waited: float | None = None) -> _ErrorTranslator:
        """`waited`: the per-attempt timeout of this call kind (default: `Timeouts.reply`)."""
        return _ErrorTranslator(self, file_id, self.timeouts.reply if waited is None else waited)

    def describe(
        self, error: BaseException, file_id: str | None = None, *, elapsed: float | None = None, waited: float | None = None
    ) -> ServiceError:
        """Turn an SDK exception into words; the API key never survives into the text."""
        sdk = self._errors
        key = self.connection.api_key
        if isinstance(error, ServiceError):
            return error
        if isinstance(error, sdk.CredentialsError):  # e.g. the profile's credentials file is missing
            return _no_credentials(str(error), key)
        if type(error).__name__ == "WorkloadIdentityError":  # the token endpoint refused a refresh
            status = getattr(error, "status_code", None)
            why = f"the token endpoint answered {status}" if status else _redact(str(error), key)
            return ServiceError(
                "auth",
                f"The access token could not be refreshed ({why}).",
                "Sign in again (`ant auth login`), then press r to retry.",
                status=status,
            )
        if isinstance(error, sdk.APIConnectionError):
            if isinstance(error, sdk.APITimeoutError):
                return self._no_answer(elapsed, waited)
            return ServiceError(
                "network",
                f"Cannot reach {self.identity.label}.",
                "Check the network or ANTHROPIC_BASE_URL, then press r to retry.",
            )
        if any(cls.__name__ == "TimeoutException" for cls in type(error).__mro__):
            return self._no_answer(elapsed, waited)  # a body that stopped flowing mid-stream
        if any(cls.__name__ == "TransportError" for cls in type(error).__mro__):
            # httpx errors while a body streams (download, answer) are not wrapped by the SDK.
            return ServiceError(
                "network", f"The connection to {self.identity.label} broke off.", "Check the network, then retry."
            )
        if isinstance(error, sdk.APIStatusError):
            code = error.error_code
            api_message = sanitise(str(error.api_message or ""), (key, *_sent_secrets(error)))
            status = error.status_code
            subject = f"File {file_id}" if file_id else "The file"
            if code == "file_not_downloadable":
                return ServiceError(
                    "not_downloadable",
                    f"{subject} cannot be downloaded.",
                    "Only files created by code execution or skills can be downloaded; uploads cannot.",
                    status=status,
                )
            if code == "file_expired":
                return ServiceError(
                    "expired", f"{subject} has expired; its content is gone.", "Delete it or upload it again.", status=status
                )
            if code == "storage_quota_exceeded":
                return ServiceError(
                    "quota",
                    "The organization's file storage is full.",
                    "Delete files you no longer need (mark with space, then d), then retry.",
                    status=status,
                )
            if status == 401:
                by_key = self.identity.profile in (None, "env")
                return ServiceError(
                    "auth",
                    "The API key was rejected (401)." if by_key else "The profile's token was rejected (401).",
                    "Check ANTHROPIC_API_KEY (and --workspace), then press r to retry."
                    if by_key
                    else "Sign in again (`ant auth login`) or check the profile's workspace, then press r to retry.",
                    status=status,
                )
            if status == 403:
                return ServiceError("permission", "Permission denied (403).", api_message, status=status)
            if status == 404:
                return ServiceError("not_found", f"{subject} no longer exists (404).", "It was deleted elsewhere.", status=status)
            if status == 413:
                return ServiceError(
                    "too_large", "The file is too large (413).", "The Files API takes files up to 500 MB.", status=status
                )
            if status == 429:
                return ServiceError(
                    "rate_limited", "Rate limited (429), even after retries.", "Wait a moment, then retry.", status=status
                )
            if status == 529:
                return ServiceError("overloaded", "The API is overloaded (529).", "Wait a moment, then retry.", status=status)
            if status >= 500:
                return ServiceError("server", f"The server failed ({status}).", "Retry in a moment.", status=status)
            return ServiceError("bad_request", f"The request was refused ({status}): {api_message}", "", status=status)
        if isinstance(error, sdk.APIResponseValidationError):
            return ServiceError("server", "The server sent a response that could not be read.", "Retry in a moment.")
        if isinstance(error, OSError):
            return ServiceError("io", f"Local file error: {error.strerror or error}", "Check the path and permissions.")
        return ServiceError("unknown", f"Unexpected error: {_redact(type(error).__name__ + ': ' + str(error), key)}")

    def _no_answer(self, elapsed: float | None, waited: float | None) -> ServiceError:
        """A timeout, told as what the user saw: the server went silent, and for how long."""
        how_long = f" for {_seconds(elapsed)}" if elapsed else ""
        quiet = f" (no data for {_seconds(waited)} on each try)" if waited else ""
        return ServiceError(
            "timeout",
            f"{self.connection.label} did not answer{how_long}{quiet}.",
            "Check the network or the service's status, then retry.",
        )


def _seconds(value: float) -> str:
    if value < 10:
        return f"{value:.1f} s".replace(".0 ", " ")
    return f"{value:.0f} s" if value < 120 else f"{value / 60:.0f} min"


def _sent_secrets(error: Any) -> tuple[str, ...]:
    """The key or token that went out with the failed request (a profile's token is known
    to the SDK only), so a server repeating it back cannot get it shown."""
    request = getattr(error, "request", None)
    headers = getattr(request, "headers", None) or {}
    bearer = str(headers.get("authorization", ""))
    return tuple(value for value in (bearer.removeprefix("Bearer ").strip(), str(headers.get("x-api-key", ""))) if value)


def _no_credentials(sdk_words: str, key: str | None) -> ServiceError:
    """Nothing the SDK could authenticate with; its own words (sanitised) say why."""
    words = _redact(sdk_words, key)
    message = f"No usable credentials: {words}" if words else "No API key, token or profile was found."
    return ServiceError("no_key", message, NO_CREDENTIALS_HINT)


def _identity_of(sdk: Any, client: AsyncAnthropic, connection: Connection) -> Identity:
    """Read back what the SDK resolved: the profile it loaded, its base_url and workspace."""
    provider = client.credentials
    if connection.is_demo or connection.api_key:
        profile = None
    elif isinstance(provider, sdk.lib.credentials.CredentialsFile):
        profile = provider.profile
    else:
        profile = "env"
    workspace = client.default_headers.get("anthropic-workspace-id")
    return Identity(
        base_url=str(client.base_url).rstrip("/"),
        profile=profile,
        workspace=workspace if isinstance(workspace, str) and workspace else None,
        is_demo=connection.is_demo,
    )


class _ErrorTranslator:
    """`async with` block that re-raises SDK errors as `ServiceError`s, timing the call."""

    def __init__(self, service: FilesService, file_id: str | None, waited: float) -> None:
        self._service = service
        self._file_id = file_id
        self._waited = waited
        self._started = 0.0

    async def __aenter__(self) -> None:
        self._started = time.monotonic()
        return None

    async def __aexit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        """Never swallows: an SDK error leaves as a ServiceError, anything else as it came."""
        if exc is None or isinstance(exc, (asyncio.CancelledError, ServiceError, GeneratorExit)):
            return
        if not isinstance(exc, Exception):
            return
        elapsed = time.monotonic() - self._started
        raise self._service.describe(exc, self._file_id, elapsed=elapsed, waited=self._waited) from None


HTTP_READ_BYTES = 1024 * 1024


def _import_sdk() -> Any:
    import anthropic
    import anthropic.lib.credentials  # noqa: F401 - CredentialsFile, to name the profile loaded

    _tune_http_reads()
    return anthropic


def _tune_http_reads() -> None:
    """Read the socket 1 MiB at a time instead of httpcore's 64 KiB.

    Each read goes through h11, httpcore, httpx and the SDK; at 64 KiB that overhead held
    500 MB downloads to about 60 % of curl's speed (profiled). Larger reads halve the calls.
    Guarded: if the SDK's transport changes, the default simply stays.
    """
    try:
        from httpcore2._async.http11 import AsyncHTTP11Connection
    except ImportError:  # pragma: no cover - another transport
        return
    if isinstance(getattr(AsyncHTTP11Connection, "READ_NUM_BYTES", None), int):
        AsyncHTTP11Connection.READ_NUM_BYTES = max(AsyncHTTP11Connection.READ_NUM_BYTES, HTTP_READ_BYTES)
