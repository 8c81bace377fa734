"""The question before sending a file twice: "already uploaded as file_… (name, 3 days ago)".

Built on the one confirmation modal, so the default is the safe answer: Enter and Esc
cancel this file's upload, `c` copies the existing id instead, `y` uploads it again.
"""

from __future__ import annotations

from rich.text import Text

from .. import formatting
from ..ledger import Duplicate
from ..text import clean
from .confirm import Choice, ConfirmModal

COPY_ID = "copy"


def duplicate_question(local_path: str, duplicate: Duplicate) -> ConfirmModal:
    """Dismisses with True (upload again), COPY_ID (copy the existing id) or False (cancel)."""
    meta = duplicate.meta
    body = Text()
    body.append(clean(local_path))
    body.append(" is already uploaded as ")
    body.append(clean(meta.id), style="bold")
    body.append(f" ({clean(meta.filename)}, {formatting.ago(meta.created_at)}).\n\n")
    body.append("The same bytes (sha256) were sent from ")
    body.append(clean(duplicate.upload.where))
    body.append(", and the file is still on the server.")
    return ConfirmModal(
        "Already uploaded",
        body,
        yes_label="Upload again",
        extra_choices=[Choice("Copy its id (c)", COPY_ID, "c")],
    )
