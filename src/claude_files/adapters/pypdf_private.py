"""pypdf 7.1's private members, the one module that uses them.

The local server's demo PDFs add their font and each page's content stream as indirect
objects through `PdfWriter._add_object` (pypdf has no public call for it; `replace_contents`
and a direct font dictionary would do, but change the demo files' bytes and so the sizes every
snapshot shows). tests/unit/test_library_contracts.py checks it; pyproject.toml keeps `pypdf<8`.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import IndirectObject, PdfObject


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """`obj` stored once in `writer`'s file, and a reference to it."""
    return writer._add_object(obj)
