"""The last view's cache (listing_cache.py): private, credential-free, and any file it cannot
read is no cache rather than an error."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from claude_files.listing_cache import ROWS_KEPT, ListingCache, launch_key, place_of
from claude_files.model.rows import FileRecord
from claude_files.service_types import Identity

NOW = datetime(2026, 12, 6, 14, 2, tzinfo=UTC)
PLACE = place_of(Identity("https://user:secret-pass@api.example.com/", "prod", "wrkspc_1"))


def _rows(count: int) -> list[FileRecord]:
    return [
        FileRecord(f"file_{i:03d}", f"name {i}.txt", "text/plain", i, NOW - timedelta(minutes=i), True, NOW + timedelta(days=1))
        for i in range(count)
    ]


def test_a_place_keeps_its_first_rows_and_reads_them_back(tmp_path):
    cache = ListingCache(tmp_path / "listings")
    cache.write("launch1", PLACE, _rows(ROWS_KEPT + 20), NOW)
    listing = cache.read_launch("launch1")
    assert listing is not None and listing.as_of == NOW
    assert [row.id for row in listing.rows] == [row.id for row in _rows(ROWS_KEPT)]
    first = listing.rows[0]
    assert (first.filename, first.size_bytes, first.downloadable, first.expires_at) == (
        "name 0.txt",
        0,
        True,
        NOW + timedelta(days=1),
    )
    assert cache.read_place(PLACE) is not None
    assert cache.read_launch("another") is None


def test_the_files_are_private_and_hold_no_credential(tmp_path):
    cache = ListingCache(tmp_path / "listings")
    cache.write("launch1", PLACE, _rows(3), NOW)
    assert (tmp_path / "listings").stat().st_mode & 0o777 == 0o700
    for path in (tmp_path / "listings").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
        text = path.read_text()
        assert "secret-pass" not in text and "user" not in text
    assert PLACE["base_url"] == "https://api.example.com"


def test_launch_keys_see_whether_a_key_is_set_never_its_value(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-one")
    one = launch_key(base_url=None, profile=None, workspace=None, key_given=False)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-two")
    assert launch_key(base_url=None, profile=None, workspace=None, key_given=False) == one
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    assert launch_key(base_url=None, profile=None, workspace=None, key_given=False) != one
    assert launch_key(base_url=None, profile=None, workspace="wrkspc_2", key_given=False) != one


@pytest.mark.parametrize(
    "spoil",
    [
        "not json {",
        "[]",
        '{"format": "claude-files listing cache", "version": 99}',
        '{"format": "claude-files listing cache", "version": 1, "place": null, "saved_at": "x", "rows": []}',
        "rows: bad types",
        "too large",
        "a directory",
    ],
)
def test_a_file_it_cannot_read_is_no_cache(tmp_path, spoil):
    cache = ListingCache(tmp_path)
    cache.write("launch1", PLACE, _rows(3), NOW)
    (path,) = tmp_path.glob("place-*.json")
    if spoil == "rows: bad types":
        data = json.loads(path.read_text())
        data["rows"][1]["size_bytes"] = "12"
        path.write_text(json.dumps(data))
    elif spoil == "too large":
        path.write_text(" " * 2_000_000 + "{}")
    elif spoil == "a directory":
        path.unlink()
        path.mkdir()
    else:
        path.write_text(spoil)
    assert cache.read_launch("launch1") is None


def test_a_cache_dir_that_cannot_be_written_raises_oserror(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError):
        ListingCache(tmp_path / "file" / "listings").write(None, PLACE, _rows(1), NOW)


def test_the_start_path_imports_no_sdk():
    """The last view is drawn before the SDK is imported: nothing the first frame needs imports it."""
    code = (
        "import sys, claude_files.cli, claude_files.app, claude_files.screens.main, claude_files.components.last_view;"
        "print(sorted(m for m in ('anthropic', 'httpx', 'pydantic') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
