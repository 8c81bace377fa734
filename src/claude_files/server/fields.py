"""A stored file's fields as the API shows them: ids, timestamps, names, MIME types, page cursors.

Pure functions, no database: shared by the storage, the routes and the demo seeds.
"""

from __future__ import annotations

import base64
import mimetypes
import secrets
import string
import time
from datetime import UTC, datetime, timedelta

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ID_PREFIX = "file_011C"
SESSION_PREFIX = "sesn_011C"
FORBIDDEN_FILENAME_CHARS = set('<>:"|?*')


def new_id(prefix: str = ID_PREFIX, n: int = 20) -> str:
    return prefix + "".join(secrets.choice(BASE62) for _ in range(n))


def is_valid_file_id(file_id: str) -> bool:
    return file_id.startswith("file_") and 6 <= len(file_id) <= 128 and all(c in BASE62 or c == "_" for c in file_id[5:])


def now_us() -> int:
    return time.time_ns() // 1000


def dt_to_us(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    delta = dt - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


_EPOCH = datetime(1970, 1, 1)


def us_to_rfc3339(us: int) -> str:
    """``2026-12-06T20:11:29.569459Z``; isoformat is twice as fast as strftime, which was the
    largest cost of a 1,000-file page (O2 reads a hundred of them)."""
    return (_EPOCH + timedelta(microseconds=us)).isoformat(timespec="microseconds") + "Z"


def clean_filename(raw: str | None, mime_type: str) -> str:
    """Keep only the final path component; empty → ``unnamed`` + extension."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    if name in ("", ".", ".."):
        ext = mimetypes.guess_extension(mime_type) if mime_type != "application/octet-stream" else None
        name = "unnamed" + (ext or "")
    return name


def filename_problem(name: str) -> str | None:
    if not 1 <= len(name) <= 255:
        return "filename must be between 1 and 255 characters"
    for c in name:
        if c in FORBIDDEN_FILENAME_CHARS:
            return f"filename must not contain the character {c!r}"
        if ord(c) < 0x20 or ord(c) == 0x7F:
            return "filename must not contain control characters"
    return None


def guess_mime(filename: str, declared: str | None) -> str:
    declared = (declared or "").split(";", 1)[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    if guessed is None:
        low = filename.lower()
        if low.endswith((".md", ".markdown")):
            guessed = "text/markdown"
        elif low.endswith(".jsonl"):
            guessed = "application/jsonl"
    return guessed or "application/octet-stream"


def encode_cursor(created_us: int, file_id: str) -> str:
    raw = f"{created_us}:{file_id}".encode()
    return "page_" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str] | None:
    if not cursor.startswith("page_"):
        return None
    body = cursor[5:]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
        us, file_id = raw.split(":", 1)
        if not is_valid_file_id(file_id):
            return None
        return int(us), file_id
    except (ValueError, UnicodeDecodeError):
        return None
