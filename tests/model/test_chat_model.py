"""Chat state: block choice by MIME type, multi-turn messages, citation numbering."""

from __future__ import annotations

import pytest

from claude_files.model.chat import ChatBook, Conversation, cannot_read, parse_max_tokens, reading_for


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("application/pdf", "document"),
        ("text/plain", "document"),
        ("text/plain; charset=utf-8", "document"),
        ("text/markdown", "document"),
        ("image/jpeg", "image"),
        ("image/png", "image"),
        ("image/gif", "image"),
        ("image/webp", "image"),
        ("text/csv", "container"),
        ("application/json", "container"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "container"),
        ("", "container"),
    ],
)
def test_block_follows_mime_type(mime: str, kind: str) -> None:
    reading = reading_for("file_abc12345", mime, "a.bin")
    assert reading.kind == kind
    if kind == "document":
        assert reading.block == {
            "type": "document",
            "source": {"type": "file", "file_id": "file_abc12345"},
            "title": "a.bin",
            "citations": {"enabled": True},
        }
        assert reading.tools is None
    elif kind == "image":
        assert reading.block == {"type": "image", "source": {"type": "file", "file_id": "file_abc12345"}}
        assert reading.tools is None
    else:
        assert reading.block == {"type": "container_upload", "file_id": "file_abc12345"}
        assert reading.tools == [{"type": "code_execution_20250825", "name": "code_execution"}]


def test_tool_type_is_one_the_installed_sdk_knows() -> None:
    from anthropic.types import CodeExecutionTool20250825Param

    hints = CodeExecutionTool20250825Param.__annotations__
    assert "code_execution_20250825" in str(hints["type"])
    assert "code_execution" in str(hints["name"])


def _answered(conversation: Conversation, question: str, answer: str) -> None:
    turn = conversation.ask(question)
    turn.answer = answer
    turn.running = False


def test_first_question_sends_file_then_text() -> None:
    conversation = Conversation("file_abc12345", "notes.txt", "text/plain")
    conversation.ask("What is in it?")
    messages = conversation.messages()
    assert len(messages) == 1
    assert messages[0]["role"] == "user"
    assert messages[0]["content"][0]["type"] == "document"
    assert messages[0]["content"][1] == {"type": "text", "text": "What is in it?"}


def test_earlier_turns_are_sent_again_with_the_file_once() -> None:
    conversation = Conversation("file_abc12345", "notes.txt", "text/plain")
    _answered(conversation, "First?", "First answer.")
    conversation.ask("Second?")
    messages = conversation.messages()
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[1]["content"] == [{"type": "text", "text": "First answer."}]
    assert messages[2]["content"] == [{"type": "text", "text": "Second?"}]
    blocks = [b for m in messages for b in m["content"] if b["type"] == "document"]
    assert len(blocks) == 1


def test_failed_turns_are_not_resent_and_roles_alternate() -> None:
    conversation = Conversation("file_abc12345", "notes.txt", "text/plain")
    failed = conversation.ask("Broken?")
    failed.running, failed.error = False, "overloaded"
    _answered(conversation, "Works?", "Yes.")
    conversation.ask("Third?")
    messages = conversation.messages()
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"][0]["type"] == "document"
    assert messages[0]["content"][1]["text"] == "Works?"


def test_citations_are_numbered_and_marked_at_block_end() -> None:
    turn = Conversation("file_abc12345", "q.pdf", "application/pdf").ask("?")
    page = {"type": "page_location", "cited_text": "Revenue grew.", "document_title": "q.pdf", "start_page_number": 2}
    first = turn.add_citation(page)
    turn.answer += "Revenue grew."
    assert turn.end_block() == " [1]"
    again = turn.add_citation(dict(page))
    second = turn.add_citation({"type": "char_location", "cited_text": "Costs fell.", "document_title": "q.pdf"})
    assert (first.number, first.page, again.number, second.number, second.page) == (1, 2, 1, 2, None)
    assert turn.end_block() == " [1] [2]"
    assert turn.answer == "Revenue grew. [1] [1] [2]"
    assert turn.end_block() == ""


def test_book_keeps_one_conversation_per_file_and_clears() -> None:
    book = ChatBook()
    a = book.for_file("file_aaaaaaaa", "a.txt", "text/plain")
    b = book.for_file("file_bbbbbbbb", "b.txt", "text/plain")
    assert a is not b and book.for_file("file_aaaaaaaa", "a.txt", "text/plain") is a
    _answered(a, "q", "a")
    book.clear("file_aaaaaaaa")
    assert a.turns == [] and book.get("file_bbbbbbbb") is b


@pytest.mark.parametrize(("text", "value"), [("1024", 1024), (" 4,096 ", 4096), ("0", None), ("abc", None), ("999999", None)])
def test_max_tokens_parsing(text: str, value: int | None) -> None:
    assert parse_max_tokens(text) == value


def test_a_refused_container_upload_is_explained() -> None:
    text = cannot_read("text/csv", "code execution is not enabled")
    assert text.startswith("Claude cannot read csv files directly")
    assert "code execution tool" in text and text.endswith("The API said: code execution is not enabled")
