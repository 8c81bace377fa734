"""The issue's "done when": `claude-files web --demo` in Chromium shows the demo files and a
keyboard-only delete there removes exactly the marked file on the server; help and `y` work."""

from __future__ import annotations

import anthropic
import pytest

from .browser import Tab, requires_chromium, wait_until

pytestmark = [pytest.mark.web, requires_chromium]


def server_filenames(base_url: str) -> list[str]:
    with anthropic.Anthropic(base_url=base_url, api_key="test-key", max_retries=0, _strict_response_validation=True) as client:
        return [file.filename for file in client.beta.files.list(limit=1000)]


def test_keyboard_only_delete_in_the_page_removes_exactly_the_marked_file(web_demo, context, tmp_path):
    before = server_filenames(web_demo.demo_url)
    tab = Tab(context.new_page()).open(web_demo.page_url)
    tab.wait_for("summary.xlsx")
    tab.focus()
    first = wait_until("the details pane", lambda: tab.detail("name"))
    tab.press("j")
    target = wait_until("the highlight to move", lambda: (name := tab.detail("name")) != first and name)
    assert target in before

    tab.press("/")
    tab.type(target)
    tab.press("Enter", " ")
    tab.wait_for("1 marked")
    tab.press("d")
    tab.wait_for("Delete")
    tab.press("y")
    after = wait_until(
        "the delete to reach the server", lambda: (names := server_filenames(web_demo.demo_url)) != before and names
    )
    assert sorted(after) == sorted(name for name in before if name != target)
    report = tab.wait_for("Enter or Esc closes")
    assert "1 deleted · 0 failed" in report and target in report
    tab.press("Escape")  # closes the report
    tab.wait_gone("Enter or Esc closes")
    tab.press("Escape")  # no marks left: clears the filter
    table = tab.wait_for("summary.xlsx")
    assert "24 files" in table

    tab.press("?")
    tab.wait_for("claude-files keys")
    tab.settle()
    shot = tab.page.screenshot(path=str(tmp_path / "help.png"))
    assert shot.startswith(b"\x89PNG")


def test_y_copies_the_highlighted_id_to_the_browser_clipboard(web_demo, context):
    tab = Tab(context.new_page()).open(web_demo.page_url)
    tab.wait_for("summary.xlsx")
    tab.focus()
    file_id = wait_until("the id in the details pane", lambda: tab.detail("id"))
    tab.press("y")
    tab.wait_for("copied via the browser")
    copied = wait_until("the browser clipboard", lambda: tab.page.evaluate("navigator.clipboard.readText()") == file_id)
    assert copied
