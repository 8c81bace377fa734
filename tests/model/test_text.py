"""Untrusted text is drawn literally: no escapes, controls, bidi or zero-width tricks survive."""

from __future__ import annotations

import pytest
from rich.text import Text

from claude_files.text import clean, clean_block, markup_safe

HOSTILE = [
    ("[bold red]x", "[bold red]x"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b]52;c;ZXZpbA==\x07name", "name"),
    ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
    ("a\u202egnp.exe", "agnp.exe"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("two\nlines\r", "two␤lines␍"),
    ("bell\x07 and del\x7f", "bell and del"),
    ("\x9b31mC1", "C1"),
]


@pytest.mark.parametrize(("raw", "expected"), HOSTILE)
def test_clean(raw, expected):
    assert clean(raw) == expected
    assert "\x1b" not in clean(raw)


def test_markup_is_escaped_for_markup_contexts():
    safe = markup_safe("[link=http://x]click[/link]")
    assert Text.from_markup(safe).plain == "[link=http://x]click[/link]"


def test_clean_truncates_with_ellipsis():
    assert clean("x" * 300, max_len=10) == "x" * 9 + "…"


def test_clean_block_keeps_lines():
    assert clean_block("a\r\nb\x1b[2Jc\td") == "a\nbc    d"


def test_fit_measures_cells_and_cleans() -> None:
    from rich.cells import cell_len

    from claude_files.text import fit

    for value in ("[red]evil", "text/\x1b[31mred", "文字文字文字文字", "a\u200bb", "x" * 300, ""):
        for width in (1, 5, 9, 12):
            drawn = fit(value, width)
            assert cell_len(drawn) == width and "\x1b" not in drawn and "\u200b" not in drawn, (value, width, drawn)
    assert fit("12 B", 6, right=True) == "  12 B"
    assert fit("report.pdf", 6) == "repor…"
