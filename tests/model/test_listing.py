"""One sort and one server-side narrowing, shared by the TUI's model and the CLI's `ls`/`rm --where`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claude_files.commands import ls
from claude_files.model.files import FileList, FileRecord
from claude_files.model.listing import SORTS, Narrowing, narrowing_of, sort_rows
from claude_files.model.query import parse

START = datetime(2026, 1, 1, tzinfo=UTC)


def rows() -> list[FileRecord]:
    """Newest first, as the API lists them."""
    names_sizes = [("b.txt", 5), ("A.txt", 50), ("c.txt", 1)]
    return [
        FileRecord(f"file_{i}", name, "text/plain", size, START - timedelta(hours=i))
        for i, (name, size) in enumerate(names_sizes)
    ]


def test_each_sort_orders_the_api_order():
    ids = {sort: [row.id for row in sort_rows(rows(), sort)] for sort in SORTS}
    assert ids == {
        "newest": ["file_0", "file_1", "file_2"],
        "oldest": ["file_2", "file_1", "file_0"],
        "name": ["file_1", "file_0", "file_2"],  # case folded: A, b, c
        "size": ["file_1", "file_0", "file_2"],
    }


def test_the_tui_model_and_the_cli_sort_the_same_way():
    model = FileList()
    model.add_page(rows(), None)
    for sort in SORTS[1:]:
        model.cycle_sort()
        assert model.sort == sort
        assert [row.id for row in model.view] == [row.id for row in sort_rows(rows(), sort)]
        assert ls.build_parser().parse_args(["--sort", sort]).sort == sort  # `ls --sort` offers the same orders


def test_narrowing_by_ids_or_session_else_none():
    assert narrowing_of(None) is None
    assert narrowing_of(parse("name:report")) is None
    assert narrowing_of(parse("scope:sesn_1")) == Narrowing(scope_id="sesn_1")
    assert narrowing_of(parse("id=file_b,file_a")) == Narrowing(ids=("file_a", "file_b"))
    assert narrowing_of(parse("scope:sesn_*")) is None  # a glob: only every page will do
    assert str(Narrowing(scope_id="sesn_1")) == "scope:sesn_1"
