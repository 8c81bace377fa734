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
from typing import TYPE_CHECKING, Any, BinaryIO

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
    """Where the service points; what the header shows (never the key)."""

    base_url: str
    api_key: str | None = field(repr=False)  # never in a repr, log or crash traceback
    workspace: str | None = None
    is_demo: bool = False

    @property
    def label(self) -> str:
        if self.is_demo:
            return "local demo server"
        from urllib.parse import urlsplit

        return urlsplit(self.base_url).netloc or self.base_url


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
    if secret and len(secret) >= 4:
        text = text.replace(secret, "[redacted]")
    return text


class FilesService:
    """Async access to the Files and Messages APIs for one connection."""

    def __init__(self, connection: Connection, client: AsyncAnthropic, timeouts: Timeouts | None = None) -> None:
        self.connection = connection
        self._client = client
        self._errors: Any = None
        self.timeouts = timeouts or Timeouts()
        self._transfer_timeout: Any = None
        self._answer_timeout: Any = None

    @classmethod
    async def connect(
        cls, connection: Connection, *, max_retries: int = SDK_MAX_RETRIES, timeouts: Timeouts | None = None
    ) -> FilesService:
        """Import the SDK off the event loop and build the client."""
        if not connection.api_key:
            raise ServiceError(
                "no_key",
                "No API key is set.",
                "Export ANTHROPIC_API_KEY=sk-ant-… and start again, or try `claude-files --demo`.",
            )
        anthropic = await asyncio.to_thread(_import_sdk)
        headers = {"anthropic-workspace-id": connection.workspace} if connection.workspace else None
        timeouts = timeouts or Timeouts()
        limits = timeouts.connect
        client = anthropic.AsyncAnthropic(
            api_key=connection.api_key,
            base_url=connection.base_url,
            max_retries=max_retries,
            default_headers=headers,
            timeout=anthropic.Timeout(timeouts.reply, connect=limits, pool=limits),
        )
        service = cls(connection, client, timeouts)
        service._errors = anthropic
        service._transfer_timeout = anthropic.Timeout(timeouts.stall, connect=limits, pool=limits)
        service._answer_timeout = anthropic.Timeout(timeouts.answer, connect=limits, pool=limits)
        return service

    async def close(self) -> None:
        await self._client.close()

    # --- files -------------------------------------------------------------------------

    async def list_page(self, page: str | None = None, limit: int = PAGE_SIZE) -> FilePage:
        async with self._errors_as_words():
            result = await self._client.files.list(limit=limit, **({"page": page} if page else {}))
            return FilePage(files=list(result.data), next_page=result.next_page)

    async def list_ids(self, ids: Iterable[str]) -> list[FileMetadata]:
        """The files among `ids` that exist (at most IDS_PER_REQUEST ids a call)."""
        wanted = list(dict.fromkeys(ids))[:IDS_PER_REQUEST]
        async with self._errors_as_words():
            result = await self._client.files.list(ids=wanted)
            return list(result.data)

    async def retrieve(self, file_id: str) -> FileMetadata:
        async with self._errors_as_words(file_id=file_id):
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
        reader = _ProgressReader(source, progress)
        part = (filename, reader, mime_type) if mime_type else (filename, reader)
        extra = {"expires_in_seconds": expires_in_seconds} if expires_in_seconds else {}
        async with self._errors_as_words(waited=self.timeouts.stall):
            return await self._client.files.upload(file=part, timeout=self._transfer_timeout, **extra)

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
        if isinstance(error, sdk.APIConnectionError):
            if isinstance(error, sdk.APITimeoutError):
                return self._no_answer(elapsed, waited)
            return ServiceError(
                "network",
                f"Cannot reach {self.connection.label}.",
                "Check the network or ANTHROPIC_BASE_URL, then press r to retry.",
            )
        if any(cls.__name__ == "TimeoutException" for cls in type(error).__mro__):
            return self._no_answer(elapsed, waited)  # a body that stopped flowing mid-stream
        if any(cls.__name__ == "TransportError" for cls in type(error).__mro__):
            # httpx errors while a body streams (download, answer) are not wrapped by the SDK.
            return ServiceError(
                "network", f"The connection to {self.connection.label} broke off.", "Check the network, then retry."
            )
        if isinstance(error, sdk.APIStatusError):
            code = error.error_code
            api_message = _redact(str(error.api_message or ""), key)
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
                return ServiceError(
                    "auth",
                    "The API key was rejected (401).",
                    "Check ANTHROPIC_API_KEY (and --workspace), then press r to retry.",
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

    async def __aexit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is None or isinstance(exc, (asyncio.CancelledError, ServiceError, GeneratorExit)):
            return False
        if not isinstance(exc, Exception):
            return False
        elapsed = time.monotonic() - self._started
        raise self._service.describe(exc, self._file_id, elapsed=elapsed, waited=self._waited) from None


HTTP_READ_BYTES = 1024 * 1024


def _import_sdk() -> Any:
    import anthropic

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
