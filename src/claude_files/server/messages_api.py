"""/v1/messages, /v1/messages/count_tokens and /v1/models routes."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

from aiohttp import web

from .errors import APIError, invalid, not_found
from .fields import BASE62, is_valid_file_id
from .http import id_page, state_of, workspace_of
from .responder import Responder, count_tokens, sse_events

MODELS: list[dict[str, Any]] = [
    {
        "id": "claude-sonnet-4-6",
        "display_name": "Claude Sonnet 4.6",
        "created_at": "2026-02-17T00:00:00Z",
        "line": "sonnet",
    },
    {
        "id": "claude-opus-4-7",
        "display_name": "Claude Opus 4.7",
        "created_at": "2026-04-16T00:00:00Z",
        "line": "opus",
    },
    {
        "id": "claude-haiku-4-5",
        "display_name": "Claude Haiku 4.5",
        "created_at": "2025-10-15T00:00:00Z",
        "line": "haiku",
    },
]
DEFAULT_MODEL = MODELS[0]["id"]


def model_info(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "model",
        "id": m["id"],
        "display_name": m["display_name"],
        "created_at": m["created_at"],
        "lifecycle": "active",
        "deprecated_at": None,
        "retires_at": None,
        "line": m["line"],
        "max_input_tokens": 200000,
        "max_tokens": 64000,
    }


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        body = json.loads(raw)
    except ValueError:
        raise invalid("There was an issue with your request body: it must be valid JSON.") from None
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object.")
    return body


def _validate(body: dict[str, Any], *, need_max_tokens: bool) -> None:
    model = body.get("model")
    if model is None:
        raise invalid("model: Field required")
    if not isinstance(model, str) or not model:
        raise invalid("model: Input should be a valid string")
    if need_max_tokens:
        mt = body.get("max_tokens")
        if mt is None:
            raise invalid("max_tokens: Field required")
        if isinstance(mt, bool) or not isinstance(mt, int) or mt < 1:
            raise invalid("max_tokens: Input should be a positive integer")
    messages = body.get("messages")
    if messages is None:
        raise invalid("messages: Field required")
    if not isinstance(messages, list) or not messages:
        raise invalid("messages: at least one message is required")
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict) or msg.get("role") not in ("user", "assistant"):
            raise invalid(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        content = msg.get("content")
        if isinstance(content, str):
            continue
        if not isinstance(content, list):
            raise invalid(f"messages.{i}.content: Input should be a valid string or list of content blocks")
        for j, blk in enumerate(content):
            if not isinstance(blk, dict) or not isinstance(blk.get("type"), str):
                raise invalid(f"messages.{i}.content.{j}: Input should be a valid content block")
    if not model.startswith("claude-"):
        raise not_found(f"model: {model}")


def _file_refs(body: dict[str, Any]) -> list[str]:
    refs: list[str] = []
    for msg in body.get("messages") or []:
        content = msg.get("content")
        if not isinstance(content, list):
            continue
        for blk in content:
            t = blk.get("type")
            src = blk.get("source") if isinstance(blk.get("source"), dict) else {}
            if t in ("document", "image") and src.get("type") == "file":
                refs.append(str(src.get("file_id", "")))
            elif t == "container_upload":
                refs.append(str(blk.get("file_id", "")))
    return refs


def _resolve_files(request: web.Request, body: dict[str, Any]) -> dict[str, tuple[dict[str, Any], bytes | None]]:
    st = state_of(request)
    ws = workspace_of(request)
    out: dict[str, tuple[dict[str, Any], bytes | None]] = {}
    for file_id in _file_refs(body):
        if file_id in out:
            continue
        row = st.storage.get_row(file_id, ws) if is_valid_file_id(file_id) else None
        if row is None:
            raise not_found(f"File not found: {file_id}")
        if st.storage.is_expired(row):
            raise not_found(f"File {file_id} has expired and its content is no longer available.", "file_expired")
        try:
            data: bytes | None = st.storage.read_content(row)
        except FileNotFoundError:
            raise not_found(f"File not found: {file_id}") from None
        out[file_id] = (st.storage.to_metadata(row), data)
    return out


def _msg_id() -> str:
    return "msg_011C" + "".join(secrets.choice(BASE62) for _ in range(20))


async def create_message(request: web.Request) -> web.StreamResponse:
    body = await _json_body(request)
    _validate(body, need_max_tokens=True)
    files = _resolve_files(request, body)
    responder = Responder(body, files)
    content = responder.content()
    out_text = "".join(b.get("text", "") for b in content)
    message = {
        "id": _msg_id(),
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": content,
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": responder.input_tokens(),
            "output_tokens": count_tokens(out_text),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "service_tier": "standard",
        },
    }
    if not body.get("stream"):
        return web.json_response(message)
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"})
    await resp.prepare(request)
    st = state_of(request)
    for name, data in sse_events(message):
        await resp.write(f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
        if name == "content_block_delta":
            await asyncio.sleep(min(st.latency_ms, 200) / 4000 if st.latency_ms > 0 else 0)
    await resp.write_eof()
    return resp


async def count_message_tokens(request: web.Request) -> web.Response:
    body = await _json_body(request)
    _validate(body, need_max_tokens=False)
    files = _resolve_files(request, body)
    n = Responder(body, files).input_tokens()
    if body.get("tools"):
        n += count_tokens(json.dumps(body["tools"]))
    return web.json_response({"input_tokens": n})


async def list_models(request: web.Request) -> web.Response:
    return id_page(request.query, MODELS, lambda model: str(model["id"]), model_info)


async def get_model(request: web.Request) -> web.Response:
    model_id = request.match_info["model_id"]
    for m in MODELS:
        if m["id"] == model_id:
            return web.json_response(model_info(m))
    raise APIError(404, "not_found_error", f"model: {model_id}")


def add_message_routes(app: web.Application) -> None:
    app.router.add_post("/v1/messages", create_message)
    app.router.add_post("/v1/messages/count_tokens", count_message_tokens)
    app.router.add_get("/v1/models", list_models)
    app.router.add_get("/v1/models/{model_id}", get_model)
