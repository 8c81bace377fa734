"""put and ask refuse what the API would refuse, before sending; reports name the file they are
about; `put --skip-duplicates` says when it cannot remember what it sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claude_files.server import LocalServer

from .conftest import cli, jsonl, server_ids


@pytest.mark.parametrize("expires", ["100y", "91d", "30min", "59min"])
def test_put_refuses_an_expiry_outside_the_apis_range_before_sending(served: LocalServer, tmp_path: Path, expires: str) -> None:
    source = tmp_path / "a.txt"
    source.write_text("a")
    result = cli(served, "put", str(source), "--expires", expires)
    assert result.returncode == 2, result.stderr
    assert "--expires must be between 1h and 90d" in result.stderr
    assert server_ids(served) == [] and not served.storage.query("SELECT 1 FROM files")


@pytest.mark.parametrize("expires", ["1h", "90d"])
def test_put_accepts_the_ends_of_the_expiry_range(served: LocalServer, tmp_path: Path, expires: str) -> None:
    source = tmp_path / "a.txt"
    source.write_text("a")
    result = cli(served, "put", str(source), "--expires", expires)
    assert result.returncode == 0, result.stderr


def test_a_refused_name_says_which_file_and_one_file_is_singular(served: LocalServer, tmp_path: Path) -> None:
    bad = tmp_path / "what?.txt"
    bad.write_text("x")
    result = cli(served, "put", str(bad))
    assert result.returncode == 1
    refusal = next(line for line in result.stderr.splitlines() if "refused" in line)
    assert "what?.txt" in refusal, refusal
    assert "Uploaded 0 of 1 file." in result.stderr


def test_put_skip_duplicates_says_when_uploads_cannot_be_remembered(served: LocalServer, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("a,b\n")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # the ledger's folder is a file: nothing can be written there (even as root)
    unwritable = str(blocker / "uploads.sqlite3")
    for run in (1, 2):
        result = cli(served, "put", str(source), "--skip-duplicates", CLAUDE_FILES_LEDGER=unwritable)
        assert result.returncode == 1, result.stderr
        assert "--skip-duplicates: uploads cannot be remembered" in result.stderr
        assert [row["status"] for row in jsonl(result.stdout)] == ["uploaded"]
        assert len(server_ids(served)) == run
    plain = cli(served, "put", str(source), CLAUDE_FILES_LEDGER=unwritable)  # nothing asked of the ledger
    assert plain.returncode == 0, plain.stderr


@pytest.mark.parametrize("fmt", ["csv", "ids"])
def test_ask_refuses_formats_that_do_not_fit_an_answer(served: LocalServer, fmt: str) -> None:
    doc = served.add_file("policy.txt", b"Refunds within 30 days.\n")
    result = cli(served, "ask", doc["id"], "refund?", "--format", fmt)
    assert result.returncode == 2
    assert f"--format {fmt} does not fit an answer" in result.stderr
    assert result.stdout == ""


def test_ask_refuses_zero_max_tokens(served: LocalServer) -> None:
    doc = served.add_file("policy.txt", b"Refunds within 30 days.\n")
    result = cli(served, "ask", doc["id"], "refund?", "--max-tokens", "0")
    assert result.returncode == 2
    assert "--max-tokens must be between 1 and" in result.stderr
