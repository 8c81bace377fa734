"""A JSON file written whole or not at all (the pins file, archive manifests); no Textual, no SDK."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def write_json_atomically(path: Path, data: Mapping[str, Any], *, indent: int = 2) -> None:
    """Into a temp file beside `path` (mode 0600, as mkstemp makes it), fsynced, then renamed over
    it: a crash leaves the old file or the new one, never half of either. Raises OSError."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=indent, ensure_ascii=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
