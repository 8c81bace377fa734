"""Offline answers for /v1/messages: BM25 passage quoting, citations, SSE events.

No model is called. Answers say so plainly in their first line.
"""

from __future__ import annotations

import base64
import csv
import io
import math
import re
import struct
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .pdf import extract_pages

OFFLINE_BANNER = "*Offline answer from the local claude-files server — no model was called.*"
TEXT_MIME_EXTRA = {
    "application/json",
    "application/xml",
    "application/x-yaml",
    "application/yaml",
    "application/jsonl",
    "application/x-ndjson",
    "application/javascript",
    "application/toml",
}
_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_STOP = set(
    "a an and are as at be but by can did do does for from has have how i in is it its me my of on or our "
    "please should so tell than that the their them then there these this to us was we were what when where "
    "which who why will with you your about document file say says much many".split()
)


def is_text_mime(mime: str) -> bool:
    return mime.startswith("text/") or mime in TEXT_MIME_EXTRA or mime.endswith("+json") or mime.endswith("+xml")


def tokens(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD_RE.findall(text)) if w not in _STOP]


def count_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    return None


@dataclass
class Doc:
    index: int  # document_index as the API counts it (order of document blocks in the request)
    title: str | None
    file_id: str | None
    citations: bool
    kind: str  # "text" or "pdf"
    text: str = ""
    pages: list[str] = field(default_factory=list)


@dataclass
class Passage:
    doc: Doc
    text: str
    start: int  # char offset (text docs) / offset within page text
    end: int
    page: int = 0  # 1-based for PDFs


_SENTENCE_RE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)", re.S)
_BLOCK_START_RE = re.compile(r"\s*(?:[#>*|-]|\d+[.)]\s)")


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of runs of lines that belong together: prose wrapped over several lines
    is one block (so a sentence is never cut at a line end), a heading, list item, table
    row or any line after one ending a sentence starts a new one."""
    blocks: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        body = line.group(0)
        joins = (
            blocks
            and text[blocks[-1][1] : line.start()] == "\n"
            and not _BLOCK_START_RE.match(body)
            and not text[blocks[-1][0] : blocks[-1][1]].rstrip().endswith((".", "!", "?"))
            and not _BLOCK_START_RE.match(text[blocks[-1][0] : blocks[-1][1]])
        )
        if joins:
            blocks[-1] = (blocks[-1][0], line.end())
        else:
            blocks.append((line.start(), line.end()))
    return blocks


def _looks_tabular(first_lines: list[str]) -> bool:
    """CSV/TSV: the first lines all have the same, non-zero number of separators."""
    for separator in (",", "\t"):
        counts = {line.count(separator) for line in first_lines}
        if len(first_lines) >= 2 and len(counts) == 1 and counts != {0}:
            return True
    return False


def split_passages(doc: Doc) -> list[Passage]:
    """Sentences, with offsets into the document's own text (citations quote it exactly)."""
    out: list[Passage] = []
    sources = [(doc.text, 0)] if doc.kind == "text" else [(t, i + 1) for i, t in enumerate(doc.pages)]
    for text, page in sources:
        # Tables (CSV/TSV) keep one row a passage; prose is split into sentences across wraps.
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        spans = lines if _looks_tabular([text[a:b] for a, b in lines[:5]]) else _blocks(text)
        for begin, end in spans:
            for sent in _SENTENCE_RE.finditer(text, begin, end):
                s = sent.group(0).rstrip()
                if len(tokens(s)) < 2 and len(s) < 12:
                    continue
                out.append(Passage(doc, s, sent.start(), sent.start() + len(s), page))
    return out


def bm25_rank(passages: list[Passage], query: str, k1: float = 1.5, b: float = 0.75) -> list[tuple[float, Passage]]:
    q = tokens(query)
    docs = [tokens(p.text) for p in passages]
    if not passages:
        return []
    n = len(docs)
    avg = sum(len(d) for d in docs) / n or 1.0
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    scored = []
    for p, d in zip(passages, docs, strict=True):
        tf = Counter(d)
        s = 0.0
        for term in set(q):
            if term not in tf:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            s += idf * tf[term] * (k1 + 1) / (tf[term] + k1 * (1 - b + b * len(d) / avg))
        scored.append((s, p))
    scored.sort(key=lambda sp: -sp[0])
    return scored


def _human(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


def _block_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for blk in content or []:
        if isinstance(blk, dict) and blk.get("type") == "text":
            parts.append(str(blk.get("text", "")))
    return "\n".join(parts)


def describe_upload(meta: dict[str, Any], data: bytes | None) -> str:
    lines = [f"- **{meta['filename']}** ({meta['mime_type']}, {_human(meta['size_bytes'])})"]
    if data is not None and (meta["mime_type"] == "text/csv" or meta["filename"].lower().endswith(".csv")):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"))))
        if rows:
            lines.append(f"  - header row: {', '.join(rows[0])}")
            lines.append(f"  - data rows: {max(0, len(rows) - 1)}")
    return "\n".join(lines)


class Responder:
    """Builds Message content from a validated request.

    ``files`` maps file_id → (metadata dict, content bytes or None when expired).
    """

    def __init__(self, body: dict[str, Any], files: dict[str, tuple[dict[str, Any], bytes | None]]):
        self.body = body
        self.files = files
        self.docs: list[Doc] = []
        self.images: list[str] = []
        self.uploads: list[str] = []
        self.all_text: list[str] = []
        self._collect()

    def _collect(self) -> None:
        system = self.body.get("system")
        self.all_text.append(_block_text(system) if system else "")
        messages = self.body.get("messages") or []
        self.last_user_index = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
        doc_index = 0
        for msg in messages:
            content = msg.get("content")
            if isinstance(content, str):
                self.all_text.append(content)
                continue
            for blk in content or []:
                t = blk.get("type")
                if t == "text":
                    self.all_text.append(str(blk.get("text", "")))
                elif t == "document":
                    doc = self._doc(blk, doc_index)
                    doc_index += 1
                    if doc is not None:
                        self.docs.append(doc)
                        self.all_text.append(doc.text or "\n".join(doc.pages))
                elif t == "image":
                    self._add_once(self.images, self._image(blk))
                elif t == "container_upload":
                    # A follow-up re-sends the earlier turns: a file uploaded to the container in
                    # the first turn is still there for every later question.
                    meta, data = self.files[blk["file_id"]]
                    self._add_once(self.uploads, describe_upload(meta, data))

    @staticmethod
    def _add_once(found: list[str], description: str) -> None:
        if description not in found:
            found.append(description)

    def _doc(self, blk: dict[str, Any], index: int) -> Doc | None:
        src = blk.get("source") or {}
        cit = bool((blk.get("citations") or {}).get("enabled"))
        title = blk.get("title")
        st = src.get("type")
        if st == "file":
            meta, data = self.files[src["file_id"]]
            title = title or meta["filename"]
            doc = Doc(index, title, meta["id"], cit, "text")
            if data is None:
                return doc
            if meta["mime_type"] == "application/pdf" or data.startswith(b"%PDF"):
                doc.kind, doc.pages = "pdf", extract_pages(data)
            elif is_text_mime(meta["mime_type"]):
                doc.text = data.decode("utf-8", "replace")
            return doc
        if st == "text":
            return Doc(index, title, None, cit, "text", text=str(src.get("data", "")))
        if st == "base64" and src.get("media_type") == "application/pdf":
            try:
                pages = extract_pages(base64.b64decode(src.get("data", "")))
            except ValueError:
                pages = []
            return Doc(index, title, None, cit, "pdf", pages=pages)
        if st == "content":
            return Doc(index, title, None, False, "text", text=_block_text(src.get("content")))
        return Doc(index, title, None, False, "text")

    def _image(self, blk: dict[str, Any]) -> str:
        src = blk.get("source") or {}
        if src.get("type") == "file":
            meta, data = self.files[src["file_id"]]
            desc = f"**{meta['filename']}** ({meta['mime_type']}, {_human(meta['size_bytes'])})"
        elif src.get("type") == "base64":
            try:
                data = base64.b64decode(src.get("data", ""))
            except ValueError:
                data = b""
            desc = f"an inline image ({src.get('media_type', 'unknown type')}, {_human(len(data))})"
        else:
            return f"an image referenced by URL ({src.get('url', '')})"
        dims = png_size(data or b"")
        if dims:
            desc += f", {dims[0]}×{dims[1]} pixels"
        return desc

    # ----------------------------------------------------------------- answer
    def question(self) -> str:
        messages = self.body.get("messages") or []
        if self.last_user_index < 0:
            return ""
        return _block_text(messages[self.last_user_index].get("content")).strip()

    def input_tokens(self) -> int:
        return count_tokens("\n".join(self.all_text)) + 8 * len(self.images) + 8 * len(self.uploads)

    def content(self) -> list[dict[str, Any]]:
        q = self.question()
        earlier = max(0, self.last_user_index)
        intro = [OFFLINE_BANNER, ""]
        if q:
            intro.append(f"You asked: “{q[:300]}”.")
        if earlier:
            intro.append(f"(This conversation has {earlier} earlier message{'s' if earlier != 1 else ''}.)")
        blocks: list[dict[str, Any]] = []
        tail: list[str] = []
        if self.images:
            tail.append("I cannot look at images offline. What I can tell you about the image:")
            tail += [f"- {d}" for d in self.images]
        if self.uploads:
            tail.append(
                "The offline server cannot run code, so no code execution happened. "
                "Files that would be available to the code execution container:"
            )
            tail += self.uploads
        readable = [d for d in self.docs if d.text.strip() or any(p.strip() for p in d.pages)]
        unreadable = [d for d in self.docs if d not in readable]
        for d in unreadable:
            tail.append(f"I could not extract any text from **{d.title or 'a document'}**.")
        if not readable:
            if not self.docs and not self.images and not self.uploads:
                intro.append("No document is attached, so there is nothing for me to quote from.")
            blocks.append({"type": "text", "text": "\n".join(intro + ([""] + tail if tail else []))})
            return blocks
        passages = [p for d in readable for p in split_passages(d)]
        ranked = [sp for sp in bm25_rank(passages, q) if sp[0] > 0][:3]
        if ranked:
            chosen = sorted((p for _, p in ranked), key=lambda p: (p.doc.index, p.page, p.start))
            names = ", ".join(f"**{d.title or 'untitled'}**" for d in {p.doc.index: p.doc for p in chosen}.values())
            intro.append(f"The most relevant passages in {names}:")
        else:
            chosen = passages[:2]
            intro.append("No passage matched your question closely; here is how the document begins:")
        cite = all(p.doc.citations for p in chosen)
        if cite:
            blocks.append({"type": "text", "text": "\n".join(intro) + "\n\n"})
            for p in chosen:
                blocks.append({"type": "text", "text": p.text, "citations": [self._citation(p)]})
                blocks.append({"type": "text", "text": "\n\n"})
            if tail:
                blocks[-1] = {"type": "text", "text": "\n\n" + "\n".join(tail)}
        else:
            quoted = []
            for p in chosen:
                where = f" (page {p.page})" if p.doc.kind == "pdf" else ""
                quoted.append(f"> {p.text}{where}")
            blocks.append({"type": "text", "text": "\n".join(intro + [""] + quoted + ([""] + tail if tail else []))})
        return blocks

    @staticmethod
    def _citation(p: Passage) -> dict[str, Any]:
        base = {"cited_text": p.text, "document_index": p.doc.index, "document_title": p.doc.title}
        if p.doc.kind == "pdf":
            c = {"type": "page_location", **base, "start_page_number": p.page, "end_page_number": p.page + 1}
        else:
            c = {"type": "char_location", **base, "start_char_index": p.start, "end_char_index": p.end}
        if p.doc.file_id:
            c["file_id"] = p.doc.file_id
        return c


def text_chunks(text: str, words: int = 3) -> list[str]:
    """Split into small word-ish pieces that concatenate back to ``text``."""
    pieces = re.findall(r"\S+\s*|\s+", text)
    return ["".join(pieces[i : i + words]) for i in range(0, len(pieces), words)] or [""]


def sse_events(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The SSE event sequence the API streams for a finished ``message``."""
    start_msg = {**message, "content": [], "stop_reason": None, "stop_sequence": None}
    start_msg["usage"] = {**message["usage"], "output_tokens": 1}
    events: list[tuple[str, dict[str, Any]]] = [("message_start", {"type": "message_start", "message": start_msg})]
    events.append(("ping", {"type": "ping"}))
    for i, blk in enumerate(message["content"]):
        if blk["type"] == "text":
            start_blk: dict[str, Any] = {"type": "text", "text": ""}
            if blk.get("citations"):
                start_blk["citations"] = []
            events.append(("content_block_start", {"type": "content_block_start", "index": i, "content_block": start_blk}))
            for c in blk.get("citations") or []:
                events.append(
                    (
                        "content_block_delta",
                        {"type": "content_block_delta", "index": i, "delta": {"type": "citations_delta", "citation": c}},
                    )
                )
            for piece in text_chunks(blk["text"]):
                events.append(
                    (
                        "content_block_delta",
                        {"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": piece}},
                    )
                )
        else:
            events.append(("content_block_start", {"type": "content_block_start", "index": i, "content_block": blk}))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                "usage": {"output_tokens": message["usage"]["output_tokens"]},
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events
