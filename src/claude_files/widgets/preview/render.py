"""Bytes to a Rich renderable: what a file is, drawn in a narrow pane. No Textual, no I/O.

Everything here runs in a worker thread and treats the file as hostile data: control
characters become visible symbols (an escape sequence is shown, never obeyed), text is
never parsed as markup (renderables are built from `Text`/`Syntax`, not markup strings),
lines are cut, and images are refused before decoding when their header claims too many pixels.
"""

from __future__ import annotations

import csv
import io
import os

from rich.cells import cell_len, set_cell_size
from rich.console import Console, Group
from rich.segment import Segment, Segments
from rich.syntax import Syntax
from rich.text import Text

from .drawn import Preview as Preview  # re-exported: components/previews.py imports it from here
from .drawn import visible
from .media import IMAGE_SIGNATURES, render_image, render_pdf

TEXT_LIMIT = 256 * 1024  # a text-like preview never needs more than its first 256 KiB
MEDIA_LIMIT = 20 * 1024 * 1024  # images and PDFs are read whole, up to 20 MB
HEX_BYTES = 512
MAX_LINES = 200  # more than any pane is tall
MAX_LINE_CHARS = 400
CSV_ROWS = 100
CSV_CELL_CHARS = 40

_TEXT_MIMES = {"application/json", "application/xml", "application/javascript", "application/x-yaml", "application/yaml"}
_CODE_EXTENSIONS = {
    ".py", ".js", ".ts", ".tsx", ".jsx", ".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".xml", ".html", ".css",
    ".sh", ".bash", ".sql", ".rs", ".go", ".java", ".c", ".h", ".cpp", ".hpp", ".rb", ".php", ".txt", ".log", ".svg",
}  # fmt: skip
_MARKDOWN_EXTENSIONS = {".md", ".markdown"}
_BINARY_SIGNATURES = (b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"7z\xbc\xaf")


def kind_of(filename: str, mime_type: str, head: bytes = b"") -> str:
    """One of image, pdf, csv, tsv, markdown, text, binary: from the type, the name, then the bytes."""
    extension = os.path.splitext(filename)[1].lower()
    if mime_type == "image/svg+xml":
        return "text"
    if mime_type.startswith("image/") or head.startswith(IMAGE_SIGNATURES):
        return "image"
    if mime_type == "application/pdf" or head.startswith(b"%PDF") or extension == ".pdf":
        return "pdf"
    if mime_type == "text/csv" or extension == ".csv":
        return "csv"
    if mime_type == "text/tab-separated-values" or extension == ".tsv":
        return "tsv"
    if mime_type == "text/markdown" or extension in _MARKDOWN_EXTENSIONS:
        return "markdown"
    if mime_type.startswith("text/") or mime_type in _TEXT_MIMES or mime_type.endswith(("+json", "+xml")):
        return "text"
    if extension in _CODE_EXTENSIONS:
        return "text"
    if head and _looks_textual(head):
        return "text"
    return "binary"


def byte_limit(kind: str) -> int:
    """How much of a file its preview needs."""
    return MEDIA_LIMIT if kind in ("image", "pdf") else TEXT_LIMIT


def render(filename: str, mime_type: str, size: int, data: bytes, truncated: bool, width: int, height: int) -> Preview:
    """The preview of a file whose first bytes are `data` (all of it unless `truncated`)."""
    kind = kind_of(filename, mime_type, data[:16])
    if kind in ("image", "pdf") and truncated:
        return Preview(f"{kind}, {_mb(size)}", Text(f"Too large to preview: previews read {kind}s up to 20 MB.", style="italic"))
    if kind == "image":
        return render_image(data, width, height)
    if kind == "pdf":
        return render_pdf(data)
    if kind == "binary" and not _looks_textual(data[:4096]):
        return render_hex(mime_type, data)
    text = _decode(data, truncated)
    more = " (first 256 KiB)" if truncated else ""
    if kind in ("csv", "tsv"):
        return render_table(text, "\t" if kind == "tsv" else ",", truncated, width, height)
    if kind == "markdown":
        from rich.markdown import Markdown

        return Preview(f"markdown{more}", Markdown(visible(_first_lines(text)), hyperlinks=False))
    return Preview(f"text{more}", _syntax(filename, mime_type, _first_lines(text)))


def laid_out(preview: Preview, width: int, height: int) -> Preview:
    """The body already cut into `height` lines of `width` cells, in the worker thread, so the
    event loop only copies segments (a table of 30 rows costs milliseconds to lay out)."""
    console = Console(width=width, file=io.StringIO(), color_system="truecolor", force_terminal=True, legacy_windows=False)
    lines = console.render_lines(preview.body, console.options.update(width=width, height=None), pad=False)[:height]
    segments: list[Segment] = []
    for line in lines:
        segments += line
        segments.append(Segment.line())
    return Preview(preview.caption, Segments(segments[:-1]))


def _decode(data: bytes, truncated: bool) -> str:
    """UTF-8 with replacement characters; a character cut at the end of a truncated head is dropped."""
    text = data.decode("utf-8", errors="replace")
    if truncated and text.endswith("\ufffd"):
        text = text.rstrip("\ufffd")
    return text


def _first_lines(text: str) -> str:
    """At most MAX_LINES lines of at most MAX_LINE_CHARS characters (a 10 MB line costs nothing)."""
    lines = []
    for line in text.split("\n", MAX_LINES)[:MAX_LINES]:
        lines.append(line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + "…")
    return "\n".join(lines)


def _syntax(filename: str, mime_type: str, text: str) -> Syntax:
    return Syntax(visible(text), _lexer_name(filename, mime_type), theme="ansi_dark", background_color="default", word_wrap=False)


def _lexer_name(filename: str, mime_type: str) -> str:
    """A lexer from the name or type only: guessing from content is slow and needless here."""
    from pygments.lexers import get_lexer_for_filename, get_lexer_for_mimetype  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    for find, key in ((get_lexer_for_filename, filename), (get_lexer_for_mimetype, mime_type)):
        try:
            return str(find(key).aliases[0])
        except (ClassNotFound, IndexError):
            continue
    return "text"


def render_table(text: str, delimiter: str, truncated: bool, width: int = 80, height: int = CSV_ROWS) -> Preview:
    """The first CSV_ROWS rows as a table, the first row as its header, laid out by hand into
    `width` cells (a Rich Table measures every cell: ten times slower); only the rows that fit
    in `height` lines are drawn."""
    lines = text.split("\n", CSV_ROWS + 1)
    if truncated and len(lines) <= CSV_ROWS + 1:
        lines = lines[:-1]  # the last line may be cut in the middle
    rows = []
    try:
        for row in csv.reader(io.StringIO("\n".join(lines[: CSV_ROWS + 1])), delimiter=delimiter):
            rows.append(row)
    except csv.Error as error:
        return Preview("csv", Text(f"Not a readable table ({error}).", style="italic"))
    if not rows:
        return Preview("csv, empty", Text(""))
    body = rows[1 : CSV_ROWS + 1]
    columns = max(len(row) for row in rows)
    shown = [[_cell(row[index]) if index < len(row) else "" for index in range(columns)] for row in rows[: max(2, height)]]
    widths = _fit([max(cell_len(row[index]) for row in shown) for index in range(columns)], width)
    table = Text(no_wrap=True, overflow="ellipsis")
    for number, row in enumerate(shown):
        for index, cell in enumerate(row):
            fitted = cell if cell_len(cell) <= widths[index] else set_cell_size(cell, max(0, widths[index] - 1)) + "…"
            gap = " " if index < columns - 1 else ""
            table.append(set_cell_size(fitted, widths[index]) + gap, "bold" if number == 0 else "")
        table.append("\n")
    table.rstrip()
    more = "+" if truncated or len(lines) > CSV_ROWS + 1 else ""
    label = "tsv" if delimiter == "\t" else "csv"
    return Preview(f"{label}, {len(body)}{more} rows × {columns} columns", table)


def _fit(widths: list[int], room: int) -> list[int]:
    """Column widths that fit `room` cells with one space between: the widest give way first."""
    widths = [max(1, width) for width in widths]
    while sum(widths) + len(widths) - 1 > room and max(widths) > 3:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    return widths


def _cell(value: str) -> str:
    return visible(value.replace("\n", " "))[:CSV_CELL_CHARS]


def render_hex(mime_type: str, data: bytes) -> Preview:
    """The type and the first 512 bytes, 8 a line: offset, hex, printable ASCII."""
    lines = Text()
    for offset in range(0, min(len(data), HEX_BYTES), 8):
        chunk = data[offset : offset + 8]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        ascii_ = "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in chunk)
        lines.append(f"{offset:04x} ", style="dim")
        lines.append(f"{hexes:<24} ")
        lines.append(f"{ascii_}\n", style="dim")
    lines.rstrip()
    return Preview(f"{describe_binary(mime_type, data)}, first {min(len(data), HEX_BYTES)} bytes", Group(lines))


def describe_binary(mime_type: str, data: bytes) -> str:
    """What the bytes say they are, in a word or two."""
    if data.startswith(b"PK\x03\x04"):
        return "zip container (docx, xlsx, pptx, jar…)"
    if data.startswith(b"\x1f\x8b"):
        return "gzip data"
    return mime_type or "binary data"


def _looks_textual(sample: bytes) -> bool:
    """Not an archive, no NUL bytes, few other controls, and mostly decodable as UTF-8."""
    if not sample:
        return True
    if b"\x00" in sample or sample.startswith(_BINARY_SIGNATURES):
        return False
    text = sample.decode("utf-8", errors="replace")
    odd = text.count("\ufffd") + sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    return odd <= max(1, len(text) // 100)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
