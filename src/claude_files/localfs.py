"""Local filesystem safety for uploads and downloads.

Uploads are checked before any network traffic so the user gets a plain
reason instead of an API error (or a hang on a FIFO). Downloads take their
name from the server, which we do not trust (safe_local_name, keep-both names);
download_writer.py writes them so that no half file is ever left behind.
"""

from __future__ import annotations

import itertools
import mimetypes
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .formatting import size as _size
from .service_types import MAX_UPLOAD_BYTES

FORBIDDEN_NAME_CHARS = set('<>:"|?*')
MAX_NAME_CHARS = 255
MAX_NAME_BYTES = 255

_LOCAL_FORBIDDEN = FORBIDDEN_NAME_CHARS | {"\\"}
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)


SHOWN_PATH_MAX = 40  # characters of a path in a message; the rest is "…/" and the tail


def home_short(path: Path | str) -> str:
    """`path` with the home directory written as ~, as people type it."""
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if text == home or text.startswith(home + "/") else text


def shown_path(path: Path | str, max_len: int = SHOWN_PATH_MAX) -> str:
    """A local path as every message names it: ~ for home and, past `max_len`, "…/" and
    as many trailing parts as fit (the file's own name always), so a deep temp or mount
    path never pushes the words of a message off the line."""
    text = home_short(path)
    if len(text) <= max_len:
        return text
    parts = text.rstrip("/").split("/")
    tail = parts.pop()
    while parts and len(parts[-1]) + len(tail) + 3 <= max_len:
        tail = parts.pop() + "/" + tail
    return "…/" + tail + ("/" if text.endswith("/") else "")


def api_filename_problem(name: str) -> str | None:
    """Why the Files API would refuse `name` (only its final component is sent), else None."""
    name = name.rsplit("/", 1)[-1]
    if not name:
        return "the file name is empty"
    if len(name) > MAX_NAME_CHARS:
        return f"the file name is {len(name)} characters long; the limit is {MAX_NAME_CHARS}"
    bad = sorted({c for c in name if c in FORBIDDEN_NAME_CHARS})
    if bad:
        return f"the file name contains {' '.join(bad)}, which the Files API does not allow"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "the file name contains control characters"
    return None


@dataclass
class UploadCandidate:
    """A local file the user wants to upload; `problem` says why it cannot be."""

    path: Path
    size: int
    filename: str
    mime_type: str
    problem: str | None


def _expand(path_text: str, cwd: Path | None) -> Path:
    """~ and $VARS expanded, relative paths anchored at `cwd`."""
    path = Path(os.path.expandvars(os.path.expanduser(path_text)))
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


def _unquote(text: str) -> str:
    """Drop surrounding whitespace and one pair of quotes, as terminals add on drag-and-drop."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text


def _upload_problem(path: Path, shown: str) -> tuple[int, str | None]:
    """(size, problem) for `path`, named `shown` in the words; stat before open so special
    files never block."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return 0, f"{shown} does not exist"
    except PermissionError:
        return 0, f"{shown} cannot be reached: permission denied"
    except OSError as exc:
        return 0, f"{shown} cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return 0, f"{shown} is a directory; choose a file"
    if not stat.S_ISREG(st.st_mode):
        return 0, f"{shown} is not a regular file (a pipe, socket or device)"
    if not os.access(path, os.R_OK):
        return st.st_size, f"{shown} is not readable: permission denied"
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat, don't hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return st.st_size, f"{shown} cannot be opened: {exc.strerror or exc}"
    st = os.fstat(fd)
    os.close(fd)
    if not stat.S_ISREG(st.st_mode):
        return 0, f"{shown} is not a regular file (a pipe, socket or device)"
    if st.st_size == 0:
        return 0, f"{shown} is empty (0 bytes); the Files API refuses empty files"
    if st.st_size > MAX_UPLOAD_BYTES:
        limit = _size(MAX_UPLOAD_BYTES).replace(".0 ", " ")  # "500 MB", as the docs write it
        return st.st_size, f"{shown} is {_size(st.st_size)}; the Files API limit is {limit}"
    return st.st_size, None


def check_upload(path_text: str, cwd: Path | None = None) -> UploadCandidate:
    """Everything the upload dialog needs to know about a typed path."""
    text = _unquote(path_text)
    if not text:
        return UploadCandidate(Path(), 0, "", "application/octet-stream", "no file path given")
    path = _expand(text, cwd)
    filename = path.name
    mime_type = mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"
    size, problem = _upload_problem(path, shown_path(text))
    if problem is None:
        name_problem = api_filename_problem(filename)
        if name_problem:
            problem = f"{name_problem}; rename it first"
    return UploadCandidate(path, size, filename, mime_type, problem)


def complete_path(partial: str, cwd: Path | None = None) -> tuple[str, list[str]]:
    """Tab completion: (longest common completion, candidates), ~ and $VARS kept as typed.

    Candidates are whole replacement strings; directories end with "/". Hidden
    entries are offered only when the typed name starts with a dot.
    """
    if partial == "~":
        return "~/", ["~/"]
    head, _, prefix = partial.rpartition("/")
    typed_dir = head + "/" if head or partial.startswith("/") else ""
    directory = _expand(typed_dir or ".", cwd)
    candidates: list[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not entry.name.startswith(prefix):
                    continue
                if entry.name.startswith(".") and not prefix.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                candidates.append(typed_dir + entry.name + ("/" if is_dir else ""))
    except OSError:
        return partial, []
    candidates.sort()
    if not candidates:
        return partial, []
    return os.path.commonprefix(candidates), candidates


def _fit_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes without splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _split_ext(name: str) -> tuple[str, str]:
    """(stem, ".ext"), treating absurdly long suffixes as part of the stem."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode("utf-8")) > 32:
        return name, ""
    return stem, "." + ext


def _fit_name(stem: str, ext: str) -> str:
    """stem + ext within MAX_NAME_BYTES, shortening the stem first."""
    return _fit_bytes(stem, MAX_NAME_BYTES - len(ext.encode("utf-8"))) + ext


def safe_local_name(filename: str) -> str:
    """A name from the server made safe to create locally (no traversal, hiding or terminal tricks)."""
    parts = [part for part in filename.split("/") if part]
    name = parts[-1] if parts else ""
    cleaned = []
    for char in name:
        category = unicodedata.category(char)
        if category in ("Cf", "Cs"):  # bidi overrides, zero-width, lone surrogates
            continue
        cleaned.append("_" if category in ("Cc", "Zl", "Zp") or char in _LOCAL_FORBIDDEN else char)
    name = "".join(cleaned).lstrip(". ").rstrip(". ")
    stem, ext = _split_ext(name)
    if stem.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        first, dot, rest = stem.partition(".")
        stem = first + "_" + dot + rest
    name = _fit_name(stem, ext).rstrip(". ")
    return name or "download"


def numbered_names(dest: Path) -> Iterator[Path]:
    """`dest`, then "name (1).ext", "name (2).ext", … beside it: the names a second file
    of the same name gets (the TUI's keep both, `get` of two files named alike)."""
    yield dest
    stem, ext = _split_ext(dest.name)
    for n in itertools.count(1):
        yield dest.with_name(_fit_name(stem, f" ({n}){ext}"))


def keep_both_name(dest: Path) -> Path:
    """The first free "name (1).ext", "name (2).ext", … beside `dest`."""
    return next(path for path in itertools.islice(numbered_names(dest), 1, None) if not os.path.lexists(path))
