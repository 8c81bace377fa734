"""Images as half-block pixels (rich-pixels, Pillow) and PDFs as their first page's text (pypdf).

Unicode half blocks (▀ with a foreground and a background colour: two pixels a cell) work in
every terminal and over SSH, which sixel and the kitty protocol do not; so they are what is
drawn. The pixel count in an image's header is checked before a single pixel is decoded.
"""

from __future__ import annotations

import io
import logging
import warnings

from rich.console import Group
from rich.text import Text

from .drawn import Preview, visible

IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF", b"BM")
MAX_IMAGE_PIXELS = 50_000_000  # beyond this a header is refused: decoding could take gigabytes
PDF_TEXT_CHARS = 4000


def render_image(data: bytes, width: int, height: int) -> Preview:
    """The image scaled to fit `width` cells by `height` rows (two pixels a row)."""
    from PIL import Image, UnidentifiedImageError
    from rich_pixels import Pixels

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            columns, rows = image.size
            caption = f"image, {image.format or 'unknown'} {columns}×{rows}"
            if columns * rows > MAX_IMAGE_PIXELS:
                return Preview(caption, _too_many_pixels(f"{columns:,}×{rows:,}"))
            image.draft("RGB", (width, height * 2))  # JPEG: decode at a reduced scale, much faster
            image.thumbnail((max(1, width), max(2, height * 2)))
            pixels = Pixels.from_image(image.convert("RGBA"))
    except Image.DecompressionBombError:  # Pillow's own cap, far above ours, refused the header
        return Preview("image", _too_many_pixels("billions of"))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        return Preview("image", Text(f"This image could not be read: {_words(error)}", style="italic"))
    return Preview(caption, pixels)


def _too_many_pixels(claimed: str) -> Text:
    return Text(
        f"Not drawn: the image claims {claimed} pixels, more than the {MAX_IMAGE_PIXELS // 1_000_000} million"
        " a preview decodes (a decompression bomb, or just huge).",
        style="italic",
    )


def render_pdf(data: bytes) -> Preview:
    """The page count and the text of the first page."""

    try:
        count, first = pdf_first_page(data)
    except Exception as error:  # pypdf raises many kinds on malformed input
        return Preview("pdf", Text(f"This PDF could not be read: {_words(error)}", style="italic"))
    caption = f"pdf, {count} page{'s' if count != 1 else ''}, page 1"
    body = visible(first.strip())[:PDF_TEXT_CHARS] or "(no text on the first page: scanned, or only pictures)"
    return Preview(caption, Group(Text(body)))


def pdf_first_page(data: bytes) -> tuple[int, str]:
    """(page count, text of page 1). Raises on a PDF pypdf cannot read."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would be drawn over the TUI
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
        return count, reader.pages[0].extract_text() if count else ""


def _words(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return visible_short(text)


def visible_short(text: str) -> str:

    return visible(text.replace("\n", " "))[:200]
