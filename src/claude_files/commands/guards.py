"""`rm`'s guards, checked before any request that deletes: a rule with no terms is refused;
a rule that takes every file the listing returned needs --all; more files than --max-delete
(or the settings file's `max_delete`, which cron runs read too) is refused. All exit 2.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .common import positive_count

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query

NO_LIMIT = "none"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help="let --where select every file the listing returned (the whole workspace; with scope:ID the whole"
        " session); without it such a rule is refused. id=… names files one by one and needs no --all",
    )
    parser.add_argument(
        "--max-delete",
        type=_max_delete,
        metavar="N|none",
        help="refuse (exit 2, nothing deleted) when more than N files would go; default: max_delete in the settings"
        " file (config.json in the user config dir, or $CLAUDE_FILES_CONFIG; cron runs read it too), else no"
        " limit; none lifts that limit for this run",
    )


def _max_delete(text: str) -> int | str:
    if text.strip().casefold() == NO_LIMIT:
        return NO_LIMIT
    try:
        return positive_count(text)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(f"{error} (or none, for no limit)") from None


def refuse_blank(query: Query) -> bool:
    """A rule with no terms (blank, spaces, only quotes) would select every file: say so; True when refused."""
    if not query.is_empty:
        return False
    sys.stderr.write(
        f"claude-files rm: --where {query.text!r} has no terms (blank, spaces or only quotes), so it would select"
        " every file; nothing deleted. To delete every file on purpose: --where 'size>=0' --all\n"
    )
    return True


@dataclass(frozen=True)
class Limit:
    """The most files one `rm` may delete (None: no limit), and where that number comes from."""

    files: int | None
    source: str = ""


def limit(given: int | str | None) -> Limit | None:
    """--max-delete, else the settings file's max_delete; None after saying that setting is unreadable."""
    if given == NO_LIMIT:
        return Limit(None)
    if isinstance(given, int):
        return Limit(given, "--max-delete")
    from ..config import Settings, config_path

    settings = Settings.load()
    if settings.unreadable is not None:
        sys.stderr.write(
            f"claude-files rm: cannot read the settings file {config_path()} ({settings.unreadable}), so its max_delete"
            " is unknown; nothing deleted. Fix it, or give --max-delete N|none\n"
        )
        return None
    if "max_delete" in settings.refused:
        sys.stderr.write(
            f"claude-files rm: max_delete in {config_path()} must be a whole number of files, 1 or more"
            f" (it is {repr(settings.refused['max_delete'])[:40]}); nothing deleted. Fix it, or give --max-delete N|none\n"
        )
        return None
    if settings.max_delete is None:
        return Limit(None)
    return Limit(settings.max_delete, f"max_delete in {config_path()}")


def refusals(
    count: int, listed: int, query: Query | None, allow_all: bool, most: Limit, *, selected: int | None = None
) -> list[str]:
    """Why deleting `count` of the `listed` files is refused; empty when it may go. `selected` is
    what the rule took before pinned files were kept back: a rule that takes every file is one
    whether or not pins then spare some."""
    reasons = []
    chosen = count if selected is None else selected
    if query is not None and query.ids is None and chosen == listed and not allow_all:
        where = f"of session {query.scope_id}" if query.scope_id is not None else "in the workspace"
        reasons.append(f"--where {query.text!r} selects every file {where} ({chosen:,}); add --all if that is what you mean")
    if most.files is not None and count > most.files:
        lift = "raise it" if most.source == "--max-delete" else "raise it, or give --max-delete N|none for this run"
        reasons.append(f"{count:,} files would be deleted, more than {most.source} allows ({most.files:,}); {lift}")
    return reasons
