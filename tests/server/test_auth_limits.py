"""Authentication, size limits, quotas and aborted uploads."""

from __future__ import annotations

import os
import socket
import time
import tracemalloc
from datetime import UTC
from pathlib import Path

import anthropic
import httpx2
import pytest
from anthropic.types import StorageQuotaExceededError

from claude_files.server import LocalServer


def _no_key_client(srv: LocalServer) -> anthropic.Anthropic:
    # api_key=None and the Authorization header explicitly omitted: nothing is sent.
    return anthropic.Anthropic(
        api_key=None,
        base_url=srv.url,
        max_retries=0,
        _strict_response_validation=True,
        default_headers={"Authorization": anthropic.Omit()},
    )


# --------------------------------------------------------------------- auth
def test_missing_key_is_authentication_error(server):
    with pytest.raises(anthropic.AuthenticationError) as ei:
        _no_key_client(server).files.list()
    assert ei.value.status_code == 401 and ei.value.type == "authentication_error"
    assert ei.value.request_id


def test_any_key_accepted_when_none_configured(server, make_client):
    assert make_client(server, api_key="whatever").files.list().data == []


def test_configured_key_enforced_and_never_echoed(make_client):
    with LocalServer(api_key="sk-right-key") as srv:
        assert make_client(srv, api_key="sk-right-key").files.list().data == []
        with pytest.raises(anthropic.AuthenticationError) as ei:
            make_client(srv, api_key="sk-WRONG-secret").files.list()
        assert "sk-WRONG-secret" not in ei.value.response.text
        with pytest.raises(anthropic.AuthenticationError):
            _no_key_client(srv).files.list()
        # both header styles
        for headers in ({"x-api-key": "sk-right-key"}, {"Authorization": "Bearer sk-right-key"}):
            assert httpx2.get(srv.url + "/v1/files", headers=headers).status_code == 200
        r = httpx2.get(srv.url + "/v1/files", headers={"x-api-key": "nope"})
        assert r.status_code == 401 and r.headers["request-id"].startswith("req_")
        assert r.json()["type"] == "error" and r.json()["request_id"] == r.headers["request-id"]


# ------------------------------------------------------------- size limits
def test_file_over_limit_is_413_and_leaves_nothing(make_client, tmp_path):
    with LocalServer(max_file_bytes=1000) as srv:
        c = make_client(srv)
        assert c.files.upload(file=("ok.bin", b"x" * 1000, "application/octet-stream")).size_bytes == 1000
        with pytest.raises(anthropic.ContentTooLargeError) as ei:
            c.files.upload(file=("big.bin", b"x" * 1001, "application/octet-stream"))
        assert ei.value.status_code == 413 and ei.value.type == "request_too_large"
        # well over the limit: rejected from Content-Length before reading the body
        big = tmp_path / "big.bin"
        big.write_bytes(b"y" * 3_000_000)
        with pytest.raises(anthropic.ContentTooLargeError):
            c.files.upload(file=big)
        assert srv.file_count() == 1 and len(srv.blob_paths()) == 1
        assert list((srv.data_dir / "tmp").iterdir()) == []


def test_storage_quota_is_the_organizations_across_workspaces(make_client):
    """As the API's 100 GB: one cap for the organization, whatever workspace a file is in."""
    with LocalServer(storage_limit=100) as srv:
        c = make_client(srv)
        c.files.upload(file=("a.txt", b"a" * 60, "text/plain"))
        with pytest.raises(StorageQuotaExceededError) as ei:
            c.files.upload(file=("b.txt", b"b" * 41, "text/plain"))
        assert ei.value.status_code == 400 and ei.value.error_code == "storage_quota_exceeded"
        assert isinstance(ei.value, anthropic.BadRequestError)
        assert "organization" in str(ei.value.message) and "all of its workspaces" in str(ei.value.message)
        with pytest.raises(StorageQuotaExceededError):  # another workspace shares the same cap
            c.files.upload(file=("d.txt", b"d" * 41, "text/plain"), workspace_id="wrkspc_other")
        c.files.upload(file=("c.txt", b"c" * 30, "text/plain"), workspace_id="wrkspc_other")
        c.files.upload(file=("e.txt", b"e" * 10, "text/plain"))  # exactly at the limit
        with pytest.raises(StorageQuotaExceededError):
            c.files.upload(file=("f.txt", b"f", "text/plain"), workspace_id="wrkspc_other")
        assert srv.stored_bytes() == 100 and len(srv.blob_paths()) == 3


def _aborted_upload(srv: LocalServer, sent: int, declared: int) -> None:
    boundary = "cfabort"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="part.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    req = (
        f"POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {declared}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", srv.port)) as s:
        s.sendall(req + head + b"z" * sent)
        deadline = time.time() + 5  # the server is writing the upload to a temp file when the client drops
        while time.time() < deadline and not list((srv.data_dir / "tmp").iterdir()):
            time.sleep(0.01)
        assert list((srv.data_dir / "tmp").iterdir()), "the server never started the temp file"
    # the server notices the drop and cleans up
    deadline = time.time() + 5
    while time.time() < deadline and list((srv.data_dir / "tmp").iterdir()):
        time.sleep(0.05)


def test_dropped_upload_leaves_no_row_no_blob_no_temp(server, client):
    _aborted_upload(server, sent=300_000, declared=1_000_000)
    assert server.file_count() == 0 and server.blob_paths() == []
    assert list((server.data_dir / "tmp").iterdir()) == []
    assert client.files.upload(file=("after.txt", b"fine", "text/plain")).size_bytes == 4


def test_missing_file_part_and_non_multipart(server):
    r = httpx2.post(
        server.url + "/v1/files", data={"expires_in_seconds": "4000"}, files={"other": ("x", b"1")}, headers={"x-api-key": "k"}
    )
    assert r.status_code == 400 and "file" in r.json()["error"]["message"]
    r = httpx2.post(server.url + "/v1/files", json={"file": "x"}, headers={"x-api-key": "k"})
    assert r.status_code == 400
    assert server.file_count() == 0 and list((server.data_dir / "tmp").iterdir()) == []


# ------------------------------------------------------------ 500 MB (slow)
@pytest.mark.slow
def test_real_500mb_limit_and_flat_memory(tmp_path: Path, make_client):
    limit = 500 * 1000**2  # "500 MB per file"
    exact = tmp_path / "exact.bin"
    over = tmp_path / "over.bin"
    with open(exact, "wb") as fh:  # sparse files: no disk cost to create
        fh.truncate(limit)
    with open(over, "wb") as fh:
        fh.truncate(limit + 1)
    with LocalServer(data_dir=tmp_path / "srv") as srv:
        c = make_client(srv, timeout=600)
        tracemalloc.start()
        try:
            # an open file is streamed by the SDK (a Path would be read into memory client-side)
            with open(exact, "rb") as fh:
                meta = c.files.upload(file=fh)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert meta.size_bytes == limit
        assert peak < 64 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB during a 500 MB upload"
        assert os.path.getsize(srv.blob_paths()[0]) == limit
        # one byte over: read in full by the server's streaming check, rejected, nothing kept
        before = srv.stored_bytes()
        with pytest.raises(anthropic.ContentTooLargeError):
            with open(over, "rb") as fh:
                c.files.upload(file=fh)
        assert srv.stored_bytes() == before and srv.file_count() == 1
        assert list((srv.data_dir / "tmp").iterdir()) == []


def test_expired_files_do_not_count_against_quota(make_client):
    from datetime import datetime, timedelta

    with LocalServer(storage_limit=100) as srv:
        srv.add_file("old.txt", b"o" * 90, expires_at=datetime.now(UTC) - timedelta(seconds=1))
        c = make_client(srv)
        assert c.files.upload(file=("new.txt", b"n" * 90, "text/plain")).size_bytes == 90
        with pytest.raises(StorageQuotaExceededError):
            c.files.upload(file=("more.txt", b"m" * 11, "text/plain"))
