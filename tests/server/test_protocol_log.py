"""`serve` never logs the bytes of a request aiohttp refuses: a bad header line holds the key."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

SECRET = "sk-ant-api03-SECRETVALUE"


def test_a_header_aiohttp_refuses_is_logged_without_its_value(tmp_path: Path) -> None:
    command = str(Path(sys.executable).with_name("claude-files"))
    proc = subprocess.Popen(
        [command, "serve", "--port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        address = urlsplit(line.rsplit(" ", 1)[1].strip())
        with socket.create_connection((address.hostname, address.port), timeout=10) as client:
            client.sendall(f"GET /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SECRET}\x01\r\n\r\n".encode())
            answer = client.recv(65536)
        assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400")
        proc.send_signal(signal.SIGINT)
        _, errors = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Refused a malformed request from 127.0.0.1 (400 BadHttpMessage)" in errors, errors
    assert SECRET not in errors, errors  # one assert each: pytest garbles the explanation of an `and` of `not in`s
    assert "Bearer" not in errors, errors
    assert "Traceback" not in errors, errors
