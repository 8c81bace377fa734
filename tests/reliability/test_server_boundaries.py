"""Item 10: the local server stays on loopback unless keyed, and requests never leave its data dir."""

from __future__ import annotations

import http.client
import json
import subprocess
import uuid
from pathlib import Path

import pytest

from claude_files.server import LocalServer

from .tmux import CLAUDE_FILES

SENTINEL = f"outside-the-data-dir-{uuid.uuid4().hex}"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.com"])
def test_serve_refuses_non_loopback_without_key(host, tmp_path):
    done = subprocess.run(
        [CLAUDE_FILES, "serve", "--host", host, "--port", "0", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "Refusing to listen on non-loopback host" in done.stderr and "--api-key" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "data").exists()  # refused before touching anything


def test_serve_binds_all_interfaces_only_with_key(tmp_path):
    proc = subprocess.Popen(
        [CLAUDE_FILES, "serve", "--host", "0.0.0.0", "--port", "0", "--api-key", "k", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        assert "listening on http://0.0.0.0:" in first
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # once seen in a long run; say what the process was doing
            status = Path(f"/proc/{proc.pid}/status").read_text()
            proc.kill()
            wanted = ("State", "SigBlk", "SigIgn", "SigCgt", "SigPnd", "ShdPnd", "Threads")
            raise AssertionError(
                "serve ignored SIGTERM for 15 s:\n" + "\n".join(line for line in status.splitlines() if line.startswith(wanted))
            ) from None
    assert "Traceback" not in proc.stderr.read()


def _raw(srv: LocalServer, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """A request with the path sent byte for byte (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in {"x-api-key": "k", **(headers or {})}.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


TRAVERSALS = [
    "/v1/files/../../secret.txt",
    "/v1/files/..%2F..%2Fsecret.txt",
    "/v1/files/%2e%2e%2f%2e%2e%2fsecret.txt/content",
    "/v1/files/file_..%2F..%2Fsecret.txt/content",
    "/v1/files/file_../content",
    "/v1/files/..%2Ffiles.sqlite3/content",
    "/v1/files/%2Fetc%2Fpasswd/content",
    "/v1/files/file_%00/content",
    "/v1/files?ids=..%2F..%2Fsecret.txt",
    "/../../secret.txt",
    "/v1/../../secret.txt",
]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_request_paths_never_reach_outside_the_data_dir(tmp_path):
    (tmp_path / "secret.txt").write_text(SENTINEL)
    with LocalServer(data_dir=tmp_path / "data") as srv:
        kept = srv.add_file("kept.txt", b"kept", "text/plain", downloadable=True)
        outside_before = {k: v for k, v in _tree(tmp_path).items() if not k.startswith("data/")}
        for path in TRAVERSALS:
            for method in ("GET", "DELETE"):
                status, body = _raw(srv, method, path)
                assert SENTINEL.encode() not in body and b"SQLite format" not in body, (method, path)
                if status == 200:  # ids= filter: an unknown id simply matches nothing
                    assert json.loads(body)["data"] == [], (method, path)
                else:
                    assert 400 <= status < 500, (method, path, status)
        # Uploads named like paths are stored by id under blobs/, with only the last name component.
        for name in ("../../secret.txt", "/etc/passwd", "..\\..\\evil.bat", ".."):
            boundary = "b0undary"
            body = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: text/plain\r\n\r\nhostile\r\n--{boundary}--\r\n"
            ).encode()
            status, answer = _raw(srv, "POST", "/v1/files", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
            assert status == 200, answer
            stored = json.loads(answer)["filename"]
            assert "/" not in stored and "\\" not in stored and stored not in ("..", ".")
        outside_after = {k: v for k, v in _tree(tmp_path).items() if not k.startswith("data/")}
        assert outside_after == outside_before  # nothing outside the data dir was written or removed
        assert (tmp_path / "secret.txt").read_text() == SENTINEL
        blobs = {p.name for p in srv.blob_paths()}
        assert kept["id"] in blobs and len(blobs) == srv.file_count() == 5
        assert all(p.parent == srv.storage.blob_dir for p in srv.blob_paths())
