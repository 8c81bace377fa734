"""Terms that only the delete record has: `deleted<7d`, `outcome:failed`, `by:stdin`.

Its rows are file rows (deletions.Deletion) plus `deleted_at`, `outcome` and `selected_by`,
so every file term works on them too; these read the rest. `parse(text, record=True)` adds them.
"""

from __future__ import annotations

from claude_files.model.query.errors import QueryError
from claude_files.model.query.lexer import RawTerm, Value
from claude_files.model.query.terms import (
    Binder,
    Builder,
    Term,
    Test,
    _term,
    moment_test,
    suggestion,
)
from claude_files.model.query.values import duration_seconds, shifted, shown
from claude_files.model.query.vocabulary import COMPARISONS

OUTCOME_VALUES: tuple[str, ...] = ("deleted", "gone", "failed", "kept", "abandoned", "not_started", "unknown")


def _is_moment(value: Value) -> bool:
    """A date (2026-03-01, 2026-03-01T10:00) rather than a duration (7d)."""
    return "-" in value.text or "T" in value.text


def _deleted(raw: RawTerm, key: str) -> Term:
    """`deleted<7d`: within the last 7 days (as age<7d); `deleted:2026-03-01`, `deleted>=2026-03-01`: by date."""
    tests = []
    for value in raw.values:
        if raw.op in (":", "=") or _is_moment(value):
            tests.append(moment_test(raw, value, "row.deleted_at", key))
        else:
            seconds = duration_seconds(value)
            op = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[raw.op]  # longer ago = an earlier moment

            def test(b: Binder, op: str = op, seconds: object = seconds) -> str:
                return f"row.deleted_at {op} {b.const(shifted(b.now, -seconds))}"  # type: ignore[operator]

            tests.append(test)
    return _term(raw, key, tests)


def _outcome(raw: RawTerm, key: str) -> Term:
    wanted = set()
    for value in raw.values:
        word = value.text.strip().casefold().replace("-", "_")
        if word not in OUTCOME_VALUES:
            close = suggestion(word, OUTCOME_VALUES)
            hint = f"did you mean outcome:{close}?" if close else "outcome: takes " + ", ".join(OUTCOME_VALUES)
            raise QueryError(f"unknown outcome:{shown(value.text)} — {hint}", value.start, value.end)
        wanted.add(word)
    chosen = frozenset(wanted)
    return _term(raw, key, [lambda b: f"row.outcome in {b.const(chosen)}"])


def _by(raw: RawTerm, key: str) -> Term:
    """`by:stdin`, `by:marked`, `by:rule`: words of what selected the files."""

    def contains(needle: str) -> Test:
        return lambda b: f"{b.const(needle)} in row.selected_by.casefold()"

    return _term(raw, key, [contains(value.text.strip().casefold()) for value in raw.values])


RECORD_TERMS: dict[str, tuple[tuple[str, ...], Builder]] = {
    "deleted": ((":", "=", *COMPARISONS), _deleted),
    "outcome": ((":", "="), _outcome),
    "by": ((":",), _by),
}
