"""One key map: every binding in src/ comes from it with an id, and the settings' keymap table is
checked entry by entry."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import claude_files
from claude_files.keymap import KEY_BY_ID, OWNERS, bound_keys, check_keymap, key_label


def our_dom_classes() -> list[type[DOMNode]]:
    """Every screen, widget and app class defined in claude_files (the server has none)."""
    found = []
    for info in pkgutil.walk_packages(claude_files.__path__, "claude_files."):
        if info.name.startswith("claude_files.server") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_binding_in_src_has_an_id_from_the_key_map():
    classes = our_dom_classes()
    assert {"MainScreen", "FileTable", "ChatPane", "ConfirmModal", "HelpScreen", "ClaudeFilesApp"} <= {
        c.__name__ for c in classes
    }
    used: set[str] = set()
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", ()):
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is not a Binding from the key map"
            assert binding.id in KEY_BY_ID, f"{cls.__name__}: binding {binding.key} -> {binding.action} has no key map id"
            key = KEY_BY_ID[binding.id]
            assert (binding.key, binding.action) == (key.keys, key.action)
            used.add(binding.id)
    assert set(KEY_BY_ID) - used == {"confirm.yes"}  # the one key read in on_key (ConfirmModal)
    assert issubclass(next(c for c in classes if c.__name__ == "ClaudeFilesApp"), App)


def test_ids_are_unique_and_keys_unique_within_each_owner():
    assert len(KEY_BY_ID) == sum(len(owner) for owner in OWNERS)
    for owner in OWNERS:
        names = [name for key in owner for name in key.keys.split(",")]
        assert len(names) == len(set(names)), owner


def test_defaults_are_shown_as_before():
    bound = bound_keys({})
    assert key_label(bound["table.cursor_down"]) == "j ↓"
    assert key_label(bound["table.page_down"]) == "PgDn ctrl+d"
    assert key_label(bound["main.help"]) == "?"
    assert key_label(bound["main.filter"]) == "/"


def test_valid_entries_are_normalized_like_textual_does():
    valid, problems = check_keymap({"main.help": "h,?", "main.filter": "/", "table.cursor_down": "j"})
    assert problems == []  # a multi-key default narrowed to one of its own keys is no clash
    assert valid == {"main.help": "h,question_mark", "main.filter": "slash", "table.cursor_down": "j"}
    bound = bound_keys(valid)
    assert bound["main.help"] == ("h", "question_mark")
    assert bound["table.cursor_down"] == ("j",)


def test_bad_entries_are_named_and_left_out():
    valid, problems = check_keymap(
        {"nope": "x", "main.upload": "", "main.chat": " ", "main.sort": "a,,b", "main.details": "ctrl x", "main.refresh": None}
    )
    assert valid == {}
    assert problems[0] == 'keymap: no key has the id "nope"; entry ignored.'
    assert len(problems) == 6
    assert all("stays on" in problem for problem in problems[1:])


def test_a_key_taken_from_another_action_is_reported():
    valid, problems = check_keymap({"main.delete": "y"})
    assert valid == {"main.delete": "y"}
    assert bound_keys(valid)["main.copy_ids"] == ()
    assert problems == ["keymap: Copy id (main.copy_ids) has no key left: other keys took them."]


def test_hostile_ids_are_cleaned_in_the_message():
    _, problems = check_keymap({"\x1b[31mred\x1b[0m" + "z" * 100: "x"})
    assert "\x1b" not in problems[0] and len(problems[0]) < 120
