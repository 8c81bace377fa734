"""Tiny PDF writer and a best-effort per-page text extractor (stdlib only).

The writer produces uncompressed content streams that the extractor reads
back exactly; the extractor also copes with FlateDecode streams and simple
``Tj``/``TJ``/``'``/``"`` text operators, which covers many real-world PDFs
well enough for quoting passages offline.
"""

from __future__ import annotations

import re
import zlib

_OBJ_RE = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)
_STREAM_RE = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.S)
_REF_RE = re.compile(rb"(\d+)\s+\d+\s+R")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str = "Document") -> bytes:
    """Build a PDF where each page shows the given lines of (Latin-1) text."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # placeholders, filled below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = add(f"<< /Title ({_escape(title)}) /Producer (claude-files local server) >>".encode("latin-1"))
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1", "replace")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_obj, font, content)
        )
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(3) for m in _OBJ_RE.finditer(data)}


def _stream(body: bytes) -> bytes:
    m = _STREAM_RE.search(body)
    if not m:
        return b""
    raw = m.group(1)
    if b"/FlateDecode" in body.split(b"stream", 1)[0]:
        try:
            return zlib.decompress(raw)
        except zlib.error:
            try:
                return zlib.decompressobj().decompress(raw)
            except zlib.error:
                return b""
    return raw


def _unescape(s: bytes) -> str:
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x5C and i + 1 < len(s):  # backslash
            n = s[i + 1]
            mapping = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
            if n in mapping:
                out.append(mapping[n])
                i += 2
            elif 0x30 <= n <= 0x37:
                j = i + 1
                while j < len(s) and j < i + 4 and 0x30 <= s[j] <= 0x37:
                    j += 1
                out.append(int(s[i + 1 : j], 8) & 0xFF)
                i = j
            elif n in (10, 13):
                i += 2
            else:
                out.append(n)
                i += 2
        else:
            out.append(c)
            i += 1
    return out.decode("latin-1")


_TOKEN_RE = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|T\*|Tj|TJ|Td|TD|'|\"|BT|ET|Tm", re.S)


def _content_text(content: bytes) -> str:
    lines: list[str] = []
    current: list[str] = []
    pending: list[str] = []
    for m in _TOKEN_RE.finditer(content):
        tok = m.group(0)
        if tok.startswith(b"("):
            pending.append(_unescape(tok[1:-1]))
        elif tok in (b"Tj", b"TJ"):
            current.append("".join(pending))
            pending = []
        elif tok in (b"'", b'"'):
            lines.append("".join(current))
            current = ["".join(pending)]
            pending = []
        elif tok in (b"T*", b"Td", b"TD", b"Tm", b"ET"):
            if current:
                lines.append("".join(current))
                current = []
    if current:
        lines.append("".join(current))
    return "\n".join(line.rstrip() for line in lines if line.strip())


def extract_pages(data: bytes) -> list[str]:
    """Return the text of each page, in page order ([] if not a readable PDF)."""
    if not data.startswith(b"%PDF"):
        return []
    objs = _objects(data)
    root_m = re.search(rb"/Root\s+(\d+)\s+\d+\s+R", data)
    page_ids: list[int] = []

    def walk(num: int, depth: int = 0) -> None:
        body = objs.get(num, b"")
        if depth > 32:
            return
        if re.search(rb"/Type\s*/Page\b(?!s)", body):
            page_ids.append(num)
            return
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
        if kids:
            for ref in _REF_RE.finditer(kids.group(1)):
                walk(int(ref.group(1)), depth + 1)

    if root_m and int(root_m.group(1)) in objs:
        pages_ref = re.search(rb"/Pages\s+(\d+)\s+\d+\s+R", objs[int(root_m.group(1))])
        if pages_ref:
            walk(int(pages_ref.group(1)))
    if not page_ids:
        page_ids = [n for n, b in sorted(objs.items()) if re.search(rb"/Type\s*/Page\b(?!s)", b)]
    texts = []
    for pid in page_ids:
        body = objs[pid]
        refs: list[int] = []
        cm = re.search(rb"/Contents\s*(\[(.*?)\]|(\d+)\s+\d+\s+R)", body, re.S)
        if cm:
            refs = [int(r.group(1)) for r in _REF_RE.finditer(cm.group(0))]
        content = b"\n".join(_stream(objs.get(r, b"")) for r in refs)
        texts.append(_content_text(content))
    return texts
