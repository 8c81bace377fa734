"""A PDF made by a real producer (reportlab, an embedded TrueType font with a ToUnicode map and
compressed streams) uploaded through the SDK: the local server reads its pages with pypdf and
cites them by page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from anthropic.types import CitationPageLocation

from claude_files.server.pdf import extract_pages

reportlab = pytest.importorskip("reportlab")

PAGES = [
    ["Annual report 2026", "Nothing of note on this page."],
    ["Revenue grew by 23 percent in Zürich and Malmö.", "Costs stayed flat."],
    ["Appendix: the ﬁgures were audited."],
]


def truetype_pdf() -> bytes:
    """Three pages in Vera (the TrueType font reportlab ships), compressed, as real producers write."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font_path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("Vera", str(font_path)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pageCompression=1)
    for lines in PAGES:
        pdf.setFont("Vera", 12)
        for row, line in enumerate(lines):
            pdf.drawString(72, 720 - 16 * row, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_real_pdf_pages_are_read_with_their_unicode_text() -> None:
    data = truetype_pdf()
    assert b"/FontFile2" in data and b"/ToUnicode" in data and b"/FlateDecode" in data  # a real TrueType subset
    pages = extract_pages(data)
    assert len(pages) == 3
    assert "Revenue grew by 23 percent in Zürich and Malmö." in pages[1]
    assert "Annual report 2026" in pages[0]


def test_real_pdf_uploaded_through_the_sdk_gets_page_location_citations(client) -> None:
    meta = client.beta.files.upload(file=("annual.pdf", truetype_pdf(), "application/pdf"))
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=512,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "document", "source": {"type": "file", "file_id": meta.id}, "citations": {"enabled": True}},
                    {"type": "text", "text": "How much did revenue grow in Zürich?"},
                ],
            }
        ],
        extra_headers={"anthropic-beta": "files-api-2025-04-14"},
    )
    cited = [c for block in message.content if block.type == "text" for c in (block.citations or [])]
    assert cited and all(isinstance(c, CitationPageLocation) for c in cited)
    assert cited[0].start_page_number == 2 and "23 percent" in cited[0].cited_text


def test_malformed_pdf_has_no_pages() -> None:
    assert extract_pages(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF") == []
    assert extract_pages(b"not a pdf") == []
