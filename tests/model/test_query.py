"""The query language against known rows: every key, unit, negation, quoting, lists, globs, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from query_rows import LETTER, NOW, ROWS, local_zone

from claude_files.model.files import FileRecord
from claude_files.model.query import KEYS, QueryError, duplicate_ids, parse

ALL = "".join(ROWS)


def selected(text: str, **context) -> str:
    """The letters of the rows `text` selects, in row order."""
    predicate = parse(text).predicate(NOW, **context)
    return "".join(LETTER[row.id] for row in ROWS.values() if predicate(row))


@pytest.fixture(autouse=True)
def _utc_local_time():
    """Dates without a zone are local time: pin it, so these answers do not depend on the machine."""
    with local_zone("UTC"):
        yield


CASES = [
    # empty, bare words (substring of filename or id, case-insensitive), bare globs on the filename
    ("", ALL),
    ("   ", ALL),
    ("report", "a"),
    ("REPORT", "a"),
    ("ddd4", "d"),
    ("file_", ALL),
    ("data report", ""),
    ("*.csv", "bc"),
    ("data.???", "bc"),
    ("photo*", "f"),
    ("*[[]old]*", "g"),  # `[[]` is a literal bracket, as in fnmatch
    ("[old]", "g"),  # a bare word without * or ? is a substring: brackets are themselves
    ('"Q1 report"', "a"),
    ('"budget, 2026"', "h"),
    ('"size>1"', ""),  # quoted: a word, not a key
    # name: glob on the whole filename, id: prefix, id= exact
    ('name:"Q1 report*"', "a"),
    ("name:data.csv", "bc"),
    ("name:data", ""),
    ("name:*.csv,*.png", "bce"),
    ("NAME:*.PNG", "e"),
    # name: character classes, as fnmatch has them
    ("name:[dp]*", "bcf"),
    ("name:[!dp]*", "adegh"),
    ("name:[a-e]*", "bcegh"),
    ("name:data.[c]sv", "bc"),
    ("name:*[0-9].*", "h"),
    ('name:"*[]]*"', "g"),
    ("name:[z-a]*", ""),
    ('name:"Budget, 2026.xlsx"', "h"),
    ("-name:*.csv", "adefgh"),
    ("id:file_ccc", "c"),
    ("id:file_ccc,file_ddd", "cd"),
    ("id=file_ccc333", "c"),
    ("id=file_ccc", ""),
    ("id=file_ccc333,file_aaa111", "ac"),
    # type: short type as the table shows it, MIME, MIME glob, major type
    ("type:csv", "bc"),
    ("type:CSV", "bc"),
    ("type:pdf", "a"),
    ("type:text", "d"),
    ("type:png", "e"),
    ("type:jpeg", "f"),
    ("type:binary", "g"),
    ("type:xlsx", "h"),
    ("type:image", "ef"),
    ("type:text/csv", "bc"),
    ("type:image/*", "ef"),
    ("type:text/*", "bcd"),
    ("type:pdf,png", "ae"),
    ("type=pdf", "a"),
    ("-type:image", "abcdgh"),
    # size: every operator and unit, ranges, lists
    ("size>10kB", "abcef"),
    ("size>=10kB", "abcefg"),
    ("size>10000", "abcef"),
    ("size>10000B", "abcef"),
    ("size<1kB", "dh"),
    ("size<=999B", "dh"),
    ("size=999", "d"),
    ("size=0", "h"),
    ("size=1MB", "f"),
    ("size=1MiB", "e"),
    ("size=1mib", "e"),
    ("size:1MB..1MiB", "ef"),
    ("size:..1kB", "dh"),
    ("size:2MB..", "a"),
    ("size:10kB,999", "dg"),
    ("size>1.5MB", "a"),
    ("size>2.4999995MB", "a"),
    ("size>0.5GB", ""),
    ("size<1GiB", ALL),
    ("size>1KiB", "abcefg"),
    ("size>=0.9765625KiB", "abcefg"),
    ("size<1TB", ALL),
    ("size<=1TiB", ALL),
    ("size>99999999999999999999GB", ""),
    ("-size>10kB", "dgh"),
    # age: every unit, both directions, edges
    ("age>30d", "abeg"),
    ("age<1d", "d"),
    ("age<=1d", "df"),
    ("age>1y", "e"),
    ("age>13mo", "e"),
    ("age<2w", "cdfh"),
    ("age>90min", ALL),
    ("age<3h", "d"),
    ("age<7200s", ""),
    ("age<=7200s", "d"),
    ("age<1.5w", "cdfh"),
    ("age>=400d", "e"),
    ("age>99999999999999999999y", ""),
    ("age<99999999999999999999y", ALL),
    # created: dates are whole local days; date-times to the second, with or without a zone
    ("created>2026-10-01", "cdfh"),
    ("created>=2026-10-01", "cdfgh"),
    ("created<2026-10-01", "abe"),
    ("created<=2026-10-01", "abeg"),
    ("created:2026-10-01", "g"),
    ("created:2026-10-01..2026-10-31", "cfgh"),
    ("created:..2026-01-01", "e"),
    ("created:2026-10-31..", "df"),
    ("created<2026-01-01", "e"),
    ("created>2026-10-31T12:00", "d"),
    ("created>=2026-10-31T12:00Z", "df"),
    ("created<2026-10-31T13:00+01:00", "abcegh"),
    ("created>=20261031", "df"),
    # expires: within D and not yet expired; never
    ("expires<7d", "c"),
    ("expires<30d", "ce"),
    ("expires<=3d", "c"),
    ("expires>7d", "e"),
    ("expires:never", "abfgh"),
    ("expires:NEVER", "abfgh"),
    ("-expires:never", "cde"),
    ("expires<99999999999999999999y", "ce"),
    # is:
    ("is:downloadable", "ce"),
    ("is:uploaded", "abdfgh"),
    ("is:expired", "d"),
    ("is:downloadable,expired", "cde"),
    ("-is:uploaded", "ce"),
    # scope: a session id, none, any, glob
    ("scope:sesn_A", "bc"),
    ("scope:none", "adfgh"),
    ("scope:*", "bce"),
    ("scope:sesn_*", "bce"),
    ("scope:sesn_A,sesn_B", "bce"),
    ("-scope:*", "adfgh"),
    ("scope:sesn_a", ""),  # session ids are exact
    # several terms: all must hold
    ("type:csv size>10kB age>30d -is:downloadable", "b"),
    ("age>90d is:uploaded size>1MB", "a"),
    ("-is:uploaded -type:image", "c"),
    ("data -scope:none is:downloadable", "c"),
]


@pytest.mark.parametrize(("text", "letters"), CASES)
def test_query_selects(text, letters):
    assert selected(text) == letters


def test_every_key_is_covered_by_the_table():
    used = {
        text.lstrip("-").partition(":")[0].partition(">")[0].partition("<")[0].partition("=")[0].casefold() for text, _ in CASES
    }
    assert set(KEYS) <= used


def test_marked_and_duplicate_use_the_ids_given():
    assert selected("is:marked", marks={"file_aaa111", "file_ggg777"}) == "ag"
    assert selected("-is:marked", marks=["file_aaa111"]) == "bcdefgh"
    assert selected("is:marked") == ""
    duplicates = duplicate_ids(ROWS.values())
    assert duplicates == {"file_bbb222"}  # the older of the two data.csv; the newest stays
    assert selected("is:duplicate", duplicates=duplicates) == "b"
    assert selected("is:marked,duplicate", marks={"file_aaa111"}, duplicates=duplicates) == "ab"


def test_what_the_lister_may_narrow_on_the_server():
    assert parse("scope:sesn_A type:csv").scope_id == "sesn_A"
    for text in ("-scope:sesn_A", "scope:none", "scope:*", "scope:sesn_*", "scope:a,b", "type:csv"):
        assert parse(text).scope_id is None, text
    assert parse("id=file_b,file_a").ids == ("file_a", "file_b")
    assert parse("id=file_a,file_b id=file_b").ids == ("file_b",)
    for text in ("id:file_a", "-id=file_a", "file_a"):
        assert parse(text).ids is None, text
    assert parse("id=" + ",".join(f"file_{n}" for n in range(101))).ids is None  # the API takes at most 100


def test_flags_and_emptiness():
    assert parse("").is_empty and parse("  ").is_empty
    assert not parse("x").is_empty
    assert parse("-is:duplicate").needs_duplicates and not parse("is:marked").needs_duplicates
    assert parse("is:uploaded,marked").needs_marks and not parse("is:uploaded").needs_marks
    assert parse("age>1d").text == "age>1d"
    assert parse("age>1d") == parse("age>1d") and hash(parse("x")) == hash(parse("x"))


def test_a_query_of_only_quotes_and_spaces_has_no_terms():
    """A blank `rm --where "$AGE $SIZE"` or `--where '""'` selected every file as a rule: it has no terms."""
    for text in ('""', "\t", "\"\" ''", '" "', "''", ' "" \n '):
        assert parse(text).is_empty, repr(text)
    assert [term.key for term in parse("\"\" size>1 ''").terms] == ["size"]
    assert not parse('"a"').is_empty and not parse("x''").is_empty
    with pytest.raises(QueryError, match="needs a term"):
        parse('-""')


def test_predicate_is_compiled_against_now():
    query = parse("age>30d")
    later = query.predicate(NOW + timedelta(days=60))
    assert [LETTER[row.id] for row in ROWS.values() if later(row)] == list("abcdefgh")
    naive_now = query.predicate(NOW.replace(tzinfo=None))  # a naive now is read as UTC
    assert [LETTER[row.id] for row in ROWS.values() if naive_now(row)] == list("abeg")


def test_rows_with_odd_fields_never_raise():
    naive = FileRecord("file_n", "old.csv", "text/csv", 50_000, datetime(2020, 1, 1), None, datetime(2020, 2, 1))
    broken = FileRecord("file_x", None, None, None, None, None, None)  # type: ignore[arg-type]
    for text in ("age>30d", "type:csv size>10kB", "created<2021-01-01", "is:expired", "old", "name:*.csv", "scope:none"):
        predicate = parse(text).predicate(NOW)
        assert predicate(naive) is True, text  # naive datetimes are UTC, as the table shows them
    for text in ("age>30d", "type:csv", "size>10kB", "created<2021-01-01", "name:*.csv", "x"):
        assert parse(text).predicate(NOW)(broken) is False, text
        assert parse(f"-{text}").predicate(NOW)(broken) is False, text  # unknown fields match neither way
    for text in ("expires:never", "scope:none", "is:uploaded", "-is:expired"):  # None there is an answer
        assert parse(text).predicate(NOW)(broken) is True, text


def test_a_type_outside_the_known_short_types_is_taken_by_mime_type_glob_or_quoted():
    odd = FileRecord("file_odd", "x.foo", "application/x-foo", 1, NOW)
    for text in ("type:application/x-foo", 'type:"foo"', "type:*foo", "type:ZIP,*/x-foo"):
        assert parse(text).predicate(NOW)(odd) is True, text


ERRORS = [
    ("sise:10", "unknown key 'sise:' — did you mean size:?", "sise:"),
    ("cre>2026-01-01", "did you mean created>?", "cre>"),
    ("http://example.com", "keys are name, id, type", "http:"),
    ("size>10kbb", "unknown size unit 'kbb'", "10kbb"),
    ("size>1e999", "'1e999' is not a size", "1e999"),
    ("size>" + "9" * 40, "too long", "9" * 40),
    ("size>ten", "'ten' is not a size", "ten"),
    ("size=1.0005kB", "not a whole number of bytes", "1.0005kB"),
    ("size:..", "needs at least one end", ".."),
    ("size:1..2..3", "one '..'", "1..2..3"),
    ("size:1kB..x", "'x' is not a size", "x"),
    ("size>1,2", "works with size: only", ","),
    ("age>30", "needs a unit", "30"),
    ("age>5m", "'m' could be min or mo", "5m"),
    ("age:3d", "age takes age> age>= age< age<=", "age:"),
    ("created>2026-02-30", "'2026-02-30' is not a date", "2026-02-30"),
    ("created:2026-01-01..soon", "'soon' is not a date", "soon"),
    ("expires:soon", "expires: takes 'never'", "soon"),
    ("expires=never", "expires takes", "expires="),
    ("is:dup", "did you mean is:duplicate?", "dup"),
    ("is:big", "is: takes downloadable, uploaded", "big"),
    ("name>3", "name takes name: name=", "name>"),
    ("name:", "needs a value", "name:"),
    ("type:csv,", "needs a value", "type:csv,"),
    ('name:"Q1 report', "never closed", '"Q1 report'),
    ("type:pdff", "unknown type 'pdff' — did you mean pdf?", "pdff"),
    ("type:csv,pnng", "did you mean png?", "pnng"),
    ("-type:Jpgg", "did you mean jpeg?", "Jpgg"),
    ("type:qqqqqq", "types are pdf, text, markdown, csv", "qqqqqq"),
    ("type:qqqqqq", "MIME type (type:application/zip)", "qqqqqq"),
    ("report -", "'-' needs a term", "-"),
]


@pytest.mark.parametrize(("text", "words", "at"), ERRORS)
def test_bad_queries_say_what_and_where(text, words, at):
    with pytest.raises(QueryError) as caught:
        parse(text)
    error = caught.value
    assert words in error.message
    assert str(error) == error.message
    assert text[error.start : error.end] == at


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.skip(f"no time zone data for {name} on this machine")


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Europe/Berlin", "2026-10-25"),  # 25 hours: clocks go back at 03:00
        ("Europe/Berlin", "2026-03-29"),  # 23 hours: clocks go forward at 02:00
        ("America/New_York", "2026-11-01"),
        ("America/New_York", "2026-03-08"),
        ("Australia/Lord_Howe", "2026-04-05"),  # a half-hour change
    ],
)
def test_a_date_is_the_whole_local_day_across_a_dst_change(zone, day):
    tz = _zone(zone)
    start = datetime.fromisoformat(day).replace(tzinfo=tz).astimezone(UTC)
    end = (datetime.fromisoformat(day) + timedelta(days=1)).replace(tzinfo=tz).astimezone(UTC)
    assert (end - start) != timedelta(hours=24)  # the day really has a change in it
    probes = [start + timedelta(minutes=m) for m in (-30, -1, 0, 1, 60 * 12)] + [
        end - timedelta(minutes=1),
        end,
        end + timedelta(minutes=30),
    ]
    rows = [FileRecord(f"file_{n}", "x", "text/plain", 1, moment) for n, moment in enumerate(probes)]
    with local_zone(zone):
        inside = parse(f"created:{day}").predicate(NOW)
        after = parse(f"created>{day}").predicate(NOW)
        before = parse(f"created<{day}").predicate(NOW)
        until = parse(f"created<={day}").predicate(NOW)
        local_noon = parse(f"created>={day}T12:00").predicate(NOW)
    for row in rows:
        moment = row.created_at
        assert inside(row) == (start <= moment < end), moment
        assert after(row) == (moment >= end), moment
        assert before(row) == (moment < start), moment
        assert until(row) == (moment < end), moment
        noon = datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=tz)
        assert local_noon(row) == (moment >= noon), moment


def test_a_local_time_in_the_spring_gap_still_parses():
    _zone("Europe/Berlin")
    with local_zone("Europe/Berlin"):
        predicate = parse("created>=2026-03-29T02:30").predicate(NOW)
    assert predicate(ROWS["a"]) is True


def test_duplicates_keep_the_newest_whatever_the_order():
    old = FileRecord("file_1", "a.txt", "text/plain", 5, NOW - timedelta(days=3))
    mid = FileRecord("file_2", "a.txt", "text/plain", 5, NOW - timedelta(days=2))
    new = FileRecord("file_3", "a.txt", "text/plain", 5, NOW - timedelta(days=1))
    other_size = FileRecord("file_4", "a.txt", "text/plain", 6, NOW - timedelta(days=9))
    other_name = FileRecord("file_5", "A.txt", "text/plain", 5, NOW - timedelta(days=9))
    for order in ([old, mid, new], [new, mid, old], [mid, new, old]):
        assert duplicate_ids([*order, other_size, other_name]) == {"file_1", "file_2"}
    twins = [FileRecord("file_b", "t", "x/y", 1, NOW), FileRecord("file_a", "t", "x/y", 1, NOW)]
    assert duplicate_ids(twins) == duplicate_ids(twins[::-1]) == {"file_a"}
    naive = FileRecord("file_9", "a.txt", "text/plain", 5, datetime(2030, 1, 1))
    assert duplicate_ids([old, naive]) == {"file_1"}
