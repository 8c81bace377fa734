"""Live refresh in the TUI against the real local server: files uploaded or deleted elsewhere
arrive and leave without a key, 429s back off, one request at a time, paused by a bulk delete."""

from __future__ import annotations

import asyncio
import random

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.model.live import IDLE_AFTER
from claude_files.screens.overview import OverviewScreen
from claude_files.server import LocalServer
from claude_files.widgets.file_table import NEW_SIGN
from claude_files.widgets.header_bar import HeaderBar

from ..conftest import LIVE_SERVERS, make_client_for
from .conftest import details_refreshed, ready, screen_text, seed_files, shown_text, wait_until

INTERVAL = 0.25  # seconds between checks (10 by default): short, so tests wait little


def lists_seen(server: LocalServer) -> int:
    """List requests the server has had (page loads and live checks alike)."""
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == "/v1/files")


async def upload_elsewhere(server: LocalServer, name: str) -> str:
    """A file uploaded by another program through the SDK (an agent, a script)."""

    def upload() -> str:
        with make_client_for(server) as client:
            return client.files.upload(file=(name, b"made elsewhere\n", "text/plain")).id

    return await asyncio.to_thread(upload)


def header_words(app) -> str:
    return app.screen.query_one(HeaderBar).line().plain if app.screen.query(HeaderBar) else ""


async def test_a_file_uploaded_elsewhere_arrives_on_top_within_two_checks_keeping_place_and_marks(server, make_app):
    seed_files(server, 6)
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("j", "space", "space")  # marks on rows 1 and 2, the highlight on row 3
        model = screen.model
        highlighted, marks = model.highlighted.id, set(model.marks)
        new_id = await upload_elsewhere(server, "agent-output.txt")
        checks = screen.live.policy.checks  # as the upload is answered (a loaded machine may take a few checks over it)
        await wait_until(pilot, lambda: new_id in model.by_id, what="the upload to arrive without a key")
        assert screen.live.policy.checks <= checks + 2, "within two checks of the upload"
        assert model.view[0].id == new_id and new_id in model.new_ids
        assert model.highlighted.id == highlighted and model.marks == marks
        await wait_until(pilot, lambda: screen.table.render_line(1).text.startswith(NEW_SIGN), what="the new sign drawn")
        assert "live" in header_words(app)
        await pilot.press("g")  # looked at: no longer new
        await wait_until(pilot, lambda: new_id not in model.new_ids)


async def test_a_file_deleted_elsewhere_leaves_with_its_mark_and_a_word(server, make_app):
    files = seed_files(server, 6)
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(app, pilot)
        model = screen.model
        await pilot.press("j", "space", "space")  # marks on rows 1 and 2, the highlight on row 3
        victim = model.view[2].id
        kept_mark = model.view[1].id
        highlighted = model.highlighted.id
        assert server.storage.delete(victim, "default")
        await wait_until(pilot, lambda: victim not in model.by_id, what="the deleted file to leave")
        assert model.marks == {kept_mark} and model.highlighted.id == highlighted
        await wait_until(pilot, lambda: "1 file deleted elsewhere left the list (1 of them marked)" in shown_text(app))
        assert files
        # The details pane follows too: the highlighted file goes, the pane shows the next one.
        gone = model.highlighted.id
        assert server.storage.delete(gone, "default")
        await wait_until(pilot, lambda: gone not in model.by_id)
        following = model.highlighted.id
        await wait_until(pilot, lambda: following in screen_text(app), what="the details pane on the next file")


def rate_limited_seed(count: int) -> int:
    """A seed whose first `count` injected faults are all 429s (server/middleware.py's draw)."""
    for seed in range(10_000):
        rng = random.Random(seed)
        kinds = []
        for _ in range(count):
            rng.random()
            kinds.append(rng.choice(("rate_limit", "api_error", "overloaded", "drop")))
        if kinds == ["rate_limit"] * count:
            return seed
    raise AssertionError("no such seed")


async def test_429_backs_off_with_one_request_a_check_and_says_so(make_app):
    with LocalServer(seed=rate_limited_seed(3)) as server:
        LIVE_SERVERS.append(server)
        try:
            seed_files(server, 3)
            app = make_app(server, live_seconds=INTERVAL)
            async with app.run_test(size=(120, 30)) as pilot:
                screen = await ready(app, pilot)
                await details_refreshed(pilot, server)  # no other request will draw a fault
                policy = screen.live.policy
                before = lists_seen(server)
                server.set_faults(fail_rate=1.0)
                await wait_until(pilot, lambda: policy.failures >= 2, what="two failed checks")
                assert lists_seen(server) - before == 2, "one request a check: the SDK does not retry a live check"
                assert policy.next_at - policy.clock() > 2 * INTERVAL, "the wait doubled"
                await wait_until(pilot, lambda: "Rate limited (429)" in shown_text(app), what="the words in the status line")
                assert "retry in" in header_words(app)
                server.set_faults(fail_rate=0)
                new_id = await upload_elsewhere(server, "after-the-storm.txt")
                await wait_until(pilot, lambda: new_id in screen.model.by_id, timeout=60, what="the check after the backoff")
                assert policy.failures == 0
                await wait_until(pilot, lambda: "the server answers again" in shown_text(app))
        finally:
            LIVE_SERVERS.remove(server)


async def test_never_two_checks_in_flight(server, make_app):
    seed_files(server, 3)
    app = make_app(server, live_seconds=0.05)  # checks due far more often than the server answers
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await details_refreshed(pilot, server)
        policy = screen.live.policy
        server.set_faults(latency_ms=400)
        before, answered = lists_seen(server), policy.checks
        await wait_until(pilot, lambda: policy.checks >= answered + 3, timeout=60, what="three slow checks answered")
        sent = lists_seen(server) - before
        assert sent <= policy.checks - answered + 1, (
            f"{sent} requests for {policy.checks - answered} answers: one in flight at most"
        )


async def test_paused_while_a_bulk_delete_asks_and_runs(server, make_app):
    seed_files(server, 4)
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        policy = screen.live.policy
        await pilot.press("space", "space", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the delete question")
        await wait_until(pilot, lambda: screen.live_words == "live · paused")
        before = lists_seen(server)
        new_id = await upload_elsewhere(server, "while-asked.txt")
        past = policy.clock() + 4 * INTERVAL
        await wait_until(pilot, lambda: policy.clock() > past, what="four intervals while the question is open")
        assert lists_seen(server) == before and new_id not in screen.model.by_id
        await pilot.press("escape")  # No
        await wait_until(pilot, lambda: new_id in screen.model.by_id, what="the check once the delete is over")


async def test_the_key_turns_it_off_and_on_and_the_overview_follows(server, make_app):
    seed_files(server, 3)
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: screen.live_words == "live off")
        before = lists_seen(server)
        await upload_elsewhere(server, "unseen.txt")
        past = screen.live.policy.clock() + 4 * INTERVAL
        await wait_until(pilot, lambda: screen.live.policy.clock() > past, what="four intervals with live off")
        assert lists_seen(server) == before and len(screen.model) == 3
        await pilot.press("f")
        await wait_until(pilot, lambda: len(screen.model) == 4, what="the check as live comes back on")
        await pilot.press("U")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.overview is not None)
        overview = app.screen
        assert overview.overview.count == 4
        await upload_elsewhere(server, "seen-by-the-overview.txt")
        await wait_until(pilot, lambda: overview.overview.count == 5, what="the overview counting the new file")


async def test_no_checks_while_the_terminal_is_idle_until_a_key(server, make_app):
    seed_files(server, 2)
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        policy = screen.live.policy
        policy.last_input -= IDLE_AFTER + 1  # nobody has touched the terminal for a quarter of an hour
        app.last_input -= IDLE_AFTER + 1
        await wait_until(pilot, lambda: screen.live_words == "live · paused (idle)")
        before = lists_seen(server)
        new_id = await upload_elsewhere(server, "while-away.txt")
        past = policy.clock() + 4 * INTERVAL
        await wait_until(pilot, lambda: policy.clock() > past, what="four intervals while idle")
        assert lists_seen(server) == before
        await pilot.press("j")  # back at the keyboard
        await wait_until(pilot, lambda: new_id in screen.model.by_id, what="a check once a key came")


async def test_off_by_setting_until_the_key_turns_it_on(server, make_app):
    seed_files(server, 2)
    app = make_app(server, live_seconds=0)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        assert screen.live_words == "" and "live" not in header_words(app)
        new_id = await upload_elsewhere(server, "made-while-off.txt")
        await pilot.press("f")  # on, at the default interval, with a check at once
        await wait_until(pilot, lambda: new_id in screen.model.by_id, what="the check the key asked for")
        assert screen.live_words.startswith("live")


def first_pages_seen(server: LocalServer) -> int:
    """List requests for the first page (live checks, a first load or refresh), not for a next page."""
    return sum(
        1
        for method, path, query, _ in list(server.requests_seen)
        if method == "GET" and path == "/v1/files" and "page" not in query
    )


async def test_paused_while_every_page_loads(server, make_app):
    seed_files(server, 150)  # two pages: End loads the second
    app = make_app(server, live_seconds=INTERVAL)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        policy = screen.live.policy
        server.set_faults(latency_ms=4000)  # the second page takes four seconds
        await pilot.press("G")
        await wait_until(pilot, lambda: screen.live_words == "live · paused", what="live refresh waiting for the load")
        before = first_pages_seen(server)
        past = policy.clock() + 4 * INTERVAL
        await wait_until(pilot, lambda: policy.clock() > past, what="four intervals while pages load")
        assert first_pages_seen(server) == before and screen.model.loading.fetching
        checks = policy.checks
        server.set_faults(latency_ms=0)
        await wait_until(pilot, lambda: not screen.model.loading.fetching and len(screen.model) == 150, timeout=60)
        await wait_until(pilot, lambda: policy.checks > checks, what="checks again once every page is in")


async def test_r_after_an_outage_checks_again_at_once_instead_of_waiting_out_the_backoff(server, make_app):
    """Found in tmux with the server stopped then continued (SIGSTOP, SIGCONT): `r` listed the
    files again, yet the header kept saying "live · retry in 31s" and new files waited for that
    backoff (up to 5 minutes). `r` is the retry key: live refresh retries with it."""
    seed_files(server, 3)
    app = make_app(server, live_seconds=5)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(app, pilot)
        await details_refreshed(pilot, server)
        policy = screen.live.policy
        server.set_faults(fail_rate=1.0)
        await wait_until(pilot, lambda: policy.failures >= 1, timeout=20, what="a failed check")
        server.set_faults(fail_rate=0)
        assert policy.next_at - policy.clock() > 5, "backing off"
        await pilot.press("r")
        await wait_until(pilot, lambda: policy.failures == 0, timeout=5, what="a check right after r's listing")
        assert "retry in" not in header_words(app)


async def test_an_80_column_header_still_says_live_refresh_is_failing(make_app):
    """Found in tmux at 80×24 with the server stopped: the header gave way to "live", as when all
    is well, and the status line's words go after 10 s: nothing on screen said checks failed."""
    with LocalServer(seed=rate_limited_seed(1)) as server:
        LIVE_SERVERS.append(server)
        try:
            seed_files(server, 3)
            app = make_app(server, live_seconds=INTERVAL)
            async with app.run_test(size=(80, 24)) as pilot:
                screen = await ready(app, pilot)
                await details_refreshed(pilot, server)
                server.set_faults(fail_rate=1.0)
                await wait_until(pilot, lambda: screen.live.policy.failures >= 1, what="a failed check")
                await wait_until(pilot, lambda: "live · retrying" in header_words(app), what="the header's words")
                server.set_faults(fail_rate=0)
                await wait_until(pilot, lambda: screen.live.policy.failures == 0, timeout=30, what="an answer")
                await wait_until(pilot, lambda: "retrying" not in header_words(app))
        finally:
            LIVE_SERVERS.remove(server)
