"""The server going away mid-`rm`: seen with `serve --synthetic 2000` killed after 250 deletes,
rm went on sending (and retrying, and checking) every remaining delete for ten minutes before
reporting 1,751 "failed". Once the server cannot be reached, nothing new is sent: the rest is
not started, said so, and the exit status is 3 (connection), as for a run that never reached it."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli_env, jsonl, seed


def test_rm_stops_sending_once_the_server_is_gone(served: LocalServer, tmp_path: Path) -> None:
    ids = seed(served, 300)
    (tmp_path / "ids").write_text("\n".join(ids))
    served.set_faults(latency_ms=50)
    with (tmp_path / "ids").open() as stdin:
        run = subprocess.Popen(
            [CLAUDE_FILES, "rm", "-", "--yes", "--concurrency", "4"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(served),
        )
    deadline = time.monotonic() + 60
    while served.file_count() > 280 and time.monotonic() < deadline:  # a named condition: some deletes went
        time.sleep(0.05)
    served.stop()
    out, err = run.communicate(timeout=120)
    statuses = [record["status"] for record in jsonl(out)]
    assert statuses.count("not_started") > 200, err[-2000:]
    assert statuses.count("failed") <= 20
    assert "cannot be reached" in err and run.returncode == 3, err[-2000:]
