"""OSC 52 bytes, multiplexer wrapping, the payload cap, copy modes, content blocks."""

from __future__ import annotations

import base64
import json
import re

import pytest

from claude_files import clipboard
from claude_files.clipboard import (
    OSC52_MAX_PAYLOAD,
    TMUX_HINT,
    CopyResult,
    content_block,
    copy_text,
    describe,
    is_ssh_session,
)

B64_HELLO = base64.b64encode(b"hello")  # b"aGVsbG8="


def osc52_sequences(text: str, env: dict[str, str]) -> list[bytes]:
    """The escape sequences an OSC 52 copy of `text` writes to the terminal, one by one."""
    written: list[bytes] = []
    copy_text(text, mode="osc52", env=env, write=written.append)
    (data,) = written
    sequences = re.findall(rb"\x1bP.*?\x1b\\|\x1b\]52;c;[A-Za-z0-9+/=]*\x07", data, re.DOTALL)
    assert b"".join(sequences) == data, data
    return sequences


def _payload(seq: bytes) -> bytes:
    match = re.fullmatch(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", seq)
    assert match, seq
    return match.group(1)


def test_plain_sequence_exact_bytes() -> None:
    assert osc52_sequences("hello", {}) == [b"\x1b]52;c;aGVsbG8=\x07"]


def test_plain_when_term_is_xterm() -> None:
    assert osc52_sequences("hello", {"TERM": "xterm-256color"}) == [b"\x1b]52;c;" + B64_HELLO + b"\x07"]


def test_tmux_sends_plain_and_passthrough_with_escs_doubled() -> None:
    seqs = osc52_sequences("hello", {"TMUX": "/tmp/tmux-0/default,123,0", "TERM": "screen"})
    assert seqs == [
        b"\x1b]52;c;aGVsbG8=\x07",
        b"\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\",
    ]


def test_screen_via_sty_is_dcs_wrapped() -> None:
    assert osc52_sequences("hello", {"STY": "1234.pts-0.host"}) == [b"\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\"]


def test_screen_via_term_without_tmux() -> None:
    seqs = osc52_sequences("hello", {"TERM": "screen-256color"})
    assert seqs == [b"\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\"]


def test_screen_chunks_long_sequences() -> None:
    text = "x" * 3000
    seqs = osc52_sequences(text, {"STY": "1"})
    plain = b"\x1b]52;c;" + base64.b64encode(text.encode()) + b"\x07"
    assert len(seqs) > 1
    inner = []
    for seq in seqs:
        assert seq.startswith(b"\x1bP") and seq.endswith(b"\x1b\\")
        chunk = seq[2:-2]
        assert 0 < len(chunk) <= 768
        inner.append(chunk)
    assert b"".join(inner) == plain


def test_cap_truncates_long_text() -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(100_000))
    (seq,) = osc52_sequences(text, {})
    payload = _payload(seq)
    assert len(payload) <= OSC52_MAX_PAYLOAD
    decoded = base64.b64decode(payload).decode("utf-8")
    assert text.startswith(decoded)
    assert len(decoded) > 50_000
    result = copy_text(text, mode="osc52", env={}, write=lambda data: None)
    assert result.truncated is True and result.ok


@pytest.mark.parametrize("char", ["é", "€", "😀"])
def test_cap_cuts_on_a_character_boundary(char: str) -> None:
    text = char * 40_000
    (seq,) = osc52_sequences(text, {})
    payload = _payload(seq)
    assert len(payload) <= OSC52_MAX_PAYLOAD
    decoded = base64.b64decode(payload).decode("utf-8")  # strict: no split character
    assert decoded and set(decoded) == {char}
    assert text.startswith(decoded)


def test_text_just_under_the_cap_is_not_truncated() -> None:
    text = "a" * (OSC52_MAX_PAYLOAD // 4 * 3)
    (seq,) = osc52_sequences(text, {})
    assert base64.b64decode(_payload(seq)).decode() == text
    assert not copy_text(text, mode="osc52", env={}, write=lambda d: None).truncated


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, False),
        ({"TERM": "xterm"}, False),
        ({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, True),
        ({"SSH_CLIENT": "10.0.0.1 5000 22"}, True),
        ({"SSH_TTY": "/dev/pts/3"}, True),
        ({"SSH_TTY": ""}, False),
    ],
)
def test_ssh_detection(env: dict[str, str], expected: bool) -> None:
    assert is_ssh_session(env) is expected


def test_mode_off_writes_nothing() -> None:
    written: list[bytes] = []
    result = copy_text("file_011CABC", mode="off", env={}, write=written.append)
    assert written == []
    assert result.ok is False
    assert "off" in result.detail
    assert describe(result, "file id").startswith("Could not copy file id")


def test_mode_osc52_writes_the_sequence() -> None:
    written: list[bytes] = []
    result = copy_text("hello", mode="osc52", env={"SSH_TTY": "/dev/pts/1"}, write=written.append)
    assert written == [b"\x1b]52;c;aGVsbG8=\x07"]
    assert result == CopyResult("OSC 52", False, True, result.detail)
    assert describe(result, "3 ids") == "3 ids copied via OSC 52"


def test_mode_osc52_in_tmux_writes_both_in_one_go() -> None:
    written: list[bytes] = []
    result = copy_text("hello", mode="osc52", env={"TMUX": "x"}, write=written.append)
    assert written == [b"\x1b]52;c;aGVsbG8=\x07\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"]
    assert result.method == "OSC 52 (tmux)"


def test_write_failure_is_reported_not_raised() -> None:
    def broken(data: bytes) -> None:
        raise OSError("EIO")

    result = copy_text("hello", mode="osc52", env={}, write=broken)
    assert result.ok is False
    assert "EIO" in result.detail


def test_auto_over_ssh_never_uses_pyperclip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "_copy_system", lambda text: pytest.fail("pyperclip used"))
    written: list[bytes] = []
    result = copy_text("hello", mode="auto", env={"SSH_CONNECTION": "a b c d"}, write=written.append)
    assert written and result.ok and result.method == "OSC 52"


def test_auto_locally_adds_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(clipboard, "_copy_system", lambda text: copied.append(text))
    result = copy_text("hello", mode="auto", env={}, write=lambda d: None)
    assert copied == ["hello"]
    assert describe(result, "file id") == "file id copied via OSC 52 + system clipboard"


def test_auto_locally_without_clipboard_falls_back_to_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "_copy_system", lambda text: "no system clipboard found")
    result = copy_text("hello", mode="auto", env={}, write=lambda d: None)
    assert result.ok and result.method == "OSC 52"


def test_mode_system_reports_missing_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "_copy_system", lambda text: "no system clipboard found")
    written: list[bytes] = []
    result = copy_text("hello", mode="system", env={}, write=written.append)
    assert written == []
    assert not result.ok
    assert "no system clipboard" in describe(result, "file id")


def test_unknown_mode_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        copy_text("x", mode="clipboard", env={}, write=lambda d: None)


def test_describe_mentions_truncation() -> None:
    result = CopyResult("OSC 52", True, True, "")
    assert describe(result, "text") == "text copied via OSC 52 (terminal copy truncated to 74,994 bytes)"


def test_tmux_hint_names_the_options() -> None:
    assert "set -g set-clipboard on" in TMUX_HINT
    assert "allow-passthrough on" in TMUX_HINT
    assert "~/.tmux.conf" in TMUX_HINT


@pytest.mark.parametrize("mime", ["image/jpeg", "image/png", "image/gif", "image/webp"])
def test_content_block_image(mime: str) -> None:
    block = json.loads(content_block("file_1", mime, "a.png"))
    assert block == {"type": "image", "source": {"type": "file", "file_id": "file_1"}}


@pytest.mark.parametrize("mime", ["application/pdf", "text/plain", "text/plain; charset=utf-8"])
def test_content_block_document(mime: str) -> None:
    text = content_block("file_2", mime, 'report "Q3".pdf')
    block = json.loads(text)
    assert block == {
        "type": "document",
        "source": {"type": "file", "file_id": "file_2"},
        "title": 'report "Q3".pdf',
        "citations": {"enabled": True},
    }
    assert text.startswith('{\n  "type"')  # indent 2


@pytest.mark.parametrize("mime", ["text/csv", "application/zip", "application/octet-stream", ""])
def test_content_block_other(mime: str) -> None:
    block = json.loads(content_block("file_3", mime, "data.csv"))
    assert block == {"type": "container_upload", "file_id": "file_3"}


def test_in_a_browser_tab_only_plain_osc52_goes_out_and_the_line_says_it_may_be_refused() -> None:
    """xterm.js is the terminal: no tmux wrapping, no pyperclip on the serving machine."""
    written: list[bytes] = []
    result = copy_text("file_011CABC", mode="auto", env={"TMUX": "x"}, write=written.append, browser=True)
    assert written == [b"\x1b]52;c;" + base64.b64encode(b"file_011CABC") + b"\x07"]
    assert result.ok and result.method == "the browser's clipboard"
    assert (
        describe(result, "file id") == "file id copied via the browser's clipboard; if it does not arrive, the browser refused it"
    )


def test_in_a_browser_tab_a_closed_page_is_a_failure_in_words() -> None:
    def closed(data: bytes) -> None:
        raise BrokenPipeError("gone")

    result = copy_text("x", mode="osc52", env={}, write=closed, browser=True)
    assert not result.ok
    assert describe(result, "file id").startswith("Could not copy file id: could not write to the page")
