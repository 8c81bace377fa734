"""/v1/files routes.

Every file is answered in the beta shape (``BetaFileMetadata``, with ``scope``): the SDK's GA and
beta calls send the same request unless the caller adds a beta header, so the server answers both
alike, and ``GET /v1/files?scope_id=sesn_…`` narrows any list to one session's files.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any
from urllib.parse import quote

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from .errors import APIError, invalid, not_found, storage_quota_exceeded
from .fields import clean_filename, decode_cursor, filename_problem, guess_mime, is_valid_file_id
from .http import state_of, workspace_of
from .storage import QuotaExceeded

CHUNK = 256 * 1024
MIN_EXPIRES, MAX_EXPIRES = 3600, 7_776_000
MULTIPART_SLACK = 1024 * 1024


def _too_large(limit: int) -> APIError:
    return APIError(413, "request_too_large", f"File exceeds the maximum allowed size of {limit} bytes.")


def _parse_expires(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise invalid("expires_in_seconds: Input should be a valid integer") from None
    if not MIN_EXPIRES <= value <= MAX_EXPIRES:
        raise invalid(f"expires_in_seconds: must be between {MIN_EXPIRES} and {MAX_EXPIRES}")
    return value


async def upload(request: web.Request) -> web.Response:
    st = state_of(request)
    ws = workspace_of(request)
    limit = st.max_file_bytes
    if request.content_length is not None and request.content_length > limit + MULTIPART_SLACK:
        raise _too_large(limit)
    if not request.content_type.startswith("multipart/"):
        raise invalid("Content-Type must be multipart/form-data")
    try:
        reader = await request.multipart()
    except (ValueError, AssertionError, KeyError) as exc:
        raise invalid(f"Invalid multipart body: {exc}") from None
    expires: int | None = None
    tmp = None
    filename = mime = ""
    size = 0
    try:
        while True:
            try:
                part = await reader.next()
            except (ValueError, HttpProcessingError) as exc:
                raise invalid(f"Invalid multipart body: {getattr(exc, 'message', exc)}") from None
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                await part.release()
                continue
            if part.name == "expires_in_seconds":
                expires = _parse_expires(await part.text())
            elif part.name == "file":
                if tmp is not None:
                    raise invalid("file: only one file may be uploaded per request")
                mime = guess_mime(part.filename or "", part.headers.get("Content-Type"))
                filename = clean_filename(part.filename, mime)
                if problem := filename_problem(filename):
                    raise invalid(problem)
                room = st.storage.storage_limit - st.storage.live_bytes()  # the organization's, not the workspace's
                tmp, fh = st.storage.new_temp()
                with fh:
                    while chunk := await part.read_chunk(CHUNK):
                        size += len(chunk)
                        if size > limit:
                            raise _too_large(limit)
                        if size > room:
                            raise storage_quota_exceeded(st.storage.storage_limit)
                        fh.write(chunk)
                    fh.flush()
                    await asyncio.get_running_loop().run_in_executor(None, os.fsync, fh.fileno())
            else:
                await part.release()
        if tmp is None:
            raise invalid("file: Field required")
        expires_us = None
        created = st.storage.next_created_us()
        if expires is not None:
            expires_us = created + expires * 1_000_000
        try:
            meta = st.storage.commit_temp(
                tmp,
                workspace=ws,
                filename=filename,
                mime_type=mime,
                size=size,
                expires_at_us=expires_us,
                created_at_us=created,
            )
        except QuotaExceeded:
            raise storage_quota_exceeded(st.storage.storage_limit) from None
        tmp = None
        return web.json_response(meta)
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _get_row(request: web.Request) -> Any:
    file_id = request.match_info["file_id"]
    row = state_of(request).storage.get_row(file_id, workspace_of(request)) if is_valid_file_id(file_id) else None
    if row is None:
        raise not_found(f"File not found: {file_id}" if is_valid_file_id(file_id) else "File not found.")
    return row


def _int_param(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise invalid(f"{name}: Input should be a valid integer") from None


async def list_files(request: web.Request) -> web.Response:
    st = state_of(request)
    ws = workspace_of(request)
    q = request.query
    scope_id = q.get("scope_id")
    if scope_id is not None and not scope_id.strip():
        raise invalid("scope_id: must not be empty")
    raw_ids = q.getall("ids[]", []) + q.getall("ids", [])
    ids: list[str] = []
    for value in raw_ids:
        for one in value.split(","):
            one = one.strip()
            if one and one not in ids:
                ids.append(one)
    if raw_ids:
        if "page" in q or "limit" in q:
            raise invalid("ids is mutually exclusive with page and limit")
        if len(ids) > 100:
            raise invalid("ids: at most 100 ids may be given")
        return web.json_response({"data": st.storage.list_ids(ws, ids, scope_id), "next_page": None})
    limit = _int_param(q["limit"], "limit") if "limit" in q else 20
    if not 1 <= limit <= 1000:
        raise invalid("limit: must be between 1 and 1000")
    after = None
    if q.get("page"):
        after = decode_cursor(q["page"])
        if after is None:
            raise invalid("page: invalid page cursor")
    data, nxt = st.storage.list_page(ws, limit, after, scope_id)
    return web.json_response({"data": data, "next_page": nxt})


async def get_file(request: web.Request) -> web.Response:
    return web.json_response(state_of(request).storage.to_metadata(_get_row(request)))


async def delete_file(request: web.Request) -> web.Response:
    row = _get_row(request)
    if not state_of(request).storage.delete(row["id"], workspace_of(request)):
        raise not_found(f"File not found: {row['id']}")
    return web.json_response({"id": row["id"], "type": "file_deleted"})


async def download(request: web.Request) -> web.StreamResponse:
    st = state_of(request)
    row = _get_row(request)
    if st.storage.is_expired(row):
        st.storage.purge_expired_blob(row)
        raise not_found(f"File {row['id']} has expired and its content is no longer available.", "file_expired")
    if not row["downloadable"]:
        raise invalid(
            f"File {row['id']} is not downloadable. Only files created by tools such as code execution can be downloaded.",
            "file_not_downloadable",
        )
    try:
        chunks = st.storage.iter_content(row)
        first = next(chunks, b"")
    except FileNotFoundError:
        raise not_found(f"File not found: {row['id']}") from None
    resp = web.StreamResponse(
        headers={
            "Content-Type": row["mime_type"],
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
        }
    )
    resp.content_length = row["size_bytes"]
    await resp.prepare(request)
    if first:
        await resp.write(first)
    for chunk in chunks:
        await resp.write(chunk)
    await resp.write_eof()
    return resp


def add_file_routes(app: web.Application) -> None:
    app.router.add_post("/v1/files", upload)
    app.router.add_get("/v1/files", list_files)
    app.router.add_get("/v1/files/{file_id}", get_file)
    app.router.add_delete("/v1/files/{file_id}", delete_file)
    app.router.add_get("/v1/files/{file_id}/content", download)
