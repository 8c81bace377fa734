"""Chat state, free of Textual and the SDK: one conversation per file id, and the request it sends.

The Files API decides how Claude reads a file by the content block that references it:
documents (PDF, plain text) get citations, images are looked at, and everything else
(CSV, XLSX, JSON, …) is handed to the code execution container.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..formatting import short_type

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
DATASET_TEXT_TYPES = frozenset({"text/csv", "text/tab-separated-values"})
CODE_EXECUTION_TOOL: dict[str, Any] = {"type": "code_execution_20250825", "name": "code_execution"}
MAX_TOKENS_LIMIT = 128_000


def base_mime(mime_type: str) -> str:
    return mime_type.split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class Reading:
    """How Claude is given the file: the content block, the tools it needs, and a word for the user."""

    kind: str  # "document", "image" or "container"
    block: dict[str, Any]
    tools: list[dict[str, Any]] | None
    note: str


def reading_for(file_id: str, mime_type: str, filename: str) -> Reading:
    """Choose the content block by MIME type, as the Files API reference describes."""
    mime = base_mime(mime_type)
    source = {"type": "file", "file_id": file_id}
    if mime == "application/pdf" or (mime.startswith("text/") and mime not in DATASET_TEXT_TYPES):
        block = {"type": "document", "source": source, "title": filename, "citations": {"enabled": True}}
        return Reading("document", block, None, "read as a document; cited passages are listed under each answer")
    if mime in IMAGE_TYPES:
        return Reading("image", {"type": "image", "source": source}, None, "shown to Claude as an image")
    return Reading(
        "container",
        {"type": "container_upload", "file_id": file_id},
        [dict(CODE_EXECUTION_TOOL)],
        f"{short_type(mime) if mime else 'this type'} is not readable directly; it is opened with the code execution tool",
    )


def cannot_read(mime_type: str, api_message: str) -> str:
    """Why a container upload was refused, in words (the API rejected the tool or the block)."""
    detail = f" The API said: {api_message}" if api_message else ""
    return (
        f"Claude cannot read {short_type(base_mime(mime_type)) or 'these'} files directly: they must be opened with the "
        f"code execution tool, which this model or organization refused.{detail}"
    )


@dataclass
class Citation:
    """A cited passage: the quoted text and where it is (page for PDFs)."""

    number: int
    cited_text: str
    title: str | None = None
    page: int | None = None

    @classmethod
    def from_api(cls, number: int, data: dict[str, Any]) -> Citation:
        page = data.get("start_page_number") if data.get("type") == "page_location" else None
        quoted = " ".join(str(data.get("cited_text", "")).split())  # a quote wrapped over lines reads as one
        return cls(number, quoted, data.get("document_title"), page)


@dataclass
class Turn:
    """One question and the answer that arrived for it (possibly partial)."""

    question: str
    answer: str = ""
    citations: list[Citation] = field(default_factory=list)
    input_tokens: int | None = None
    output_tokens: int | None = None
    stop_reason: str | None = None
    error: str | None = None
    stopped: bool = False
    running: bool = False
    unmarked: list[int] = field(default_factory=list)

    def add_citation(self, data: dict[str, Any]) -> Citation:
        """Same passage cited twice keeps one number; the number is marked where the text block ends."""
        citation = Citation.from_api(len(self.citations) + 1, data)
        for existing in self.citations:
            if (existing.cited_text, existing.page, existing.title) == (citation.cited_text, citation.page, citation.title):
                citation = existing
                break
        else:
            self.citations.append(citation)
        if citation.number not in self.unmarked:
            self.unmarked.append(citation.number)
        return citation

    def end_block(self) -> str:
        """At the end of a cited text block: the ` [n]` marks to append to the answer (also appended here)."""
        marks = "".join(f" [{number}]" for number in self.unmarked)
        self.unmarked.clear()
        self.answer += marks
        return marks

    @property
    def sendable(self) -> bool:
        """Earlier turns are sent again only if an answer came back for them."""
        return bool(self.answer.strip()) and not self.running


@dataclass
class Conversation:
    file_id: str
    filename: str
    mime_type: str
    turns: list[Turn] = field(default_factory=list)
    draft: str = ""  # a question typed but not sent: it waits here while another file is highlighted

    @property
    def reading(self) -> Reading:
        return reading_for(self.file_id, self.mime_type, self.filename)

    def ask(self, question: str) -> Turn:
        turn = Turn(question=question.strip(), running=True)
        self.turns.append(turn)
        return turn

    def messages(self) -> list[dict[str, Any]]:
        """The `messages` list for the newest turn: the file once, first; earlier turns re-sent."""
        history = [turn for turn in self.turns[:-1] if turn.sendable] + self.turns[-1:]
        messages: list[dict[str, Any]] = []
        for index, turn in enumerate(history):
            content: list[dict[str, Any]] = [self.reading.block] if index == 0 else []
            content.append({"type": "text", "text": turn.question})
            messages.append({"role": "user", "content": content})
            if turn is not history[-1]:
                messages.append({"role": "assistant", "content": [{"type": "text", "text": turn.answer}]})
        return messages

    @property
    def tools(self) -> list[dict[str, Any]] | None:
        return self.reading.tools

    @property
    def running(self) -> Turn | None:
        return next((turn for turn in self.turns if turn.running), None)


class ChatBook:
    """All conversations of this run, one per file id; nothing is written to disk."""

    def __init__(self) -> None:
        self._conversations: dict[str, Conversation] = {}

    def for_file(self, file_id: str, filename: str, mime_type: str) -> Conversation:
        conversation = self._conversations.get(file_id)
        if conversation is None:
            conversation = self._conversations[file_id] = Conversation(file_id, filename, mime_type)
        return conversation

    def get(self, file_id: str) -> Conversation | None:
        return self._conversations.get(file_id)

    @property
    def answering(self) -> bool:
        """An answer is streaming in, for any file (Esc stops it)."""
        return any(conversation.running is not None for conversation in self._conversations.values())

    def clear(self, file_id: str) -> None:
        conversation = self._conversations.get(file_id)
        if conversation is not None:
            conversation.turns.clear()


def parse_max_tokens(text: str) -> int | None:
    """A max-tokens field value, or None when it is not a sensible number."""
    try:
        value = int(text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        return None
    return value if 1 <= value <= MAX_TOKENS_LIMIT else None
