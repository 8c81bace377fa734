"""What a row of the file list is, and the compact record the list keeps for each file.

The SDK's `FileMetadata` costs ~1.8 KB a file (a pydantic model with its dicts, a tzinfo and a
scope model of its own), so the list keeps none: `record()` turns each file into a slotted
`FileRecord` as its page arrives (~0.37 KB with its strings). Mime types and sessions are
shared among the rows that name them, and every aware time is put in the one `UTC` (the same
instant; pydantic gives each time a tzinfo of its own), which also lets the query compare times
without asking each row's tzinfo for its offset. What the details pane shows in full is the
highlighted file's own SDK object, fetched again when the keys settle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar, Protocol


class Row(Protocol):
    """A file's metadata as the list, the query and the views read it: the SDK's `FileMetadata`,
    a `FileRecord`, a delete-record entry. (The beta `scope`, when a row has one, is read with
    `scope_of`: the GA model has no such field.)"""

    @property
    def id(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def mime_type(self) -> str: ...
    @property
    def size_bytes(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def downloadable(self) -> bool | None: ...
    @property
    def expires_at(self) -> datetime | None: ...


class Scope:
    """The session a file belongs to; one object per session, shared by all its files."""

    __slots__ = ("id", "type")

    def __init__(self, scope_id: str, scope_type: str) -> None:
        self.id = scope_id
        self.type = scope_type

    def __repr__(self) -> str:
        return f"Scope(id={self.id!r}, type={self.type!r})"


@dataclass(slots=True, eq=False)
class FileRecord:
    """One file of the list, compact (see the module's docstring); tests build them by hand.

    Compared by identity: the list finds a row (`index`, `in`) by the object itself, where the
    SDK's models were compared field by field with every row passed on the way."""

    id: str
    filename: str
    mime_type: str
    size_bytes: int
    created_at: datetime
    downloadable: bool | None = False
    expires_at: datetime | None = None
    scope: Scope | None = None
    type: ClassVar[str] = "file"

    def to_dict(self, mode: str = "json") -> dict[str, object]:
        """The API's JSON of this file, as the SDK's `to_dict(mode="json")` gives it (the delete record keeps it)."""
        data: dict[str, object] = {
            "id": self.id,
            "created_at": _json_time(self.created_at),
            "filename": self.filename,
            "mime_type": self.mime_type,
            "size_bytes": self.size_bytes,
            "type": self.type,
        }
        if self.downloadable is not None:
            data["downloadable"] = self.downloadable
        if self.expires_at is not None:
            data["expires_at"] = _json_time(self.expires_at)
        if self.scope is not None:
            data["scope"] = {"id": self.scope.id, "type": self.scope.type}
        return data


_MIMES: dict[str, str] = {}
_SCOPES: dict[tuple[object, object], Scope] = {}  # (type, id) as the API gave them


def interned_mimes() -> Iterable[str]:
    """Every mime type a record has been made with (a few dozen): the query judges them up front."""
    return _MIMES.keys()


def record(file: object) -> FileRecord:
    """The one way a file enters the list: a FileRecord of any row (an SDK object; a record as is).

    Fields are taken as they are (a row with odd or missing fields stays odd, for the query's
    careful path to judge), but for sharing: the mime type, the session and the UTC tzinfo."""
    return records((file,))[0]


def records(files: Iterable[object]) -> list[FileRecord]:
    """`record` of each file, in order: about 1 µs a file, against the SDK's ~45 µs to parse it."""
    made: list[FileRecord] = []
    add, mimes, utc, make = made.append, _MIMES, UTC, FileRecord
    for file in files:
        if file.__class__ is make:
            add(file)
            continue
        try:  # an SDK object has every field (None when the API left one out)
            file_id, filename, mime, size = file.id, file.filename, file.mime_type, file.size_bytes  # type: ignore[attr-defined]
            created, downloadable, expires = file.created_at, file.downloadable, file.expires_at  # type: ignore[attr-defined]
        except AttributeError:
            file_id, filename, mime, size, created, downloadable, expires = (
                getattr(file, name, None)
                for name in ("id", "filename", "mime_type", "size_bytes", "created_at", "downloadable", "expires_at")
            )
        if mime.__class__ is str:
            mime = mimes.setdefault(mime, mime)
        if created.__class__ is datetime and created.tzinfo is not utc and created.tzinfo is not None:
            created = created.astimezone(utc)
        if expires is not None and expires.__class__ is datetime and expires.tzinfo is not utc and expires.tzinfo is not None:
            expires = expires.astimezone(utc)
        scope = getattr(file, "scope", None)
        add(make(file_id, filename, mime, size, created, downloadable, expires, None if scope is None else shared_scope(scope)))
    return made


def shared_scope(scope: object) -> Scope | None:
    """The shared Scope of a beta `scope` (a model, or a plain dict on a GA model), or None without an id."""
    if isinstance(scope, dict):
        key = (scope.get("type"), scope.get("id"))
    else:
        key = (getattr(scope, "type", None), getattr(scope, "id", None))
    try:
        shared = _SCOPES.get(key)
    except TypeError:  # an odd id or type that cannot be a key: its words, unshared
        found = scope_of_value(scope)
        return None if found is None else Scope(found[1], found[0])
    if shared is None:
        found = scope_of_value(scope)
        if found is None:
            return None
        shared = _SCOPES[key] = Scope(found[1], found[0])
    return shared


def scope_of(row: object) -> tuple[str, str] | None:
    """(type, id) of the session a file belongs to (beta metadata `scope`), or None."""
    scope = getattr(row, "scope", None)
    return None if scope is None else scope_of_value(scope)


def scope_of_value(scope: object) -> tuple[str, str] | None:
    """(type, id) of a `scope` value: a model or a Scope, or a plain dict (a GA model keeps the field it does not know as one)."""
    if isinstance(scope, dict):
        scope_id, scope_type = scope.get("id"), scope.get("type")
    else:
        scope_id, scope_type = getattr(scope, "id", None), getattr(scope, "type", None)
    return (str(scope_type or "session"), str(scope_id)) if scope_id else None


def _json_time(moment: object) -> object:
    return moment.isoformat().replace("+00:00", "Z") if isinstance(moment, datetime) else moment
