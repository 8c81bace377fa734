"""The filter's query language in the TUI, against the real local server: counts, errors, completion,
exact ctrl+a on a partial load, the rule's summary before a delete, and sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import anthropic

from claude_files import formatting
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.load_progress import LoadProgress
from claude_files.dialogs.select_all import SelectAllQuestion
from claude_files.server.demo_data import session_id
from claude_files.service import FIRST_PAGE_SIZE
from claude_files.widgets.file_table import FileTable
from claude_files.widgets.metadata_pane import MetadataPane
from claude_files.widgets.query_input import QueryInput
from claude_files.widgets.query_message import QueryMessage
from claude_files.widgets.status_bar import StatusBar

from .conftest import on_top, ready, screen_text, seed_files, wait_until

RULE = "age>90d is:uploaded size>1MB"
SESSION = session_id("pilot session")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _status(screen) -> str:
    return _flat(str(screen.query_one(StatusBar).line()))


def _message(screen) -> str:
    return _flat(str(screen.query_one(QueryMessage).render()))


def _listed(server) -> set[str]:
    client = anthropic.Anthropic(base_url=server.url, api_key="test-key", max_retries=0)
    try:
        return {item.id for item in client.files.list(limit=1000)}
    finally:
        client.close()


def _seed_store(server) -> dict[str, list[str]]:
    """120 recent small files (the first page), then older files on the next page: five match RULE."""
    now = datetime.now(UTC)
    recent = seed_files(server, FIRST_PAGE_SIZE + 20, prefix="recent", start=now - timedelta(days=1))
    big = b"x" * 1_200_000

    def add(name: str, data: bytes, mime: str, days: int, **kw) -> str:
        return server.add_file(name, data, mime, created_at=now - timedelta(days=days), **kw)["id"]

    matching = [
        add("old-1.pdf", big, "application/pdf", 100),
        add("old-2.pdf", big, "application/pdf", 120),
        add("old-3.pdf", big, "application/pdf", 200),
        add("old-1.csv", b"y" * 1_500_000, "text/csv", 95),
        add("old-2.csv", b"y" * 1_500_000, "text/csv", 150),
    ]
    others = [
        add("old-output.pdf", big, "application/pdf", 130, downloadable=True),  # generated: not is:uploaded
        add("old-small.pdf", b"tiny", "application/pdf", 140),
        add("young-big.pdf", big, "application/pdf", 10),
    ]
    return {"matching": matching, "others": others + [f["id"] for f in recent]}


async def test_typing_a_query_counts_matches_and_a_wrong_one_keeps_the_view(server, make_app):
    seed_files(server, 12, prefix="alpha")
    seed_files(server, 5, prefix="beta")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash", *"beta")
        await wait_until(pilot, lambda: screen.model.filter_text == "beta")
        assert "5 of all 17 match" in _status(screen)
        field = screen.query_one(QueryInput)
        field.value = "beta sise>1"  # pasted: one change, straight to a wrong query
        await wait_until(pilot, lambda: "did you mean size" in _message(screen))
        assert len(screen.model) == 5 and screen.model.filter_text == "beta"  # the last good view
        assert "still showing “beta”" in _message(screen)
        await pilot.press("enter")  # a wrong query is not taken: the input stays open
        assert screen.filter_bar.display and screen.focused is field
        field.cursor_position = len(field.value)
        await pilot.press(*["backspace"] * 5)  # back to "beta s"
        await pilot.press(*"ize<1kB", "enter")
        await wait_until(pilot, lambda: not screen.filter_bar.display)  # the input and the line under it
        assert screen.model.filter_text == "beta size<1kB" and len(screen.model) == 5


async def test_tab_completes_keys_and_types(server, make_app):
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        field = screen.query_one(QueryInput)
        await pilot.press("slash", "t", "y", "tab")
        assert field.value == "type:" and screen.focused is field
        await pilot.press("p", "tab")  # pdf, png, pptx: nothing longer in common, so they are listed
        assert field.value == "type:p" and "pdf" in _message(screen) and "png" in _message(screen)
        await pilot.press("d", "tab")
        assert field.value == "type:pdf"
        await pilot.press("space", "x", "tab")  # nothing to complete: Tab says so and stays in the input
        assert "nothing to complete" in _message(screen)  # until the next text typed is applied (80 ms on)
        await pilot.press("space")
        assert field.value == "type:pdf x " and screen.focused is field


async def test_partial_load_ctrl_a_loads_every_page_first_and_marks_exactly(server, make_app):
    store = _seed_store(server)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash", *RULE, "enter")
        await wait_until(pilot, lambda: "0 match among 100 loaded — End loads the rest" in _status(screen))
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: isinstance(app.screen, SelectAllQuestion))
        await pilot.press("enter")  # the default: load every page, then mark
        await wait_until(pilot, lambda: screen.model.marks == set(store["matching"]))
        assert app.screen is screen and not screen.model.has_more
        assert f"5 of all {len(screen.model.rows)} match" in _status(screen)


async def test_partial_load_ctrl_a_can_mark_only_the_loaded(server, make_app):
    seed_files(server, FIRST_PAGE_SIZE + 30)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash", *"file-001", "enter")  # file-00100..file-00129 are loaded; 00010..00019 not
        await wait_until(pilot, lambda: len(screen.model) == 30)
        await pilot.press("ctrl+a")
        await wait_until(pilot, lambda: isinstance(app.screen, SelectAllQuestion))
        await pilot.press("l")
        await wait_until(pilot, lambda: len(screen.model.marks) == 30)
        assert len(screen.model.rows) == FIRST_PAGE_SIZE and screen.model.has_more
        await pilot.press("d")  # the question says the rule ran over the loaded files only
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        body = _flat(str(app.screen.query_one("#confirm-body").render()))
        assert f"selected by “file-001” among the {FIRST_PAGE_SIZE} loaded?" in body, body
        assert "more may match on the server" in body


async def test_esc_stops_loading_every_page_and_marks_nothing(server, make_app):
    seed_files(server, FIRST_PAGE_SIZE + 30)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        server.set_faults(latency_ms=30_000)  # the next page would take long
        try:
            await pilot.press("ctrl+a")
            await wait_until(pilot, lambda: isinstance(app.screen, SelectAllQuestion))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, LoadProgress))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen, timeout=5)
        finally:
            server.set_faults(latency_ms=0)
        assert not screen.model.marks and len(screen.model.rows) == FIRST_PAGE_SIZE
        assert not screen.model.loading.fetching
        await wait_until(pilot, lambda: "nothing marked" in _status(screen))


async def test_rule_selection_is_summed_up_before_delete_and_only_it_goes(server, make_app):
    store = _seed_store(server)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("slash", *RULE, "enter", "ctrl+a")
        await wait_until(pilot, lambda: isinstance(app.screen, SelectAllQuestion))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(screen.model.marks) == 5)
        assert screen.model.rule == RULE
        await pilot.press("d")
        await wait_until(pilot, lambda: on_top(app, ConfirmModal))
        body = _flat(str(app.screen.query_one("#confirm-body").render()))
        total = 3 * 1_200_000 + 2 * 1_500_000
        assert f"Delete 5 files ({formatting.size(total)}) selected by “{RULE}”?" in body  # every page loaded: no "among"
        assert body.startswith("In workspace default on "), body  # where the delete acts, always said
        assert "pdf 3 3.6 MB" in body and "csv 2 3.0 MB" in body
        rows = [screen.model.by_id[i] for i in store["matching"]]
        oldest = min(row.created_at for row in rows).astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        newest = max(row.created_at for row in rows).astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        assert f"created {oldest} … {newest} UTC" in body
        await pilot.press("y")
        await wait_until(pilot, lambda: _listed(server) == set(store["others"]), timeout=20)
        assert not set(store["matching"]) & _listed(server)


async def test_sessions_show_in_a_column_and_the_details_and_scope_lists_on_the_server(server, make_app):
    seed_files(server, FIRST_PAGE_SIZE + 10, prefix="recent", start=datetime.now(UTC))
    old = datetime.now(UTC) - timedelta(days=30)
    scoped = [
        server.add_file(f"out-{i}.csv", b"a,b\n", "text/csv", downloadable=True, scope_id=SESSION, created_at=old)["id"]
        for i in range(3)
    ]
    app = make_app(server)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = await ready(app, pilot)
        assert not screen.model.has_scopes and "Session" not in screen_text(app)
        await pilot.press("slash", *f"scope:{SESSION}", "enter")  # the session's files are on unloaded pages
        await wait_until(pilot, lambda: len(screen.model) == 3)
        assert "3 match (every candidate listed by the server)" in _status(screen)
        table = screen.query_one(FileTable)
        assert table.model.has_scopes and "Session" in screen_text(app)
        assert SESSION.removeprefix("sesn_")[:9] in screen_text(app)
        assert screen.query_one(MetadataPane).display
        await wait_until(pilot, lambda: SESSION in screen_text(app))  # whole in the details pane, with its type
        assert "session" in screen_text(app).replace("Session", "")
        assert {row.id for row in screen.model.view} == set(scoped)
        await pilot.press("ctrl+a")  # the answer is complete: no question
        await wait_until(pilot, lambda: screen.model.marks == set(scoped))


async def test_tab_typed_in_a_burst_completes_what_came_before_it(server, make_app):
    from .test_typeahead import burst

    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        field = screen.query_one(QueryInput)
        burst(app, "slash", *"is:up", "tab", "space", *"size")  # one read over SSH
        await wait_until(pilot, lambda: field.value == "is:uploaded size")
        assert screen.focused is field and not screen.model.marks
