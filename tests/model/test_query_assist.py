"""Typing help: colour spans as the query is typed, Tab completion of keys and short types."""

from __future__ import annotations

import pytest

from claude_files.model.query import complete, completion_start, highlight_spans


def coloured(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], kind) for start, end, kind in highlight_spans(text)]


def test_spans_name_every_part_of_a_query():
    text = '-type:csv,pdf report name:"Q1 *"'
    assert coloured(text) == [
        ("-", "negation"),
        ("type", "key"),
        (":", "op"),
        ("csv", "value"),
        (",", "op"),
        ("pdf", "value"),
        ("report", "word"),
        ("name", "key"),
        (":", "op"),
        ('"Q1 *"', "value"),
    ]
    assert coloured("size>=10kB") == [("size", "key"), (">=", "op"), ("10kB", "value")]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("sise:10kB", "sise:"),
        ("size>10kbb", "10kbb"),
        ("age>30 x", "30"),
        ('name:"open', '"open'),
        ("ok -", "-"),
        ("created>2026-02-30", "2026-02-30"),
    ],
)
def test_the_part_at_fault_is_coloured_as_an_error(text, error):
    spans = coloured(text)
    assert (error, "error") in spans
    assert [kind for _, kind in spans].count("error") == 1


def test_spans_are_ordered_and_never_overlap():
    spans = highlight_spans("a -b size:1kB..2MB,5 sise:1 type:")
    assert spans == sorted(spans)
    assert all(first[1] <= second[0] for first, second in zip(spans, spans[1:], strict=False))
    assert highlight_spans("") == [] and highlight_spans("   ") == []


@pytest.mark.parametrize(
    ("text", "cursor", "candidates", "fragment"),
    [
        ("", 0, ["name:", "id:", "type:", "size", "age", "created", "expires", "is:", "scope:"], ""),
        ("ty", 2, ["type:"], "ty"),
        ("-s", 2, ["size", "scope:"], "s"),
        ("a ex", 4, ["expires"], "ex"),
        ("TY", 2, ["type:"], "TY"),
        ("type:c", 6, ["csv"], "c"),
        ("type:", 5, None, ""),
        ("type:pdf,te", 11, ["text"], "te"),
        ("type:im", 7, ["image"], "im"),
        ("is:d", 4, ["downloadable", "duplicate"], "d"),
        ("scope:n", 7, ["none"], "n"),
        ("expires:n", 9, ["never"], "n"),
        ("size>1", 6, [], "1"),
        ("zz", 2, [], "zz"),
        ('"ty', 3, [], '"ty'),
        ("ty size>1", 2, ["type:"], "ty"),  # the cursor, not the end, decides
        ("type:c ", 7, ["name:", "id:", "type:", "size", "age", "created", "expires", "is:", "scope:"], ""),
    ],
)
def test_tab_completes_keys_and_values_at_the_cursor(text, cursor, candidates, fragment):
    got = complete(text, cursor)
    if candidates is None:
        assert {"csv", "pdf", "text", "png", "image", "xlsx"} <= set(got)
    else:
        assert got == candidates
    start = completion_start(text, cursor)
    assert text[start:cursor] == fragment


def test_completion_replaces_the_fragment_before_the_cursor():
    text, cursor = "size>1kB ty -is:marked", 11
    start = completion_start(text, cursor)
    (candidate,) = complete(text, cursor)
    assert text[:start] + candidate + text[cursor:] == "size>1kB type: -is:marked"
