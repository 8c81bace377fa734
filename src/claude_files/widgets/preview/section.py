"""The preview part of the details pane: a rule with what the file is, where it came from, the body."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from ...ledger import LocalCopy
from ...text import clean

UPLOAD_NOT_RETURNED = "The API does not return uploaded files, so there is nothing to preview. Press c to ask Claude about it."

_COPY_WORDS = {
    "same": "local copy: {where}",
    "changed": "local copy: {where} (changed since the upload; not previewed)",
    "gone": "local copy: {where} (gone; not previewed)",
    "elsewhere": "local copy: {where} (on another machine)",
}


def section(caption: str, body: RenderableType | None = None, copy: LocalCopy | None = None) -> Group:
    """Rule titled with `caption`, then the local-copy line (if any), then `body`."""
    parts: list[RenderableType] = [Rule(Text(clean(f"preview: {caption}")), style="dim", characters="─")]
    if copy is not None:
        parts.append(copy_line(copy))
    if body is not None:
        parts.append(body)
    return Group(*parts)


def copy_line(copy: LocalCopy) -> Text:
    return Text(clean(_COPY_WORDS[copy.state].format(where=copy.upload.where)), style="italic")


def words(text: str) -> Text:
    """A sentence in place of a preview (why there is none)."""
    return Text(clean(text), style="italic")
