"""The chat pane: ask Claude about the highlighted file and watch the answer stream in.

Answers stream into a Markdown widget through `Markdown.get_stream` (fragments are
appended, never the whole document re-rendered); cited passages and token usage are
listed under each answer. Conversations live in `model.chat.ChatBook`, one per file id.

The pane shows and asks: a question becomes `Asked`, the model list is asked for with
`ModelsWanted`, Esc on a running answer is `StopWanted`; the chat component
(components/chatting.py) reaches the network and draws what arrives through `write`,
`show_turn` and `turn_ended`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Markdown, Select, Static
from textual.widgets.markdown import MarkdownStream

from ..keymap import CHAT_KEYS, bindings
from ..model.chat import ChatBook, Conversation, Turn, parse_max_tokens
from ..service_types import DEFAULT_MODEL
from ..text import clean, clean_block

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
OFFLINE_NOTE = "Local server: answers come from its offline responder (no model is called)."


class TurnView(Vertical):
    """One question, its (streaming) answer, the cited passages and the tokens used."""

    DEFAULT_CSS = """
    TurnView { height: auto; margin-bottom: 1; }
    TurnView > .chat-question { color: $accent; text-style: bold; }
    TurnView > Markdown { margin: 0; padding: 0; background: transparent; }
    TurnView > .chat-citations { color: $text-muted; }
    TurnView > .chat-usage { color: $text-muted; text-style: italic; }
    TurnView > .chat-error { color: $error; }
    """

    def __init__(self, turn: Turn) -> None:
        super().__init__()
        self.turn = turn
        self._stream: MarkdownStream | None = None
        self._stream_done = False

    def compose(self) -> ComposeResult:
        yield Static(Text("› " + clean(self.turn.question)), classes="chat-question")
        yield Markdown(clean_block(self.turn.answer))
        yield Static(classes="chat-citations")
        yield Static(classes="chat-usage")

    def on_mount(self) -> None:
        self.show_footer()

    async def write(self, fragment: str) -> None:
        """Append answer text as it arrives."""
        if self._stream_done or not fragment:
            return
        if self._stream is None:
            self._stream = Markdown.get_stream(self.query_one(Markdown))
        await self._stream.write(clean_block(fragment))

    async def close_stream(self) -> None:
        """Flush what arrived; later writes are ignored."""
        self._stream_done = True
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None

    def show_footer(self) -> None:
        turn = self.turn
        citations = Text()
        for citation in turn.citations:
            where = f" (page {citation.page})" if citation.page is not None else ""
            title = f" — {clean(citation.title)}" if citation.title else ""
            citations.append(f"[{citation.number}] ", style="bold")
            citations.append(f"“{clean(citation.cited_text, max_len=400)}”{where}{title}\n")
        citations.rstrip()
        self.query_one(".chat-citations", Static).update(citations)
        self.query_one(".chat-citations").display = bool(turn.citations)
        usage = self.query_one(".chat-usage", Static)
        usage.set_class(bool(turn.error), "chat-error")
        status = self._status_line()
        usage.set_class(status.startswith("tokens:"), "-tokens-only")  # short terminals fold it away
        usage.update(Text(status))

    def _status_line(self) -> str:
        turn = self.turn
        parts: list[str] = []
        if turn.running:
            return "answering…  (Esc stops)"
        if turn.error:
            parts.append(f"⚠ {clean(turn.error)}")
        if turn.stopped:
            parts.append("stopped; the partial answer is kept")
        if turn.stop_reason == "max_tokens":
            parts.append("cut off at max tokens")
        if turn.input_tokens is not None:
            parts.append(f"tokens: {turn.input_tokens:,} in · {turn.output_tokens or 0:,} out")
        return " · ".join(parts)


class ChatPane(Vertical, can_focus=False):
    """Beside the table on wide terminals, below it on narrow ones (the screen's CSS class decides)."""

    BINDINGS = bindings(CHAT_KEYS)

    if TYPE_CHECKING:  # Textual's own way to type `self.app` (its MessagePump does the same)
        app = getters.app(ClaudeFilesApp)

    SCOPED_CSS = False  # the screen's breakpoint class (-narrow / -wide) decides where the pane sits
    DEFAULT_CSS = """
    ChatPane { width: 1fr; height: 1fr; border-left: vkey $panel; padding: 0 0 0 1; }
    Screen.-narrow ChatPane { dock: bottom; width: 100%; height: 55%; border-left: none; border-top: hkey $panel; padding: 0; }
    ChatPane > #chat-title { text-style: bold; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ChatPane > .chat-note { color: $text-muted; text-style: italic; }
    ChatPane > #chat-settings { height: 1; }
    ChatPane #chat-model { width: 1fr; }
    ChatPane #chat-max-tokens { width: 16; }
    ChatPane > #chat-log { height: 1fr; }
    ChatPane > #chat-input { height: 1; }
    /* Short terminals (under 20 rows): the pane takes the body below the header (no rule above
       it: the title is the top row), notes, settings, blank rows and the token counts fold away,
       so the question, the answer and the input always have rows. */
    Screen.-short.-narrow ChatPane { height: 100%; border-top: none; }
    Screen.-short ChatPane > .chat-note, Screen.-short ChatPane > #chat-settings { max-height: 0; }
    Screen.-short ChatPane TurnView { margin-bottom: 0; }
    Screen.-short ChatPane TurnView > Markdown > MarkdownBlock:last-child { margin-bottom: 0; }
    Screen.-short ChatPane TurnView > .chat-usage.-tokens-only { display: none; }
    """

    class Left(Message):
        """Esc with nothing running, or the pane closed: focus goes back to the table."""

        def __init__(self, pane: ChatPane) -> None:
            super().__init__()
            self.pane = pane

        @property
        def control(self) -> ChatPane:
            return self.pane

    @dataclass
    class Asked(Message):
        """A question was put to `conversation`: `turn` waits for its answer."""

        pane: ChatPane
        conversation: Conversation
        turn: Turn

        @property
        def control(self) -> ChatPane:
            return self.pane

    @dataclass
    class ModelsWanted(Message):
        """The pane opened for the first time: the model picker wants the list of models."""

        pane: ChatPane

        @property
        def control(self) -> ChatPane:
            return self.pane

    @dataclass
    class StopWanted(Message):
        """Esc while an answer streams in: stop it, keeping what arrived."""

        pane: ChatPane

        @property
        def control(self) -> ChatPane:
            return self.pane

    def __init__(self, *, id: str | None = None) -> None:  # Textual's name
        super().__init__(id=id)
        self.book = ChatBook()
        self.conversation: Conversation | None = None
        self._views: dict[int, TurnView] = {}
        self._rebuild_lock = asyncio.Lock()
        self._models_loaded = False

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        model = settings.chat_model or DEFAULT_MODEL
        yield Static(id="chat-title")
        yield Static(classes="chat-note", id="chat-reading")
        yield Static(Text(self._offline_note()), classes="chat-note", id="chat-offline")
        with Horizontal(id="chat-settings"):
            yield Select([(model, model)], value=model, allow_blank=False, compact=True, id="chat-model")
            yield Input(str(settings.chat_max_tokens), type="integer", compact=True, id="chat-max-tokens", tooltip="max tokens")
        yield VerticalScroll(id="chat-log")
        yield Input(placeholder="Ask about this file… (Enter sends, Esc stops/leaves)", compact=True, id="chat-input")

    def on_mount(self) -> None:
        self.query_one("#chat-offline").display = bool(self._offline_note())
        self.query_one("#chat-log", VerticalScroll).anchor()
        self._show_title()

    def _offline_note(self) -> str:
        if self.app.launch.demo:
            return OFFLINE_NOTE
        host = urlsplit(self.app.session_of(self.screen).base_url).hostname or ""  # the profile's, once resolved
        return OFFLINE_NOTE if host in LOOPBACK_HOSTS else ""

    # --- opening, following the highlight -----------------------------------------------

    def open(self, row: Any | None) -> None:
        """Show the pane for `row` with the question input focused; load the model list once."""
        self.follow(row)
        self.screen.set_focus(self.query_one("#chat-input", Input))  # at once: typed-ahead keys land there
        if not self._models_loaded:
            self._models_loaded = True
            self.post_message(self.ModelsWanted(self))

    def follow(self, row: Any | None) -> None:
        """Switch to the conversation of the highlighted file."""
        conversation = None if row is None else self.book.for_file(row.id, row.filename, row.mime_type)
        if conversation is self.conversation:
            return
        question = self.query_one("#chat-input", Input)
        if self.conversation is not None:
            self.conversation.draft = question.value
        self.conversation = conversation
        question.value = conversation.draft if conversation is not None else ""  # a question belongs to its file
        self._show_title()
        self._rebuild()

    def _show_title(self) -> None:
        conversation = self.conversation
        title = Text("Chat", style="bold")
        reading = Text()
        if conversation is None:
            title.append(": no file highlighted", style="dim")
        else:
            title.append(f": {clean(conversation.filename)}")
            reading.append(conversation.reading.note)
        self.query_one("#chat-title", Static).update(title)
        self.query_one("#chat-reading", Static).update(reading)

    @work(exclusive=True, group="chat-view", exit_on_error=False)
    async def _rebuild(self) -> None:
        """Draw the current conversation's turns (finished answers are rendered once, whole)."""
        async with self._rebuild_lock:
            for view in list(self._views.values()):
                await view.close_stream()
            self._views.clear()
            log = self.query_one("#chat-log", VerticalScroll)
            await log.remove_children()
            if self.conversation is None:
                return
            views = [TurnView(turn) for turn in self.conversation.turns]
            self._views = {id(view.turn): view for view in views}
            if views:
                await log.mount_all(views)
            log.anchor()

    # --- asking ----------------------------------------------------------------------------

    @on(Input.Submitted, "#chat-input")
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        question = event.value.strip()
        if not question:
            return
        conversation = self.conversation
        if conversation is None:
            self.notify("Highlight a file first.", markup=False)
            return
        event.input.value = ""
        turn = conversation.ask(question)
        view = TurnView(turn)
        self._views[id(turn)] = view
        log = self.query_one("#chat-log", VerticalScroll)
        await log.mount(view)
        log.anchor()
        self.post_message(self.Asked(self, conversation, turn))

    async def write(self, turn: Turn, text: str) -> None:
        """Answer text for `turn` as it arrives (drawn when its conversation is shown)."""
        view = self._views.get(id(turn))
        if view is not None:
            await view.write(text)

    def show_turn(self, turn: Turn) -> None:
        """Redraw what is listed under `turn`'s answer: citations, tokens, the error."""
        view = self._views.get(id(turn))
        if view is not None:
            view.show_footer()

    async def turn_ended(self, turn: Turn) -> None:
        """`turn`'s answer is complete (or stopped, or failed): flush it and say so."""
        view = self._views.get(id(turn))
        if view is not None:
            await view.close_stream()
            view.show_footer()
            self.call_after_refresh(self._show_question, view)

    def _show_question(self, view: TurnView) -> None:
        """On a short terminal a finished answer is shown from its question (the log followed its
        tail while it streamed): what was asked and how the answer starts. Unconditional, with
        the anchor dropped (a released one comes back at the end), because the answer's last
        blocks may be laid out after this refresh: a view that grows later keeps its question
        on screen. The next question anchors the log again."""
        log = self.query_one("#chat-log", VerticalScroll)
        if self.screen.has_class("-short") and view.is_mounted:
            log.anchor(False)
            log.scroll_to_widget(view, top=True, animate=False)

    def action_stop_or_leave(self) -> None:
        """Esc: stop a running answer (keeping what arrived), else give focus back to the table."""
        if self.book.answering:
            self.post_message(self.StopWanted(self))
            return
        self.post_message(self.Left(self))

    def action_close_chat(self) -> None:
        """ctrl+o: hide the pane (conversations and a running answer go on); `c` brings it back."""
        self.display = False
        self.post_message(self.Left(self))

    def action_clear_chat(self) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        if conversation.running is not None:
            self.notify("Stop the answer first (Esc).", markup=False)
            return
        self.book.clear(conversation.file_id)
        self._rebuild()

    # --- model and max tokens ------------------------------------------------------------

    def show_models(self, models: list[str]) -> None:
        """The model picker offers `models` (the default model stays when the list is empty)."""
        current = self.app.settings.chat_model or DEFAULT_MODEL
        names = list(dict.fromkeys([current, *models] if current not in models else models))
        picker = self.query_one("#chat-model", Select)
        with picker.prevent(Select.Changed):
            picker.set_options([(clean(name), name) for name in names])
            picker.value = current

    @on(Select.Changed, "#chat-model")
    def _model_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != (self.app.settings.chat_model or DEFAULT_MODEL):
            self.app.settings.chat_model = event.value
            self.app.settings.save()

    @on(Input.Changed, "#chat-max-tokens")
    def _max_tokens_changed(self, event: Input.Changed) -> None:
        event.stop()
        value = parse_max_tokens(event.value)
        event.input.set_class(value is None, "-invalid")
        if value is not None and value != self.app.settings.chat_max_tokens:
            self.app.settings.chat_max_tokens = value
            self.app.settings.save()

    @on(Input.Submitted, "#chat-max-tokens")
    def _max_tokens_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#chat-input", Input).focus()
