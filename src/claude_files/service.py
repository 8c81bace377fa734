"""The one module of the TUI that talks to the Claude API (through the official SDK).

Everything here is async and meant to run inside Textual workers. The SDK is imported
lazily (`import anthropic` costs about a second), in a thread, by `FilesService.connect`.
SDK exceptions leave this module only as `ServiceError` (service_errors.py): plain words
saying what happened and what to do, never the API key. The types and constants its callers
share live in service_types.py, so that importing them never imports this module.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from .adapters.httpcore_private import tune_http_reads
from .service_errors import Hint, ServiceError, Then, describe_error, header_flaw, no_credentials, unsendable_credential
from .service_types import (
    FILES_BETA,
    FIRST_PAGE_SIZE,
    IDS_PER_REQUEST,
    PAGE_SIZE,
    SDK_MAX_RETRIES,
    SESSIONS_BETA,
    Connection,
    Identity,
    Progress,
    StreamDelta,
    Timeouts,
    WorkspaceInfo,
)
from .upload_reader import ProgressReader

# Re-exported: the screens, the app and the tests import these from here.
__all__ = [
    "FIRST_PAGE_SIZE",
    "IDS_PER_REQUEST",
    "PAGE_SIZE",
    "SDK_MAX_RETRIES",
    "SESSIONS_BETA",
    "Connection",
    "FilePage",
    "FilesService",
    "ServiceError",
    "Timeouts",
]

if TYPE_CHECKING:  # pragma: no cover - typing only
    from anthropic import AsyncAnthropic
    from anthropic.types import FileMetadata


@dataclass
class FilePage:
    files: list[FileMetadata]
    next_page: str | None


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
        self._once_client: AsyncAnthropic | None = None  # `list_page(once=True)`: no SDK retries

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
            raise no_credentials(str(error), connection.api_key) from None
        if client.api_key is None and client.auth_token is None and client.credentials is None:
            await client.close()
            raise no_credentials("", None)
        identity = _identity_of(anthropic, client, connection)
        static = client.api_key or client.auth_token
        flaw = header_flaw(static) if static else None
        if flaw:  # else the request fails as "Cannot reach …" (a line break) or a bare 400 (a control character)
            await client.close()
            raise unsendable_credential(identity.credential, flaw)
        service = cls(connection, client, identity, timeouts)
        service._errors = anthropic
        service._transfer_timeout = anthropic.Timeout(timeouts.stall, connect=limits, pool=limits)
        service._answer_timeout = anthropic.Timeout(timeouts.answer, connect=limits, pool=limits)
        return service

    async def close(self) -> None:
        await self._client.close()

    async def list_workspaces(self, limit: int = 1000, *, every: bool = False) -> list[WorkspaceInfo] | None:
        """The organization's workspaces (up to `limit`), or None when this credential may not
        list them (401/403: not an error, most credentials may not). `every`: the default and
        archived workspaces too (their files count against the organization's cap)."""
        found: list[WorkspaceInfo] = []
        extra: dict[str, Any] = {"include_default": True, "include_archived": True} if every else {}
        try:
            async with self._errors_as_words():
                async for workspace in self._client.organization.workspaces.list(limit=100, **extra):
                    found.append(WorkspaceInfo(workspace.id, workspace.name, workspace.archived_at is not None))
                    if len(found) >= limit:
                        break
        except ServiceError as error:
            if error.status in (401, 403, 404):
                return None
            raise
        return found

    def in_workspace(self, workspace_id: str | None) -> FilesService:
        """This connection acting on another workspace: every request sends `workspace_id` as
        anthropic-workspace-id (None: no header, the credential's default workspace). It shares
        this client's connections: close only this one."""
        header = workspace_id if workspace_id is not None else self._errors.omit
        client = self._client.with_options(default_headers={"anthropic-workspace-id": header})
        service = FilesService(self.connection, client, dataclasses.replace(self.identity, workspace=workspace_id), self.timeouts)
        service._errors = self._errors
        service._transfer_timeout, service._answer_timeout = self._transfer_timeout, self._answer_timeout
        service.sessions_refused = self.sessions_refused
        return service

    # --- files -------------------------------------------------------------------------

    async def list_page(
        self, page: str | None = None, limit: int = PAGE_SIZE, *, scope_id: str | None = None, once: bool = False
    ) -> FilePage:
        """One page of files, newest first; with `scope_id` only that session's files. `once`:
        no retry by the SDK (a live check is one request; the caller backs off on its own).

        Raises ServiceError kind "no_sessions" for `scope_id` once the API refused the sessions beta.
        """
        params: dict[str, Any] = {"limit": limit}
        if page:
            params["page"] = page
        if scope_id is not None:
            params["scope_id"] = scope_id
        return await self._list(params, once=once)

    async def list_records(self, page: str | None = None, limit: int = PAGE_SIZE) -> tuple[list[dict[str, Any]], str | None]:
        """One page as the API's JSON records, no SDK model built: for figures that read two
        fields of every file of every workspace (O2: parsing them into models cost 5× more)."""
        params: dict[str, Any] = {"limit": limit}
        if page:
            params["page"] = page
        async with self._errors_as_words():
            response = await self._client.files.with_raw_response.list(**params)
            body = await response.json()
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise ServiceError("server", "The API answered a file list with something else.")
        next_page = body.get("next_page")
        return body["data"], next_page if isinstance(next_page, str) and next_page else None

    async def list_ids(self, ids: Iterable[str]) -> list[FileMetadata]:
        """The files among `ids` that exist (at most IDS_PER_REQUEST ids a call)."""
        wanted = list(dict.fromkeys(ids))[:IDS_PER_REQUEST]
        return (await self._list({"ids": wanted})).files

    async def _list(self, params: dict[str, Any], *, once: bool = False) -> FilePage:
        """The beta list (file metadata with `scope`), or the GA one once the API has refused the beta."""
        client = self._client
        if once:
            if self._once_client is None:
                self._once_client = client.with_options(max_retries=0)  # shares the connection pool
            client = self._once_client
        async with self._errors_as_words():
            if not self.sessions_refused:
                try:
                    raw = await client.beta.files.with_raw_response.list(**params, betas=[FILES_BETA, SESSIONS_BETA])
                    return await _page_of(raw, beta=True)
                except self._errors.BadRequestError as error:
                    if "anthropic-beta" not in str(error.message):
                        raise
                    self.sessions_refused = True
            if "scope_id" in params:
                raise ServiceError("no_sessions", "This API does not list files by session.", Hint(then=Then.LIST_ALL))
            return await _page_of(await client.files.with_raw_response.list(**params), beta=False)

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
        reader = cast(BinaryIO, ProgressReader(source, progress))
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
        return _ErrorTranslator(
            self._errors, self.connection, self.identity, file_id, self.timeouts.reply if waited is None else waited
        )


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
        credential=_credential_name(client, connection, profile),
    )


def _credential_name(client: AsyncAnthropic, connection: Connection, profile: str | None) -> str:
    """Which credential the client sends, in words for a message (never its value)."""
    if connection.api_key:
        return "The API key"
    if client.api_key:
        return "ANTHROPIC_API_KEY"
    if client.auth_token:
        return "ANTHROPIC_AUTH_TOKEN"
    if profile not in (None, "env"):
        return f"The token of profile {profile}"
    return "The access token"


class _ErrorTranslator:
    """`async with` block that re-raises SDK errors as `ServiceError`s, timing the call."""

    def __init__(self, sdk: Any, connection: Connection, identity: Identity, file_id: str | None, waited: float) -> None:
        self._sdk = sdk
        self._connection = connection
        self._identity = identity
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
        raise describe_error(
            self._sdk, exc, self._connection, self._identity, self._file_id, elapsed=elapsed, waited=self._waited
        ) from None


async def _page_of(raw: Any, *, beta: bool) -> FilePage:
    """A list response as SDK objects, validated by pydantic-core: equal objects to the SDK's own
    parse, which builds each field in Python at about 40 µs a file (most of the CPU of `ls` and
    `du`), for a fifteenth of that. A page it refuses (a field the model cannot take) goes
    through the SDK's lenient parse instead."""
    from anthropic.types import FileMetadata
    from anthropic.types.beta import BetaFileMetadata

    model = BetaFileMetadata if beta else FileMetadata
    try:
        body = raw.http_response.json()
        files: list[Any] = [model.model_validate(item) for item in body["data"]]
        next_page = body.get("next_page")
        if next_page is None or isinstance(next_page, str):
            return FilePage(files=files, next_page=next_page)
    except (ValueError, TypeError, KeyError, AttributeError):  # not JSON, not a list, a refused field (ValidationError)
        pass  # the SDK's own reading decides
    page = await raw.parse()
    return FilePage(files=list(page.data), next_page=page.next_page)


HTTP_READ_BYTES = 1024 * 1024


def _import_sdk() -> Any:
    import anthropic
    import anthropic.lib.credentials  # CredentialsFile, to name the profile loaded

    tune_http_reads()
    return anthropic
