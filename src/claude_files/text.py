"""Make untrusted text (filenames, API messages) safe to draw.

Filenames and API text are data, never markup: everything drawn passes through
`clean()` (drops control and escape sequences, bidi overrides and zero-width
characters) and, where a string is interpreted as Rich markup, `markup_safe()`.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL|ST), DCS/SOS/PM/APC
# (ESC P|X|^|_ ... ST) and two-character escapes. C1 equivalents (0x9b CSI, 0x9d OSC) too.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI
  | \x9b[0-?]*[ -/]*[@-~]                   # C1 CSI
  | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)  # OSC
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)  # DCS SOS PM APC
  | \x1b[ -/]*[0-~]?                        # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
# Control characters (C0 except none, DEL, C1), bidi embeddings/overrides/isolates,
# zero-width characters and other invisible format characters.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
_WHITESPACE_CONTROLS = str.maketrans({"\n": "␤", "\r": "␍", "\t": " "})


def clean(text: object, *, max_len: int | None = None) -> str:
    """Return `text` as one printable line: no escapes, controls or invisible tricks."""
    value = str(text)
    if value.isascii() and value.isprintable():
        cleaned = value
    else:
        cleaned = _ESCAPES.sub("", value).translate(_WHITESPACE_CONTROLS)
        cleaned = _INVISIBLE.sub("", cleaned)
    if max_len is not None and len(cleaned) > max_len:
        cleaned = cleaned[: max(0, max_len - 1)] + "…"
    return cleaned


def clean_block(text: object) -> str:
    """Like `clean` but keeps newlines and tabs, for multi-line API text (chat answers)."""
    value = str(text)
    cleaned = _ESCAPES.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_INVISIBLE.sub("", line.replace("\t", "    ")) for line in cleaned.split("\n"))


def markup_safe(text: object, *, max_len: int | None = None) -> str:
    """`clean` and escape for places that parse Rich/Textual markup (notify, Static)."""
    from rich.markup import escape  # here: the subcommands import this module but never need Rich

    return escape(clean(text, max_len=max_len))


def fit(text: object, width: int, *, right: bool = False) -> str:
    """`clean` and then exactly `width` terminal cells (wide characters count two): cut with
    "…" or padded. Every API string drawn in a column goes through here, so no name, type or
    id can push the next column along."""
    from rich.cells import cell_len, set_cell_size

    cleaned = clean(text)
    if width <= 0:
        return ""
    if cell_len(cleaned) > width:
        return set_cell_size(cleaned, width - 1) + "…"
    padding = " " * (width - cell_len(cleaned))
    return padding + cleaned if right else cleaned + padding
