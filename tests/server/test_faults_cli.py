"""Fault injection, the serve CLI, synthetic data and the demo set."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import anthropic
import httpx2
import pytest

from claude_files.server import LocalServer
from claude_files.server.cli import serve_main


# ------------------------------------------------------------------ faults
def test_fail_rate_one_raises_each_kind_without_retries(make_client):
    with LocalServer(fail_rate=1.0, seed=3) as srv:
        c = make_client(srv)
        kinds = set()
        for _ in range(40):
            with pytest.raises(anthropic.APIError) as ei:
                c.files.list()
            kinds.add(type(ei.value))
        assert {
            anthropic.RateLimitError,
            anthropic.InternalServerError,
            anthropic.OverloadedError,
            anthropic.APIConnectionError,
        } <= kinds
        srv.set_faults(fail_rate=0)
        assert c.files.list().data == []


def test_injected_error_shape(make_client):
    with LocalServer(fail_rate=1.0, seed=0) as srv:
        c = make_client(srv)
        seen = {}
        for _ in range(30):
            try:
                c.files.list()
            except anthropic.APIStatusError as e:
                seen[e.status_code] = e
            except anthropic.APIConnectionError:
                pass
        assert set(seen) == {429, 500, 529}
        assert seen[429].type == "rate_limit_error" and seen[429].response.headers["retry-after"] == "0"
        assert seen[529].type == "overloaded_error" and seen[500].type == "api_error"
        assert all(e.request_id for e in seen.values())


def test_retries_eventually_succeed_and_uploads_leave_nothing_behind(make_client):
    with LocalServer(fail_rate=0.3, seed=42) as srv:
        c = make_client(srv, max_retries=10)
        ids = [c.files.upload(file=(f"f{i}.txt", b"data" * i, "text/plain")).id for i in range(1, 9)]
        listed = [f.id for f in c.files.list(limit=3)]
        assert sorted(listed) == sorted(ids)
        for fid in ids[:4]:
            try:
                c.files.delete(fid)
            except anthropic.NotFoundError:
                pass  # a retry of a delete that already happened before the connection dropped
        srv.set_faults(fail_rate=0)
        # every upload that was never acknowledged left no row; exactly our files exist
        assert srv.file_count() == 4 and len(srv.blob_paths()) == 4
        assert list((srv.data_dir / "tmp").iterdir()) == []
        total = sum(r[1] == "/v1/files" and r[0] == "POST" for r in srv.requests_seen)
        assert total >= 8


def test_drop_after_delete_then_retry_gives_404(make_client):
    # find a seed whose first fault is a drop *after* processing a DELETE
    with LocalServer(fail_rate=0.0) as srv:
        c = make_client(srv)
        meta = srv.add_file("victim.txt", b"x")
        for seed in range(500):  # mirrors faults_mw: roll, pick a kind, then before/after
            rng = random.Random(seed)
            rng.random()
            if rng.choice(("rate_limit", "api_error", "overloaded", "drop")) == "drop" and rng.random() < 0.5:
                break
        srv.state.rng = random.Random(seed)
        srv.set_faults(fail_rate=1.0)
        with pytest.raises(anthropic.APIConnectionError):
            c.files.delete(meta["id"])
        srv.set_faults(fail_rate=0.0)
        assert srv.file_count() == 0 and srv.blob_paths() == []  # it did happen
        with pytest.raises(anthropic.NotFoundError):
            c.files.delete(meta["id"])


def test_latency_applies_to_every_request(make_client):
    with LocalServer(latency_ms=150) as srv:
        c = make_client(srv)
        t = time.perf_counter()
        c.files.list()
        assert time.perf_counter() - t >= 0.14
        srv.set_faults(latency_ms=0)
        t = time.perf_counter()
        c.files.list()
        assert time.perf_counter() - t < 0.14


# --------------------------------------------------------------- data sets
def test_demo_data_set(shared_demo_server, make_client):
    c = make_client(shared_demo_server)
    files = list(c.files.list(limit=10))
    names = {f.filename for f in files}
    assert 20 <= len(files) <= 30
    assert {"sales.csv", "config.json", "qbr-q1.pdf", "logo.png", "chart.png", "analysis_results.csv"} <= names
    assert sum(f.filename.startswith("bulk-") for f in files) >= 6
    downloadable = [f for f in files if f.downloadable]
    assert 2 <= len(downloadable) <= 4
    for f in downloadable:
        assert len(c.files.download(f.id).read()) == f.size_bytes
    assert any(f.expires_at is not None for f in files)
    created = [f.created_at for f in files]
    assert created == sorted(created, reverse=True)
    assert (created[0] - created[-1]).days >= 14


def test_demo_data_not_duplicated_on_restart(tmp_path):
    with LocalServer(data_dir=tmp_path, demo_data=True) as s1:
        n = s1.file_count()
    with LocalServer(data_dir=tmp_path, demo_data=True) as s2:
        assert s2.file_count() == n


def test_synthetic_records_fast_varied_and_ordered(make_client):
    t = time.perf_counter()
    with LocalServer(synthetic=20_000, seed=1) as srv:
        assert time.perf_counter() - t < 5
        assert srv.file_count() == 20_000
        c = make_client(srv)
        page = c.files.list(limit=1000)
        names = [f.filename for f in page.data]
        assert len({n.split("-")[0] for n in names}) >= 4 and len({f.mime_type for f in page.data}) >= 4
        created = [f.created_at for f in page.data]
        assert created == sorted(created, reverse=True)
        last = c.files.list(limit=1000, page=page.next_page)
        assert last.data[0].created_at <= created[-1]
        msg = c.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=50,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "document",
                            "source": {"type": "file", "file_id": next(f.id for f in page.data if f.mime_type == "text/plain")},
                        },
                        {"type": "text", "text": "What is this?"},
                    ],
                }
            ],
        )
        assert "Synthetic" in msg.content[0].text


# --------------------------------------------------------------------- CLI
def test_cli_refuses_non_loopback_without_key(capsys):
    assert serve_main(["--host", "0.0.0.0", "--port", "0"]) == 2
    assert "--api-key" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--port", "99999", "invalid port value: '99999' (must be 0 to 65535)"),
        ("--port", "-1", "invalid port value: '-1'"),
        ("--synthetic", "-5", "invalid count value: '-5' (must be 0 or more)"),
        ("--latency", "-100", "invalid milliseconds value: '-100' (must be 0 or more)"),
        ("--latency", "inf", "invalid milliseconds value: 'inf' (must be a finite number)"),
        ("--storage-limit", "-1", "invalid byte count value: '-1' (must be 0 or more)"),
        ("--fail-rate", "1.5", "invalid fraction value: '1.5' (must be 0 to 1)"),
        ("--fail-rate", "-0.1", "invalid fraction value: '-0.1'"),
        ("--seed", "x", "invalid int value: 'x'"),
        ("--token-ttl", "0", "invalid seconds value: '0' (must be 1 or more)"),
    ],
)
def test_cli_refuses_bad_numbers_in_argparse_words(capsys, tmp_path, option, value, words):
    with pytest.raises(SystemExit) as exited:
        serve_main([option, value, "--data-dir", str(tmp_path)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: {words}" in err and err.startswith("usage: claude-files serve")
    assert list(tmp_path.iterdir()) == []  # refused before any data directory is touched


def test_installed_command_refuses_a_port_out_of_range_without_a_traceback(tmp_path):
    command = str(Path(sys.executable).with_name("claude-files"))
    done = subprocess.run(
        [command, "serve", "--port", "99999", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "argument --port: invalid port value: '99999'" in done.stderr and "Traceback" not in done.stderr


def test_cli_runs_and_stops_on_sigint(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "claude_files.server", "--port", "0", "--data-dir", str(tmp_path), "--demo-data"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("claude-files local API server listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1].strip()
        rest = proc.stdout.readline() + proc.stdout.readline()
        assert "any API key is accepted" in rest
        r = httpx2.get(url + "/v1/files", headers={"x-api-key": "anything"})
        assert r.status_code == 200 and len(r.json()["data"]) == 20
        proc.send_signal(2)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
