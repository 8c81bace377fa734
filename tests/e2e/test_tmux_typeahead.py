"""Issue 12 end to end: keys typed ahead reach the installed command in one read (one
`send-keys` call with several keys is one write to the pty) and must act in order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from ..conftest import make_client_for
from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]

NOTES = ["notes.txt", "meeting-notes-week14.md"]
OTHERS = ["summary.xlsx", "chart.png", "sales.csv"]  # at the top of the list at 80x24


@pytest.mark.parametrize("clear", ["C-u", "C-w"])
def test_filter_mark_all_delete_burst_deletes_only_the_matching_files(demo, clear):
    """`/` ctrl+u `notes` Enter ctrl+a d y in one read once deleted all 25 demo files."""
    demo.wait_for("summary.xlsx")
    demo.send("/", clear, "n", "o", "t", "e", "s", "Enter", "C-a", "d", "y")  # one send-keys: one read
    demo.wait_for("Deleted 2 of 2 files")
    report = demo.wait_for("Deleted (2):")  # the list of every file follows the title by a frame
    assert all(name in report for name in NOTES)
    demo.send("Escape")  # close the report
    demo.wait_gone("Enter or Esc closes")
    demo.send("Escape")  # no marks are left, so Esc clears the filter
    screen = demo.wait_for("summary.xlsx")
    assert "23 files" in screen
    assert all(name not in screen for name in NOTES)
    assert all(name in screen for name in OTHERS)


def test_esc_and_the_next_keys_in_one_read_close_the_filter_first(demo):
    """Esc j j arriving in one read reach Textual as alt+j, j: the filter typed "jj" and stayed open."""
    demo.wait_for("summary.xlsx")
    demo.type("/notes\x1bjjd")  # one write: the Esc and the j right behind it come in one read
    screen = demo.wait_for("Delete this file?")  # d reached the table: the filter was closed, not typed in
    assert "notesj" not in screen
    demo.type("\x1bq")  # Esc q in one read: the dialog closes, then q quits
    demo.wait_for("EXITED")


def test_esc_before_a_new_filter_in_one_read_spares_the_files_it_unmarked(server, tmp_path):
    """Issue 23: 8 PDFs marked, `Escape / type:csv Enter ctrl+a l d y` in one read deleted the 20
    CSVs and the 8 PDFs (Textual's parser dropped the Esc before `/`); slowly: the 20 CSVs."""
    now = datetime.now(UTC)
    pdfs = [
        server.add_file(f"report-{i}.pdf", b"%PDF-1.4\n", "application/pdf", created_at=now - timedelta(minutes=i))
        for i in range(8)
    ]
    csvs = [
        server.add_file(f"export-{i}.csv", b"a,b\n", "text/csv", created_at=now - timedelta(hours=1, minutes=i))
        for i in range(20)
    ]
    others = [
        server.add_file(f"old-{i:03d}.txt", b"old\n", "text/plain", created_at=now - timedelta(days=1, minutes=i))
        for i in range(100)
    ]  # more than the first page: ctrl+a asks, `l` takes the loaded ones
    session = TmuxSession(
        f"{installed_command()}; echo EXITED; sleep 30",
        env={
            "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
            "ANTHROPIC_API_KEY": "test-key",
            "ANTHROPIC_BASE_URL": server.url,
        },
    )
    try:
        session.wait_for("report-0.pdf")
        for count in range(1, 9):
            session.send("Space")
            session.wait_for(f"{count} marked")
        session.send("Escape", "/", *"type:csv", "Enter", "C-a", "l", "d", "y")  # one send-keys: one read
        session.wait_until(lambda screen: re.search(r"Deleted \d+ of \d+ files", screen) is not None)
    finally:
        session.close()
    with make_client_for(server) as client:
        left = {f.id for f in client.beta.files.list(limit=1000)}
    assert left == {f["id"] for f in pdfs + others}
    assert not left & {f["id"] for f in csvs}
