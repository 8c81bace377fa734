"""`ls` and `info` through the installed command: outputs checked against the server's state."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from claude_files.commands import SUBCOMMANDS
from claude_files.server import LocalServer

from ..conftest import make_client_for
from .conftest import CLAUDE_FILES, cli, jsonl, seed, server_ids


def test_help_lists_subcommands_and_each_has_examples_and_exit_statuses() -> None:
    top = cli(None, "--help")
    assert top.returncode == 0
    for name in (*SUBCOMMANDS, "serve"):
        assert f"  {name} " in top.stdout
    for name in SUBCOMMANDS:
        page = cli(None, name, "--help")
        assert page.returncode == 0, page.stderr
        flat = " ".join(page.stdout.split())
        assert "examples:" in flat and f"claude-files {name}" in flat
        for status in (
            "0 all done",
            "1 some item failed",
            "2 usage or query error",
            "3 credentials or connection",
            "130 interrupted",
        ):
            assert status in flat, (name, status)
        for option in ("--profile", "--workspace", "--base-url", "--demo", "--format", "--quiet"):
            assert option in flat


def test_subcommands_never_import_textual(served: LocalServer) -> None:
    """Lean start-up (C2): every subcommand, run in one process, imports the SDK and its own modules, never Textual."""
    runs = [
        ["ls", "name:*.txt", "--limit", "1"],
        ["rm", "--where", "size>1", "--dry-run"],
        ["info", "file_x"],
        ["get", "file_x"],
        ["ask", "file_x", "q"],
        ["put", "/nonexistent"],
    ]
    code = (
        "import sys; from claude_files.cli import main\n"
        f"for args in {runs!r}:\n    main(args)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(served), timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr


def _env(srv: LocalServer) -> dict[str, str]:
    from .conftest import cli_env

    return cli_env(srv)


def test_ls_lists_every_page_in_the_servers_order(served: LocalServer) -> None:
    ids = seed(served, 2345)
    result = cli(served, "ls", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == server_ids(served) == ids


def test_ls_jsonl_records_are_the_api_fields_unchanged(served: LocalServer) -> None:
    served.add_file("notes.md", b"# hi\n", downloadable=True)
    seed(served, 3)
    result = cli(served, "ls")  # piped: jsonl by default
    assert result.returncode == 0
    with make_client_for(served) as client:
        expected = [f.to_dict(mode="json") for f in client.files.list(limit=1000)]
    assert jsonl(result.stdout) == expected
    assert set(expected[0]) >= {"id", "filename", "mime_type", "size_bytes", "created_at", "type", "downloadable"}


def test_ls_query_limit_and_sorts(served: LocalServer) -> None:
    seed(served, 30, "alpha")
    seed(served, 20, "beta")
    beta = cli(served, "ls", "name:beta-*", "--format", "ids")
    assert len(beta.stdout.split()) == 20
    assert cli(served, "ls", "--limit", "7", "--format", "ids").stdout.split() == server_ids(served)[:7]
    rows = jsonl(cli(served, "ls", "--sort", "size", "--limit", "3").stdout)
    assert [r["size_bytes"] for r in rows] == [129, 128, 127]
    oldest = cli(served, "ls", "--sort", "oldest", "--format", "ids").stdout.split()
    assert oldest == server_ids(served)[::-1]
    names = [r["filename"] for r in jsonl(cli(served, "ls", "--sort", "name").stdout)]
    assert names == sorted(names, key=str.casefold)


def test_ls_formats_json_csv_table(served: LocalServer) -> None:
    ids = seed(served, 4)
    as_json = json.loads(cli(served, "ls", "--format", "json").stdout)
    assert [r["id"] for r in as_json] == ids
    table = list(csv.DictReader(io.StringIO(cli(served, "ls", "--format", "csv").stdout)))
    assert [r["id"] for r in table] == ids and table[0]["size_bytes"] == "103"
    text = cli(served, "ls", "--format", "table").stdout.splitlines()
    assert text[0].split() == ["ID", "SIZE", "CREATED", "NAME"] and ids[0] in text[1]
    assert json.loads(cli(served, "ls", "nothing-matches-this", "--format", "json").stdout) == []


def test_ls_bad_query_is_a_usage_error_pointing_at_the_term(served: LocalServer) -> None:
    result = cli(served, "ls", "sise>3")
    assert result.returncode == 2 and not result.stdout
    assert "size" in result.stderr and "^^^^" in result.stderr and "Traceback" not in result.stderr


def test_info_reports_missing_ids_and_exits_1(served: LocalServer) -> None:
    ids = seed(served, 3)
    result = cli(served, "info", ids[0], "file_doesnotexist", ids[2])
    assert result.returncode == 1
    assert [r["id"] for r in jsonl(result.stdout)] == [ids[0], ids[2]]
    assert "file_doesnotexist" in result.stderr and "no such file" in result.stderr
    ok = cli(served, "info", ids[1], "--format", "table")
    assert ok.returncode == 0 and f"id:           {ids[1]}" in ok.stdout


def test_connection_and_credential_failures_exit_3_without_the_key(served: LocalServer, tmp_path) -> None:
    with LocalServer(api_key="the-only-key") as strict:
        refused = cli(strict, "ls")
    assert refused.returncode == 3 and "401" in refused.stderr
    assert "(and --workspace), then retry." in refused.stderr and "press" not in refused.stderr  # the CLI's words
    from .conftest import KEY

    assert KEY not in refused.stderr + refused.stdout and "Traceback" not in refused.stderr
    nobody = cli(None, "ls", "--base-url", served.url, ANTHROPIC_CONFIG_DIR=str(tmp_path))
    assert nobody.returncode == 3 and "Traceback" not in nobody.stderr
    unreachable = cli(None, "ls", "--base-url", "http://127.0.0.1:9", ANTHROPIC_API_KEY="k")
    assert unreachable.returncode == 3 and "Cannot reach" in unreachable.stderr
    assert "Check the network or ANTHROPIC_BASE_URL, then retry." in unreachable.stderr


def test_demo_option_runs_against_the_embedded_demo_server() -> None:
    result = cli(None, "ls", "--demo", "type:pdf", "--format", "ids")
    assert result.returncode == 0 and len(result.stdout.split()) >= 1


def test_console_script_is_the_installed_one() -> None:
    assert CLAUDE_FILES.endswith("claude-files")


def test_ask_streams_the_answer_then_citations_and_usage(served: LocalServer) -> None:
    doc = served.add_file("policy.txt", b"Refunds are accepted within 30 days of purchase.\nShipping is free over 50 dollars.\n")
    result = cli(served, "ask", doc["id"], "What is the refund window?")
    assert result.returncode == 0, result.stderr
    assert "Refunds are accepted within 30 days" in result.stdout and "Cited passages:" in result.stdout
    assert "tokens:" in result.stderr and "tokens:" not in result.stdout
    record = json.loads(cli(served, "ask", doc["id"], "refund?", "--format", "json").stdout)
    assert record["file_id"] == doc["id"] and record["citations"] and record["usage"]["output_tokens"] > 0
    missing = cli(served, "ask", "file_nope", "hello")
    assert missing.returncode == 1 and "no such file" in missing.stderr
