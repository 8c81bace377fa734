"""P4/P4b: a 500 MB upload and download through `FilesService` vs `curl`, against `claude-files serve`.

Both clients move the same file to and from the same local server, interleaved run by run;
the figure is (curl time) / (our time) for upload+download together, medians of several runs.
Downloads are of a file the server holds as `downloadable` (seeded with `LocalServer.add_file`
into the data dir before the server starts); both sides write it to a plain local file.
P4b runs one service upload in a fresh child process and reads its peak RSS (VmHWM) before
and after: the file is streamed from an open file object, so the growth should stay small.

Run alone: `/work/venv/bin/python tests/benchmarks/bench_transfers.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import API_KEY, CLAUDE_FILES, error_line, goal_line, interleave, median

MB = 1024 * 1024
RSS_BUDGET_MB = 64
BLOCK = os.urandom(MB)


def _make_file(path: Path, size_mb: int) -> None:
    with open(path, "wb") as handle:
        for _ in range(size_mb):
            handle.write(BLOCK)


def _seed_downloadable(data_dir: Path, source: Path) -> str:
    """Put a downloadable copy of `source` in the server's data dir; returns its id."""
    from claude_files.server import LocalServer

    srv = LocalServer(data_dir=data_dir)
    try:
        meta = srv.add_file("result.bin", source.read_bytes(), "application/octet-stream", downloadable=True)
    finally:
        srv.close()
    return meta["id"]


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [CLAUDE_FILES, "serve", "--port", "0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "listening on " in line:
            return process, line.rsplit("listening on ", 1)[1].strip()
    process.kill()
    raise RuntimeError("the local server did not start")


def _curl(*args: str) -> str:
    result = subprocess.run(
        ["curl", "-sS", "--fail", "-H", f"x-api-key: {API_KEY}", "-H", "anthropic-version: 2023-06-01", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


class Runner:
    """One connected service on a private event loop, reused across runs."""

    def __init__(self, url: str, source: Path, file_id: str, scratch: Path) -> None:
        from claude_files.service import Connection, FilesService

        self.url, self.source, self.file_id, self.scratch = url, source, file_id, scratch
        self.loop = asyncio.new_event_loop()
        self.service = self.loop.run_until_complete(FilesService.connect(Connection(url, API_KEY), max_retries=0))

    def close(self) -> None:
        self.loop.run_until_complete(self.service.close())
        self.loop.close()

    def _forget(self, file_id: str) -> None:
        self.loop.run_until_complete(self.service.delete(file_id))

    def ours_up(self) -> float:
        with open(self.source, "rb") as handle:
            start = time.perf_counter()
            meta = self.loop.run_until_complete(self.service.upload(handle, "upload.bin", "application/octet-stream"))
            elapsed = time.perf_counter() - start
        self._forget(meta.id)
        return elapsed

    def curl_up(self) -> float:
        start = time.perf_counter()
        out = _curl("-X", "POST", f"{self.url}/v1/files", "-F", f"file=@{self.source}")
        elapsed = time.perf_counter() - start
        file_id = out.split('"id":', 1)[1].split('"')[1]
        self._forget(file_id)
        return elapsed

    def ours_down(self) -> float:
        target = self.scratch / "ours.bin"
        with open(target, "wb") as sink:
            start = time.perf_counter()
            self.loop.run_until_complete(self.service.download(self.file_id, sink))
            elapsed = time.perf_counter() - start
        target.unlink()
        return elapsed

    def curl_down(self) -> float:
        target = self.scratch / "curl.bin"
        start = time.perf_counter()
        _curl("-o", str(target), f"{self.url}/v1/files/{self.file_id}/content")
        elapsed = time.perf_counter() - start
        target.unlink()
        return elapsed


RSS_CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from claude_files.service import Connection, FilesService

    def hwm_kb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

    async def main(url, path):
        service = await FilesService.connect(Connection(url, sys.argv[3]), max_retries=0)
        before = hwm_kb()
        with open(path, "rb") as handle:
            meta = await service.upload(handle, "rss.bin", "application/octet-stream")
        after = hwm_kb()
        await service.delete(meta.id)
        await service.close()
        print(before, after)

    asyncio.run(main(sys.argv[1], sys.argv[2]))
    """
)


def _rss_growth_mb(url: str, source: Path) -> tuple[float, float]:
    """(growth, peak) in MB of a fresh process uploading `source` through the service."""
    out = subprocess.run(
        [sys.executable, "-c", RSS_CHILD, url, str(source), API_KEY], capture_output=True, text=True, check=True
    ).stdout.split()
    before, after = int(out[0]) / 1024, int(out[1]) / 1024
    return after - before, after


def run(quick: bool) -> list[str]:
    size_mb, runs = (200, 3) if quick else (500, 5)
    scratch = Path(tempfile.mkdtemp(prefix="claude-files-bench-transfers-"))
    lines: list[str] = []
    process = None
    try:
        source = scratch / "source.bin"
        _make_file(source, size_mb)
        data_dir = scratch / "data"
        file_id = _seed_downloadable(data_dir, source)
        process, url = _serve(data_dir)
        runner = Runner(url, source, file_id, scratch)
        try:
            ours_up, curl_up = interleave(runner.ours_up, runner.curl_up, runs)
            ours_down, curl_down = interleave(runner.ours_down, runner.curl_down, runs)
        finally:
            runner.close()
        ours = median(ours_up) + median(ours_down)
        base = median(curl_up) + median(curl_down)
        rate = lambda seconds: f"{size_mb / seconds:.0f} MB/s"  # noqa: E731
        raw = (
            f"({size_mb} MB, {runs} runs, medians: upload ours {rate(median(ours_up))} curl {rate(median(curl_up))}; "
            f"download ours {rate(median(ours_down))} curl {rate(median(curl_down))})"
        )
        lines.append(goal_line("P4", "upload+download throughput", base / ours, ">=", 0.8, raw))
    except Exception as error:  # a benchmark reports, it does not crash the suite
        lines.append(error_line("P4", "upload+download throughput", error))
    try:
        if process is None:
            raise RuntimeError("no server")
        growth, peak = _rss_growth_mb(url, scratch / "source.bin")
        raw = f"(peak RSS grew {growth:.1f} MB to {peak:.1f} MB during a {size_mb} MB upload; budget {RSS_BUDGET_MB} MB)"
        lines.append(goal_line("P4b", "peak RSS growth during 500 MB upload", growth / RSS_BUDGET_MB, "<=", 1.0, raw))
    except Exception as error:
        lines.append(error_line("P4b", "peak RSS growth during 500 MB upload", error))
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    return lines


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line)
