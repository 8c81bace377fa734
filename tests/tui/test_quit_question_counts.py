"""The quit question during a bulk delete adds up: deletes that failed are named, not left out
(seen with the server killed mid-delete: "224 of 1,255 deleted, 8 in flight finish, 959 not
started" while 64 had failed)."""

from __future__ import annotations

from claude_files.quitting import QuitQuestion

from .conftest import on_top, shown_text, wait_until
from .terminal import read
from .test_quit_while_running import deleting


async def test_the_quit_question_counts_failed_deletes(server, make_app):
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        bulk = await deleting(pilot, app, server, 40)
        server.set_faults(fail_rate=1.0)
        await wait_until(pilot, lambda: bulk.job.failed, timeout=60)
        read(app, "ctrl+q")
        await wait_until(pilot, lambda: on_top(app, QuitQuestion))
        said = " ".join(shown_text(app).split())
        server.set_faults(fail_rate=0.0, latency_ms=0)
        assert " failed" in said, said
        read(app, "escape")
        await wait_until(pilot, lambda: app.screen is bulk)
        await wait_until(pilot, lambda: bulk.job.finished, timeout=60)


async def test_the_quit_question_follows_the_delete_it_is_asked_over(server, make_app):
    """Found in tmux: q at 144 of 300 said "148 not started" and still said so after the delete,
    going on behind the question, had deleted all 300."""
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        bulk = await deleting(pilot, app, server, 40)
        read(app, "q")
        await wait_until(pilot, lambda: on_top(app, QuitQuestion))
        question = app.screen
        assert "not started" in " ".join(shown_text(app).split())
        server.set_faults(latency_ms=0)
        await wait_until(pilot, lambda: bulk.job.finished, timeout=60)
        await wait_until(pilot, lambda: "not started" not in " ".join(shown_text(app).split()))
        assert app.screen is question
        assert "The bulk delete has finished: 40 of 40 deleted." in " ".join(shown_text(app).split())
        read(app, "escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, QuitQuestion))
