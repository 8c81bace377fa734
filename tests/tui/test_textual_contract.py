"""What key_order.py assumes about how Textual dispatches keys, checked on the installed Textual.

If one of these fails after a Textual upgrade, keys typed ahead may run out of order again
(issue 12: a burst deleted every file). Read key_order.py's docstring, re-check the
assumption named in the failure against Textual's App.on_event / MessagePump, and adapt
key_order.py before widening the `textual<9` bound in pyproject.toml.
"""

from __future__ import annotations

import textual
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from claude_files.key_order import KeysInOrder, key_after_escape


def require(condition: bool, assumption: str) -> None:
    if not condition:
        raise AssertionError(
            f"Textual {textual.__version__} no longer does what claude_files/key_order.py relies on: {assumption}. "
            "Typed-ahead keys may run out of order; fix key_order.py before allowing this Textual version."
        )


class Ping(Message):
    """A bubbling message, to see the order it reaches the app in."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label


class Probe(App[None]):
    """Records each key as the App's `on_event` sees it; a key typing `!` is kept from
    Textual (as KeysInOrder holds keys)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []
        self.pings: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Input(id="field")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.seen.append((event.key, event.is_forwarded))
            if event.character == "!":
                return
        await super().on_event(event)

    def on_ping(self, ping: Ping) -> None:
        self.pings.append(ping.label)


async def test_keys_reach_app_on_event_unforwarded_then_bubble_back_for_the_bindings():
    app = Probe()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Key("a", "a"))
        app.post_message(events.Key("backspace", None))
        await pilot.pause()
        require(app.seen[:1] == [("a", False)], "a key from the terminal reaches App.on_event first, not yet forwarded")
        require(
            field.value == "" and app.seen.count(("backspace", True)) == 1,
            "an Input's editing key comes back to App.on_event forwarded, where its binding runs",
        )
        require(("a", True) not in app.seen, "an Input stops a printable key it inserted (it never comes back to the App)")


async def test_a_key_the_app_does_not_pass_on_reaches_no_widget():
    app = Probe()
    async with app.run_test() as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        app.post_message(events.Key("exclamation_mark", "!"))
        await pilot.pause()
        require(app.query_one(Input).value == "", "a key App.on_event does not hand to super() goes nowhere")
        app.post_message(events.Key("exclamation_mark", "?"))  # the same key, let through this time
        await pilot.pause()
        require(app.query_one(Input).value == "?", "a key re-posted to the App is dispatched like a new one")


async def test_messages_bubble_from_a_widget_to_the_app_first_in_first_out():
    app = Probe()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        for label in "abc":
            field.post_message(Ping(label))
        app.query_one("#box").post_message(Ping("d"))
        field.post_message(Ping("e"))
        await pilot.pause()
        require(sorted(app.pings) == list("abcde"), "a message bubbles through every ancestor to the App")
        require(
            [p for p in app.pings if p in "abc"] == list("abc"), "messages posted to a widget reach the App in the order posted"
        )
        require(
            app.pings.index("d") < app.pings.index("e"),
            "a message posted to a widget stays behind one posted to its parent before it",
        )
        chain = field.ancestors_with_self
        require(
            chain[0] is field and chain[-2] is app.screen and chain[-1] is app, "ancestors_with_self runs widget → screen → App"
        )
        require(all(node.message_queue_size == 0 for node in chain), "message_queue_size counts what is still queued")


def read_at_once(data: str) -> list[events.Key]:
    """What the terminal driver hands the App for `data` arriving in one read."""
    from textual._xterm_parser import XTermParser  # private: only to see what the driver posts

    parser = XTermParser()
    read = [*parser.feed(data), *parser.feed("")]  # the end of input stands in for the Esc delay running out
    return [key for key in read if isinstance(key, events.Key)]


def test_esc_and_a_letter_in_one_read_come_as_one_alt_key_that_key_order_splits():
    for data, typed in (("\x1bjj", ["j", "j"]), ("\x1bJ", ["J"]), ("\x1bq", ["q"])):
        first, *rest = read_at_once(data)
        require(
            first.key.startswith("alt+") and [key.key for key in rest] == typed[1:],
            f"Esc and a letter in one read ({data!r}) arrive as one alt+<letter> key",
        )
        split = key_after_escape(first)
        assert split is not None and (split.key, split.character) == (typed[0], typed[0])
    assert key_after_escape(events.Key("alt+left", None)) is None
    assert key_after_escape(events.Key("j", "j")) is None


class Ordered(KeysInOrder, Probe):
    """The real mixin on the probe app."""


async def test_keys_in_order_holds_a_burst_and_lets_it_through_one_at_a_time():
    app = Ordered()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        for key, character in (("n", "n"), ("o", "o"), ("x", "x"), ("backspace", None), ("t", "t"), ("left", None), ("e", "e")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        while app.keys_on_their_way:
            await pilot.pause()
        assert field.value == "noet"


# What AltKeyParser (adapters/textual_private.py) changes, as Textual 8.2.8's own parser reads one read of bytes.
TEXTUAL_READS = {
    "\x1b/": ["slash"],
    "\x1b ": ["space"],
    "\x1b\r": ["enter"],
    "\x1b?": ["question_mark"],
    "\x1b\x01": ["ctrl+a"],
    "\x1bb": ["ctrl+left"],
    "\x1b\x7f": ["ctrl+w"],
    "\x1bj\x1bk": ["circumflex_accent", "j", "alt+k"],
}
ALT_KEY_PARSER_READS = {
    "\x1b/": ["alt+slash"],
    "\x1b ": ["alt+space"],
    "\x1b\r": ["alt+enter"],
    "\x1b?": ["alt+question_mark"],
    "\x1b\x01": ["alt+ctrl+a"],
    "\x1bb": ["alt+b"],
    "\x1b\x7f": ["alt+backspace"],
    "\x1bj\x1bk": ["alt+j", "alt+k"],
}


def test_textual_still_loses_the_esc_that_the_alt_key_adapter_keeps():
    """Fails once an upgraded Textual keeps the alt itself (issues #6378, #6663; PRs #6379,
    #6674, #6709): then AltKeyParser is no longer needed for the sequences named, and once
    none is left this test and the module go (key_order.py splits alt keys either way)."""
    fixed = [data for data, keys in TEXTUAL_READS.items() if [key.key for key in read_at_once(data)] != keys]
    assert not fixed, (
        f"Textual {textual.__version__} now reads {fixed!r} differently: check whether it keeps Esc as alt+<key> "
        "for them, and drop them from AltKeyParser in claude_files/adapters/textual_private.py (all of them: drop it)."
    )


def test_the_app_driver_reads_esc_and_any_key_as_one_alt_key_that_key_order_splits():
    import sys

    from claude_files.adapters.textual_private import AltKeyParser
    from claude_files.app import ClaudeFilesApp
    from claude_files.launch import Launch

    app = ClaudeFilesApp(Launch(api_key=None))
    parser_class = sys.modules[app.driver_class.__module__].XTermParser
    require(parser_class is AltKeyParser, "the driver's input thread builds the parser its module names XTermParser")
    for data, keys in ALT_KEY_PARSER_READS.items():
        parser = parser_class()
        read = [key for key in [*parser.feed(data), *parser.feed("")] if isinstance(key, events.Key)]
        require(
            [key.key for key in read] == keys, f"XTermParser._sequence_to_key_events reads {data!r} (AltKeyParser overrides it)"
        )
        first = key_after_escape(read[0])
        assert first is not None and first.character == data[1]
    assert key_after_escape(events.Key("alt+ctrl+a", "\x01")).key == "ctrl+a"
    assert key_after_escape(events.Key("alt+enter", None)) is None  # the kitty protocol's: alt really held


class Words(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(value="drawn words")


async def test_the_tests_read_the_composed_frame_one_strip_a_line():
    """`composed_frame` (adapters/textual_private.py; every `screen_text` of the tests) reads
    Textual 8.2.8's private `Screen._compositor`: if this fails after an upgrade, only that
    function needs changing."""
    from .conftest import drawn_strips, screen_text

    app = Words()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        strips = drawn_strips(app)
        assert len(strips) == 6 and all(strip.cell_length == 40 for strip in strips)
        assert "drawn words" in screen_text(app)


async def test_the_private_members_the_textual_adapter_uses_are_still_there():
    """adapters/textual_private.py: `App._driver` (OSC 52 copies) and `ScrollView._scroll_update`
    (the file table's scrollbars) on the installed Textual."""
    from textual.scroll_view import ScrollView

    from claude_files.adapters.textual_private import terminal_writer

    require(callable(getattr(ScrollView, "_scroll_update", None)), "ScrollView._scroll_update(virtual_size) redraws scrollbars")
    app = Words()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        writes: list[str] = []
        driver = app._driver  # noqa: SLF001 - the driver the adapter writes through, to see the bytes arrive
        require(driver is not None and callable(getattr(driver, "write", None)), "App._driver is the running driver")
        driver.write = writes.append
        write = terminal_writer(app)
        assert write is not None
        write(b"\x1b]52;c;aGk=\x07")
        assert writes == ["\x1b]52;c;aGk=\x07"]


async def test_a_pushed_screen_is_on_top_before_its_widgets_are_composed():
    """Why the tests wait on `on_top` (tests/tui/conftest.py), not on `isinstance(app.screen, …)`:
    Textual puts a pushed screen on top before composing it, so a test that read the quit
    question's words at once read '' on a loaded machine. `is_mounted` says they are there."""
    from textual.screen import Screen
    from textual.widgets import Static

    from .conftest import on_top, shown_text, wait_until

    class Question(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("the question's words")

    app = Words()
    async with app.run_test(size=(40, 6)) as pilot:
        app.push_screen(Question())
        assert isinstance(app.screen, Question) and not app.screen.query(Static)
        assert not on_top(app, Question) and "the question's words" not in shown_text(app)
        await wait_until(pilot, lambda: on_top(app, Question))
        assert "the question's words" in shown_text(app)
