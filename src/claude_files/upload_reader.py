"""An open file the SDK uploads piece by piece, reporting how far it got (kept out of
service.py so that the one module importing the SDK stays about the SDK)."""

from __future__ import annotations

import io
import os
from typing import Any, BinaryIO

from .service_types import UPLOAD_CHUNK, Progress


class ProgressReader(io.RawIOBase):
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
