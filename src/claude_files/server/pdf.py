"""PDFs for the local server: pypdf writes the demo's documents and reads every page's text.

Reading goes through pypdf, so a real PDF uploaded to `claude-files serve` (TrueType and
CID fonts, ToUnicode maps, compressed object streams) yields its real page text, and the
offline responder's `page_location` citations point at the right pages.
"""

from __future__ import annotations

import io
import logging
import warnings

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ..adapters.pypdf_private import add_object

PAGE_WIDTH, PAGE_HEIGHT = 612, 792


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str = "Document") -> bytes:
    """A PDF where each page shows the given lines of (Latin-1) text in Helvetica."""
    writer = PdfWriter()
    font = add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        ),
    )
    for lines in pages:
        page = writer.add_blank_page(PAGE_WIDTH, PAGE_HEIGHT)
        operations = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td", *(f"({_escape(line)}) Tj T*" for line in lines), "ET"]
        content = DecodedStreamObject()
        content.set_data("\n".join(operations).encode("latin-1", "replace"))
        page[NameObject("/Contents")] = add_object(writer, content)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    writer.add_metadata({"/Title": title, "/Producer": "claude-files local server (pypdf)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extract_pages(data: bytes) -> list[str]:
    """The text of each page, in page order ([] if pypdf cannot read it as a PDF)."""
    if b"%PDF" not in data[:1024]:
        return []
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            return [_page_text(page) for page in reader.pages]
    except Exception:  # malformed input raises many kinds inside pypdf
        return []


def _page_text(page: PageObject) -> str:
    """One page's text; a page pypdf cannot decode is an empty page, not a failed document."""
    try:
        text = page.extract_text()
    except Exception:
        return ""
    return "\n".join(line.rstrip() for line in str(text).splitlines() if line.strip())
