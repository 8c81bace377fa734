"""`claude-files ask ID "question" [--model M]`: the chat pane's question, answered on stdout.

The file is given to Claude with the same content block as the chat pane chooses
(`model.chat.reading_for`: a document with citations, an image, or a container upload
for the code execution tool). The answer streams as it arrives; the cited passages follow
it on stdout, the token usage goes to stderr. With --format json/jsonl: one record at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any

from ..model.chat import MAX_TOKENS_LIMIT, Conversation, Turn, cannot_read
from ..service_errors import ServiceError
from ..service_types import DEFAULT_MODEL
from . import common

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

ASK_FORMATS = ("table", "json", "jsonl")


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "ask",
        "Ask Claude about one file; the answer streams to stdout, then its cited passages.",
        [
            ('claude-files ask file_011CNha8iCJcU1wXNR6q4V8w "What is the refund window?"', "answer with citations"),
            ('claude-files ask file_011CNha8iCJcU1wXNR6q4V8w "Sum column B" --model claude-opus-4-1', "another model"),
            ("claude-files ask file_011CNha8iCJcU1wXNR6q4V8w 'List the risks' --format json", "one JSON record at the end"),
        ],
    )
    parser.add_argument("file_id", metavar="ID", help="the file to ask about")
    parser.add_argument("question", help="the question (quote it)")
    parser.add_argument("--model", help=f"model (default: the chat pane's saved choice, else {DEFAULT_MODEL})")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="answer length limit (default: the saved setting)")
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    if not options.question.strip():
        build.error("the question is empty")
    from ..config import Settings

    settings = Settings.load()
    model = options.model or settings.chat_model or DEFAULT_MODEL
    max_tokens = settings.chat_max_tokens if options.max_tokens is None else options.max_tokens
    if not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
        build.error(f"--max-tokens must be between 1 and {MAX_TOKENS_LIMIT:,}")
    fmt = options.format or "table"  # an answer is text, piped or not
    if fmt not in ASK_FORMATS:
        build.error(f"--format {fmt} does not fit an answer; use table (text), json or jsonl")

    async def command(context: common.Context, service: FilesService) -> int:
        try:
            meta = await service.retrieve(options.file_id)
        except ServiceError as error:
            if error.kind == "not_found":
                context.fail(f"{options.file_id}: no such file (404)")
                return common.EXIT_FAILED
            raise
        conversation = Conversation(meta.id, meta.filename, meta.mime_type)
        turn = conversation.ask(options.question)
        out = _TextOut() if fmt == "table" else None
        try:
            stream = service.stream_answer(
                model=model, max_tokens=max_tokens, messages=conversation.messages(), tools=conversation.tools
            )
            async for delta in stream:
                if delta.citation is not None:
                    turn.add_citation(delta.citation)
                text = delta.text or (turn.end_block() if delta.block_stop else "")
                if delta.text:
                    turn.answer += delta.text
                if out is not None and text:
                    out.write(text)
                if delta.done:
                    turn.input_tokens, turn.output_tokens = delta.input_tokens, delta.output_tokens
                    turn.stop_reason = delta.stop_reason
        except asyncio.CancelledError:
            turn.stopped = True
        except ServiceError as error:
            if error.kind in common.CONNECTION_KINDS:
                raise
            turn.error = await _explain(service, error, conversation, model)
        turn.running = False
        if out is not None:
            out.finish(turn)
        else:
            _record(turn, conversation, model, fmt)
        _usage(context, turn)
        if turn.stopped:
            context.fail("stopped by Ctrl-C; the partial answer is above")
            return common.EXIT_INTERRUPTED
        if turn.error:
            context.fail(turn.error)
            return common.EXIT_FAILED
        return common.EXIT_OK

    return common.run("ask", options, command)


class _TextOut:
    """The answer as it streams; control sequences stripped when stdout is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self.ends_with_newline = True

    def write(self, text: str) -> None:
        if self.tty:
            from ..text import clean_block

            text = clean_block(text)
        sys.stdout.write(text)
        sys.stdout.flush()
        self.ends_with_newline = text.endswith("\n")

    def finish(self, turn: Turn) -> None:
        if not self.ends_with_newline:
            self.write("\n")
        if turn.citations:
            lines = ["", "Cited passages:"]
            for citation in turn.citations:
                where = f" (page {citation.page})" if citation.page is not None else ""
                title = f" — {citation.title}" if citation.title else ""
                lines.append(f"[{citation.number}] “{citation.cited_text}”{where}{title}")
            self.write("\n".join(lines) + "\n")


def _record(turn: Turn, conversation: Conversation, model: str, fmt: str) -> None:
    record: dict[str, Any] = {
        "file_id": conversation.file_id,
        "model": model,
        "question": turn.question,
        "answer": turn.answer,
        "citations": [{"number": c.number, "cited_text": c.cited_text, "title": c.title, "page": c.page} for c in turn.citations],
        "usage": {"input_tokens": turn.input_tokens, "output_tokens": turn.output_tokens},
        "stop_reason": turn.stop_reason,
        "stopped": turn.stopped,
        "error": turn.error,
    }
    text = json.dumps(record, ensure_ascii=sys.stdout.isatty(), indent=2 if fmt == "json" else None)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _usage(context: common.Context, turn: Turn) -> None:
    parts = []
    if turn.stop_reason == "max_tokens":
        parts.append("cut off at max tokens")
    if turn.input_tokens is not None:
        parts.append(f"tokens: {turn.input_tokens:,} in · {turn.output_tokens or 0:,} out")
    if parts:
        context.terminal.note(" · ".join(parts))


async def _explain(service: FilesService, error: ServiceError, conversation: Conversation, model: str) -> str:
    """The chat pane's words for a failed answer, about this file."""
    if error.kind == "not_found":
        try:
            await service.retrieve(conversation.file_id)
        except ServiceError as again:
            if again.kind == "not_found":
                return f"{conversation.file_id} no longer exists (404): it was deleted meanwhile."
        return f"The model {model} was not found (404). Pick another with --model."
    if error.kind == "too_large" or (error.kind == "bad_request" and "too long" in error.message.lower()):
        return "The file and the question do not fit in the model's context window."
    if error.kind == "bad_request" and conversation.reading.kind == "container":
        return cannot_read(conversation.mime_type, error.message)
    if error.kind == "expired":
        return f"{conversation.file_id} has expired; its content is gone."
    return common.words(error)
