"""`get` as scripts use it: files that share a name, a folder still to create, an id that never existed."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from claude_files.server import LocalServer

from .conftest import CLAUDE_FILES, cli, cli_env, jsonl


def _charts(served: LocalServer) -> dict[str, bytes]:
    """Three downloadable files, two of them named chart.png (as code execution names them)."""
    contents = {}
    for name, data in (("chart.png", b"first chart"), ("output.csv", b"a,b\n"), ("chart.png", b"second chart")):
        contents[served.add_file(name, data, downloadable=True)["id"]] = data
    return contents


def _pipeline(served: LocalServer, cwd: Path, *get_options: str) -> subprocess.CompletedProcess[str]:
    """The README's own line: `ls is:downloadable --format ids | xargs claude-files get -o out/`."""
    get = shlex.join([CLAUDE_FILES, "get", "-o", "out/", *get_options])
    command = f"{shlex.quote(CLAUDE_FILES)} ls is:downloadable --format ids | xargs {get}"
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=cli_env(served), timeout=60)


def test_readme_pipeline_saves_files_of_one_name_under_distinct_predictable_names(served: LocalServer, tmp_path: Path) -> None:
    contents = _charts(served)
    done = _pipeline(served, tmp_path)
    assert done.returncode == 0, done.stderr
    records = jsonl(done.stdout)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["chart (1).png", "chart.png", "output.csv"]
    assert len({r["path"] for r in records}) == 3, "every record names its own path"
    for record in records:
        assert (tmp_path / record["path"]).read_bytes() == contents[record["id"]], "each record says where its bytes are"
    ids_listed = [r["id"] for r in records]
    charts = [i for i in ids_listed if contents[i].endswith(b"chart")]
    assert [r["path"] for r in records if r["id"] in charts] == ["out/chart.png", "out/chart (1).png"], "in the order given"

    again = _pipeline(served, tmp_path, "--overwrite")  # the same names again, replaced in place
    assert again.returncode == 0, again.stderr
    assert [r["path"] for r in jsonl(again.stdout)] == [r["path"] for r in records]
    assert sorted(p.name for p in out.iterdir()) == ["chart (1).png", "chart.png", "output.csv"]

    refused = _pipeline(served, tmp_path)  # no --overwrite: nothing replaced, no third chart
    assert refused.returncode == 123, "xargs: get exited 1"
    assert refused.stderr.count("already exists") == 3 and not refused.stdout
    assert sorted(p.name for p in out.iterdir()) == ["chart (1).png", "chart.png", "output.csv"]


def test_overwrite_never_replaces_what_the_same_run_saved(served: LocalServer, tmp_path: Path) -> None:
    contents = _charts(served)
    ids = [i for i, data in contents.items() if data.endswith(b"chart")]
    (tmp_path / "chart.png").write_bytes(b"an older chart")
    done = cli(served, "get", *ids, "-o", str(tmp_path), "--overwrite")
    assert done.returncode == 0, done.stderr
    records = jsonl(done.stdout)
    assert [r["path"] for r in records] == [str(tmp_path / "chart.png"), str(tmp_path / "chart (1).png")]
    assert [Path(r["path"]).read_bytes() for r in records] == [b"first chart", b"second chart"]


def test_trailing_slash_is_a_folder_created_if_missing(served: LocalServer, tmp_path: Path) -> None:
    meta = served.add_file("result.csv", b"1,2\n", downloadable=True)
    done = cli(served, "get", meta["id"], "-o", str(tmp_path / "new" / "dir") + "/")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "dir").is_dir()
    assert (tmp_path / "new" / "dir" / "result.csv").read_bytes() == b"1,2\n"
    assert jsonl(done.stdout)[0]["path"] == str(tmp_path / "new" / "dir" / "result.csv")
    (tmp_path / "plain").write_bytes(b"a file")
    refused = cli(served, "get", meta["id"], "-o", str(tmp_path / "plain") + "/")
    assert refused.returncode == 2 and "is a file, not a folder" in refused.stderr
    assert (tmp_path / "plain").read_bytes() == b"a file"


def test_an_id_that_never_existed_is_not_found_not_deleted(served: LocalServer, tmp_path: Path) -> None:
    done = cli(served, "get", "file_011CNOPE", "-o", str(tmp_path))
    assert done.returncode == 1
    assert "file_011CNOPE: not found (404)" in done.stderr
    assert "deleted elsewhere" not in done.stderr
    assert list(tmp_path.iterdir()) == []
