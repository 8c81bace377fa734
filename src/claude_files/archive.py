"""The archive folder: downloadable files saved before they are deleted (restores.py brings them back).

The API returns the bytes of files that code execution or skills made, never of uploads. So a
delete that archives first downloads each downloadable file, checked against `size_bytes`, and a
file whose copy cannot be made is not deleted (`NotArchived` vetoes it in `jobs.BulkDelete`).
An upload has no bytes to save: its way back is the local file the upload ledger knows, while
its sha256 still matches.

The folder describes itself (like rclone's --backup-dir): DIR/<file_id>/<safe filename>, and
beside it `metadata.json` with the API's metadata, the sha256, when and from where (base URL
and workspace). The manifest is written last, so a folder without one holds no usable copy;
restoring needs the folder alone. No Textual here.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from .config import Settings
from .deletions import KeptCopy
from .download_writer import AtomicDownload, DownloadSizeError
from .jobs import Veto
from .json_file import write_json_atomically
from .ledger import Ledger, Place, sha256_of, this_host
from .localfs import safe_local_name, shown_path
from .service_errors import ServiceError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .service import FilesService

MANIFEST = "metadata.json"
FORMAT = "claude-files-archive/1"


def default_dir(settings: Settings | None = None) -> Path:
    """Where archives go unless told: the folder remembered in settings, else the user data dir."""
    chosen = (settings or Settings.load()).archive_dir
    if chosen:
        return Path(os.path.expanduser(chosen))
    from platformdirs import user_data_dir

    return Path(user_data_dir("claude-files")) / "archive"


class NotArchived(Veto):
    """The copy could not be made (or is not whole): the file stays on the server."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "not_archived")


@dataclass(frozen=True)
class ArchivedCopy:
    """One archived file, as its manifest describes it."""

    folder: Path
    manifest: dict[str, Any]

    @property
    def file_id(self) -> str:
        return str(self.meta["id"])

    @property
    def meta(self) -> dict[str, Any]:
        """The file's metadata as the API sent it."""
        return cast(dict[str, Any], self.manifest["file"])

    @property
    def content(self) -> Path:
        return self.folder / str(self.manifest["content"])

    @property
    def sha256(self) -> str:
        return str(self.manifest["sha256"])

    @property
    def restored(self) -> list[dict[str, Any]]:
        """Earlier restores: [{"new_id", "restored_at", "place"}]."""
        return list(self.manifest.get("restored") or [])

    def problem(self, expected: str | None = None) -> str | None:
        """Why the bytes cannot be trusted (missing, another size or sha256 than the manifest's, or
        than `expected`, the delete record's), else None."""
        try:
            digest, size = sha256_of(self.content)
        except OSError as error:
            return f"the archived copy {shown_path(self.content)} cannot be read: {error.strerror or error}"
        if size != self.meta.get("size_bytes") or digest != self.sha256 or expected not in (None, digest):
            return f"the archived copy {shown_path(self.content)} changed since it was archived (sha256 differs)"
        return None


@dataclass(frozen=True)
class WayBack:
    """How a deleted file could come back: "archived" (at `where`), "local_copy" (the uploaded
    file, at `where`) or "none" (`reason` says why)."""

    kind: str
    where: str | None = None
    reason: str | None = None


def find(file_id: str, roots: Iterable[Path] | None = None) -> ArchivedCopy | None:
    """The archived copy of `file_id` in the first of `roots` (default: `default_dir()`) holding
    one, manifest and all."""
    if not file_id or safe_local_name(file_id) != file_id:
        return None  # never a path: ids are plain tokens
    for root in [default_dir()] if roots is None else roots:
        folder = Path(root) / file_id
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and isinstance(manifest.get("file"), dict) and manifest["file"].get("id") == file_id:
            return ArchivedCopy(folder, manifest)
    return None


def _place_json(place: Place) -> dict[str, str | None]:
    return {"base_url": place.base_url, "workspace": place.workspace}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class _HashingSink:
    """Writes to the file and hashes on the way, so the sha256 costs no second read."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink
        self.digest = hashlib.sha256()

    def write(self, chunk: bytes) -> int:
        self.digest.update(chunk)
        return self.sink.write(chunk)


async def archive_file(service: FilesService, meta: Any, root: Path, place: Place) -> ArchivedCopy:
    """Download `meta`'s file into `root`/<id>/ and write its manifest; raises NotArchived."""
    folder = root / safe_local_name(meta.id)
    name = safe_local_name(meta.filename)
    if name == MANIFEST or name.startswith(".metadata-"):
        name = "file-" + name
    try:
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        download = AtomicDownload(folder / name, overwrite=True)
        with download as out:
            sink = _HashingSink(out)
            await service.download(meta.id, cast(Any, sink))
            await asyncio.to_thread(download.commit, meta.size_bytes)  # fsync: on disk before the delete
        manifest = {
            "format": FORMAT,
            "file": meta.to_dict(mode="json"),
            "content": name,
            "sha256": sink.digest.hexdigest(),
            "archived_at": _now(),
            "place": _place_json(place),
            "host": this_host(),
            "restored": [],
        }
        await asyncio.to_thread(write_json_atomically, folder / MANIFEST, manifest)
    except ServiceError as error:
        raise NotArchived(f"not archived (download failed): {error.message}") from None
    except DownloadSizeError as error:
        raise NotArchived(f"not archived: {error}") from None
    except OSError as error:
        where = f" ({shown_path(error.filename)})" if error.filename else ""
        raise NotArchived(f"not archived: could not save: {error.strerror or error}{where}") from None
    return ArchivedCopy(folder, manifest)


def local_way_back(ledger: Ledger, place: Place, file_id: str) -> WayBack:
    """An upload's way back: its local file, while the ledger's sha256 still matches it."""
    upload = ledger.find(place, file_id)
    if upload is None:
        return WayBack("none", reason="not uploaded with claude-files from this machine (the API keeps no copy of uploads)")
    copy = ledger.local_copy(upload)
    shown = shown_path(upload.path)
    reasons = {
        "same": None,
        "changed": f"its local file {shown} changed since the upload",
        "gone": f"its local file {shown} is gone",
        "elsewhere": f"it was uploaded from {upload.host}, not from this machine",
    }
    if copy.usable:
        return WayBack("local_copy", where=upload.path)
    return WayBack("none", reason=reasons[copy.state])


@dataclass
class Archiver:
    """The `before_delete` step of a delete that archives first (`jobs.BulkDelete`).

    Downloadable files are archived into `root` or vetoed; for uploads it notes whether the
    ledger's local copy is a way back, and with `keep_unrecoverable` keeps those with none.
    `attach` gives it the connection once there is one.
    """

    rows: Mapping[str, Any]
    root: Path
    keep_unrecoverable: bool = False
    way_back: dict[str, WayBack] = field(default_factory=dict)
    service: FilesService | None = None
    place: Place | None = None
    ledger: Ledger = field(default_factory=Ledger)

    def attach(self, service: FilesService) -> None:
        self.service = service
        self.place = Place.of(service.identity)

    @property
    def archived(self) -> int:
        return sum(1 for way in self.way_back.values() if way.kind == "archived")

    async def __call__(self, file_id: str) -> KeptCopy | None:
        """Archive one file, or note an upload's way back; the copy made goes in the delete record."""
        assert self.service is not None and self.place is not None, "attach() first"
        meta = self.rows[file_id]
        if meta.downloadable:
            copy = await archive_file(self.service, meta, self.root, self.place)
            self.way_back[file_id] = WayBack("archived", where=str(copy.content))
            return KeptCopy(str(copy.content), copy.sha256)
        way = await asyncio.to_thread(local_way_back, self.ledger, self.place, file_id)
        self.way_back[file_id] = way
        if way.kind == "none" and self.keep_unrecoverable:
            raise Veto(f"kept: no way back ({way.reason})", "kept")
        return None
