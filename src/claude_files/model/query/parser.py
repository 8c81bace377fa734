"""A parsed query and the one predicate it compiles to."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from types import CodeType
from typing import cast

from claude_files.model.query.errors import QueryError
from claude_files.model.query.lexer import lex
from claude_files.model.query.rows import Normalized
from claude_files.model.query.terms import Binder, Term, says_nothing, understand
from claude_files.model.rows import Row

MAX_SERVER_IDS = 100  # the list endpoint's `ids` takes at most 100
MAX_LENGTH = 10_000  # far past any typed filter; keeps every answer within milliseconds


@dataclass(frozen=True)
class Query:
    """Query text, understood: build with `parse`, test rows with `predicate`."""

    text: str
    # All follow from the text, so two parses of the same text compare equal.
    terms: tuple[Term, ...] = field(default=(), repr=False, compare=False)
    scope_id: str | None = field(default=None, compare=False)
    ids: tuple[str, ...] | None = field(default=None, compare=False)
    needs_duplicates: bool = field(default=False, compare=False)
    needs_marks: bool = field(default=False, compare=False)
    needs_pins: bool = field(default=False, compare=False)

    @property
    def is_empty(self) -> bool:
        """No terms: blank, spaces or only quotes. It matches every file, so it is never a rule
        that selects files to delete (`rm --where` refuses it; the TUI treats it as no filter)."""
        return not self.terms

    def predicate(
        self,
        now: datetime,
        *,
        marks: Collection[str] = (),
        duplicates: Collection[str] = (),
        pins: Collection[str] = (),
    ) -> Callable[[Row], bool]:
        """One function testing every term (see `compiled`)."""
        return self.compiled(now, marks=marks, duplicates=duplicates, pins=pins).test

    def compiled(
        self,
        now: datetime,
        *,
        marks: Collection[str] = (),
        duplicates: Collection[str] = (),
        pins: Collection[str] = (),
    ) -> Compiled:
        """Every term compiled into one test now, so that no row is parsed again.

        `now` fixes what `age` and `expires` mean; `marks`, `duplicates` and `pins` are ids (a
        set is used as given, so later marks and pins show; anything else is copied once).
        The query does no I/O: whoever holds the pins (the TUI's model, `ls`) hands them in.
        """
        if not self.terms:
            return _EVERYTHING
        now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        binder = Binder(now, _as_set(marks), _as_set(duplicates), _as_set(pins))
        expression = " and ".join(term.source(binder) for term in self.terms)
        binder.fast = True
        fast = " and ".join(term.source(binder) for term in self.terms)
        # Values never enter the source: only generated names (`_c0`…) bound in the namespace.
        # `_select` is the fast form inlined in one comprehension (no call a row: twice as fast
        # on compact rows); a row it chokes on sends the whole selection through `_predicate`.
        namespace: dict[str, object] = dict(binder.constants)
        exec(_code(expression, fast), namespace)
        namespace["_careful"] = _careful(cast(Callable[[object], bool], namespace["_test"]))
        return Compiled(
            cast(Callable[[Row], bool], namespace["_predicate"]),
            cast(Callable[[Iterable[Row]], list[Row]], namespace["_select"]),
        )


@dataclass(frozen=True)
class Compiled:
    """A query compiled for one moment: `test` one row, or `select` those of many that hold."""

    test: Callable[[Row], bool]
    select: Callable[[Iterable[Row]], list[Row]]


@lru_cache(maxsize=64)
def _code(expression: str, fast: str) -> CodeType:
    """The three functions of one query's expression and its `fast` form, compiled once: typing
    or applying the same query again (its constants live in the namespace, not the source)
    skips the compiler (~0.2 ms) and reuses code the interpreter has already specialized."""
    source = (
        f"def _test(row):\n    return {expression}\n"
        f"def _predicate(row):\n    try:\n        return {expression}\n"
        "    except Exception:\n        return _careful(row)\n"
        f"def _select(rows):\n    try:\n        return [row for row in rows if {fast}]\n"
        "    except Exception:\n        return [row for row in rows if _predicate(row)]\n"
    )
    return compile(source, "<query>", "exec")


def _everything(row: Row) -> bool:
    return True


_EVERYTHING = Compiled(_everything, list)


def _as_set(ids: Collection[str]) -> Collection[str]:
    return ids if isinstance(ids, set | frozenset) else frozenset(ids)


def _careful(test: Callable[[object], bool]) -> Callable[[Row], bool]:
    """The slow path for rows the fast test choked on (naive datetimes, missing or None fields).

    Naive datetimes are read as UTC; a row whose fields still cannot be compared matches no
    term, negated or not, so it is never selected for deletion by accident.
    """

    def careful(row: Row) -> bool:
        try:
            return bool(test(Normalized(row)))
        except Exception:
            return False

    return careful


def parse(text: str, *, record: bool = False) -> Query:
    """Understand `text`; raises QueryError (with the span at fault) and nothing else.

    `record`: the delete record's rows, which also take `deleted<7d`, `outcome:` and `by:`."""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is too long ({len(text):,} characters; at most {MAX_LENGTH:,})", MAX_LENGTH, len(text))
    try:
        extra = None
        if record:
            from claude_files.model.query.record_terms import RECORD_TERMS

            extra = RECORD_TERMS
        terms = tuple(understand(raw, extra) for raw in lex(text) if not says_nothing(raw))
    except QueryError:
        raise
    except (RecursionError, MemoryError, OverflowError, ValueError) as error:  # a last guard: never a traceback
        raise QueryError(f"cannot understand this query ({type(error).__name__})", 0, len(text)) from None
    positive_scopes = [term.scope_id for term in terms if term.scope_id is not None]
    exact_id_sets = [term.exact_ids for term in terms if term.exact_ids is not None]
    ids: tuple[str, ...] | None = None
    if exact_id_sets:
        common = frozenset.intersection(*exact_id_sets)
        ids = tuple(sorted(common)) if len(common) <= MAX_SERVER_IDS else None
    uses = frozenset().union(*(term.uses for term in terms))
    return Query(
        text=text,
        terms=terms,
        scope_id=positive_scopes[0] if positive_scopes else None,
        ids=ids,
        needs_duplicates="duplicates" in uses,
        needs_marks="marks" in uses,
        needs_pins="pins" in uses,
    )
