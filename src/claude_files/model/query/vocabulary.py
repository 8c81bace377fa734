"""The words of the query language: its keys, each key's operators, the `is:` values and the
file types `type:` knows. Read by the term builders (terms.py), completion and the CLI's help."""

from __future__ import annotations

from claude_files.formatting import short_type

KEYS: tuple[str, ...] = ("name", "id", "type", "size", "age", "created", "expires", "is", "scope")
IS_VALUES: tuple[str, ...] = ("downloadable", "uploaded", "expired", "marked", "duplicate", "pinned")
# MIME major types the table never shows as a short type, so `type:image` can mean all images.
MAJOR_TYPES: tuple[str, ...] = ("image", "audio", "video", "font", "model")
COMMON_MIMES: tuple[str, ...] = (
    "application/pdf",
    "text/plain",
    "text/markdown",
    "text/csv",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/octet-stream",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
)
"""What Tab offers after `type:` and an unknown type's message lists."""
SHORT_TYPES: tuple[str, ...] = tuple(dict.fromkeys([*(short_type(mime) for mime in COMMON_MIMES), *MAJOR_TYPES]))
_MORE_MIMES = (
    "text/html", "text/xml", "application/xml", "text/tab-separated-values", "text/javascript", "application/javascript",
    "text/x-python", "text/x-script.python", "application/x-yaml", "application/yaml", "text/yaml", "application/toml",
    "application/x-ndjson", "application/jsonl", "text/rtf", "application/rtf", "application/zip", "application/gzip",
    "application/x-tar", "application/x-7z-compressed", "application/msword", "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint", "application/epub+zip", "image/svg+xml", "image/tiff", "image/bmp", "image/heic",
    "audio/mpeg", "audio/wav", "audio/x-wav", "audio/ogg", "audio/flac", "video/mp4", "video/mpeg", "video/webm",
    "video/quicktime", "text/event-stream", "text/x-markdown", "text/x-c", "text/x-java", "text/x-sh",
)  # fmt: skip
TYPE_WORDS: frozenset[str] = frozenset([*SHORT_TYPES, *(short_type(mime).casefold() for mime in _MORE_MIMES)])
"""The short types `type:` knows unquoted; any other must be a MIME type, a glob or "quoted"
(a typo like `type:pdff` would otherwise quietly match nothing)."""
COMPARISONS = (">", ">=", "<", "<=")
EQUALS = (":", "=")
OPS_BY_KEY: dict[str, tuple[str, ...]] = {
    "name": EQUALS,
    "id": EQUALS,
    "type": EQUALS,
    "size": (*EQUALS, *COMPARISONS),
    "age": COMPARISONS,
    "created": (*EQUALS, *COMPARISONS),
    "expires": (":", *COMPARISONS),
    "is": EQUALS,
    "scope": EQUALS,
}
