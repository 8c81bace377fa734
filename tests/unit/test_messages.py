"""Every Message of ours says why it exists and which widget sent it (`control`), as Textual's own do."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.message import Message

import claude_files


def our_messages() -> list[type[Message]]:
    found = []
    for info in pkgutil.walk_packages(claude_files.__path__, "claude_files."):
        if info.name.startswith("claude_files.server") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, outer in inspect.getmembers(module, inspect.isclass):
            if outer.__module__ != module.__name__:
                continue
            for cls in (outer, *(member for _, member in inspect.getmembers(outer, inspect.isclass))):
                if issubclass(cls, Message) and cls.__module__ == module.__name__ and cls not in found:
                    found.append(cls)
    return found


def test_messages_have_a_docstring_and_a_control():
    messages = our_messages()
    assert {"NeedMore", "Highlighted", "Completions", "Left", "FileGone"} <= {cls.__name__ for cls in messages}
    for cls in messages:
        assert cls.__doc__, f"{cls.__qualname__} has no docstring"
        assert cls.control is not Message.control, f"{cls.__qualname__} has no control property"
