"""Hostile input: parse, highlight_spans and complete never raise anything but QueryError, never hang.

Whatever parses must give a predicate that never raises, even on rows with None fields.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from query_rows import NOW, ROWS

from claude_files.model.files import FileRecord
from claude_files.model.query import KEYS, QueryError, complete, completion_start, highlight_spans, parse

ODD_ROWS = [
    *ROWS.values(),
    FileRecord("file_none", None, None, None, None, None, None),  # type: ignore[arg-type]
    FileRecord("file_naive", "a.csv", "text/csv", 10**30, datetime(1, 1, 1), None, datetime(9999, 12, 31)),
    FileRecord("", "", "", -1, datetime.max.replace(tzinfo=UTC), True, datetime.min.replace(tzinfo=UTC)),
    object(),  # no fields at all
]
KINDS = {"key", "value", "op", "negation", "error", "word"}
HUGE = ["9" * 25, "9" * 400, "1e999", "99999999999999999999", "1" + "0" * 4400, ".5", "0.", "1..", "..", "-0"]
FRAGMENTS = [
    *(key + op for key in KEYS for op in (":", ">", ">=", "<", "<=", "=")),
    "sise:", "NAME:", "-", "--", '"', '\\"', "\\", ",", "..", "*", "?", " ", "  ", "\t", "\n", "\x00", "\x1b[31m", "\u202e",
    "kB", "MiB", "GB", "mo", "min", "y", "m", "h", "csv", "image/*", "text/plain", "never", "none", "sesn_A",
    "downloadable", "duplicate", "marked", "2026-03-29", "T02:30", "+01:00", "Z", "9999-12-31", "0001-01-01",
    *HUGE,
]  # fmt: skip
hostile = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=25).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map(lambda parts: ("".join(parts) * 200)[:12_000]),
)
LONG = [
    "a" * 10_000,
    "*a" * 5_000,
    "name:" + "*a" * 4_997 + "b",
    '"' * 10_001,
    "-" * 10_000,
    "size>" + "9" * 10_000,
    "age<" + "9" * 9_990 + "y",
    " ".join(["type:csv"] * 1_100),
    "type:" + ",".join(["csv"] * 3_000),
    "x:" * 3_333,
    "\x00\x01\x02\x1b" * 2_500,
    "created>" + "2026-" * 2_000,
    "x" * 10_001,
    "type:csv " * 100_000,
]


def _check(text: str) -> None:
    try:
        query = parse(text)
    except QueryError as error:
        assert isinstance(error.message, str) and error.message
        assert 0 <= error.start <= error.end <= len(text)
    else:
        predicate = query.predicate(NOW, marks={"file_aaa111"}, duplicates=["file_bbb222"])
        for row in ODD_ROWS:
            assert isinstance(predicate(row), bool)
    spans = highlight_spans(text)
    for start, end, kind in spans:
        assert 0 <= start < end <= len(text) and kind in KINDS
    assert all(first[1] <= second[0] for first, second in zip(spans, spans[1:], strict=False))
    for cursor in (0, len(text) // 2, len(text), -5, len(text) + 5):
        assert all(isinstance(candidate, str) for candidate in complete(text, cursor))
        assert 0 <= completion_start(text, cursor) <= len(text)


def _hostile_text_test(examples: int):
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hostile)
    @example('name:"Q1 report*')
    @example("size>1e999 age>99999999999999999999y expires<99999999999999999999y")
    @example("created>0001-01-01 created<9999-12-31 created:9999-12-31..")
    def test(text):
        _check(text)

    return test


# Every run tries a few hundred texts (about 1.5 s); `pytest -m slow` tries ten times as many.
test_random_and_hostile_text_never_breaks = _hostile_text_test(250)
test_random_and_hostile_text_never_breaks_at_length = pytest.mark.slow(_hostile_text_test(2500))


@pytest.mark.parametrize("text", LONG, ids=[f"long{n}" for n in range(len(LONG))])
def test_ten_thousand_characters_are_answered(text):
    _check(text)


GLOB_ALPHABET = "abz019.-!*?[]\\ "


@settings(max_examples=400, deadline=None)
@given(st.text(GLOB_ALPHABET, max_size=8), st.text(GLOB_ALPHABET.replace("*", "").replace("?", ""), max_size=8))
def test_name_globs_match_as_fnmatch_does(pattern, filename):
    """`*`, `?` and `[...]` classes (ranges, `!`, a leading `]`, unclosed `[`) mean what fnmatch says."""
    import fnmatch

    from claude_files.model.query.values import glob_regex

    assert (glob_regex(pattern).match(filename) is not None) == fnmatch.fnmatchcase(filename, pattern)
