"""Pins in the model and the query (no I/O: the pin set is handed in), and the pin store itself."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from query_rows import LETTER, NOW, ROWS

from claude_files.ledger import Place
from claude_files.model.files import FileList, FileRecord
from claude_files.model.query import parse
from claude_files.pins import Pin, PinsError, PinStore, keep_pinned, kept_words, read_import


def selected(text: str, **context) -> str:
    predicate = parse(text).predicate(NOW, **context)
    return "".join(LETTER[row.id] for row in ROWS.values() if predicate(row))


def rec(n: int) -> FileRecord:
    return FileRecord(
        f"file_{n:06d}", f"file-{n}.txt", "text/plain", 100, datetime(2026, 11, 1, tzinfo=UTC) - timedelta(minutes=n)
    )


def loaded(count: int) -> FileList:
    model = FileList()
    model.add_page([rec(i) for i in range(count)], None)
    return model


def ids(rows) -> list[str]:
    return [row.id for row in rows]


def test_is_pinned_uses_the_ids_given():
    assert selected("is:pinned", pins={"file_aaa111", "file_ggg777"}) == "ag"
    assert selected("-is:pinned", pins=["file_aaa111"]) == "bcdefgh"
    assert selected("is:pinned") == ""
    assert parse("is:pinned").needs_pins and parse("-is:uploaded,pinned").needs_pins
    assert not parse("is:marked").needs_pins


def test_filter_follows_pins_as_they_change():
    model = loaded(5)
    assert model.set_filter("is:pinned") and ids(model.view) == []
    model.set_pinned(["file_000001", "file_000003"], True)
    assert ids(model.view) == ["file_000001", "file_000003"]
    model.set_pinned(["file_000001"], False)
    assert ids(model.view) == ["file_000003"]
    model.set_pins(["file_000000"])
    assert ids(model.view) == ["file_000000"]


def test_mark_all_and_invert_never_mark_a_pinned_file():
    model = loaded(10)
    model.set_pins({"file_000002", "file_000005"})
    assert model.mark_all_matching() == 8
    assert model.marks.isdisjoint(model.pins) and model.pinned_in_view() == 2
    model.clear_marks()
    model.set_filter("file-")
    model.mark_all_matching()
    assert model.rule == "file-", "the rule stands for exactly what it marked"
    model.clear_marks()
    model.marks.add("file_000001")
    model.invert_marks()
    assert model.marks == {f"file_{i:06d}" for i in (0, 3, 4, 6, 7, 8, 9)}
    model.marks.add("file_000002")  # marked by hand (space): invert leaves it as it is
    model.invert_marks()
    assert model.marks == {"file_000001", "file_000002"}


def test_pins_kept_counts_those_marked_and_those_ctrl_a_passed_over():
    model = loaded(6)
    model.set_pins({"file_000001", "file_000002", "file_000004"})
    model.set_filter("name:file-1.txt,file-2.txt,file-3.txt")
    model.mark_all_matching()
    assert model.pins_kept(model.marked_rows()) == 2
    model.set_filter("")
    model.marks.add("file_000004")  # by hand
    assert model.pins_kept(model.marked_rows()) == 3
    model.remove(["file_000003"])
    model.marks.discard("file_000004")
    model.remove([])  # the selection is done with (its deletes went): nothing is counted any more
    assert model.pins_kept(model.marked_rows()) == 0
    model.mark_all_matching()
    model.clear_marks()
    assert model.pins_kept([]) == 0


def test_keep_pinned_splits_in_order():
    rows = [rec(i) for i in range(5)]
    free, kept = keep_pinned(rows, {"file_000003", "file_000001", "file_gone"})
    assert ids(free) == ["file_000000", "file_000002", "file_000004"]
    assert ids(kept) == ["file_000001", "file_000003"]
    assert keep_pinned(rows, set()) == (rows, [])
    assert kept_words(1) == "1 pinned file kept" and kept_words(3) == "3 pinned files kept"


def test_store_keeps_places_apart_and_writes_privately(tmp_path: Path):
    store = PinStore(tmp_path / "sub" / "pins.json")
    here, there = Place("https://api.example", None), Place("https://api.example", "wrkspc_1")
    assert store.ids(here) == set(), "no file yet: no pins"
    assert store.change(here, pin=[Pin("file_a1"), Pin("file_b2")]) == (2, 0)
    assert store.change(there, pin=[Pin("file_a1")]) == (1, 0)
    assert store.change(here, pin=[Pin("file_a1")], unpin=["file_b2", "file_zz"]) == (0, 1)
    assert store.ids(here) == {"file_a1"} and store.ids(there) == {"file_a1"}
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.change(there, pin=[Pin("file_c3")])
    assert store.change(there, unpin=["file_a1"]) == (0, 1), "released under every connection, as deletes keep any"
    assert store.ids(here) == set() and store.ids(there) == {"file_c3"}
    places = json.loads(store.path.read_text())["places"]
    assert [place["workspace"] for place in places] == ["wrkspc_1"], "an empty place leaves the file"


def test_a_damaged_pins_file_is_an_error_in_words(tmp_path: Path):
    path = tmp_path / "pins.json"
    path.write_text("[]")
    with pytest.raises(PinsError, match="not a claude-files pins file"):
        PinStore(path).ids(Place("x", None))


def test_read_import_counts_what_is_not_a_pin():
    pins, bad = read_import(json.dumps({"pins": [{"id": "file_a1", "filename": "a"}, "file_b2", {"id": 3}, "x", "file_a1"]}))
    assert [pin.file_id for pin in pins] == ["file_a1", "file_b2"] and bad == 2
    for text in ("{", "[]", '{"pins": 1}'):
        with pytest.raises(PinsError):
            read_import(text)


def test_an_unwritable_place_is_an_error_in_words(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(PinsError, match="cannot write the pins file"):
        PinStore(blocker / "pins.json").change(Place("x", None), pin=[Pin("file_a1")])
