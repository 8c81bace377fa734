"""How subcommands write records to stdout: table, json, jsonl, csv or ids, a page at a time.

JSON records are the API's metadata fields unchanged (the SDK model's own `to_dict`), plus
`scope` where the API sent it. On a terminal, text is cleaned of control sequences
(filenames are data, never terminal commands); piped, it is written as received.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TextIO

FILE_FIELDS = ("id", "type", "filename", "mime_type", "size_bytes", "created_at", "expires_at", "downloadable", "scope")


def file_record(row: Any) -> dict[str, Any]:
    """A file's metadata as the API sent it (JSON-ready)."""
    record: dict[str, Any] = row.to_dict(mode="json")
    return record


class Writer:
    """Writes records in one format; `write` takes a page and flushes it, so pipes see it at once.

    `columns` are the table's (heading, field) pairs; `key` is the field `ids` prints.
    """

    def __init__(
        self,
        fmt: str,
        *,
        fields: tuple[str, ...] = FILE_FIELDS,
        columns: tuple[tuple[str, str], ...] = (),
        key: str = "id",
        stream: TextIO | None = None,
        hold_table: bool = False,
    ) -> None:
        self.fmt = fmt
        self.fields = fields
        self.columns = columns
        self.key = key
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.count = 0
        self._widths: list[int] | None = None
        self._held: list[Mapping[str, Any]] | None = [] if hold_table and fmt == "table" else None

    def write(self, records: Iterable[Mapping[str, Any]]) -> None:
        """`hold_table`: a table written a record at a time is held to the end, so its columns line up."""
        records = list(records)
        if self._held is not None:
            self._held += records
            return
        if not records and self.count:
            return
        text = getattr(self, f"_{self.fmt}")(records)
        self.count += len(records)
        if text:
            self.stream.write(text)
            self.stream.flush()

    def close(self) -> None:
        if self._held:
            held, self._held = self._held, None
            self.write(held)
        if self.fmt == "json":
            self.stream.write("[]\n" if not self.count else "\n]\n")
        elif self.fmt == "table" and not self.count and self.tty:
            self.stream.write("(nothing)\n")
        self.stream.flush()

    def _ids(self, records: list[Mapping[str, Any]]) -> str:
        ids = [str(record[self.key]) for record in records if record.get(self.key)]
        if self.tty:
            ids = [_clean(value) for value in ids]
        return "".join(value + "\n" for value in ids)

    def _jsonl(self, records: list[Mapping[str, Any]]) -> str:
        ascii_only = self.tty  # \u escapes keep terminal controls in names inert
        return "".join(json.dumps(record, ensure_ascii=ascii_only) + "\n" for record in records)

    def _json(self, records: list[Mapping[str, Any]]) -> str:
        if not records:
            return ""
        body = ",\n".join("  " + json.dumps(record, ensure_ascii=self.tty) for record in records)
        return ("[\n" if not self.count else ",\n") + body

    def _csv(self, records: list[Mapping[str, Any]]) -> str:
        rows = [] if self.count else [list(self.fields)]
        rows += [[_csv_value(record.get(name)) for name in self.fields] for record in records]
        if self.tty:  # filenames are data: no escape sequence, clipboard write or bidi override reaches the terminal
            rows = [[_clean(value) for value in row] for row in rows]
        return "".join(_csv_line(row) for row in rows)

    def _table(self, records: list[Mapping[str, Any]]) -> str:
        columns = self.columns or tuple((name.upper(), name) for name in self.fields)
        cells = [[_cell(name, record.get(name)) for _, name in columns] for record in records]
        lines = []
        if self._widths is None:  # widths from the first page; later pages keep them, so columns stay put
            headings = [heading for heading, _ in columns]
            self._widths = [max([len(heading)] + [len(row[i]) for row in cells]) for i, heading in enumerate(headings)]
            lines.append(_row(headings, self._widths))
        lines += [_row(row, self._widths) for row in cells]
        return "".join(line + "\n" for line in lines)


def _row(cells: list[str], widths: list[int]) -> str:
    last = len(cells) - 1
    return "  ".join(cell if i == last else cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()


def _cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name == "size_bytes" and isinstance(value, int):
        from ..formatting import size

        return size(value)
    if name in ("created_at", "expires_at", "deleted_at") and isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return _clean(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return _clean(value.get("id") or json.dumps(value))
    return _clean(value)


def _csv_line(row: list[str]) -> str:
    """One CSV record ending in a bare newline. The writer's terminator is CRLF so that a field
    holding either CR or LF is quoted (it quotes only the terminator's characters); a name with a
    bare CR would otherwise split the record for every CSV reader."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _clean(value: object) -> str:
    from ..text import clean

    return clean(value)
