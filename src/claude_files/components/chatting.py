"""The chat pane's network half: stream an answer, list the models, explain a failure.

The pane (widgets/chat_pane.py) shows and asks; the screen routes its `Asked`,
`ModelsWanted` and `StopWanted` here. Answers go into the conversation (model/chat.py) and are
drawn through the pane, which is handed in: it is the one view this component draws into.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual import work
from textual.message import Message

from ..model.chat import Conversation, Turn, cannot_read
from ..service_errors import ServiceError
from ..service_types import DEFAULT_MODEL
from ..text import clean
from ..widgets.chat_pane import ChatPane
from .base import Component, Connect


class Chatting(Component):
    """Answers questions about files on the connection `connect` hands it."""

    @dataclass
    class FileGone(Message):
        """The asked-about file was deleted meanwhile (404); `text` says so."""

        chatting: Chatting
        file_id: str
        text: str

        @property
        def control(self) -> Chatting:
            return self.chatting

    def __init__(self, pane: ChatPane, connect: Connect) -> None:
        super().__init__()
        self.pane = pane
        self.connect = connect

    @work(exclusive=True, group="chat", exit_on_error=False)
    async def answer(self, conversation: Conversation, turn: Turn) -> None:
        """Stream the answer to `turn` into it and the pane; Esc (`stop`) keeps what arrived."""
        settings = self.app.settings
        pane = self.pane
        try:
            service = await self.connect()
            stream = service.stream_answer(
                model=settings.chat_model or DEFAULT_MODEL,
                max_tokens=settings.chat_max_tokens,
                messages=conversation.messages(),
                tools=conversation.tools,
            )
            async for delta in stream:
                if delta.citation is not None:
                    turn.add_citation(delta.citation)
                    pane.show_turn(turn)
                text = delta.text or (turn.end_block() if delta.block_stop else "")
                if delta.text:
                    turn.answer += delta.text
                if text:
                    await pane.write(turn, text)
                if delta.done:
                    turn.input_tokens, turn.output_tokens = delta.input_tokens, delta.output_tokens
                    turn.stop_reason = delta.stop_reason
        except asyncio.CancelledError:
            turn.stopped = True
            raise
        except ServiceError as error:
            turn.error = await self._explain(error, conversation)
        finally:
            turn.running = False
            await pane.turn_ended(turn)

    def stop(self) -> None:
        """Esc while an answer streams in: stop it (what arrived is kept)."""
        self.workers.cancel_group(self, "chat")

    async def _explain(self, error: ServiceError, conversation: Conversation) -> str:
        """ServiceError words, made specific to chatting about this file."""
        name = clean(conversation.filename)
        if error.kind == "not_found":
            try:
                service = await self.connect()
                await service.retrieve(conversation.file_id)
            except ServiceError as again:
                if again.kind == "not_found":
                    text = f"{name} no longer exists (404): it was deleted meanwhile."
                    self.post_message(self.FileGone(self, conversation.file_id, text))
                    return text
            return f"The model {self.app.settings.chat_model or DEFAULT_MODEL} was not found (404). Pick another model."
        if error.kind == "too_large" or (error.kind == "bad_request" and "too long" in error.message.lower()):
            return (
                "The file and this conversation do not fit in the model's context window."
                " Clear the chat (ctrl+l) or ask about a smaller file."
            )
        if error.kind == "bad_request" and conversation.reading.kind == "container":
            return cannot_read(conversation.mime_type, error.message)
        if error.kind == "expired":
            return f"{name} has expired; its content is gone."
        return error.text

    @work(exclusive=True, group="chat-models", exit_on_error=False)
    async def load_models(self) -> None:
        """The model picker offers `models.list`; the default model stays if the list fails."""
        try:
            service = await self.connect()
            models = await service.models()
        except ServiceError:
            models = []
        self.pane.show_models(models)
