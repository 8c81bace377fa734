"""Live refresh without a terminal: the timing and backoff policy, and merging the newest page."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from claude_files.config import Settings
from claude_files.model.files import FileList, FileRecord
from claude_files.model.live import IDLE_AFTER, MAX_BACKOFF, Arrivals, LivePolicy
from claude_files.tui_options import tui_parser

BASE = datetime(2026, 11, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def rec(n: int) -> FileRecord:
    """File n was created n minutes before BASE (negative n: after it, i.e. newer)."""
    return FileRecord(f"file_{n + 100:06d}", f"file-{n}.txt", "text/plain", 100, BASE - timedelta(minutes=n))


def ids(rows) -> list[str]:
    return [row.id for row in rows]


# --- the policy ---------------------------------------------------------------------------


def test_due_after_each_interval_and_never_two_in_flight():
    clock = Clock()
    policy = LivePolicy(10, clock)
    assert not policy.due()
    clock.now += 10
    assert policy.due()
    policy.began()
    clock.now += 100
    assert not policy.due(), "one check at a time, however long it takes"
    policy.answered()
    assert not policy.due()
    clock.now += 9.9
    assert not policy.due()
    clock.now += 0.1
    assert policy.due()


def test_busy_pauses_and_idle_terminal_pauses_until_touched():
    clock = Clock()
    policy = LivePolicy(10, clock)
    assert policy.words(busy=True) == "live", "a load shorter than the interval delays nothing: no word"
    clock.now += 10
    assert not policy.due(busy=True)
    assert policy.words(busy=True) == "live · paused"
    clock.now += IDLE_AFTER
    assert not policy.due() and policy.words() == "live · paused (idle)"
    policy.touched()
    assert policy.due(), "the check missed while idle comes at once"


def test_failures_back_off_doubling_to_a_cap_and_an_answer_resets():
    clock = Clock()
    policy = LivePolicy(10, clock)
    waits = []
    for _ in range(8):
        policy.began()
        waits.append(policy.failed("rate limited (429)"))
    assert waits == [20, 40, 80, 160, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF]
    assert policy.words() == "live · retry in 5m"
    clock.now += MAX_BACKOFF - 1
    assert not policy.due()
    clock.now += 1
    assert policy.due()
    policy.began()
    policy.answered()
    assert policy.failures == 0 and policy.failed_because is None
    assert policy.next_at == clock.now + 10


def test_retry_now_makes_a_check_backing_off_due_at_once_and_nothing_else():
    clock = Clock()
    policy = LivePolicy(10, clock)
    policy.retry_now()
    assert not policy.due(), "no failure: the interval holds"
    policy.began()
    policy.failed("did not answer")
    policy.began()
    policy.retry_now()
    assert not policy.due(), "never two in flight"
    policy.failed("did not answer")
    assert not policy.due()
    policy.retry_now()
    assert policy.due() and not policy.due(busy=True)
    policy.toggle()
    policy.retry_now()
    assert not policy.due(), "off stays off"


def test_words_say_the_age_of_the_last_check():
    clock = Clock()
    policy = LivePolicy(10, clock)
    assert policy.words() == "live"
    policy.began()
    policy.answered()
    clock.now += 3
    assert policy.words() == "live · 3s ago"
    clock.now += 120
    assert policy.words() == "live · 2m ago"


def test_zero_is_off_and_the_toggle_turns_on_with_the_default_due_at_once():
    clock = Clock()
    policy = LivePolicy(0, clock)
    assert not policy.on and not policy.due() and policy.words() == "live off"
    assert policy.toggle()
    assert policy.due() and policy.interval == 10
    assert not policy.toggle() and not policy.due()


def test_no_idle_rule_for_a_script():
    clock = Clock()
    policy = LivePolicy(5, clock, idle_after=None)
    clock.now += 10 * IDLE_AFTER
    assert policy.due()


# --- merging the newest page ----------------------------------------------------------------


def loaded(*numbers: int, next_page: str | None = "more") -> FileList:
    model = FileList()
    model.add_page([rec(n) for n in numbers], next_page)
    return model


def test_new_files_come_in_on_top_keeping_highlight_marks_and_visual_range():
    model = loaded(0, 1, 2, 3, 4)
    model.move_to(2)
    model.marks.add(rec(3).id)
    model.toggle_visual()  # anchored on file 2
    model.move_to(3)
    known = model.newest_ids(100)
    merged = model.merge_newest([rec(-2), rec(-1), rec(0), rec(1), rec(2)], "more", known)
    assert ids(merged.arrived) == [rec(-2).id, rec(-1).id] and merged.gone == []
    assert ids(model.view)[:3] == [rec(-2).id, rec(-1).id, rec(0).id]
    assert model.highlighted.id == rec(3).id
    assert [model.view[i].id for i in model.visual_range()] == [rec(2).id, rec(3).id]
    assert model.marks == {rec(3).id}
    assert model.new_ids == {rec(-2).id, rec(-1).id}
    model.look_at(rec(-1).id)
    assert model.new_ids == {rec(-2).id}


def test_files_gone_within_the_page_leave_with_their_marks_older_ones_stay():
    model = loaded(0, 1, 2, 3, 4, 5)
    model.marks.update({rec(1).id, rec(5).id})
    model.move_to(1)
    known = model.newest_ids(100)
    merged = model.merge_newest([rec(0), rec(2), rec(3)], "more", known)
    assert merged.gone == [rec(1).id] and merged.unmarked == 1
    assert ids(model.view) == [rec(n).id for n in (0, 2, 3, 4, 5)], "4 and 5 are past the page: not known to be gone"
    assert model.marks == {rec(5).id}
    assert model.highlighted.id == rec(2).id, "the highlight moves on as after a delete"


def test_the_whole_listing_in_one_page_tells_every_gone_file():
    model = loaded(0, 1, 2, next_page=None)
    merged = model.merge_newest([rec(1)], None, model.newest_ids(100))
    assert sorted(merged.gone) == sorted([rec(0).id, rec(2).id])
    assert ids(model.view) == [rec(1).id]


def test_a_file_added_while_the_check_was_away_is_not_gone():
    model = loaded(0, 1, 2)
    known = model.newest_ids(100)  # the check is sent
    model.insert_new(rec(-5))  # an upload finishes before its answer arrives
    merged = model.merge_newest([rec(0), rec(1), rec(2)], None, known)
    assert merged.gone == [] and rec(-5).id in model.by_id


def test_new_files_follow_the_filter_and_sort():
    model = loaded(0, 1, 2)
    model.cycle_sort()  # oldest first
    model.set_filter("name:file-*")
    model.move_to(0)
    model.merge_newest(
        [FileRecord("file_new", "other.txt", "text/plain", 1, BASE + timedelta(minutes=1)), rec(-1)], "more", set()
    )
    assert ids(model.view)[-1] == rec(-1).id, "oldest first: the newest goes to the end"
    assert "file_new" not in ids(model.view) and "file_new" in model.by_id, "hidden by the filter, but loaded"
    assert model.highlighted.id == rec(2).id


def test_nothing_new_changes_nothing():
    model = loaded(0, 1)
    seen = []
    model.watch(seen.append)
    revision = model.rows_revision
    merged = model.merge_newest([rec(0), rec(1)], None, model.newest_ids(100))
    assert merged == ([], [], 0) and seen == [] and model.rows_revision == revision


# --- arrivals for ls --follow --------------------------------------------------------------------


def test_arrivals_are_unseen_files_not_older_than_the_last_look():
    arrivals = Arrivals()
    first = [rec(0), rec(1), rec(2)]
    assert arrivals.look(first, more=True) == first, "the first look: all"
    newer = rec(-1)
    assert arrivals.look([newer, rec(0), rec(1)], more=True) == [newer]
    # rec(1) deleted elsewhere: rec(3), older than the last look's oldest, moves up into the page
    assert arrivals.look([rec(-1), rec(0), rec(3)], more=True) == []


def test_arrivals_in_a_store_listed_whole_are_every_unseen_id():
    arrivals = Arrivals()
    arrivals.look([rec(0), rec(1)], more=False)
    late = rec(5)  # an upload that took long: created before the others, listed only now
    assert arrivals.look([rec(0), rec(1), late], more=False) == [late]


# --- where the interval comes from ----------------------------------------------------------------


def test_live_seconds_setting_takes_whole_numbers_and_refuses_negatives(tmp_path, monkeypatch):
    path = tmp_path / "c.json"
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(path))
    path.write_text('{"live_seconds": 30}')
    assert Settings.load().live_seconds == 30.0
    path.write_text('{"live_seconds": 0}')
    assert Settings.load().live_seconds == 0.0
    path.write_text('{"live_seconds": -5}')
    loaded = Settings.load()
    assert loaded.live_seconds == Settings().live_seconds and loaded.refused == {"live_seconds": -5}


def test_live_option_of_the_tui():
    assert tui_parser().parse_args(["--live", "2.5"]).live == 2.5
    assert tui_parser().parse_args(["--live", "0"]).live == 0.0
    assert tui_parser().parse_args([]).live is None
    with pytest.raises(SystemExit):
        tui_parser().parse_args(["--live", "-1"])


@pytest.mark.parametrize("sort", ["newest", "oldest", "name", "size"])
@pytest.mark.parametrize("query", ["", "name:file-1*", "size>50", "is:duplicate"])
def test_new_files_land_where_a_fresh_sort_and_filter_would_put_them(sort, query):
    rng = random.Random(f"{sort}{query}")
    old = [
        FileRecord(
            f"file_{n:04d}", f"file-{rng.randrange(30)}.txt", "text/plain", rng.randrange(100), BASE - timedelta(minutes=n)
        )
        for n in range(200)
    ]
    model = FileList()
    model.add_page(old, "more")
    while model.sort != sort:
        model.cycle_sort()
    model.set_filter(query)
    new = [
        FileRecord(
            f"new_{n:04d}", f"file-{rng.randrange(30)}.txt", "text/plain", rng.randrange(100), BASE + timedelta(minutes=n // 2)
        )
        for n in range(20, 0, -1)
    ]
    model.merge_newest([*new, *old[:80]], "more", model.newest_ids(1000))
    placed = ids(model.view)
    model._rebuild_view(model.highlighted)  # noqa: SLF001 - what a full rebuild gives, to compare with
    assert placed == ids(model.view)
