"""Command lines as people type them: a negated query term (`-is:downloadable`) is a query term,
never an unknown option, and the global options may come before the subcommand."""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

NEGATION_HELP = """query terms starting with -:
  a negated term such as -is:downloadable or -type:pdf is a query term, not an option:
  `claude-files ls -is:downloadable`, `claude-files rm --where -is:downloadable`
  (`--where=-is:downloadable` and `-- -is:downloadable` work too)"""

GLOBAL_VALUED = ("--profile", "--workspace", "--base-url", "--format")
GLOBAL_FLAGS = ("--demo", "-q", "--quiet")


def _negated_term() -> re.Pattern[str]:
    from ..model.query.vocabulary import KEYS

    keys = "|".join(KEYS)
    return re.compile(rf"-(?:{keys})(?:>=|<=|:|>|<|=)", re.IGNORECASE)


class QueryArgumentParser(argparse.ArgumentParser):
    """argparse, except that `-KEY:…` (a negated query term) is an argument: argparse took it for
    an option and failed with "expected one argument" or "unrecognized arguments"."""

    _negation: re.Pattern[str] | None = None
    takes_query = False  # ls, du, rm: an unknown "-word" is likely a query term; the error says how to write one

    def error(self, message: str) -> NoReturn:
        if self.takes_query and ("unrecognized arguments: -" in message or "expected one argument" in message):
            example = "--where=-word" if self.prog.endswith(" rm") else "-- -word"
            message += f"; a query term starting with - is written {self.prog} {example}"
        super().error(message)

    def _parse_optional(self, arg_string: str) -> Any:
        if _may_be_term(arg_string):  # else the query language is not imported for `--format` or `-q`
            if QueryArgumentParser._negation is None:
                QueryArgumentParser._negation = _negated_term()
            if QueryArgumentParser._negation.match(arg_string):
                return None
        return super()._parse_optional(arg_string)


def _may_be_term(arg: str) -> bool:
    """A negated term is `-KEY` and a comparison: one dash, then a letter, and one of : < > =."""
    return arg[:1] == "-" and arg[1:2].isalpha() and any(char in arg for char in ":<>=")


def subcommand_first(args: list[str], subcommands: set[str]) -> list[str]:
    """`claude-files --demo ls x` as `claude-files ls --demo x`: global options typed before the
    subcommand move after it. Anything else before it is left for the TUI's parser to refuse."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in subcommands:
            return [arg, *args[:index], *args[index + 1 :]]
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS or (name in GLOBAL_VALUED and "=" in arg):
            index += 1
        elif arg in GLOBAL_VALUED:
            index += 2
        else:
            return args
    return args
