"""LoadState: who may say that nothing loads any more, and what the views say, without a terminal."""

from __future__ import annotations

from dataclasses import dataclass

from claude_files.model.change import Change
from claude_files.model.files import FileList
from claude_files.model.loading import NOT_SEARCHED, NOT_SORTED, STOPPED, Activity, LoadState, Words


@dataclass
class Failure:
    kind: str = "network"
    message: str = "Cannot reach 127.0.0.1:9"
    hint: str = "Is the server running?"

    @property
    def text(self) -> str:
        return f"{self.message} {self.hint}"


@dataclass
class Listing:
    """What the idle words read of the FileList."""

    next_page: str | None = "page_2"
    filter_text: str = ""
    sort: str = "newest"


listing = Listing


def test_a_load_cancelled_by_its_successor_does_not_say_nothing_loads():
    """End, then r: the load-all's worker ends after the refresh began; fetching must stay on."""
    state = LoadState()
    load_all = state.begin(Activity.ALL, stoppable=True)
    refresh = state.begin(Activity.REFRESH, stoppable=True, retry=True)
    state.ended(load_all)
    assert state.fetching and state.activity is Activity.REFRESH
    state.failed(load_all, Failure())  # nor may it say how loading went
    assert state.error is None and state.fetching
    state.ended(refresh)
    assert not state.fetching and state.activity is None


def test_only_the_latest_load_reports_progress_and_clears_a_failure():
    state = LoadState()
    first = state.begin(Activity.FIRST)
    state.failed(first, Failure())
    assert state.error is not None and not state.fetching and state.retry_offered
    end = state.begin(Activity.ALL)  # End keeps the failure until a page comes
    assert state.error is not None and not state.retry_offered
    state.succeeded(first)
    state.progressed(first, 500)
    assert state.error is not None and state.progress is None
    state.succeeded(end)
    state.progressed(end, 500)
    assert state.error is None and state.progress == 500


def test_r_and_retry_forget_the_failure_at_once():
    state = LoadState()
    state.failed(state.begin(Activity.FIRST), Failure())
    state.begin(Activity.FIRST, retry=True)
    assert state.error is None and state.fetching


def test_esc_stops_only_a_load_all_or_a_refresh_while_it_is_the_latest():
    state = LoadState()
    state.begin(Activity.FIRST)
    assert not state.may_stop  # Esc while the first page loaded left the table empty (issue 24)
    state.begin(Activity.ALL, stoppable=True)
    assert state.may_stop
    state.begin(Activity.MORE)
    assert not state.may_stop
    load = state.begin(Activity.REFRESH, stoppable=True)
    state.stop()
    state.ended(load)  # the cancelled worker's own end changes nothing more
    assert not state.fetching and state.stopped and not state.may_stop


def test_the_row_under_the_files_says_what_loads():
    model = listing()
    state = LoadState()
    assert state.row(model) == Words("loading more…")  # idle, more on the server: the next page comes
    load = state.begin(Activity.ALL, stoppable=True)
    assert state.row(model) == Words("loading all…  (Esc cancels)")
    state.progressed(load, 1234)
    assert state.note() == Words("loading all… 1,234 files so far (Esc stops)")
    refresh = state.begin(Activity.REFRESH)
    assert state.row(model) == Words("refreshing…") and state.note() == Words("refreshing…")
    state.progressed(refresh, 5000)
    assert state.row(model) == Words("refreshing… 5,000 files reloaded, finding the highlighted one (Esc stops)")
    state.failed(refresh, Failure())
    assert state.row(model) == Words("⚠ Cannot reach 127.0.0.1:9  (r: retry)", error=True)
    assert state.note() == Words("Cannot reach 127.0.0.1:9 Is the server running?", error=True)


def test_ctrl_a_s_load_keeps_the_failure_s_words_but_not_its_retry():
    """Enter on the row while ctrl+a loads candidates would start a second loader of pages."""
    model = listing()
    state = LoadState()
    state.failed(state.begin(Activity.FIRST), Failure())
    state.begin(Activity.CANDIDATES)
    assert state.row(model) == Words("⚠ Cannot reach 127.0.0.1:9  (r: retry)", error=False)
    assert not state.retry_offered


def test_idle_words_offer_end_when_no_page_would_come_by_itself():
    state = LoadState()
    assert state.row(listing(filter_text="a")) == Words(NOT_SEARCHED)
    assert state.row(listing(sort="name")) == Words(NOT_SORTED)
    assert state.row(listing(next_page=None)) is None
    state.begin(Activity.ALL, stoppable=True)
    state.stop()
    assert state.row(listing()) == Words(STOPPED)
    assert state.row(listing(filter_text="a")) == Words(NOT_SEARCHED)  # scrolling would not go on: End would


def test_the_list_reports_loading_changes_on_its_feed():
    model = FileList()
    seen: list[Change] = []
    model.watch(seen.append)
    before = model.revision
    load = model.loading.begin(Activity.FIRST)
    model.loading.ended(load)
    model.loading.ended(load)  # nothing changed: nothing reported
    assert [change.loading for change in seen] == [True, True]
    assert model.revision == before + 2  # the header and status line show it
