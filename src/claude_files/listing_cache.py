"""The last view of each place, kept so that the next start draws it at once (no Textual, no SDK).

A start spends a second importing the SDK before it can ask for page 1; the rows it showed last
time are drawn meanwhile, marked stale (model/stale.py), and replaced by the fresh listing.
One small JSON file per place (profile + base URL + workspace) in the user cache dir, mode 0600,
replaced whole (json_file.py): file metadata only, never a key, token or the URL's user part.

The place is only known once the SDK has resolved the credentials, so a start looks it up from
what it was launched with (the options and the environment variables the SDK reads, never a
secret's value): a small pointer file per launch names the place that launch resolved to last.
A wrong guess costs nothing but a flash of another place's rows, marked stale, before the fresh
listing replaces them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .json_file import write_json_atomically
from .model.rows import FileRecord, scope_of, shared_scope

FORMAT = "claude-files listing cache"
VERSION = 1
ROWS_KEPT = 100  # the first page (service_types.FIRST_PAGE_SIZE): what a fresh start shows first
MAX_BYTES = 1_000_000  # a cache file larger than this was not written by us: ignored
PLACES_KEPT = 50  # older places' files go, so a cache dir of throwaway servers stays small
_SDK_ENV = ("ANTHROPIC_BASE_URL", "ANTHROPIC_PROFILE", "ANTHROPIC_CONFIG_DIR", "ANTHROPIC_WORKSPACE_ID")
_CREDENTIAL_ENV = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")  # only whether they are set


def cache_dir() -> Path:
    """CLAUDE_FILES_CACHE if set (tests point it at a temp dir), else the user cache dir
    (platformdirs: $XDG_CACHE_HOME/claude-files/listings on Linux)."""
    override = os.environ.get("CLAUDE_FILES_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("claude-files")) / "listings"


def launch_key(*, base_url: str | None, profile: str | None, workspace: str | None, key_given: bool) -> str:
    """What a start was asked for, before the SDK resolves it: the options, the SDK's variables
    and the active profile's name (a credential's presence, never its value), as a digest."""
    parts = [base_url or "", profile or "", workspace or "", str(key_given)]
    parts += [os.environ.get(name, "") for name in _SDK_ENV]
    parts += [str(bool(os.environ.get(name))) for name in _CREDENTIAL_ENV]
    parts.append(_active_profile())
    return _digest(parts)


def _active_profile() -> str:
    from .credentials import config_dir

    try:
        return (config_dir() / "active_config").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def place_of(identity: Any) -> dict[str, str | None]:
    """The place a listing belongs to, from a `service.Identity`: profile, base URL (without any
    user part) and workspace."""
    return {"profile": identity.profile, "base_url": _without_userinfo(identity.base_url), "workspace": identity.workspace}


def _without_userinfo(url: str) -> str:
    parts = urlsplit(str(url).rstrip("/"))
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _digest(parts: Iterable[str | None]) -> str:
    return hashlib.sha256(json.dumps(list(parts)).encode()).hexdigest()[:24]


class CachedListing:
    """The rows of one place as they were listed at `as_of`."""

    def __init__(self, place: Mapping[str, Any], as_of: datetime, rows: list[FileRecord]) -> None:
        self.place = dict(place)
        self.as_of = as_of
        self.rows = rows


class ListingCache:
    """Reads and writes the per-place files under `directory`. Reading never raises: a file
    that is missing, unreadable, corrupt or from another version is simply no cache."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_dir()

    def _place_file(self, place: Mapping[str, Any]) -> Path:
        return self.directory / f"place-{_digest([place['profile'], place['base_url'], place['workspace']])}.json"

    def _launch_file(self, launch: str) -> Path:
        return self.directory / f"launch-{launch}.json"

    def read_launch(self, launch: str) -> CachedListing | None:
        """The listing of the place this launch resolved to last time, if kept."""
        pointer = _read_json(self._launch_file(launch))
        place = pointer.get("place") if pointer is not None else None
        return self.read_place(place) if isinstance(place, dict) and _is_place(place) else None

    def read_place(self, place: Mapping[str, Any]) -> CachedListing | None:
        data = _read_json(self._place_file(place))
        if data is None or data.get("format") != FORMAT or data.get("version") != VERSION:
            return None
        try:
            if data["place"] != dict(place):
                return None  # a digest collision, or a file copied by hand
            as_of = _moment(data["saved_at"])
            rows = [_row(item) for item in data["rows"][:ROWS_KEPT]]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if as_of is None:
            return None
        return CachedListing(place, as_of, rows)

    def write(self, launch: str | None, place: Mapping[str, Any], rows: Sequence[Any], as_of: datetime) -> None:
        """Keep the first ROWS_KEPT `rows` as this place's listing (and, for a launch, which
        place it resolved to). Raises OSError; callers treat the cache as best effort."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "place": dict(place),
            "saved_at": as_of.astimezone(UTC).isoformat(),
            "rows": encode_rows(rows),
        }
        write_json_atomically(self._place_file(place), data, indent=0)
        if launch is not None:
            pointer = self._launch_file(launch)
            if _read_json(pointer) != {"place": dict(place)}:
                write_json_atomically(pointer, {"place": dict(place)}, indent=0)
        self._prune()

    def _prune(self) -> None:
        """Keep the PLACES_KEPT most recently written places (and launches)."""
        for prefix in ("place-", "launch-"):
            try:
                files = sorted(self.directory.glob(f"{prefix}*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
            except OSError:
                return
            for old in files[PLACES_KEPT:]:
                old.unlink(missing_ok=True)


def encode_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The metadata of the first ROWS_KEPT rows, as JSON values (what `write` keeps)."""
    return [_encoded(row) for row in rows[:ROWS_KEPT]]


def _encoded(row: Any) -> dict[str, Any]:
    scope = scope_of(row)
    expires = row.expires_at
    return {
        "id": row.id,
        "filename": row.filename,
        "mime_type": row.mime_type,
        "size_bytes": row.size_bytes,
        "created_at": row.created_at.isoformat(),
        "downloadable": row.downloadable,
        "expires_at": expires.isoformat() if expires is not None else None,
        "scope": {"type": scope[0], "id": scope[1]} if scope is not None else None,
    }


def _row(item: Mapping[str, Any]) -> FileRecord:
    created = _moment(item["created_at"])
    if created is None:
        raise ValueError("no creation time")
    scope = item.get("scope")
    downloadable = item.get("downloadable")
    return FileRecord(
        id=_text(item["id"]),
        filename=_text(item["filename"]),
        mime_type=_text(item["mime_type"]),
        size_bytes=_count(item["size_bytes"]),
        created_at=created,
        downloadable=downloadable if isinstance(downloadable, bool) else None,
        expires_at=_moment(item.get("expires_at")),
        scope=shared_scope({"type": _text(scope["type"]), "id": _text(scope["id"])}) if isinstance(scope, dict) else None,
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("not a size")
    return value


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(_text(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _is_place(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {"profile", "base_url", "workspace"}


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as source:
            raw = source.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
