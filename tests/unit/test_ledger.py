"""The upload ledger: rows by connection, hash and id, its file mode, and what became of a local copy."""

from __future__ import annotations

import os
import stat

from claude_files.ledger import Ledger, Place, ledger_path, sha256_of, this_host

HERE = Place("http://127.0.0.1:1", None)
OTHER_WORKSPACE = Place("http://127.0.0.1:1", "wrkspc_other")


def test_the_ledger_lives_where_the_environment_says_in_tests(tmp_path) -> None:
    assert "uploads.sqlite3" in str(ledger_path()) and os.environ["CLAUDE_FILES_LEDGER"] == str(ledger_path())


def test_record_and_find_per_connection(tmp_path) -> None:
    source = tmp_path / "report.txt"
    source.write_bytes(b"quarterly numbers\n")
    digest, size = sha256_of(source)
    ledger = Ledger(tmp_path / "ledger" / "uploads.sqlite3")
    ledger.record(HERE, "file_abc", digest, size, source, "report.txt")
    found = ledger.find(HERE, "file_abc")
    assert found is not None and found.sha256 == digest and found.size == size
    assert found.path == str(source) and found.host == this_host() and found.filename == "report.txt"
    assert [u.file_id for u in ledger.with_hash(HERE, digest)] == ["file_abc"]
    assert ledger.has_size(HERE, size) and not ledger.has_size(HERE, size + 1)
    assert ledger.find(OTHER_WORKSPACE, "file_abc") is None and ledger.with_hash(OTHER_WORKSPACE, digest) == []
    ledger.forget(HERE, "file_abc")
    assert ledger.find(HERE, "file_abc") is None


def test_ledger_file_is_private(tmp_path) -> None:
    ledger = Ledger(tmp_path / "uploads.sqlite3")
    ledger.record(HERE, "file_abc", "0" * 64, 1, tmp_path / "x", "x")
    assert stat.S_IMODE(os.stat(ledger.path).st_mode) == 0o600


def test_local_copy_same_changed_gone_elsewhere(tmp_path) -> None:
    source = tmp_path / "data.csv"
    source.write_bytes(b"a,b\n1,2\n")
    ledger = Ledger(tmp_path / "uploads.sqlite3")
    ledger.record(HERE, "file_1", *sha256_of(source), source, "data.csv")
    upload = ledger.find(HERE, "file_1")
    assert upload is not None
    assert ledger.local_copy(upload).state == "same"
    source.write_bytes(b"a,b\n3,4\n")  # same size, other bytes
    assert ledger.local_copy(upload).state == "changed"
    source.write_bytes(b"a,b\n")
    assert ledger.local_copy(upload).state == "changed"
    source.unlink()
    assert ledger.local_copy(upload).state == "gone"
    moved = type(upload)(**{**upload.__dict__, "host": "another-host"})
    assert ledger.local_copy(moved).state == "elsewhere"


def test_hashing_streams_large_files(tmp_path) -> None:
    source = tmp_path / "big.bin"
    with open(source, "wb") as sink:
        for _ in range(5):
            sink.write(b"\x01" * (1024 * 1024 + 7))
    digest, size = sha256_of(source)
    assert size == 5 * (1024 * 1024 + 7) and len(digest) == 64


def test_an_unwritable_ledger_records_nothing_and_breaks_nothing(tmp_path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    ledger = Ledger(blocker / "uploads.sqlite3")
    ledger.record(HERE, "file_1", "0" * 64, 1, tmp_path, "x")
    assert ledger.find(HERE, "file_1") is None and ledger.with_hash(HERE, "0" * 64) == []
