"""Split query text into raw terms with their spans, before any key is understood.

The lexer never fails: an unclosed quote or a lone `-` is recorded on the term, so that
`parse` can report it and `highlight_spans` can still colour everything around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A key is letters followed by an operator; longer operators first so `>=` is not `>` + `=`.
_KEY = re.compile(r"([A-Za-z]+)(>=|<=|:|>|<|=)")


@dataclass(frozen=True)
class Value:
    """One value of a term (one element of `a,b`), unquoted, with its span in the query text."""

    text: str
    start: int
    end: int
    quoted: bool


@dataclass
class RawTerm:
    """One space-separated term: `-`? then `key OP values` or a bare word."""

    start: int
    end: int
    negated: bool = False
    key: str | None = None  # as typed (not yet checked against the known keys)
    key_start: int = 0
    op: str = ""
    op_start: int = 0
    values: list[Value] = field(default_factory=list)
    commas: list[int] = field(default_factory=list)  # positions of unquoted commas between values
    unclosed_quote: int | None = None  # position of a `"` that never closes
    dangling_negation: bool = False  # a `-` with nothing after it


def lex(text: str) -> list[RawTerm]:
    """Every term of `text`, in order. Linear in the length of the text."""
    terms: list[RawTerm] = []
    position = 0
    length = len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        end = _term_end(text, position)
        terms.append(_term(text, position, end))
        position = end
    return terms


def _term_end(text: str, start: int) -> int:
    """Where the term starting at `start` ends: the first whitespace outside quotes."""
    position = start
    quoted = False
    length = len(text)
    while position < length:
        char = text[position]
        if quoted:
            if char == "\\" and position + 1 < length:
                position += 2
                continue
            if char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char.isspace():
            break
        position += 1
    return position


def _term(text: str, start: int, end: int) -> RawTerm:
    term = RawTerm(start=start, end=end)
    body = start
    if text[body] == "-":
        term.negated = True
        body += 1
        if body == end:
            term.dangling_negation = True
            return term
    match = _KEY.match(text, body, end)
    if match:
        term.key = match.group(1)
        term.key_start = body
        term.op = match.group(2)
        term.op_start = match.start(2)
        body = match.end()
        _split_values(text, body, end, term, split_commas=True)
    else:
        _split_values(text, body, end, term, split_commas=False)
    return term


def _split_values(text: str, start: int, end: int, term: RawTerm, *, split_commas: bool) -> None:
    """Unquote the value part of a term, splitting on commas outside quotes (for `key:a,b`)."""
    pieces: list[str] = []
    value_start = start
    quoted_any = False
    quote_at: int | None = None
    position = start
    while position < end:
        char = text[position]
        if quote_at is not None:
            if char == "\\" and position + 1 < end and text[position + 1] in '"\\':
                pieces.append(text[position + 1])
                position += 2
                continue
            if char == '"':
                quote_at = None
            else:
                pieces.append(char)
        elif char == '"':
            quote_at = position
            quoted_any = True
        elif char == "," and split_commas:
            term.values.append(Value("".join(pieces), value_start, position, quoted_any))
            term.commas.append(position)
            pieces, value_start, quoted_any = [], position + 1, False
        else:
            pieces.append(char)
        position += 1
    term.values.append(Value("".join(pieces), value_start, end, quoted_any))
    term.unclosed_quote = quote_at
