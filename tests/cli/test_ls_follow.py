"""`ls --follow`: files that arrive are printed as they arrive; Ctrl-C ends it with exit 130 and
whole lines only; a 429 backs off (one request a look) and is said on stderr."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import threading
from collections.abc import Callable

import pytest

from claude_files.server import LocalServer

from ..conftest import make_client_for
from .conftest import CLAUDE_FILES, cli, cli_env, seed
from .test_interrupts import wait_for


def lists_seen(server: LocalServer) -> int:
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == "/v1/files")


class Following:
    """`claude-files ls --follow …` running, its stdout read line by line as it comes."""

    def __init__(self, server: LocalServer, *args: str) -> None:
        self.process = subprocess.Popen(
            [CLAUDE_FILES, "ls", "--follow", "--interval", "0.2", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(server),
        )
        self.raw = b""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for chunk in iter(lambda: self.process.stdout.read1(65536), b""):  # type: ignore[union-attr]
            self.raw += chunk

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        wait_for(lambda: condition() or self.process.poll() is not None, 60, what)
        assert self.process.poll() is None, f"ended early: {self.process.stderr.read().decode()}"  # type: ignore[union-attr]

    def stop(self) -> tuple[int, bytes, str]:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self._reader.join(10)  # the only reader of stdout: it has everything once the pipe closed
        assert self.process.stderr is not None
        return self.process.returncode, self.raw, self.process.stderr.read().decode()


def upload(server: LocalServer, name: str) -> str:
    with make_client_for(server) as client:
        return client.files.upload(file=(name, b"made by an agent\n", "text/plain")).id


def test_follow_prints_a_new_upload_and_exits_130_on_sigint_with_whole_lines(server: LocalServer) -> None:
    before = seed(server, 5)
    following = Following(server, "--format", "jsonl")
    following.wait(lambda: lists_seen(server) >= 2, "the first looks")
    new_id = upload(server, "agent-output.txt")
    following.wait(lambda: new_id.encode() in following.raw, "the upload printed")
    other = upload(server, "second.txt")
    following.wait(lambda: other.encode() in following.raw, "the second upload printed")
    status, out, err = following.stop()
    assert status == 130, err
    assert out.endswith(b"\n"), "nothing half-printed"
    records = [json.loads(line) for line in out.decode().splitlines()]
    assert [r["id"] for r in records] == [new_id, other], "arrivals only, in the order they came"
    assert not set(before) & {r["id"] for r in records}
    assert "Traceback" not in err


def test_follow_prints_only_what_matches_the_query(server: LocalServer) -> None:
    following = Following(server, "name:*.csv", "--format", "ids")
    following.wait(lambda: lists_seen(server) >= 2, "the first looks")
    upload(server, "notes.txt")
    wanted = upload(server, "figures.csv")
    following.wait(lambda: wanted.encode() in following.raw, "the CSV printed")
    status, out, _ = following.stop()
    assert status == 130
    assert out.decode().splitlines() == [wanted]


def test_follow_with_limit_ends_by_itself(server: LocalServer) -> None:
    process = subprocess.Popen(
        [CLAUDE_FILES, "ls", "--follow", "--interval", "0.2", "--limit", "1", "--format", "ids"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(server),
    )
    wait_for(lambda: lists_seen(server) >= 2, 60, "the first looks")
    first = upload(server, "first.txt")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.splitlines() == [first]


def _rate_limited_seed(count: int) -> int:
    """A seed whose first `count` injected faults are all 429s (server/middleware.py's draw)."""
    for candidate in range(10_000):
        rng = random.Random(candidate)
        kinds = []
        for _ in range(count):
            rng.random()
            kinds.append(rng.choice(("rate_limit", "api_error", "overloaded", "drop")))
        if kinds == ["rate_limit"] * count:
            return candidate
    raise AssertionError("no such seed")


def test_follow_backs_off_on_429_and_says_so() -> None:
    with LocalServer(seed=_rate_limited_seed(2)) as server:
        following = Following(server, "--format", "ids")
        following.wait(lambda: lists_seen(server) >= 1, "the first look")
        server.set_faults(fail_rate=1.0)
        before = lists_seen(server)
        following.wait(lambda: lists_seen(server) >= before + 2, "two refused looks")
        server.set_faults(fail_rate=0)
        new_id = upload(server, "after.txt")
        following.wait(lambda: new_id.encode() in following.raw, "the upload printed after the backoff")
        status, out, err = following.stop()
    assert status == 130
    assert "Rate limited (429)" in err and "Next look in" in err and "answers again" in err
    assert out.decode().splitlines() == [new_id]


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--sort", "size"], "--sort"), (["is:duplicate"], "is:duplicate"), (["--interval", "0"], "more than 0")],
)
def test_follow_refuses_what_needs_every_file_first(server: LocalServer, args: list[str], words: str) -> None:
    result = cli(server, "ls", "--follow", *args)
    assert result.returncode == 2 and words in result.stderr


def test_follow_as_json_is_a_whole_document_after_sigint(server: LocalServer) -> None:
    following = Following(server, "--format", "json")
    following.wait(lambda: lists_seen(server) >= 2, "the first looks")
    new_id = upload(server, "agent-output.txt")
    following.wait(lambda: new_id.encode() in following.raw, "the upload printed")
    status, out, err = following.stop()
    assert status == 130, err
    assert [record["id"] for record in json.loads(out)] == [new_id], "the array is closed"


def test_sigint_before_the_first_look_still_closes_the_json_array(server: LocalServer) -> None:
    server.set_faults(latency_ms=2000)  # the first look is on its way when Ctrl-C comes
    following = Following(server, "--format", "json")
    following.wait(lambda: lists_seen(server) >= 1, "the first look sent")
    status, out, err = following.stop()
    assert status == 130, err
    assert json.loads(out) == []


def test_follow_into_head_ends_when_head_does_without_waiting_for_another_arrival(server: LocalServer) -> None:
    """`ls --follow | head -1`: found by hand, it ran on (looking every interval) until a second
    file arrived and its write hit the closed pipe; like `tail -f`, it now ends at the next look."""
    process = subprocess.Popen(
        [CLAUDE_FILES, "ls", "--follow", "--interval", "0.2", "--format", "ids"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(server),
    )
    try:
        wait_for(lambda: lists_seen(server) >= 2, 60, "the first looks")
        first = upload(server, "first.txt")
        assert process.stdout is not None
        assert process.stdout.readline().decode().strip() == first
        process.stdout.close()  # head -1 has its line and exits
        looks = lists_seen(server)
        wait_for(lambda: process.poll() is not None or lists_seen(server) >= looks + 10, 60, "it ends or looks on")
        assert process.poll() is not None, "still following into a pipe nobody reads"
        assert process.returncode == 0
        assert process.stderr is not None and "Traceback" not in process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
