"""What `claude-files web` does around the page: loopback only, the token, one app process per
tab (ended with its tab), and nothing left behind when the server is stopped."""

from __future__ import annotations

import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .browser import Tab, WebServer, installed_command, is_running, requires_chromium, wait_until


def status_of(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_a_host_other_than_loopback_is_refused_in_words(host):
    result = subprocess.run([installed_command(), "web", "--host", host], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    words = " ".join(result.stderr.split())
    assert f"Refusing to serve on '{host}'" in words
    assert "127.0.0.1 only" in words and "ssh -L 8000:127.0.0.1:8000" in words


def test_an_option_neither_web_nor_the_tui_knows_fails_before_serving():
    result = subprocess.run([installed_command(), "web", "--no-such-flag"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "claude-files web: error: unrecognized arguments: --no-such-flag" in " ".join(result.stderr.split())


def test_the_page_needs_the_printed_token_and_a_loopback_host_name(tmp_path):
    server = WebServer(env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json")})
    try:
        assert any("ssh -L" in line and "127.0.0.1" in line for line in server.lines)
        bare = server.page_url.split("?", 1)[0]
        assert status_of(server.page_url)[0] == 200
        status, words = status_of(bare)
        assert status == 403 and "access token" in words
        assert status_of(bare + "?token=wrong")[0] == 403
        status, words = status_of(server.page_url, {"Host": "attacker.example:8000"})  # DNS rebinding
        assert status == 403 and "127.0.0.1 or localhost only" in words
        assert server.tabs() == []  # no tab, no app process
    finally:
        server.stop()


@pytest.mark.web
@requires_chromium
@pytest.mark.parametrize(
    "signum",
    [signal.SIGTERM, pytest.param(signal.SIGINT, marks=pytest.mark.slow), pytest.param(signal.SIGHUP, marks=pytest.mark.slow)],
)
def test_two_tabs_run_two_apps_with_the_same_options_and_stopping_the_server_ends_both(tmp_path, context, signum):
    """One server for both halves: two tabs' apps booting is most of this test's time."""
    env = {
        "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
        "TMUX": "/tmp/tmux-0/default,1,0",
        "ANTHROPIC_AUTH_TOKEN": "real",
    }
    server = WebServer("--demo", "--clipboard", "off", env=env)
    try:
        assert Path(server.demo_dir).is_dir()
        first = Tab(context.new_page()).open(server.page_url)
        second = Tab(context.new_page()).open(server.page_url)
        first.wait_for("summary.xlsx")
        second.wait_for("summary.xlsx")
        tabs = wait_until("two app processes", lambda: len(found := server.tabs()) == 2 and found)
        for pid in tabs:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
            assert argv[1:3] == ["-m", "claude_files"]
            assert "--clipboard" in argv and "off" in argv  # a TUI option, passed through unchanged
            assert argv[argv.index("--base-url") + 1] == server.demo_url  # one demo server for every tab
            assert "--demo" in argv  # each tab is the demo (its notes, no credential named), on that server
            environ = dict(item.split("=", 1) for item in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in item)
            assert environ["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
            assert (
                environ["ANTHROPIC_API_KEY"] == "demo-key" and "ANTHROPIC_AUTH_TOKEN" not in environ
            )  # real credentials stay out
            assert "TMUX" not in environ  # the tab's terminal is xterm.js, not the tmux `web` ran in
        server.process.send_signal(signum)
        rest, _ = server.process.communicate(timeout=60)
        assert server.process.returncode == 0, rest
        assert "stopped." in rest
        assert not [pid for pid in tabs if is_running(pid)]
        assert not Path(server.demo_dir).exists()
    finally:
        server.stop()


@pytest.mark.web
@requires_chromium
def test_a_tab_closed_while_loading_ends_its_app_and_the_server_stays_up(web_demo, context):
    page = context.new_page()
    Tab(page).open(web_demo.page_url)
    (pid,) = wait_until("the tab's app process", web_demo.tabs, every=0.02)
    page.close()
    wait_until("the closed tab's app to end", lambda: not is_running(pid))
    assert web_demo.process.poll() is None
    Tab(context.new_page()).open(web_demo.page_url).wait_for("summary.xlsx")


@pytest.mark.web
@requires_chromium
def test_q_in_the_page_ends_that_tabs_app_and_the_page_says_the_session_ended(web_demo, context):
    tab = Tab(context.new_page()).open(web_demo.page_url)
    tab.wait_for("summary.xlsx")
    (pid,) = web_demo.tabs()
    tab.focus()
    tab.press("q")
    wait_until("the app to end", lambda: not is_running(pid))
    tab.page.wait_for_selector("body.-closed")  # textual-serve's "Session ended" with a Restart button
    assert web_demo.process.poll() is None
