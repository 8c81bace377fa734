"""Item 9: the local server under load, as a separate `claude-files serve` process.

Concurrent SDK clients list (walking cursor pages), upload and delete against one data
dir with faults injected. Afterwards: no 5xx but injected ones, no lost or duplicated
rows, consistent pages, and a restart on the same data dir finds everything intact.
"""

from __future__ import annotations

import random
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import anthropic
import pytest

from claude_files.server import LocalServer

from .tmux import CLAUDE_FILES

SEEDED = 150
FAIL_RATE = 0.05


class ServeProcess:
    """`claude-files serve` on a free port; `stop()` sends SIGTERM and waits."""

    def __init__(self, data_dir: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [CLAUDE_FILES, "serve", "--port", "0", "--data-dir", str(data_dir), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        assert "listening on " in line, line + self.proc.stderr.read()
        self.url = line.rsplit(" ", 1)[-1].strip()

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        assert self.proc.returncode == 0, err
        return err


@dataclass
class Tally:
    ops: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    uploaded: dict[str, int] = field(default_factory=dict)  # id → size, confirmed by the server
    deleted: set[str] = field(default_factory=set)  # confirmed (200, or 404 on a retry after a drop)
    maybe_deleted: set[str] = field(default_factory=set)  # connection dropped mid-delete
    page_problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="k", base_url=url, max_retries=0, timeout=30)


def _classify(tally: Tally, error: Exception) -> None:
    with tally.lock:
        if isinstance(error, anthropic.APIConnectionError):
            tally.injected["drop"] += 1
        elif isinstance(error, anthropic.APIStatusError) and "(injected fault)" in str(error.message):
            tally.injected[str(error.status_code)] += 1
        else:
            tally.unexpected.append(f"{type(error).__name__}: {error}")


def _walk_pages(client: anthropic.Anthropic, tally: Tally, rng: random.Random) -> None:
    """Up to three pages; within one walk, no id twice and strictly newest-first."""
    seen: list[tuple[str, str]] = []
    page = client.beta.files.list(limit=rng.choice((7, 20, 50)))
    for _ in range(3):
        seen += [(f.created_at.isoformat(), f.id) for f in page.data]
        if not page.has_next_page():
            break
        page = page.get_next_page()
    ids = [i for _, i in seen]
    if len(ids) != len(set(ids)) or seen != sorted(seen, reverse=True):
        with tally.lock:
            tally.page_problems.append(f"{len(ids)} ids, {len(ids) - len(set(ids))} repeated")


def _worker(url: str, seed: int, stop_at: float, tally: Tally) -> None:
    rng = random.Random(seed)
    mine: list[str] = []
    with _client(url) as client:
        while time.monotonic() < stop_at:
            roll = rng.random()
            op = "list" if roll < 0.4 else "upload" if roll < 0.75 or not mine else "delete"
            try:
                if op == "list":
                    _walk_pages(client, tally, rng)
                elif op == "upload":
                    size = rng.randint(1, 20_000)
                    meta = client.beta.files.upload(
                        file=(f"c{seed}-{len(mine)}.bin", rng.randbytes(size), "application/octet-stream")
                    )
                    assert meta.size_bytes == size
                    mine.append(meta.id)
                    with tally.lock:
                        tally.uploaded[meta.id] = size
                else:
                    victim = mine.pop(rng.randrange(len(mine)))
                    _delete(client, victim, tally)
                with tally.lock:
                    tally.ops[op] += 1
            except Exception as error:  # every outcome is classified
                _classify(tally, error)


def _delete(client: anthropic.Anthropic, file_id: str, tally: Tally) -> None:
    try:
        client.beta.files.delete(file_id)
    except anthropic.APIConnectionError:
        with tally.lock:
            tally.injected["drop"] += 1
            tally.maybe_deleted.add(file_id)  # a drop may come after the delete was done
        return
    except anthropic.APIStatusError as error:
        if "(injected fault)" in str(error.message):
            with tally.lock:
                tally.injected[str(error.status_code)] += 1
                tally.maybe_deleted.add(file_id)
            return
        raise
    with tally.lock:
        tally.deleted.add(file_id)


def _all_rows(url: str) -> dict[str, int]:
    with anthropic.Anthropic(api_key="k", base_url=url, max_retries=0) as client:
        rows = [(f.id, f.size_bytes) for f in client.beta.files.list(limit=97)]  # auto-paginates
    assert len(rows) == len({i for i, _ in rows}), "a row was listed twice"
    return dict(rows)


def run_load(tmp_path: Path, clients: int, seconds: float) -> dict:
    data = tmp_path / "data"
    with LocalServer(data_dir=data) as seeder:
        initial = {seeder.add_file(f"seed-{i}.txt", b"x" * (i + 1), "text/plain")["id"]: i + 1 for i in range(SEEDED)}
    server = ServeProcess(data, "--fail-rate", str(FAIL_RATE), "--seed", "5")
    tally = Tally()
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=_worker, args=(server.url, n, stop_at, tally)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - started
    err = server.stop()
    assert "Traceback" not in err, err

    restarted = ServeProcess(data)  # no faults: read back exactly what is on disk
    try:
        rows = _all_rows(restarted.url)
    finally:
        restarted.stop()
    assert tally.unexpected == [], tally.unexpected[:5]
    assert tally.page_problems == [], tally.page_problems[:5]
    expected = {**initial, **tally.uploaded}
    for gone in tally.deleted:
        expected.pop(gone)
    unsure = {i for i in tally.maybe_deleted if i in expected}
    assert set(rows) - unsure == set(expected) - unsure, "rows lost or invented"
    assert all(rows[i] == expected[i] for i in rows), "a row's size changed"
    blobs = {p.name for p in (data / "blobs").iterdir()}
    assert blobs == set(rows), "every row has its blob and no blob is orphaned"
    assert not any((data / "tmp").iterdir())
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "ops": dict(tally.ops),
        "injected": dict(tally.injected),
        "uploaded": len(tally.uploaded),
        "deleted": len(tally.deleted),
        "unsure": len(unsure),
        "rows_after": len(rows),
    }


def test_load_short(tmp_path):
    result = run_load(tmp_path, clients=10, seconds=5)
    assert sum(result["ops"].values()) > 100 and sum(result["injected"].values()) > 0, result
    print(result)


@pytest.mark.slow
def test_load_50_clients_30_seconds(tmp_path):
    result = run_load(tmp_path, clients=50, seconds=30)
    assert sum(result["ops"].values()) > 1000, result
    print(result)
