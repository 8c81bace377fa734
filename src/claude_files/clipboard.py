"""Copy text (mostly file ids) to the user's clipboard, even over SSH.

People run claude-files on remote machines, where the local clipboard is only
reachable through the terminal: OSC 52 asks the terminal emulator on the
user's desk to set its clipboard. Multiplexers sit in between, so the sequence
is also wrapped for tmux and GNU screen. pyperclip is used in addition when a
local clipboard exists (a desktop session, not SSH). In a browser tab (`claude-files web`)
xterm.js is the terminal: it hands OSC 52 to the browser's clipboard API, which may refuse
without telling the app, so the notification says so.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

OSC52_MAX_PAYLOAD = 74_994
"""Bytes of base64 payload we send at most; k9s uses the same cap because
several terminals drop longer OSC 52 sequences entirely."""

SCREEN_CHUNK = 760
"""GNU screen keeps at most MAXSTR-1 (767) bytes of a DCS string, so the
sequence is split into chunks below that, each passed through separately."""

MODES = ("auto", "osc52", "system", "off")

BROWSER_METHOD = "the browser's clipboard"
BROWSER_NOTE = "if it does not arrive, the browser refused it"

TMUX_HINT = (
    "Copies not arriving inside tmux? Add `set -g set-clipboard on` and "
    "`set -g allow-passthrough on` to ~/.tmux.conf, then `tmux source ~/.tmux.conf`.\n"
    "tmux 3.x then keeps each copy in its paste buffer (prefix + ]) and forwards it to "
    "the outer terminal, which must allow OSC 52 clipboard writes."
)

_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
_DOCUMENT_TYPES = frozenset({"application/pdf", "text/plain"})


@dataclass
class CopyResult:
    """What a copy attempt did, in words fit for a notification."""

    method: str
    truncated: bool
    ok: bool
    detail: str
    note: str = ""  # said even on success, when success cannot be known


def is_ssh_session(env: Mapping[str, str]) -> bool:
    """True when running under SSH, where pyperclip would hit the remote clipboard."""
    return any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def _multiplexer(env: Mapping[str, str]) -> str | None:
    """ "tmux", "screen" or None; tmux wins because it also sets TERM=screen*."""
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        return "screen"
    return None


def _osc52_payload(text: str) -> tuple[bytes, bool]:
    """Base64 of `text`, cut on a UTF-8 character boundary to fit the cap."""
    raw = text.encode("utf-8")
    limit = OSC52_MAX_PAYLOAD // 4 * 3  # raw bytes whose base64 fits the cap
    truncated = len(raw) > limit
    if truncated:
        end = limit
        while end > 0 and (raw[end] & 0xC0) == 0x80:  # continuation byte
            end -= 1
        raw = raw[:end]
    return base64.b64encode(raw), truncated


def _osc52(text: str, env: Mapping[str, str]) -> tuple[list[bytes], bool]:
    """The sequences to write for `text`, and whether the text was truncated."""
    payload, truncated = _osc52_payload(text)
    plain = b"\x1b]52;c;" + payload + b"\x07"
    match _multiplexer(env):
        case "tmux":
            # The plain one is stored by tmux when set-clipboard is on (and
            # forwarded); the wrapped one reaches the outer terminal when only
            # allow-passthrough is on.
            wrapped = b"\x1bPtmux;" + plain.replace(b"\x1b", b"\x1b\x1b") + b"\x1b\\"
            return [plain, wrapped], truncated
        case "screen":
            chunks = [plain[i : i + SCREEN_CHUNK] for i in range(0, len(plain), SCREEN_CHUNK)]
            return [b"\x1bP" + chunk + b"\x1b\\" for chunk in chunks], truncated
        case _:
            return [plain], truncated


def _write_tty(data: bytes) -> None:
    """Write straight to the controlling terminal, bypassing any redirection."""
    try:
        with open("/dev/tty", "wb", buffering=0) as tty:
            tty.write(data)
        return
    except OSError:
        pass
    stdout = sys.__stdout__
    if stdout is None:
        raise OSError("no terminal to write to")
    stdout.buffer.write(data)
    stdout.buffer.flush()


def _copy_system(text: str) -> str | None:
    """Copy with pyperclip; None on success, else why it failed."""
    try:
        import pyperclip
    except ImportError:
        return "pyperclip is not installed"
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        return "no system clipboard found (install xclip, xsel or wl-clipboard)"
    except Exception as exc:  # clipboard helpers fail in many odd ways
        return f"system clipboard failed: {exc}"
    return None


def copy_text(
    text: str,
    *,
    mode: str = "auto",
    env: Mapping[str, str] | None = None,
    write: Callable[[bytes], None] | None = None,
    browser: bool = False,
) -> CopyResult:
    """Copy `text` the way `mode` asks; never raises, the result says what happened.

    `write` lets the TUI send the escape sequences through its own driver; `browser` says
    that driver is a browser tab's (auto and osc52 then mean the browser's clipboard only).
    """
    if mode not in MODES:
        raise ValueError(f"unknown copy mode {mode!r}; use one of {', '.join(MODES)}")
    env = os.environ if env is None else env
    if mode == "off":
        return CopyResult("none", False, False, "copying is off (copy mode is 'off')")
    if mode == "system":
        problem = _copy_system(text)
        if problem:
            return CopyResult("system clipboard", False, False, problem)
        return CopyResult("system clipboard", False, True, "copied to the system clipboard")
    if browser:
        return _copy_to_browser(text, write or _write_tty)

    sequences, truncated = _osc52(text, env)
    mux = _multiplexer(env)
    method = f"OSC 52 ({mux})" if mux else "OSC 52"
    osc_problem: str | None = None
    try:
        (write or _write_tty)(b"".join(sequences))
    except Exception as exc:  # a broken tty must not take the app down
        osc_problem = f"could not write to the terminal: {exc}"

    system_ok = False
    if mode == "auto" and not is_ssh_session(env):
        system_ok = _copy_system(text) is None
    if system_ok:
        if osc_problem:
            return CopyResult("system clipboard", False, True, "copied to the system clipboard")
        return CopyResult(f"{method} + system clipboard", truncated, True, "copied")
    if osc_problem:
        return CopyResult(method, truncated, False, osc_problem)
    return CopyResult(method, truncated, True, "sent to the terminal; it must allow OSC 52 clipboard writes")


def _copy_to_browser(text: str, write: Callable[[bytes], None]) -> CopyResult:
    """Plain OSC 52 for xterm.js: no multiplexer sits in between, and pyperclip would reach the
    clipboard of the machine serving the page, not the user's."""
    payload, truncated = _osc52_payload(text)
    try:
        write(b"\x1b]52;c;" + payload + b"\x07")
    except Exception as exc:  # a closed tab must not take the app down
        return CopyResult(BROWSER_METHOD, truncated, False, f"could not write to the page: {exc}")
    return CopyResult(BROWSER_METHOD, truncated, True, "sent to the page", note=BROWSER_NOTE)


def describe(result: CopyResult, what: str) -> str:
    """One line for a notification, e.g. '3 ids copied via OSC 52'."""
    if not result.ok:
        return f"Could not copy {what}: {result.detail}"
    line = f"{what} copied via {result.method}"
    if result.truncated:
        line += f" (terminal copy truncated to {OSC52_MAX_PAYLOAD:,} bytes)"
    if result.note:
        line += f"; {result.note}"
    return line


def content_block(file_id: str, mime_type: str, filename: str) -> str:
    """A Messages API content block referencing the file, ready to paste."""
    mime = mime_type.split(";", 1)[0].strip().lower()
    block: dict[str, object]
    if mime in _IMAGE_TYPES:
        block = {"type": "image", "source": {"type": "file", "file_id": file_id}}
    elif mime in _DOCUMENT_TYPES:
        block = {
            "type": "document",
            "source": {"type": "file", "file_id": file_id},
            "title": filename,
            "citations": {"enabled": True},
        }
    else:
        block = {"type": "container_upload", "file_id": file_id}
    return json.dumps(block, indent=2, ensure_ascii=False)
