"""Upload checks, path completion, hostile download names and keep-both names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from claude_files import formatting
from claude_files.localfs import (
    MAX_UPLOAD_BYTES,
    api_filename_problem,
    check_upload,
    complete_path,
    keep_both_name,
    numbered_names,
    safe_local_name,
    shown_path,
)


def _file(path: Path, data: bytes = b"hello") -> Path:
    path.write_bytes(data)
    return path


def test_good_file(tmp_path: Path) -> None:
    _file(tmp_path / "notes.txt")
    candidate = check_upload("notes.txt", cwd=tmp_path)
    assert candidate.problem is None
    assert candidate.path == tmp_path / "notes.txt"
    assert candidate.size == 5
    assert candidate.filename == "notes.txt"
    assert candidate.mime_type == "text/plain"


def test_unknown_type_falls_back_to_octet_stream(tmp_path: Path) -> None:
    _file(tmp_path / "blob.zzqq")
    assert check_upload(str(tmp_path / "blob.zzqq")).mime_type == "application/octet-stream"


def test_missing(tmp_path: Path) -> None:
    assert "does not exist" in (check_upload("nope.pdf", cwd=tmp_path).problem or "")


def test_missing_below_a_file(tmp_path: Path) -> None:
    _file(tmp_path / "a")
    assert "does not exist" in (check_upload("a/b", cwd=tmp_path).problem or "")


def test_problems_name_the_path_as_typed_not_the_absolute_one(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / "e"
    deep.mkdir(parents=True)
    os.mkfifo(deep / "pipe")
    assert check_upload("pipe", cwd=deep).problem == "pipe is not a regular file (a pipe, socket or device)"
    problem = check_upload(str(deep / "pipe")).problem or ""
    assert problem.startswith("…/e/pipe is not a regular file"), problem


def test_shown_path_is_short_whatever_the_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ann")
    assert shown_path("/home/ann/report.pdf") == "~/report.pdf"
    assert shown_path("/srv/x.txt") == "/srv/x.txt"
    long = "/tmp/" + "a" * 70 + "/pytest-of-root/pytest-3/test_x0/work"
    assert shown_path(long) == "…/pytest-of-root/pytest-3/test_x0/work"
    assert len(shown_path(long)) <= 40
    assert shown_path(long + "/") == "…/pytest-of-root/pytest-3/test_x0/work/"
    assert shown_path("/" + "n" * 80) == "…/" + "n" * 80  # the name itself is never cut


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    assert "is a directory" in (check_upload("d", cwd=tmp_path).problem or "")


@pytest.mark.timeout(10)
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert "not a regular file" in (check_upload("pipe", cwd=tmp_path).problem or "")


def test_device_is_refused() -> None:
    assert "not a regular file" in (check_upload("/dev/null").problem or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_unreadable(tmp_path: Path) -> None:
    path = _file(tmp_path / "secret.txt")
    path.chmod(0)
    try:
        assert "not readable" in (check_upload(str(path)).problem or "")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_empty(tmp_path: Path) -> None:
    _file(tmp_path / "empty.txt", b"")
    assert "empty" in (check_upload("empty.txt", cwd=tmp_path).problem or "")


def test_over_500_mb_sparse(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    with open(path, "wb") as f:
        f.truncate(MAX_UPLOAD_BYTES + 100 * 1000**2)
    candidate = check_upload(str(path))
    assert candidate.size == 600 * 1000**2
    assert candidate.problem is not None
    assert "600.0 MB" in candidate.problem and "500 MB" in candidate.problem


def test_too_large_is_told_in_the_tables_decimal_units(tmp_path: Path) -> None:
    """2,000,000,000 bytes read "1.9 GB" (binary) beside a decimal "500 MB" limit and the
    table's "2.0 GB"; the limit is the documented 500 MB (500,000,000 bytes)."""
    path = tmp_path / "two-gb.bin"
    with open(path, "wb") as f:
        f.truncate(2_000_000_000)
    problem = check_upload(str(path)).problem or ""
    assert f"is {formatting.size(2_000_000_000)};" in problem and "2.0 GB" in problem, problem
    assert "limit is 500 MB" in problem
    assert MAX_UPLOAD_BYTES == 500_000_000


def test_exactly_500_mb_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "edge.bin"
    with open(path, "wb") as f:
        f.truncate(MAX_UPLOAD_BYTES)
    assert check_upload(str(path)).problem is None


def test_bad_name(tmp_path: Path) -> None:
    _file(tmp_path / "what?.txt")
    problem = check_upload("what?.txt", cwd=tmp_path).problem or ""
    assert "?" in problem and "rename" in problem


def test_tilde_and_env_expansion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CF_DIR", "sub")
    (tmp_path / "sub").mkdir()
    _file(tmp_path / "sub" / "a.pdf")
    for typed in ("~/sub/a.pdf", "$HOME/$CF_DIR/a.pdf", "  '~/sub/a.pdf'  "):
        candidate = check_upload(typed, cwd=Path("/"))
        assert candidate.problem is None, typed
        assert candidate.path == tmp_path / "sub" / "a.pdf"
        assert candidate.mime_type == "application/pdf"


def test_blank_path() -> None:
    assert check_upload("   ").problem == "no file path given"


@pytest.mark.parametrize("name", ["report.pdf", "dir/report.pdf", "x" * 255, "über résumé.txt"])
def test_api_accepts(name: str) -> None:
    assert api_filename_problem(name) is None


@pytest.mark.parametrize("name", ["", "x" * 256, "a<b", 'a"b', "a:b", "a|b*", "tab\there", "dir/"])
def test_api_refuses(name: str) -> None:
    assert api_filename_problem(name)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Downloads").mkdir()
    _file(tmp_path / "Doc.txt")
    _file(tmp_path / ".hidden")
    _file(tmp_path / "Documents" / "report.pdf")
    return tmp_path


def test_complete_common_prefix(tree: Path) -> None:
    completion, candidates = complete_path("Do", cwd=tree)
    assert completion == "Do"
    assert candidates == ["Doc.txt", "Documents/", "Downloads/"]


def test_complete_unique_directory(tree: Path) -> None:
    assert complete_path("Dow", cwd=tree) == ("Downloads/", ["Downloads/"])


def test_complete_inside_directory(tree: Path) -> None:
    assert complete_path("Documents/r", cwd=tree) == ("Documents/report.pdf", ["Documents/report.pdf"])


def test_complete_keeps_tilde(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tree))
    assert complete_path("~/Docu") == ("~/Documents/", ["~/Documents/"])
    assert complete_path("~") == ("~/", ["~/"])


def test_complete_absolute(tree: Path) -> None:
    completion, candidates = complete_path(f"{tree}/Doc")
    assert completion == f"{tree}/Doc"
    assert f"{tree}/Documents/" in candidates


def test_complete_hidden_only_when_asked(tree: Path) -> None:
    assert ".hidden" not in complete_path("", cwd=tree)[1]
    assert complete_path(".h", cwd=tree) == (".hidden", [".hidden"])


def test_complete_nothing(tree: Path) -> None:
    assert complete_path("zzz", cwd=tree) == ("zzz", [])
    assert complete_path("nodir/x", cwd=tree) == ("nodir/x", [])


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        (".bashrc", "bashrc"),
        ("\x1b]52;c;AAA\x07x.txt", "_]52;c;AAA_x.txt"),
        ("a\u202eexe.txt", "aexe.txt"),
        ("zero\u200bwidth\ufeff.txt", "zerowidth.txt"),
        ("CON.txt", "CON_.txt"),
        ("nul", "nul_"),
        ("com1.tar.gz", "com1_.tar.gz"),
        ("console.txt", "console.txt"),
        ("...", "download"),
        ("..", "download"),
        ("", "download"),
        ("line\nbreak.txt", "line_break.txt"),
        ('a<b>c:d"e|f?g*h\\i.txt', "a_b_c_d_e_f_g_h_i.txt"),
        ("..\\..\\evil.bat", "_.._evil.bat"),
        ("trailing. . ", "trailing"),
        ("dir/", "dir"),
        ("ok name (1).pdf", "ok name (1).pdf"),
    ],
)
def test_safe_local_name(hostile: str, expected: str) -> None:
    assert safe_local_name(hostile) == expected


def test_safe_local_name_long_keeps_extension() -> None:
    name = safe_local_name("x" * 300 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode()) == 255


def test_safe_local_name_long_multibyte_fits_in_bytes() -> None:
    name = safe_local_name("é" * 300 + ".txt")
    assert name.endswith(".txt")
    assert len(name.encode()) <= 255
    name.encode().decode()  # no split character


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "\x1b[2J", "\u202e", "a/b/../..", "con", "\x00", "x" * 1000, "🙂" * 200])
def test_safe_local_name_is_always_a_plain_component(hostile: str) -> None:
    name = safe_local_name(hostile)
    assert name and "/" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name.encode()) <= 255
    assert all(ord(c) >= 32 for c in name)


def test_keep_both_sequence(tmp_path: Path) -> None:
    dest = _file(tmp_path / "report.pdf")
    first = keep_both_name(dest)
    assert first == tmp_path / "report (1).pdf"
    _file(first)
    assert keep_both_name(dest) == tmp_path / "report (2).pdf"
    _file(tmp_path / "report (2).pdf")
    assert keep_both_name(dest) == tmp_path / "report (3).pdf"


def test_keep_both_without_extension_and_long_name(tmp_path: Path) -> None:
    assert keep_both_name(tmp_path / "Makefile") == tmp_path / "Makefile (1)"
    long = tmp_path / ("y" * 251 + ".pdf")
    candidate = keep_both_name(long)
    assert candidate.name.endswith(" (1).pdf") and len(candidate.name.encode()) <= 255


def test_numbered_names_start_with_the_name_itself_and_ignore_the_disk(tmp_path: Path) -> None:
    """What `get` gives files of one name in one run, whatever the folder holds already."""
    _file(tmp_path / "chart (1).png")
    names = numbered_names(tmp_path / "chart.png")
    assert [next(names).name for _ in range(3)] == ["chart.png", "chart (1).png", "chart (2).png"]
