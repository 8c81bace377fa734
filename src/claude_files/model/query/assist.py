"""Help while typing: colour spans for the filter input, and Tab completion of keys and values."""

from __future__ import annotations

from claude_files.model.query.errors import QueryError
from claude_files.model.query.lexer import RawTerm, lex
from claude_files.model.query.parser import MAX_LENGTH
from claude_files.model.query.terms import understand
from claude_files.model.query.vocabulary import IS_VALUES, KEYS, OPS_BY_KEY, SHORT_TYPES

_VALUES_BY_KEY: dict[str, tuple[str, ...]] = {
    "type": SHORT_TYPES,
    "is": IS_VALUES,
    "scope": ("none", "*"),
    "expires": ("never",),
}


def highlight_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans in text order, for colouring the filter input as it is typed.

    Never raises: a term that does not parse is coloured as an error over the part at fault.
    """
    spans: list[tuple[int, int, str]] = []
    try:
        for raw in lex(text[:MAX_LENGTH]):
            spans.extend(_term_spans(raw))
    except Exception:  # colouring must never break typing; the uncoloured text stays usable
        return []
    if len(text) > MAX_LENGTH:
        spans.append((MAX_LENGTH, len(text), "error"))
    return spans


def _term_spans(raw: RawTerm) -> list[tuple[int, int, str]]:
    parts: list[tuple[int, int, str]] = []
    if raw.negated:
        parts.append((raw.start, raw.start + 1, "negation"))
    if raw.key is not None:
        op_start = raw.op_start
        parts.append((raw.key_start, op_start, "key"))
        parts.append((op_start, op_start + len(raw.op), "op"))
        parts.extend((comma, comma + 1, "op") for comma in raw.commas)
        parts.extend((value.start, value.end, "value") for value in raw.values if value.end > value.start)
    else:
        parts.extend((value.start, value.end, "word") for value in raw.values if value.end > value.start)
    try:
        understand(raw)
    except QueryError as error:
        start, end = error.start, max(error.end, error.start + 1)
        kept = [part for part in parts if part[1] <= start or part[0] >= end]
        parts = [*kept, (start, min(end, raw.end), "error")]
    return sorted(parts)


def completion_start(text: str, cursor: int) -> int:
    """Where the fragment that `complete` completes begins: replace text[start:cursor] with a candidate."""
    cursor = max(0, min(cursor, len(text)))
    raw = _last_term(text, cursor) if cursor <= MAX_LENGTH else None
    if raw is None:
        return cursor
    if raw.key is None:
        return raw.start + (1 if raw.negated else 0)
    return raw.values[-1].start


def complete(text: str, cursor: int) -> list[str]:
    """Candidates for the key or value being typed at `cursor` (see `completion_start`).

    Keys come as `name:` (or `size` for keys compared with > <), values as short types,
    `is:` words, `scope:none`, `expires:never`. Empty when there is nothing to offer.
    """
    try:
        cursor = max(0, min(cursor, len(text)))
        if cursor > MAX_LENGTH:
            return []
        raw = _last_term(text, cursor)
        if raw is None:
            return [_key_candidate(key) for key in KEYS]
        if raw.key is None:
            if raw.unclosed_quote is not None or any(value.quoted for value in raw.values):
                return []
            typed = raw.values[0].text.casefold() if raw.values else ""
            return [_key_candidate(key) for key in KEYS if key.startswith(typed)]
        value = raw.values[-1]
        if value.quoted:
            return []
        typed = value.text.casefold()
        return [word for word in _VALUES_BY_KEY.get(raw.key.casefold(), ()) if word.startswith(typed)]
    except Exception:  # completion is a convenience; it must never break typing
        return []


def _key_candidate(key: str) -> str:
    return f"{key}:" if ":" in OPS_BY_KEY[key] and key not in ("size", "created", "expires") else key


def _last_term(text: str, cursor: int) -> RawTerm | None:
    """The term that ends at the cursor, or None when the cursor starts a new term."""
    before = text[:cursor]
    terms = lex(before)
    if not terms or terms[-1].end < cursor:
        return None
    return terms[-1]
