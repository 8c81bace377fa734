"""The query language of the filter: parse once, compile to one predicate over rows.

    age>90d is:uploaded size>1MB -name:"keep *"

Terms are separated by spaces and all must hold; `-term` negates; `key:a,b` means either.
Pure: no I/O, no Textual, no SDK. Shared by the TUI's filter and the scripting CLI.
"""

from __future__ import annotations

from claude_files.model.query.assist import complete, completion_start, highlight_spans
from claude_files.model.query.errors import QueryError
from claude_files.model.query.parser import Query, parse
from claude_files.model.query.rows import duplicate_ids
from claude_files.model.query.vocabulary import KEYS

__all__ = ["KEYS", "Query", "QueryError", "complete", "completion_start", "duplicate_ids", "highlight_spans", "parse"]
