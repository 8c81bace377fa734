"""The compact row store: what `rows.record` keeps of the SDK's objects, and that the list keeps nothing else.

Rows come from the real local server through the real SDK (the beta list with `scope`, and the
GA list that keeps `scope` as an unknown field), as the app gets them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import anthropic
import pytest

from claude_files.model.files import FileList, FileRecord
from claude_files.model.query import duplicate_ids, parse
from claude_files.model.rows import Scope, record, records, scope_of
from claude_files.server import LocalServer
from claude_files.service_types import FILES_BETA, SESSIONS_BETA

FIELDS = ("id", "filename", "mime_type", "size_bytes", "created_at", "downloadable", "expires_at")


@pytest.fixture(scope="module")
def listed() -> dict[str, list[object]]:
    """Every demo file as the beta list and as the GA list return it."""
    srv = LocalServer(demo_data=True)
    srv.start()
    try:
        client = anthropic.Anthropic(base_url=srv.url, api_key="test-key", max_retries=0)
        beta = list(client.beta.files.list(limit=1000, betas=[FILES_BETA, SESSIONS_BETA]))  # type: ignore[list-item]
        ga = list(client.files.list(limit=1000))
        client.close()
    finally:
        srv.close()
    return {"beta": list(beta), "ga": list(ga)}


@pytest.mark.parametrize("kind", ["beta", "ga"])
def test_a_record_reads_as_the_sdk_object_did(listed: dict[str, list[object]], kind: str) -> None:
    files = listed[kind]
    assert any(scope_of(file) is not None for file in files), "the demo data has files of sessions"
    assert any(getattr(file, "downloadable", None) for file in files)
    for file, row in zip(files, records(files), strict=True):
        assert type(row) is FileRecord
        for name in FIELDS:
            assert getattr(row, name) == getattr(file, name), name
        assert scope_of(row) == scope_of(file)


def test_the_json_of_a_record_is_the_sdk_objects(listed: dict[str, list[object]]) -> None:
    """The delete record and the archive keep a file's JSON: the record gives the SDK's own (nulls aside)."""
    for file in listed["beta"]:
        sdk = {key: value for key, value in file.to_dict(mode="json").items() if value is not None}  # type: ignore[attr-defined]
        assert record(file).to_dict(mode="json") == sdk


def test_shared_values_are_shared(listed: dict[str, list[object]]) -> None:
    """One mime string and one Scope per distinct value; every time carries the one UTC tzinfo."""
    rows = records(listed["beta"])
    by_mime: dict[str, int] = {}
    for row in rows:
        assert by_mime.setdefault(row.mime_type, id(row.mime_type)) == id(row.mime_type)
        assert row.created_at.tzinfo is UTC
        assert row.expires_at is None or row.expires_at.tzinfo is UTC
    scopes = [row.scope for row in rows if row.scope is not None]
    assert scopes and len({id(scope) for scope in scopes}) == len({scope.id for scope in scopes})


def test_a_record_is_taken_as_it_is() -> None:
    row = FileRecord("file_1", "a.txt", "text/plain", 1, datetime(2026, 1, 1, tzinfo=UTC))
    assert record(row) is row


def test_odd_fields_stay_odd() -> None:
    """A row with missing or odd fields is kept as it came, for the query's careful path to judge."""
    naive = datetime(2026, 1, 1, 12)
    plus_two = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))

    class Odd:
        id = "file_odd"
        filename = None
        mime_type = None
        size_bytes = None
        created_at = naive
        expires_at = plus_two

    row = record(Odd())
    assert (row.filename, row.mime_type, row.size_bytes, row.downloadable, row.scope) == (None, None, None, None, None)
    assert row.created_at is naive  # the query reads it as UTC; the record does not guess
    assert row.expires_at == plus_two and row.expires_at.tzinfo is UTC  # the same instant, in the shared UTC
    assert parse("age>1d").predicate(datetime(2026, 6, 1, tzinfo=UTC))(row)  # naive read as UTC
    assert not parse("size>1").predicate(datetime(2026, 6, 1, tzinfo=UTC))(row)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"id": "sesn_1", "type": "session"}, ("session", "sesn_1")),  # as a GA model keeps it
        ({"id": "sesn_2"}, ("session", "sesn_2")),
        ({"type": "session"}, None),  # no id: no session a query could name
    ],
)
def test_scope_from_a_plain_dict(scope: dict[str, str], expected: tuple[str, str] | None) -> None:
    class Plain:
        id, filename, mime_type, size_bytes = "file_1", "a", "text/plain", 1
        created_at = datetime(2026, 1, 1, tzinfo=UTC)

    plain = Plain()
    plain.scope = scope  # type: ignore[attr-defined]
    row = record(plain)
    assert scope_of(row) == expected
    assert (row.scope is None) == (expected is None)
    if expected is not None:
        assert isinstance(row.scope, Scope) and row.scope.id == expected[1]


@pytest.mark.parametrize(
    "ingest",
    [
        lambda model, files: model.add_page(files, None),
        lambda model, files: model.replace_all(files, None),
        lambda model, files: model.add_strays(files),
        lambda model, files: [model.insert_new(file) for file in reversed(files)],
    ],
    ids=["add_page", "replace_all", "add_strays", "insert_new"],
)
def test_the_list_keeps_records_only(listed: dict[str, list[object]], ingest: Callable[[FileList, list[object]], object]) -> None:
    files = listed["beta"]
    model = FileList()
    ingest(model, files)
    assert len(model.rows) == len(files)
    assert all(type(row) is FileRecord for row in model.rows)
    assert all(type(row) is FileRecord for row in model.by_id.values())
    assert model.has_scopes
    assert model.loaded_bytes == sum(file.size_bytes for file in files)  # type: ignore[attr-defined]


def test_update_swaps_in_a_record(listed: dict[str, list[object]]) -> None:
    """Fresh metadata from `retrieve` (an SDK object) replaces the row by a record, in the view too."""
    files = listed["beta"]
    model = FileList()
    model.add_page(files, None)
    model.set_filter(files[0].filename)  # type: ignore[attr-defined]
    model.update(files[0])  # type: ignore[arg-type]
    assert type(model.by_id[files[0].id]) is FileRecord  # type: ignore[attr-defined]
    assert model.by_id[files[0].id] in model.view  # type: ignore[attr-defined]
    assert all(type(row) is FileRecord for row in model.view)


def test_is_duplicate_takes_a_row_whose_time_is_not_a_time() -> None:
    """Such a row counts as the oldest copy; `is:duplicate` used to raise TypeError comparing it."""
    good = FileRecord("file_new", "a.txt", "text/plain", 5, datetime(2026, 1, 1, tzinfo=UTC))
    odd = FileRecord("file_odd", "a.txt", "text/plain", 5, "yesterday")  # type: ignore[arg-type]
    assert duplicate_ids([good, odd]) == {"file_odd"}
    assert duplicate_ids([odd, good]) == {"file_odd"}
