"""How sizes, times and MIME types are written on screen: short, and the same everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

from .text import clean

STORAGE_CAP_BYTES = 100 * 1000**3  # per organization, per the Files API reference

_SHORT_TYPES = {
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/csv": "csv",
    "application/json": "json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/octet-stream": "binary",
}


def size(n: int) -> str:
    """Human size in decimal units, as the API's limits are written (500 MB, 100 GB)."""
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB", "PB"):
        value /= 1000
        if value < 999.95:
            return f"{value:.1f} {unit}"
    return f"{value:.1f} EB"


def exact_size(n: int) -> str:
    return f"{n:,} bytes"


def short_type(mime: str) -> str:
    """A column-sized name for a MIME type; the server's text is cleaned first (it is data)."""
    if mime in _SHORT_TYPES:
        return _SHORT_TYPES[mime]
    major, _, minor = clean(mime).partition("/")
    if major == "image":
        return (minor or "image")[:12]
    return (minor.removeprefix("x-").removeprefix("vnd.") or major)[:12]


def now() -> datetime:
    return datetime.now(UTC)


_SPANS: tuple[tuple[str, int, int], ...] = (  # unit, its seconds, how many make the next unit
    ("s", 1, 60),
    ("m", 60, 60),
    ("h", 3600, 24),
    ("d", 86400, 60),
    ("mo", 86400 * 30, 12),
)


def _span(seconds: float) -> str:
    """The nearest whole unit (rounded, not floored: a 1-day expiry a second after upload
    is "1d", not "23h"); a value that rounds up to the next unit is written in it."""
    seconds = abs(seconds)
    for unit, size, limit in _SPANS:
        count = int(seconds / size + 0.5)
        if count < limit:
            return f"{count}{unit}"
    return f"{int(seconds / (86400 * 365) + 0.5)}y"


def ago(moment: datetime, reference: datetime | None = None) -> str:
    """'3d ago' style, compact enough for an 80-column table."""
    delta = ((reference or now()) - _aware(moment)).total_seconds()
    if delta < 5:
        return "just now"
    return f"{_span(delta)} ago"


def expiry(moment: datetime | None, reference: datetime | None = None) -> str:
    if moment is None:
        return "never"
    delta = (_aware(moment) - (reference or now())).total_seconds()
    if delta <= 0:
        return "expired"
    return f"in {_span(delta)}"


def absolute(moment: datetime) -> str:
    return _aware(moment).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
