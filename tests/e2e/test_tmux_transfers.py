"""The transfers issue's "done when", typed into the installed command in tmux against `claude-files serve`:
`u`, a path, Enter — the file appears; `/` to a downloadable file, `s`, Enter — saved byte-exact in the
working directory; `d`, Enter — nothing is deleted; `d`, `y` — it is gone.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import anthropic
import pytest

from .tmux_session import TmuxSession, installed_command, requires_tmux

pytestmark = [pytest.mark.tmux, requires_tmux]
LISTENING = re.compile(r"listening on (http://\S+)")


@pytest.fixture
def served(tmp_path) -> Iterator[str]:
    """`claude-files serve --port 0` with the demo files in a temp data dir; yields its URL."""
    process = subprocess.Popen(
        [installed_command(), "serve", "--port", "0", "--data-dir", str(tmp_path / "data"), "--demo-data"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        assert process.stdout is not None
        for line in process.stdout:
            match = LISTENING.search(line)
            if match:
                url = match.group(1)
                break
        assert url, "the server never said where it listens"
        yield url
    finally:
        process.terminate()
        process.wait(15)


def test_upload_download_delete_as_a_person_would(served, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    payload = os.urandom(200_000)
    (work / "upload-me.bin").write_bytes(payload)
    client = anthropic.Anthropic(base_url=served, api_key="test-key", max_retries=0)
    session = TmuxSession(
        f"cd {work} && {installed_command()}; echo EXITED; sleep 30",
        env={
            "CLAUDE_FILES_CONFIG": str(tmp_path / "config.json"),
            "ANTHROPIC_API_KEY": "test-key",
            "ANTHROPIC_BASE_URL": served,
        },
    )
    try:
        session.wait_for("summary.xlsx")

        # upload: u, a path (Tab completes it), Enter
        session.send("u")
        session.wait_for("Enter uploads")
        session.type("upl")
        session.send("Tab")
        session.wait_for("upload-me.bin")
        session.send("Enter")
        session.wait_for("Uploaded upload-me.bin")
        uploaded = [f for f in client.beta.files.list() if f.filename == "upload-me.bin"]
        assert len(uploaded) == 1 and uploaded[0].size_bytes == len(payload)

        # download: / to a downloadable file, s, Enter
        session.send("/")
        session.wait_for("filter: a name, or a query")
        session.type("analysis")
        session.wait_for("1 of all 26 match")
        session.send("Enter")
        session.send("s")
        session.wait_for("Save analysis_results.csv")
        session.send("Enter")
        session.wait_for("Saved")
        file_id = next(f.id for f in client.beta.files.list() if f.filename == "analysis_results.csv")
        expected = client.beta.files.download(file_id).read()
        assert (work / "analysis_results.csv").read_bytes() == expected
        assert sorted(path.name for path in work.iterdir()) == ["analysis_results.csv", "upload-me.bin"]

        # delete: d, Enter keeps it; d, y deletes it
        session.send("d")
        session.wait_for("Delete this file?")
        session.send("Enter")
        session.wait_gone("Delete this file?")
        assert client.beta.files.retrieve_metadata(file_id).id == file_id
        session.send("d")
        session.wait_for("Delete this file?")
        session.send("y")
        session.wait_for("Deleted analysis_results.csv")
        with pytest.raises(anthropic.NotFoundError):
            client.beta.files.retrieve_metadata(file_id)
        assert "Traceback" not in session.screen()
    finally:
        session.close()
        client.close()
