"""What a row of the file list is: any object with the Files API metadata attributes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class Row(Protocol):
    id: str
    filename: str
    mime_type: str
    size_bytes: int
    created_at: datetime
    downloadable: bool | None
    expires_at: datetime | None


@dataclass
class FileRecord:
    """A plain row, for tests and for the local server's seeds."""

    id: str
    filename: str
    mime_type: str
    size_bytes: int
    created_at: datetime
    downloadable: bool | None = False
    expires_at: datetime | None = None
    type: str = "file"


def scope_of(row: Any) -> tuple[str, str] | None:
    """(type, id) of the session a file belongs to (beta metadata `scope`), or None."""
    scope = getattr(row, "scope", None)
    if scope is None:
        return None
    if isinstance(scope, dict):  # a GA model keeps the field it does not know as a plain dict
        scope_id, scope_type = scope.get("id"), scope.get("type")
    else:
        scope_id, scope_type = getattr(scope, "id", None), getattr(scope, "type", None)
    return (str(scope_type or "session"), str(scope_id)) if scope_id else None
