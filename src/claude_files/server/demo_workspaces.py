"""The demo organisation's named workspaces, each with files of its own (and one archived)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .demo_data import add_spec, session_id, stable_id
from .fields import dt_to_us
from .pdf import make_pdf
from .workspaces import WORKSPACE_PREFIX, Workspace


def workspace_id(name: str) -> str:
    """A stable ``wrkspc_…`` id for a named demo workspace."""
    return stable_id(WORKSPACE_PREFIX, name)


RESEARCH = workspace_id("demo research")
FINANCE = workspace_id("demo finance")
ARCHIVED = workspace_id("demo old marketing")
LITERATURE_SESSION = session_id("demo literature review")

_INVOICES = "invoice,customer,amount_usd,due\n" + "".join(
    f"INV-{1000 + i},{name},{amount},2025-0{1 + i % 6}-15\n"
    for i, (name, amount) in enumerate([("Acme", 12400), ("Globex", 8300), ("Initech", 15100), ("Umbrella", 4200)])
)


def _files() -> dict[str, list[dict[str, Any]]]:
    """Per workspace: the file specs `add_spec` takes."""
    return {
        RESEARCH: [
            dict(
                filename="survey-results.pdf",
                data=make_pdf([["Customer survey 2025", "Most asked-for feature: keyboard shortcuts."]], "Survey"),
                mime_type="application/pdf",
                age=timedelta(days=20),
            ),
            dict(
                filename="interview-notes.md",
                data=b"# Interviews\n\nFive of eight users work over SSH and want a terminal tool.\n",
                mime_type="text/markdown",
                age=timedelta(days=11),
            ),
            dict(
                filename="literature-summary.md",
                data=b"# Literature summary\n\nThree papers compare keyboard and mouse navigation speed.\n",
                mime_type="text/markdown",
                age=timedelta(days=2),
                downloadable=True,
                session=LITERATURE_SESSION,
            ),
            dict(
                filename="citations.csv",
                data=b"title,year\nKeyboard navigation at scale,2021\nTerminal UIs revisited,2023\n",
                mime_type="text/csv",
                age=timedelta(days=2, minutes=-3),
                downloadable=True,
                session=LITERATURE_SESSION,
            ),
        ],
        FINANCE: [
            dict(filename="invoices-q1.csv", data=_INVOICES.encode(), mime_type="text/csv", age=timedelta(days=40)),
            dict(
                filename="budget-2025.pdf",
                data=make_pdf([["Budget 2025", "Total: 480,000 dollars; cloud: 95,000 dollars."]], "Budget"),
                mime_type="application/pdf",
                age=timedelta(days=60),
            ),
            dict(
                filename="expense-policy.txt",
                data=b"Expenses over 500 dollars need a manager's approval before purchase.\n",
                mime_type="text/plain",
                age=timedelta(days=90),
            ),
        ],
    }


def seed_workspaces(add_workspace: Callable[[Workspace], None], add_file: Callable[..., dict[str, Any]]) -> None:
    now = datetime.now(UTC)
    add_workspace(Workspace(RESEARCH, "Research", dt_to_us(now - timedelta(days=120)), display_color="#2E86AB"))
    add_workspace(Workspace(FINANCE, "Finance", dt_to_us(now - timedelta(days=100)), display_color="#F18F01"))
    add_workspace(
        Workspace(
            ARCHIVED,
            "Marketing 2024",
            dt_to_us(now - timedelta(days=400)),
            archived_us=dt_to_us(now - timedelta(days=30)),
            display_color="#8D8D8D",
        )
    )
    for workspace, specs in _files().items():
        for spec in specs:
            add_spec(add_file, spec, now, workspace=workspace)
