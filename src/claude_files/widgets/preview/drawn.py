"""A drawn preview, and hostile text made visible: shared by the text and the media renderers.

Its own module so that render.py (which dispatches to media.py) and media.py (which builds
previews) both import it, and neither imports the other back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import RenderableType

# C0 controls (but newline and tab), DEL and C1 controls become visible: ␛ for ESC, and so on.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_VISIBLE |= {0x7F: "␡"} | {code: "�" for code in range(0x80, 0xA0)}
_VISIBLE |= {0x09: "    "}
# Invisible tricks (bidi overrides, zero-width characters) go, as in text.py.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


@dataclass(frozen=True)
class Preview:
    """A drawn preview: a short caption (what it is) and the body."""

    caption: str
    body: RenderableType


def visible(text: str) -> str:
    """Control characters as their visible symbols, invisible characters dropped."""
    return _INVISIBLE.sub("", text.translate(_VISIBLE))
