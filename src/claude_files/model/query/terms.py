"""Understand raw terms: check each key, operator and value, and describe its test as code.

A term's test is a small Python expression over `row` whose constants (thresholds, compiled
globs, the mime cache) are bound under generated names. `Query.predicate` joins the
expressions of all terms into one function, so a row costs one call, not one per term.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claude_files.formatting import short_type
from claude_files.model.query.errors import QueryError
from claude_files.model.query.lexer import RawTerm, Value
from claude_files.model.query.values import (
    duration_seconds,
    glob_regex,
    has_glob,
    moment_range,
    shifted,
    shown,
    size_bytes,
)
from claude_files.model.query.vocabulary import (
    EQUALS,
    IS_VALUES,
    KEYS,
    MAJOR_TYPES,
    OPS_BY_KEY,
    SHORT_TYPES,
    TYPE_WORDS,
)
from claude_files.model.rows import interned_mimes


class Binder:
    """What a predicate is compiled against, and the constants its code refers to by name."""

    def __init__(self, now: datetime, marks: Collection[str], duplicates: Collection[str], pins: Collection[str] = ()) -> None:
        self.now = now
        self.marks = marks
        self.duplicates = duplicates
        self.pins = pins
        self.constants: dict[str, object] = {}
        self.fast = False  # the form for whole selections: may raise where the safe form would not

    def const(self, value: object) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name


Test = Callable[[Binder], str]  # → a Python expression over `row`, true when the row holds


@dataclass(frozen=True)
class Term:
    """One understood term: its span, whether it is negated, and its tests (any one may hold)."""

    key: str  # "" for a bare word
    negated: bool
    start: int
    end: int
    tests: tuple[Test, ...]
    scope_id: str | None = None  # an exact session id: the server can list by it
    exact_ids: frozenset[str] | None = None  # `id=a,b`: the server can list by ids
    uses: frozenset[str] = field(default_factory=frozenset)  # "marks", "duplicates", "pins"

    def source(self, binder: Binder) -> str:
        either = " or ".join(f"({test(binder)})" for test in self.tests)
        return f"not ({either})" if self.negated else f"({either})"


def says_nothing(raw: RawTerm) -> bool:
    """A bare word of only quotes and spaces (`""`, `''`, `" "`): no term at all, so that a query
    of nothing else has no terms (a blank `rm --where "$AGE"` must not read as a rule); a `-` on
    one is an error, as a `-` on nothing."""
    if raw.key is not None or raw.unclosed_quote is not None or len(raw.values) != 1:
        return False
    if any(char not in "'\"" and not char.isspace() for char in raw.values[0].text):
        return False
    if raw.negated:
        raise QueryError("'-' needs a term right after it (like -is:marked)", raw.start, raw.end)
    return True


Builder = Callable[[RawTerm, str], "Term"]


def understand(raw: RawTerm, extra: dict[str, tuple[tuple[str, ...], Builder]] | None = None) -> Term:
    """Check a raw term and build its tests; raises QueryError at the offending span.

    `extra`: more keys (key → its operators and builder), as the delete record's `deleted<7d`."""
    if raw.dangling_negation:
        raise QueryError("'-' needs a term right after it (like -is:marked)", raw.start, raw.end)
    if raw.unclosed_quote is not None:
        raise QueryError('this quote is never closed — add a closing "', raw.unclosed_quote, raw.end)
    if raw.key is None:
        return _bare_word(raw)
    key = raw.key.casefold()
    op_end = raw.op_start + len(raw.op)
    ops_by_key = OPS_BY_KEY if extra is None else {**OPS_BY_KEY, **{name: ops for name, (ops, _) in extra.items()}}
    if key not in ops_by_key:
        raise QueryError(_unknown_key(raw.key, raw.op), raw.key_start, op_end)
    allowed = ops_by_key[key]
    if raw.op not in allowed:
        raise QueryError(f"{key} takes {' '.join(key + op for op in allowed)}, not {key}{raw.op}", raw.key_start, op_end)
    if len(raw.values) > 1 and raw.op not in EQUALS:
        raise QueryError(f"a list (a,b) works with {key}: only", raw.commas[0], raw.commas[0] + 1)
    for value in raw.values:
        if not value.text.strip():
            raise QueryError(f"{key}{raw.op} needs a value here", raw.key_start, max(op_end, value.end))
    return extra[key][1](raw, key) if extra is not None and key in extra else _BUILDERS[key](raw, key)


def suggestion(word: str, options: tuple[str, ...]) -> str | None:
    """The option the user most likely meant: the only one it begins, else the closest spelling."""
    word = word.casefold()
    if not word or len(word) > 20:
        return None
    starting = [option for option in options if option.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(key: str, op: str) -> str:
    close = suggestion(key, KEYS)
    said = f"unknown key '{shown(key)}{op}'"
    if close:
        return f"{said} — did you mean {close}{op}?"
    return f'{said} — keys are {", ".join(KEYS)}; put "quotes" around a word to search for it'


def _unknown_type(word: str) -> str:
    said = f"unknown type '{shown(word)}'"
    other = 'another type by its MIME type (type:application/zip) or in "quotes"'
    close = suggestion(word, tuple(sorted(TYPE_WORDS)))
    if close:
        return f"{said} — did you mean {close}? Or {other}"
    return f"{said} — types are {', '.join(SHORT_TYPES)}; or {other}"


def _term(raw: RawTerm, key: str, tests: list[Test], **extra: Any) -> Term:
    return Term(key, raw.negated, raw.start, raw.end, tuple(tests), **extra)


def _bare_word(raw: RawTerm) -> Term:
    (value,) = raw.values
    if has_glob(value.text):
        return _term(raw, "", [_filename_glob(value.text)])
    needle = value.text.casefold()

    def substring(b: Binder) -> str:
        name = b.const(needle)
        return f"{name} in row.filename.casefold() or {name} in row.id.casefold()"

    return _term(raw, "", [substring])


def _filename_glob(pattern: str) -> Test:
    match = glob_regex(pattern).match
    return lambda b: f"{b.const(match)}(row.filename) is not None"


def _name(raw: RawTerm, key: str) -> Term:
    return _term(raw, key, [_filename_glob(value.text) for value in raw.values])


def _id(raw: RawTerm, key: str) -> Term:
    texts = [value.text.strip() for value in raw.values]
    if raw.op == "=":
        exact = frozenset(texts)
        positive = None if raw.negated else exact
        return _term(raw, key, [lambda b: f"row.id in {b.const(exact)}"], exact_ids=positive)
    prefixes = tuple(texts)
    return _term(raw, key, [lambda b: f"row.id.startswith({b.const(prefixes)})"])


class _MimeVerdicts:
    """Whether each mime type seen matches one type term, learnt once per type.

    The safe form reads two plain sets filled on first sight (a row costs a lookup or two; a dict
    subclass with `__missing__` cost a third of Q1's time). The fast form, for whole selections
    (`Binder.fast`), is one subscript of a plain dict of verdicts, filled at once for every mime
    type the list has interned and by every first sight: a type never seen raises KeyError there,
    and the selection goes the safe way, which learns it for the next one."""

    def __init__(self, matches: Callable[[str], bool]) -> None:
        self.matches = matches
        self.yes: set[object] = set()
        self.no: set[object] = set()
        self.verdicts: dict[object, bool] = {}

    def first_sight(self, mime: str) -> bool:
        answer = self.matches(mime)
        (self.yes if answer else self.no).add(mime)
        self.verdicts[mime] = answer
        return answer

    def source(self, b: Binder) -> str:
        for known in list(interned_mimes()):
            if known not in self.verdicts:
                self.first_sight(known)
        mime = "row.mime_type"
        if b.fast:
            return f"{b.const(self.verdicts)}[{mime}]"
        # Most rows fail a type test: they cost one lookup, a match two.
        no, yes, first_sight = b.const(self.no), b.const(self.yes), b.const(self.first_sight)
        return f"({mime} not in {no} and ({mime} in {yes} or {first_sight}({mime})))"


def _type(raw: RawTerm, key: str) -> Term:
    shorts: set[str] = set()
    majors: set[str] = set()
    exact: set[str] = set()
    globs = []
    for value in raw.values:
        wanted = value.text.strip().casefold()
        if has_glob(wanted):
            globs.append(glob_regex(wanted).match)
        elif "/" in wanted:
            exact.add(wanted)
        else:
            if not value.quoted and wanted not in TYPE_WORDS:
                raise QueryError(_unknown_type(wanted), value.start, value.end)
            shorts.add(wanted)
            if wanted in MAJOR_TYPES:
                majors.add(wanted)

    def matches(mime: str) -> bool:
        bare = mime.partition(";")[0].strip().casefold()
        return (
            bare in exact
            or short_type(mime).casefold() in shorts
            or bare.partition("/")[0] in majors
            or any(glob(bare) is not None for glob in globs)
        )

    return _term(raw, key, [_MimeVerdicts(matches).source])


def _part(value: Value, text: str, offset: int) -> Value:
    """A piece of a value (one side of `A..B`), with its own span when the value was not quoted."""
    if value.quoted:
        return Value(text, value.start, value.end, True)
    start = value.start + offset
    return Value(text, start, start + len(text), False)


def _range(value: Value, key: str) -> tuple[Value | None, Value | None]:
    """`A..B`, `A..` or `..B` → its two ends (None when open)."""
    low, sep, high = value.text.partition("..")
    if ".." in high:
        raise QueryError(f"a {key} range has one '..' (like {key}:A..B)", value.start, value.end)
    if not low.strip() and not high.strip():
        raise QueryError(f"a {key} range needs at least one end (like {key}:A..B)", value.start, value.end)
    low_value = _part(value, low, 0) if low.strip() else None
    high_value = _part(value, high, len(low) + len(sep)) if high.strip() else None
    return low_value, high_value


def _size(raw: RawTerm, key: str) -> Term:
    tests: list[Test] = []
    for value in raw.values:
        if raw.op in EQUALS and ".." in value.text:
            low, high = _range(value, key)
            floor = math.ceil(size_bytes(low)) if low else None
            ceiling = math.floor(size_bytes(high)) if high else None
            tests.append(_between("row.size_bytes", floor, ceiling, closed_high=True))
            continue
        amount = size_bytes(value)
        if raw.op in EQUALS:
            if amount.denominator != 1:
                raise QueryError(f"'{shown(value.text)}' is not a whole number of bytes", value.start, value.end)
            tests.append(_compare("row.size_bytes", "==", int(amount)))
        else:
            rounded = math.floor(amount) if raw.op in (">", "<=") else math.ceil(amount)
            tests.append(_compare("row.size_bytes", raw.op, rounded))
    return _term(raw, key, tests)


def _compare(attribute: str, op: str, bound: object) -> Test:
    return lambda b: f"{attribute} {op} {b.const(bound)}"


def _between(attribute: str, low: object | None, high: object | None, *, closed_high: bool) -> Test:
    """low <= attribute, and attribute <= high (closed) or < high; either end may be open."""

    def source(b: Binder) -> str:
        parts = [] if low is None else [f"{b.const(low)} <= {attribute}"]
        if high is not None:
            parts.append(f"{attribute} {'<=' if closed_high else '<'} {b.const(high)}")
        return " and ".join(parts)

    return source


def _age(raw: RawTerm, key: str) -> Term:
    (value,) = raw.values
    seconds = duration_seconds(value)
    # older than D = created before now - D; the comparison flips
    op = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[raw.op]
    return _term(raw, key, [lambda b: f"row.created_at {op} {b.const(shifted(b.now, -seconds))}"])


def _created(raw: RawTerm, key: str) -> Term:
    return _term(raw, key, [moment_test(raw, value, "row.created_at", key) for value in raw.values])


def moment_test(raw: RawTerm, value: Value, attribute: str, key: str) -> Test:
    """`attribute` against a date, a date range or a bound (`created:2026-03-01..2026-03-31`,
    `created<=2026-03-31T18:00`): a date is its whole local day."""
    if raw.op in EQUALS:
        if ".." in value.text:
            low, high = _range(value, key)
            start = moment_range(low)[0] if low else None
            end = moment_range(high)[1] if high else None
        else:
            start, end = moment_range(value)
        return _between(attribute, start, end, closed_high=False)
    first, after = moment_range(value)
    bound = {">": (">=", after), ">=": (">=", first), "<": ("<", first), "<=": ("<", after)}[raw.op]
    return _compare(attribute, *bound)


def _expires(raw: RawTerm, key: str) -> Term:
    if raw.op == ":":
        for value in raw.values:
            if value.text.strip().casefold() != "never":
                raise QueryError(f"expires: takes 'never'; for a time write expires<{shown(value.text)}", value.start, value.end)
        return _term(raw, key, [lambda b: "row.expires_at is None"])
    (value,) = raw.values
    seconds = duration_seconds(value)
    op = raw.op

    def within(b: Binder) -> str:
        # expires<D: within D from now and not yet expired; expires>D: has an expiry later than that
        later = f"row.expires_at {op} {b.const(shifted(b.now, seconds))}"
        not_yet = f"{b.const(b.now)} < row.expires_at and " if op in ("<", "<=") else ""
        return f"row.expires_at is not None and {not_yet}{later}"

    return _term(raw, key, [within])


_IS_TESTS: dict[str, Test] = {
    "downloadable": lambda b: "row.downloadable is True",
    "uploaded": lambda b: "row.downloadable is not True",
    "expired": lambda b: f"row.expires_at is not None and row.expires_at <= {b.const(b.now)}",
    "marked": lambda b: f"row.id in {b.const(b.marks)}",
    "duplicate": lambda b: f"row.id in {b.const(b.duplicates)}",
    "pinned": lambda b: f"row.id in {b.const(b.pins)}",
}
_IS_USES = {"marked": "marks", "duplicate": "duplicates", "pinned": "pins"}


def _is(raw: RawTerm, key: str) -> Term:
    tests: list[Test] = []
    uses: set[str] = set()
    for value in raw.values:
        word = value.text.strip().casefold()
        if word not in _IS_TESTS:
            close = suggestion(word, IS_VALUES)
            hint = f"did you mean is:{close}?" if close else "is: takes " + ", ".join(IS_VALUES)
            raise QueryError(f"unknown is:{shown(value.text)} — {hint}", value.start, value.end)
        tests.append(_IS_TESTS[word])
        if word in _IS_USES:
            uses.add(_IS_USES[word])
    return _term(raw, key, tests, uses=frozenset(uses))


_SCOPE = 'getattr(row, "scope", None)'


def _scope_test(wanted: str) -> Test:
    """`*` any session, `none` no session, a glob or an exact session id."""
    if wanted == "*":
        return lambda b: f"{_SCOPE} is not None"
    if wanted.casefold() == "none":
        return lambda b: f"{_SCOPE} is None"
    if has_glob(wanted):
        match = glob_regex(wanted).match
        return lambda b: f"(_scope := {_SCOPE}) is not None and {b.const(match)}(_scope.id) is not None"
    return lambda b: f"(_scope := {_SCOPE}) is not None and _scope.id == {b.const(wanted)}"


def _scope(raw: RawTerm, key: str) -> Term:
    tests = [_scope_test(value.text.strip()) for value in raw.values]
    exact = raw.values[0].text.strip()
    single = len(raw.values) == 1 and not raw.negated and exact.casefold() != "none" and not has_glob(exact)
    return _term(raw, key, tests, scope_id=exact if single else None)


_BUILDERS: dict[str, Callable[[RawTerm, str], Term]] = {
    "name": _name,
    "id": _id,
    "type": _type,
    "size": _size,
    "age": _age,
    "created": _created,
    "expires": _expires,
    "is": _is,
    "scope": _scope,
}
