"""Each kind of preview, from the demo's own files and from hostile ones, drawn to plain text."""

from __future__ import annotations

import io
import struct
import time
import zlib
from datetime import UTC, datetime

import pytest
from rich.console import Console

from claude_files.server.demo_data import demo_files
from claude_files.widgets.preview.media import MAX_IMAGE_PIXELS
from claude_files.widgets.preview.render import MAX_LINE_CHARS, TEXT_LIMIT, kind_of, render

WIDTH, HEIGHT = 39, 16


def drawn(preview) -> str:
    """What the pane would show, as plain text, whitespace flattened."""
    console = Console(width=WIDTH, record=True, file=io.StringIO(), color_system="truecolor")
    console.print(preview.body)
    return console.export_text()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo() -> dict[str, dict]:
    return {spec["filename"]: spec for spec in demo_files(datetime(2026, 11, 20, tzinfo=UTC))}


def preview_of(spec: dict, **overrides):
    data = overrides.get("data", spec["data"])
    return render(spec["filename"], spec["mime_type"], len(data), data, overrides.get("truncated", False), WIDTH, HEIGHT)


def test_csv_is_a_table_with_its_header(demo) -> None:
    preview = preview_of(demo["analysis_results.csv"])
    assert preview.caption == "csv, 4 rows × 2 columns"
    text = drawn(preview)
    assert "metric" in text and "revenue_growth_pct" in text and "2.1" in text
    assert "," not in text  # cells, not the raw line


def test_csv_keeps_the_first_100_rows() -> None:
    data = ("n,square\n" + "".join(f"{n},{n * n}\n" for n in range(500))).encode()
    preview = render("squares.csv", "text/csv", len(data), data, False, WIDTH, 200)
    assert preview.caption == "csv, 100+ rows × 2 columns"
    assert "9801" in drawn(preview) and "10000" not in drawn(preview)


def test_tsv_splits_on_tabs() -> None:
    data = b"a\tb\n1\t2\n"
    assert "1" in flat(drawn(render("x.tsv", "text/tab-separated-values", 8, data, False, WIDTH, HEIGHT)))


def test_image_is_half_block_pixels(demo) -> None:
    preview = preview_of(demo["chart.png"])
    assert preview.caption == "image, PNG 96×64"
    text = drawn(preview)
    assert "▄" in text or "▀" in text
    assert max(len(line) for line in text.splitlines()) <= WIDTH


def test_pdf_shows_page_count_and_first_page_text(demo) -> None:
    preview = preview_of(demo["qbr-q1.pdf"])
    assert preview.caption == "pdf, 3 pages, page 1"
    assert "Quarterly Business Review" in flat(drawn(preview))


def test_markdown_is_rendered(demo) -> None:
    preview = preview_of(demo["README.md"])
    assert preview.caption == "markdown"
    text = drawn(preview)
    assert "Northwind Analytics" in text and "# Northwind" not in text  # a heading, not its source


def test_json_is_highlighted_text(demo) -> None:
    preview = preview_of(demo["config.json"])
    assert preview.caption == "text"
    assert '"' in drawn(preview)


def test_zip_container_is_a_hex_view(demo) -> None:
    preview = preview_of(demo["summary.xlsx"])
    assert preview.caption.startswith("zip container")
    assert "0000 50 4b 03 04" in flat(drawn(preview))


def test_unknown_binary_is_a_hex_view_of_512_bytes() -> None:
    data = bytes(range(256)) * 8
    preview = render("blob.bin", "application/octet-stream", len(data), data, False, WIDTH, HEIGHT)
    assert preview.caption == "application/octet-stream, first 512 bytes"
    assert flat(drawn(preview)).count("\n") <= 64
    assert "01f8" in drawn(preview) and "0200" not in drawn(preview)


def test_kind_from_name_type_and_bytes() -> None:
    assert kind_of("a.bin", "application/octet-stream", b"\x89PNG\r\n\x1a\n") == "image"
    assert kind_of("a", "application/octet-stream", b"%PDF-1.7") == "pdf"
    assert kind_of("notes.md", "application/octet-stream") == "markdown"
    assert kind_of("drawing.svg", "image/svg+xml") == "text"


# --- hostile content ------------------------------------------------------------------------


def test_escape_sequences_and_markup_are_drawn_literally() -> None:
    data = b"\x1b[31mred\x1b[0m [bold red]not markup[/] \x1b]52;c;aGk=\x07 \x9b2J\x07bell\n[link=http://x]y[/link]"
    preview = render("evil.txt", "text/plain", len(data), data, False, 200, HEIGHT)
    console = Console(width=200, record=True, file=io.StringIO(), color_system="truecolor")
    console.print(preview.body)
    plain = console.export_text()
    assert "␛[31mred␛[0m" in plain
    assert "[bold red]not markup[/]" in plain and "[link=http://x]y[/link]" in plain
    assert "␛]52;c;aGk=␇" in plain and "␇bell" in plain
    ansi = console.export_text(styles=True)
    assert "\x1b]" not in ansi and "\x07" not in ansi and "\x9b" not in ansi  # nothing the terminal would obey


def test_markup_in_markdown_and_csv_is_data() -> None:
    md = b"# [red]title[/]\n\x1b[2J text"
    assert "[red]title[/]" in drawn(render("a.md", "text/markdown", len(md), md, False, WIDTH, HEIGHT))
    table = b"name,note\n[bold]x[/],\x1b[31my\n"
    text = drawn(render("a.csv", "text/csv", len(table), table, False, WIDTH, HEIGHT))
    assert "[bold]x[/]" in text and "␛[31my" in text


def test_a_10_mb_single_line_is_cut_fast() -> None:
    data = b"x" * (10 * 1024 * 1024)
    started = time.perf_counter()
    head = data[:TEXT_LIMIT]  # what the preview fetches
    preview = render("one-line.log", "text/plain", len(data), head, True, WIDTH, HEIGHT)
    text = drawn(preview)
    assert preview.caption == "text (first 256 KiB)"
    assert text.count("x") <= MAX_LINE_CHARS
    assert time.perf_counter() - started < 30  # a hang guard, not a speed test


def test_invalid_utf8_shows_replacement_characters() -> None:
    data = "caf\u00e9 ".encode() + b"\xff\xfe broken \xc3"
    text = drawn(render("latin.txt", "text/plain", len(data), data, False, WIDTH, HEIGHT))
    assert "café" in text and "\ufffd" in text and "broken" in text


def test_malformed_pdf_is_refused_with_words() -> None:
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
    preview = render("broken.pdf", "application/pdf", len(data), data, False, WIDTH, HEIGHT)
    assert "This PDF could not be read" in flat(drawn(preview))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height pixels, with one tiny IDAT: nothing to decode safely."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("size", "claimed"), [((50_000, 50_000), "billions of"), ((9_000, 9_000), "9,000×9,000")])
def test_decompression_bomb_png_is_refused_with_words(size, claimed) -> None:
    """50,000² passes even Pillow's own cap (which refuses at open); 9,000² only ours."""
    data = png_header_only(*size)
    started = time.perf_counter()
    preview = render("bomb.png", "image/png", len(data), data, False, WIDTH, HEIGHT)
    text = flat(drawn(preview))
    assert f"claims {claimed} pixels" in text and f"{MAX_IMAGE_PIXELS // 1_000_000} million" in text
    assert time.perf_counter() - started < 30  # a hang guard: it never decoded


def test_truncated_image_is_not_decoded() -> None:
    preview = render("big.png", "image/png", 30_000_000, b"\x89PNG\r\n\x1a\n", True, WIDTH, HEIGHT)
    assert "up to 20 MB" in flat(drawn(preview))


def test_garbage_image_is_refused_with_words() -> None:
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    assert "could not be read" in flat(drawn(render("bad.png", "image/png", len(data), data, False, WIDTH, HEIGHT)))
