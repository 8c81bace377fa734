"""The one delete confirmation: the words and the typed-count threshold the TUI and `rm` share."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import claude_files
from claude_files.model import confirmation
from claude_files.model.confirmation import delete_question, plain, typed_count

SOURCE_ROOT = Path(claude_files.__file__).resolve().parent
PLACE = "workspace default on 127.0.0.1:9 (profile p)"


def row(n: int, mime: str = "text/plain") -> SimpleNamespace:
    return SimpleNamespace(
        id=f"file_{n:04d}",
        filename=f"report-{n}.txt",
        size_bytes=1000 + n,
        created_at=datetime(2026, 1, 1, 12, n % 60, tzinfo=UTC),
        mime_type=mime,
    )


def test_the_count_is_typed_above_one_hundred_files() -> None:
    assert typed_count(1) is None and typed_count(100) is None
    assert typed_count(101) == "101"


def test_one_file_given_by_hand_is_shown_in_full() -> None:
    text = plain(delete_question([row(1)], place=PLACE, by_hand=""))
    assert text.startswith("This cannot be undone.")
    assert f"from     {PLACE}" in text and "id       file_0001" in text and "name     report-1.txt" in text


def test_files_picked_by_hand_are_counted_and_named_never_and_1_more() -> None:
    six = plain(delete_question([row(n) for n in range(6)], place=PLACE))
    assert six.splitlines()[0] == f"In {PLACE}:"
    assert "Delete 6 marked files (" in six and "report-5.txt" in six and "more" not in six
    seven = plain(delete_question([row(n) for n in range(7)], place=PLACE, by_hand=""))
    assert "Delete 7 files (" in seven and "… and 2 more" in seven and "report-5.txt" not in seven


def test_a_rule_leads_with_its_figures_unless_the_filter_hides_some() -> None:
    rows = [row(n) for n in range(3)]
    ruled = plain(delete_question(rows, place=PLACE, rule="name:report-*", loaded=40))
    assert "selected by “name:report-*” among the 40 loaded?" in ruled and "created 2026-01-01 12:00" in ruled
    hidden = plain(delete_question(rows, place=PLACE, rule="name:report-*", hidden=1, filter_text="x"))
    assert "selected by" not in hidden and "1 of them is hidden by the filter “x”" in hidden


def test_names_are_data_never_markup() -> None:
    hostile = SimpleNamespace(**{**vars(row(1)), "filename": "[bold]x\x1b[2J.txt"})
    text = plain(delete_question([hostile, row(2)], place=PLACE))
    assert "\x1b" not in text and "[bold]x" in text


def _imported_names(module: Path, source: str) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(source)
        for alias in node.names
    }


def test_the_tui_and_rm_both_ask_with_it() -> None:
    """Both front ends build the question and the threshold here, and nobody else words them."""
    for front_end in ("components/bulk.py", "commands/rm.py"):
        assert {"delete_question", "typed_count"} <= _imported_names(SOURCE_ROOT / front_end, "model.confirmation"), front_end
    own = SOURCE_ROOT / "model" / "confirmation.py"
    for path in SOURCE_ROOT.rglob("*.py"):
        if path != own:
            text = path.read_text(encoding="utf-8")
            assert "TYPE_COUNT_ABOVE" not in text and "This cannot be undone" not in text, path
    assert confirmation.TYPE_COUNT_ABOVE == 100
