"""Filenames a hostile (or broken) server could send, and checks that none of them got through."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us
from claude_files.server.storage import DEFAULT_WORKSPACE

from ..tui.conftest import drawn_strips

CLIP_PAYLOAD = "pwned-clipboard"
TITLE_PAYLOAD = "pwned-title"
OSC52 = f"\x1b]52;c;{base64.b64encode(CLIP_PAYLOAD.encode()).decode()}\x07"
OSC_TITLE = f"\x1b]2;{TITLE_PAYLOAD}\x07"

HOSTILE_NAMES: dict[str, str] = {
    "markup": "[bold red]x[/bold red] markup.txt",
    "link": "[link=https://evil.example/]click me[/link].txt",
    "ansi": "\x1b[31;1mred\x1b[0m\x1b[2J\x1b[Hansi.txt",
    "title": f"{OSC_TITLE}title.txt",
    "osc52": f"{OSC52}clip.txt",
    "c1": "\x9b31mc1\x9d2;pwned\x9c.txt",
    "bidi": "invoice\u202etxt.exe",
    "zero_width": "zero\u200bwidth\u200d\ufeff.txt",
    "newline": "line one\nline two\r.txt",
    "bell": "bell\x07\x08\x7f.txt",
    "long": "L" * 251 + ".txt",
    "dotdot": "..",
    "traversal": "../../.bashrc",
}
"""Stored verbatim (the real API could send any of these back), bypassing upload checks."""

HOSTILE_MIME_TYPES: dict[str, str] = {
    "markup": "[red]evil",
    "markup_minor": "text/[bold]x[/bold]",
    "ansi": "text/\x1b[31mred\x1b[0m\x1b[2J",
    "osc52": f"application/{OSC52}x",
    "title": f"{OSC_TITLE}image/png",
    "c1": "text/\x9b31mc1",
    "bidi": "text/\u202eplain",
    "zero_width": "text/\u200b\u200b\u200b\u200b\u200b\u200b\u200bplain",
    "wide": "text/文字文字文字文字文字文字",
    "newline": "text/plain\nX-Evil: 1",
    "long_major": "x" * 300,
}
"""MIME types a hostile or broken server could send back; drawn data, never markup or terminal control."""

FORBIDDEN_ON_SCREEN = ("\x1b", "\x07", "\x08", "\x7f", "\x9b", "\x9c", "\x9d", "\u202e", "\u200b", "\u200d", "\ufeff", "\r", "\n")
HOSTILE_AT = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def seed_hostile(server: LocalServer) -> dict[str, str]:
    """Insert every hostile name (oldest first, fixed times); returns kind → file id."""
    ids: dict[str, str] = {}
    for n, (kind, name) in enumerate(HOSTILE_NAMES.items()):
        meta = server.storage.add_bytes(
            f"payload of {kind}\n".encode(),
            workspace=DEFAULT_WORKSPACE,
            filename=name,
            mime_type="text/plain",
            downloadable=True,
            created_at_us=dt_to_us(HOSTILE_AT + timedelta(minutes=n)),
        )
        ids[kind] = meta["id"]
    return ids


def unsafe_characters(texts: Iterable[str]) -> list[str]:
    """Every forbidden character (as repr) found in the drawn text; empty when safe."""
    return sorted({repr(ch) for text in texts for ch in FORBIDDEN_ON_SCREEN if ch in text})


def drawn_segments(app) -> list:
    """Every segment of the frame the compositor would send to the terminal."""
    return [segment for strip in drawn_strips(app) for segment in strip]


def frame_problems(app) -> list[str]:
    """Escape sequences, invisible characters, control segments or links in the drawn frame."""
    segments = drawn_segments(app)
    problems = unsafe_characters(segment.text for segment in segments)
    problems += [f"control segment {s.control!r}" for s in segments if s.control]
    problems += [f"link {s.style.link!r}" for s in segments if s.style is not None and s.style.link]
    return problems


def seed_hostile_mimes(server: LocalServer) -> dict[str, str]:
    """A file per hostile MIME type (plain names, fixed times); returns kind → file id."""
    ids: dict[str, str] = {}
    for n, (kind, mime) in enumerate(HOSTILE_MIME_TYPES.items()):
        meta = server.storage.add_bytes(
            f"payload of {kind}\n".encode(),
            workspace=DEFAULT_WORKSPACE,
            filename=f"mime-{kind}.txt",
            mime_type=mime,
            downloadable=True,
            created_at_us=dt_to_us(HOSTILE_AT + timedelta(minutes=n)),
        )
        ids[kind] = meta["id"]
    return ids
