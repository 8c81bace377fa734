"""Known rows for the query tests: SDK objects and plain records, as the file list holds both."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from anthropic.types.beta import BetaFileMetadata

from claude_files.model.files import FileRecord

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sdk_row(file_id: str, filename: str, mime: str, size: int, created: datetime, **extra: Any) -> BetaFileMetadata:
    """A row as the beta list returns it (scope included when given), strictly validated."""
    fields = {"id": file_id, "filename": filename, "mime_type": mime, "size_bytes": size, "type": "file"}
    fields["created_at"] = created.isoformat()
    if extra.get("expires_at") is not None:
        extra["expires_at"] = extra["expires_at"].isoformat()
    if "scope" in extra:
        extra["scope"] = {"id": extra["scope"], "type": "session"}
    return BetaFileMetadata.model_validate({**fields, **extra})


# letter → row; ages relative to NOW (2026-11-01 12:00 UTC)
ROWS: dict[str, Any] = {
    "a": FileRecord("file_aaa111", "Q1 report final.pdf", "application/pdf", 2_500_000, NOW - timedelta(days=100)),
    "b": sdk_row("file_bbb222", "data.csv", "text/csv", 15_000, NOW - timedelta(days=45), downloadable=False, scope="sesn_A"),
    "c": sdk_row(
        "file_ccc333",
        "data.csv",
        "text/csv",
        15_000,
        NOW - timedelta(days=10),
        downloadable=True,
        expires_at=NOW + timedelta(days=3),
        scope="sesn_A",
    ),
    "d": FileRecord("file_ddd444", "notes.txt", "text/plain", 999, NOW - timedelta(hours=2), False, NOW - timedelta(days=1)),
    "e": sdk_row(
        "file_eee555",
        "chart.png",
        "image/png",
        1_048_576,
        NOW - timedelta(days=400),
        downloadable=True,
        expires_at=NOW + timedelta(days=20),
        scope="sesn_B",
    ),
    "f": FileRecord("file_fff666", "Photo.JPEG", "image/jpeg", 1_000_000, NOW - timedelta(days=1), None),
    "g": FileRecord("file_ggg777", "archive [old].bin", "application/octet-stream", 10_000, NOW - timedelta(days=31)),
    "h": sdk_row("file_hhh888", "Budget, 2026.xlsx", XLSX, 0, NOW - timedelta(days=5)),
}
LETTER = {row.id: letter for letter, row in ROWS.items()}


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Run with the machine's local time zone set to `name` (TZ + tzset), restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
