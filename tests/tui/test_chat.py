"""The chat pane against the real local server and its offline responder (no mocks)."""

from __future__ import annotations

from datetime import timedelta

import anthropic
import pytest
from textual.widgets import Input, Markdown, Select, Static

from claude_files.server import LocalServer
from claude_files.widgets.chat_pane import ChatPane, TurnView

from .conftest import FROZEN_NOW, details_refreshed, drawn_strips, offered, shown_text, wait_until

POLICY = (
    "Refund policy for the shop.\n"
    "Refunds are issued within thirty days of purchase when the receipt is shown.\n"
    "Shipping takes five business days to most countries in Europe.\n"
    "Gift cards cannot be exchanged for cash under any circumstances.\n"
)
OVERLOADED_SEED = 17  # with fail_rate=1.0 this seed injects 529 on the first three requests
RATE_LIMITED_SEED = 131  # ... and this one 429 three times


def add(server: LocalServer, name: str, data: bytes, mime: str, hours: int) -> dict:
    return server.add_file(name, data, mime, created_at=FROZEN_NOW - timedelta(hours=hours))


def seed_chat_files(server: LocalServer) -> dict[str, dict]:
    """policy.txt is the newest (highlighted first), then notes.txt, then sales.csv."""
    return {
        "policy": add(server, "policy.txt", POLICY.encode(), "text/plain", 1),
        "notes": add(server, "notes.txt", b"Lunch is at noon on Fridays.\nThe office closes at six.\n", "text/plain", 2),
        "sales": add(server, "sales.csv", b"region,amount\nnorth,10\nsouth,20\n", "text/csv", 3),
    }


async def open_chat(pilot, app) -> ChatPane:
    screen = app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once)
    await pilot.press("c")
    pane = screen.query_one(ChatPane)
    await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "chat-input")
    return pane


async def ask(pilot, question: str) -> None:
    await pilot.press(*question)
    await pilot.press("enter")


def pane_text(app) -> str:
    """The drawn chat pane alone, wrapped lines joined back (the table sits beside it)."""
    region = app.screen.query_one(ChatPane).content_region
    strips = drawn_strips(app)
    lines = [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]
    return " ".join(" ".join(lines).split())


def message_bodies(server: LocalServer) -> list[dict]:
    return [body for method, path, _q, body in list(server.requests_seen) if method == "POST" and path == "/v1/messages"]


def last_turn(pane: ChatPane):
    return pane.conversation.turns[-1]


async def answered(pilot, pane: ChatPane, timeout: float = 10.0) -> None:
    await wait_until(pilot, lambda: pane.conversation.turns and not last_turn(pane).running, timeout)
    await wait_until(pilot, lambda: footer_final(pane), what="the last answer's footer (its stream flushed)")


def footer_final(pane: ChatPane) -> bool:
    """The last turn's footer no longer says "answering": the pane writes it after the answer's
    stream is flushed, so the answer is drawn whole."""
    views = pane.query(TurnView)
    if not views:
        return False
    usage = views.last().query_one(".chat-usage", Static)
    return "answering" not in str(getattr(usage.visual, "plain", ""))


async def test_answer_streams_in_several_partial_updates(server, make_app):
    seed_chat_files(server)
    server.set_faults(latency_ms=200)  # the most the stream slows to: 50 ms an event, so a loaded machine still sees steps
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await ask(pilot, "when are refunds issued")
        await wait_until(pilot, lambda: bool(pane.query(TurnView)))
        markdown = pane.query_one(TurnView).query_one(Markdown)
        seen: list[str] = []
        while not pane.conversation.turns or last_turn(pane).running:
            if markdown.source and (not seen or seen[-1] != markdown.source):
                seen.append(markdown.source)
            await pilot.pause(0.01)
        await wait_until(pilot, lambda: footer_final(pane))
        final = last_turn(pane).answer
        partial = [state for state in seen if state != markdown.source]
        assert len(partial) >= 3, seen
        assert all(final.startswith(state.rstrip()) for state in partial)
        assert "Refunds are issued within thirty days" in markdown.source


async def test_citations_and_tokens_are_shown_under_the_answer(server, make_app):
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await ask(pilot, "when are refunds issued")
        await answered(pilot, pane)
        turn = last_turn(pane)
        assert turn.citations and turn.citations[0].number == 1
        assert "[1]" in turn.answer
        text = pane_text(app)
        assert "[1] “Refunds are issued within thirty days of purchase" in text
        assert f"tokens: {turn.input_tokens:,} in · {turn.output_tokens:,} out" in text
        assert "offline responder" in text
        body = message_bodies(server)[-1]
        document = body["messages"][0]["content"][0]
        assert document["type"] == "document" and document["title"] == "policy.txt"
        assert document["citations"] == {"enabled": True}


async def test_esc_stops_the_stream_and_keeps_what_arrived(server, make_app):
    seed_chat_files(server)
    server.set_faults(latency_ms=200)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await ask(pilot, "when are refunds issued")
        await wait_until(pilot, lambda: pane.conversation.turns and len(last_turn(pane).answer) > 10)
        await pilot.press("escape")
        await answered(pilot, pane)
        turn = last_turn(pane)
        assert turn.stopped and turn.error is None
        assert turn.answer and "Refunds are issued" not in turn.answer
        assert pane.query_one(TurnView).query_one(Markdown).source.strip() == turn.answer.strip()
        assert "stopped; the partial answer is kept" in shown_text(app)
        assert app.focused.id == "chat-input"  # the first Esc stopped; it did not leave
        await pilot.press("escape")
        assert app.focused is app.screen.table


async def test_second_question_sends_the_first_turn_again(server, make_app):
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await ask(pilot, "when are refunds issued")
        await answered(pilot, pane)
        first_answer = last_turn(pane).answer
        await ask(pilot, "and shipping")
        await answered(pilot, pane)
        body = message_bodies(server)[-1]
        roles = [m["role"] for m in body["messages"]]
        assert roles == ["user", "assistant", "user"]
        assert body["messages"][0]["content"][-1]["text"] == "when are refunds issued"
        assert body["messages"][1]["content"][0]["text"] == first_answer
        assert body["messages"][2]["content"] == [{"type": "text", "text": "and shipping"}]
        assert "earlier message" in last_turn(pane).answer


async def test_switching_files_switches_conversations(server, make_app):
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await ask(pilot, "when are refunds issued")
        await answered(pilot, pane)
        await pilot.press("escape")
        await pilot.press("j")
        await wait_until(pilot, lambda: pane.conversation.filename == "notes.txt")
        await wait_until(pilot, lambda: not pane.query(TurnView))
        assert "Chat: notes.txt" in shown_text(app)
        await pilot.press("c")
        await ask(pilot, "when is lunch")
        await answered(pilot, pane)
        assert "Lunch is at noon" in last_turn(pane).answer
        await pilot.press("escape", "k")
        await wait_until(pilot, lambda: pane.conversation.filename == "policy.txt")
        await wait_until(pilot, lambda: len(pane.query(TurnView)) == 1)
        await wait_until(pilot, lambda: "when are refunds issued" in shown_text(app))
        assert "when is lunch" not in shown_text(app)
        await pilot.press("c", "ctrl+l")
        await wait_until(pilot, lambda: not pane.query(TurnView))
        assert pane.conversation.turns == []


async def test_a_question_typed_but_not_sent_stays_with_its_file(server, make_app):
    """Moving the highlight does not carry half a question over to another file: each file
    keeps its own draft, back in the input when that file is highlighted again."""
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        question = pane.query_one("#chat-input", Input)
        await pilot.press(*"refunds?")
        await pilot.press("escape", "j")
        await wait_until(pilot, lambda: pane.conversation.filename == "notes.txt")
        assert question.value == ""
        await pilot.press("c", *"lunch")
        await pilot.press("escape", "k")
        await wait_until(pilot, lambda: pane.conversation.filename == "policy.txt")
        assert question.value == "refunds?"
        await pilot.press("escape", "j")
        await wait_until(pilot, lambda: pane.conversation.filename == "notes.txt")
        assert question.value == "lunch"


async def test_file_deleted_meanwhile_says_404_and_leaves_the_table(server, make_app):
    files = seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        await details_refreshed(pilot)  # the highlight's metadata refresh is over; nobody has noticed the deletion
        with anthropic.Anthropic(base_url=server.url, api_key="test-key") as client:
            client.beta.files.delete(files["policy"]["id"])
        conversation = pane.conversation
        await ask(pilot, "when are refunds issued")
        await wait_until(pilot, lambda: not conversation.turns[-1].running)
        assert conversation.turns[-1].error == "policy.txt no longer exists (404): it was deleted meanwhile."
        await wait_until(pilot, lambda: files["policy"]["id"] not in app.screen.model.by_id)
        await wait_until(pilot, lambda: "policy.txt no longer exists (404): it was deleted meanwhile." in shown_text(app))
        assert pane.conversation.filename == "notes.txt"


@pytest.mark.parametrize(
    ("seed", "words"),
    [(OVERLOADED_SEED, "The API is overloaded (529)."), (RATE_LIMITED_SEED, "Rate limited (429), even after retries.")],
)
async def test_overloaded_and_rate_limited_are_told_in_words(make_app, seed, words):
    with LocalServer(seed=seed) as server:
        seed_chat_files(server)
        app = make_app(server)
        async with app.run_test(size=(140, 40)) as pilot:
            pane = await open_chat(pilot, app)
            await wait_until(pilot, lambda: len(offered(pane.query_one("#chat-model", Select))) > 1)
            await details_refreshed(pilot, server)  # the metadata refresh is done before faults start
            server.set_faults(fail_rate=1.0)
            await ask(pilot, "when are refunds issued")
            await answered(pilot, pane, timeout=20)
            server.set_faults(fail_rate=0.0)
            assert last_turn(pane).error.startswith(words)
            assert words in shown_text(app)
            assert len(message_bodies(server)) == 3  # the SDK retried twice first


async def test_csv_goes_to_the_code_execution_container(server, make_app):
    files = seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await pilot.press("j", "j")
        pane = await open_chat(pilot, app)
        assert pane.conversation.filename == "sales.csv"
        assert "opened with the code execution tool" in pane_text(app)
        await ask(pilot, "total amount")
        await answered(pilot, pane)
        body = message_bodies(server)[-1]
        assert body["messages"][0]["content"][0] == {"type": "container_upload", "file_id": files["sales"]["id"]}
        assert body["tools"] == [{"type": "code_execution_20250825", "name": "code_execution"}]
        assert "cannot run code" in last_turn(pane).answer


async def test_model_and_max_tokens_are_picked_and_remembered(server, make_app):
    from claude_files.config import Settings

    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 40)) as pilot:
        pane = await open_chat(pilot, app)
        picker = pane.query_one("#chat-model", Select)
        await wait_until(pilot, lambda: len(offered(picker)) > 1)
        assert {"claude-sonnet-4-6", "claude-opus-4-7", "claude-haiku-4-5"} <= set(offered(picker))
        picker.value = "claude-haiku-4-5"
        limit = pane.query_one("#chat-max-tokens", Input)
        limit.value = "300"
        await wait_until(
            pilot, lambda: (Settings.load().chat_model, Settings.load().chat_max_tokens) == ("claude-haiku-4-5", 300)
        )
        pane.query_one("#chat-input", Input).focus()
        await ask(pilot, "refunds")
        await answered(pilot, pane)
        body = message_bodies(server)[-1]
        assert (body["model"], body["max_tokens"]) == ("claude-haiku-4-5", 300)


async def test_c_works_at_80x24_with_the_pane_below_the_table(server, make_app):
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_chat(pilot, app)
        await wait_until(pilot, lambda: pane.region.y > app.screen.table.region.y and pane.region.width == 80)
        await ask(pilot, "refunds")
        await answered(pilot, pane)
        assert "tokens:" in shown_text(app)


async def test_wide_terminal_puts_the_pane_beside_the_table(server, make_app):
    seed_chat_files(server)
    app = make_app(server)
    async with app.run_test(size=(140, 30)) as pilot:
        pane = await open_chat(pilot, app)
        await wait_until(pilot, lambda: pane.region.x > app.screen.table.region.x and pane.region.y == app.screen.table.region.y)
