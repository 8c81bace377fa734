"""Pins: files that rules never take (no Textual, no SDK).

A pinned file is never selected by ctrl+a, a rule (`rm --where`, `ls … | rm -`) or invert; to
delete it the user unpins it first. Pins are this machine's own: one small JSON file in the
user data dir (mode 0600, replaced atomically), grouped per connection (base URL +
workspace, as the upload ledger keys them). `pin --export` / `pin --import` carry them to
another machine or a colleague.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .json_file import write_json_atomically
from .ledger import Place

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writes are still atomic, just not serialized
    fcntl = None  # type: ignore[assignment]

FORMAT = "claude-files pins"
VERSION = 1
LOCAL_NOTE = "Pins are kept on this machine only (not on the server): other machines and colleagues do not see them."
DEMO_PLACE = Place("demo", None)
"""The demo server listens on a new port each run: its pins go under one name, not one per port."""


def pins_path() -> Path:
    """CLAUDE_FILES_PINS if set (tests point it at a temp dir), else the user data dir."""
    override = os.environ.get("CLAUDE_FILES_PINS")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("claude-files")) / "pins.json"


def place_of(identity: Any) -> Place:
    """The connection pins belong to: a `service.Identity`'s base URL and workspace."""
    return DEMO_PLACE if getattr(identity, "is_demo", False) else Place.of(identity)


@dataclass(frozen=True)
class Pin:
    file_id: str
    filename: str = ""
    pinned_at: str = ""  # ISO 8601, UTC

    def record(self) -> dict[str, str]:
        return {"id": self.file_id, "filename": self.filename, "pinned_at": self.pinned_at}


class PinsError(Exception):
    """The pins file (or an import) cannot be read or written; the message says why in words."""


def keep_pinned(rows: Sequence[Any], pins: Collection[str]) -> tuple[list[Any], list[Any]]:
    """(the rows that may be deleted, the pinned rows kept), each in the order given."""
    free: list[Any] = []
    kept: list[Any] = []
    for row in rows:
        (kept if row.id in pins else free).append(row)
    return free, kept


def kept_words(kept: int) -> str:
    """'3 pinned files kept' — what confirmations and reports say."""
    return f"{kept:,} pinned file{'s' if kept != 1 else ''} kept"


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PinStore:
    """The pins file. Each call reads it afresh, so a `claude-files pin` in another terminal
    shows in the TUI at its next load; changes hold a lock while they read, change and replace."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or pins_path()

    def pins(self, place: Place) -> dict[str, Pin]:
        """The pins of `place`, by file id (empty when there is no pins file yet)."""
        return _place_pins(self._read(), place)

    def ids(self, place: Place) -> set[str]:
        return set(self.pins(place))

    def kept_ids(self) -> set[str]:
        """Every pinned id, whatever connection it was pinned under: what a delete must keep. A file id
        names one file, so this keeps a pin made without --workspace from a run that names the same
        workspace (or spells the base URL another way), which would otherwise delete it."""
        places = self._read().get("places", [])
        return {
            str(item.get("id"))
            for entry in places
            if isinstance(entry, dict) and isinstance(entry.get("pins"), list)
            for item in entry["pins"]
            if isinstance(item, dict) and is_file_id(item.get("id"))
        }

    def change(self, place: Place, pin: Iterable[Pin] = (), unpin: Iterable[str] = ()) -> tuple[int, int]:
        """Pin and unpin in one locked read-modify-replace; (newly pinned, actually unpinned). An
        unpin releases the id under every connection, as deletes keep a pin of any (`kept_ids`):
        else a pin made as localhost:PORT could not be undone from 127.0.0.1:PORT."""
        with self._locked():
            data = self._read()
            current = _place_pins(data, place)
            added = 0
            for item in pin:
                if item.file_id not in current:
                    current[item.file_id] = item
                    added += 1
            unpinned = {file_id for file_id in unpin if current.pop(file_id, None) is not None}
            data, elsewhere = _without_elsewhere(data, place, set(unpin))
            removed = len(unpinned | elsewhere)
            if added or removed:
                self._write(_with_place(data, place, current))
        return added, removed

    def export(self, place: Place) -> dict[str, Any]:
        """The JSON `pin --export` prints: this connection's pins, with where they came from."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "note": LOCAL_NOTE,
            "base_url": place.base_url,
            "workspace": place.workspace,
            "exported_at": now_text(),
            "pins": [pin.record() for pin in self.pins(place).values()],
        }

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise PinsError(f"cannot write the pins file {self.path}: {error.strerror or error}") from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise PinsError(f"cannot read the pins file {self.path}: {error.strerror or error}") from None
        try:
            data = json.loads(text)
        except ValueError:
            raise PinsError(f"the pins file {self.path} is not valid JSON; fix or remove it") from None
        if not isinstance(data, dict) or not isinstance(data.get("places", []), list):
            raise PinsError(f"the pins file {self.path} is not a claude-files pins file; fix or remove it")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        """Into a temp file (0600) beside it, then renamed over: a crash leaves the old or the new, never half."""
        data.update(format=FORMAT, version=VERSION, note=LOCAL_NOTE)
        try:
            write_json_atomically(self.path, data, indent=1)
        except OSError as error:
            raise PinsError(f"cannot write the pins file {self.path}: {error.strerror or error}") from None


def _same_place(entry: Any, place: Place) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("base_url") == place.base_url
        and (entry.get("workspace") or None) == (place.workspace or None)
    )


def _place_pins(data: dict[str, Any], place: Place) -> dict[str, Pin]:
    for entry in data.get("places", []):
        if _same_place(entry, place):
            return {pin.file_id: pin for pin in map(pin_from, entry.get("pins", [])) if pin is not None}
    return {}


def _with_place(data: dict[str, Any], place: Place, pins: dict[str, Pin]) -> dict[str, Any]:
    others = [entry for entry in data.get("places", []) if not _same_place(entry, place)]
    entry = {"base_url": place.base_url, "workspace": place.workspace, "pins": [pin.record() for pin in pins.values()]}
    return {**data, "places": [*others, entry] if pins else others}


def _without_elsewhere(data: dict[str, Any], place: Place, ids: set[str]) -> tuple[dict[str, Any], set[str]]:
    """`data` with `ids` unpinned under every other connection; which of them were pinned there."""
    found: set[str] = set()
    places = []
    for entry in data.get("places", []):
        if not _same_place(entry, place) and isinstance(entry, dict) and isinstance(entry.get("pins"), list):
            kept = [item for item in entry["pins"] if not (isinstance(item, dict) and item.get("id") in ids)]
            found |= {str(item.get("id")) for item in entry["pins"] if isinstance(item, dict) and item.get("id") in ids}
            if not kept:
                continue
            entry = {**entry, "pins": kept}
        places.append(entry)
    return ({**data, "places": places} if found else data), found


def pin_from(item: Any) -> Pin | None:
    """A pin from its JSON record (or a bare id string), or None when it is not one."""
    if isinstance(item, str):
        item = {"id": item}
    if not isinstance(item, dict) or not is_file_id(item.get("id")):
        return None
    filename, pinned_at = item.get("filename"), item.get("pinned_at")
    return Pin(item["id"], filename if isinstance(filename, str) else "", pinned_at if isinstance(pinned_at, str) else "")


def is_file_id(value: Any) -> bool:
    """Shaped like a Files API id (`file_` and letters/digits): what an import accepts."""
    return isinstance(value, str) and value.startswith("file_") and 5 < len(value) <= 100 and value[5:].isalnum()


def read_import(text: str) -> tuple[list[Pin], int]:
    """(the pins of an export, how many entries were not pins); PinsError when it is no export at all."""
    try:
        data = json.loads(text)
    except ValueError:
        raise PinsError("not JSON: give a file that `claude-files pin --export` wrote") from None
    entries = data.get("pins") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PinsError('no "pins" list in it: give a file that `claude-files pin --export` wrote')
    pins = [pin_from(item) for item in entries]
    good = [pin for pin in pins if pin is not None]
    return list({pin.file_id: pin for pin in good}.values()), len(pins) - len(good)
