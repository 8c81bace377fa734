"""`rm`'s guards: a blank rule, a rule taking every file listed, --max-delete, and declining at the prompt."""

from __future__ import annotations

import os
import subprocess
from datetime import timedelta
from pathlib import Path

from claude_files.server import LocalServer
from claude_files.server.fields import dt_to_us, new_id
from claude_files.server.storage import SyntheticRow

from .conftest import CLAUDE_FILES, NOW, cli, cli_env, jsonl, seed, server_ids

BLANK_RULES = [" ", "\t", '""', "\"\" ''", " " + " "]  # the last: `--where "$AGE $SIZE"`, both empty


def test_a_rule_with_no_terms_deletes_nothing_and_exits_2(served: LocalServer) -> None:
    ids = seed(served, 5)
    runs = [(rule, "--yes") for rule in BLANK_RULES] + [('""', "--yes", "--all"), (" ", "--dry-run")]
    for rule, *extra in runs:
        result = cli(served, "rm", "--where", rule, *extra)
        assert result.returncode == 2, (rule, extra, result.stderr)
        assert "no terms" in result.stderr and not result.stdout
    assert server_ids(served) == ids


def test_ls_and_du_still_read_a_blank_query_as_every_file(served: LocalServer) -> None:
    ids = seed(served, 4)
    for rule in (" ", '""'):
        listed = cli(served, "ls", rule, "--format", "ids")
        assert listed.returncode == 0 and listed.stdout.split() == ids, rule
        counted = cli(served, "du", rule, "--format", "json")
        assert counted.returncode == 0 and '"files": 4' in counted.stdout, rule


def test_a_rule_taking_every_listed_file_needs_all(served: LocalServer) -> None:
    ids = seed(served, 6)
    for rule in ("size>=0", "name:*", "bulk"):
        refused = cli(served, "rm", "--where", rule, "--yes")
        assert refused.returncode == 2 and "--all" in refused.stderr and not refused.stdout
    assert server_ids(served) == ids, "nothing deleted"
    rule = "name:*"
    dry = cli(served, "rm", "--where", rule, "--dry-run", "--format", "ids")
    assert dry.returncode == 0 and sorted(dry.stdout.split()) == sorted(ids)
    assert "refused" in dry.stderr and "--all" in dry.stderr
    done = cli(served, "rm", "--where", rule, "--yes", "--all")
    assert done.returncode == 0, done.stderr
    assert server_ids(served) == []


def test_a_rule_leaving_one_file_needs_no_all(served: LocalServer) -> None:
    ids = seed(served, 6)
    result = cli(served, "rm", f"--where=-id={ids[0]}", "--yes")
    assert result.returncode == 0, result.stderr
    assert server_ids(served) == ids[:1]


def test_server_narrowing_scope_counts_the_session_and_exact_ids_need_no_all(served: LocalServer) -> None:
    """scope:S lists only S's files, so taking all of them needs --all; id=a,b names each file, as `rm a b`."""
    start = dt_to_us(NOW - timedelta(days=1))
    session = [new_id() for _ in range(3)]
    served.storage.add_synthetic(
        SyntheticRow(file_id, f"out-{n}.csv", "text/csv", 10, start + n, True, "sesn_guard") for n, file_id in enumerate(session)
    )
    others = seed(served, 4, "keep")
    refused = cli(served, "rm", "--where", "scope:sesn_guard", "--yes")
    assert refused.returncode == 2 and "every file of session sesn_guard" in refused.stderr
    assert len(server_ids(served)) == 7
    pair = cli(served, "rm", "--where", f"id={others[0]},{others[1]}", "--yes")
    assert pair.returncode == 0, pair.stderr
    done = cli(served, "rm", "--where", "scope:sesn_guard", "--yes", "--all")
    assert done.returncode == 0, done.stderr
    assert sorted(server_ids(served)) == sorted(others[2:])


def test_max_delete_refuses_more_than_n_before_deleting_any(served: LocalServer) -> None:
    doomed = seed(served, 10, "tmp")
    kept = seed(served, 2, "keep")
    over = cli(served, "rm", "--where", "name:tmp-*", "--yes", "--max-delete", "9")
    assert over.returncode == 2 and "more than --max-delete allows (9)" in over.stderr and not over.stdout
    piped = cli(served, "rm", "-", "--yes", "--max-delete", "3", input="\n".join(doomed))
    assert piped.returncode == 2 and "10 files would be deleted" in piped.stderr
    assert len(server_ids(served)) == 12, "nothing deleted"
    for bad in ("0", "lots"):
        assert cli(served, "rm", "--where", "name:tmp-*", "--yes", "--max-delete", bad).returncode == 2
    done = cli(served, "rm", "--where", "name:tmp-*", "--yes", "--max-delete", "10")
    assert done.returncode == 0, done.stderr
    assert sorted(server_ids(served)) == sorted(kept)


def test_max_delete_in_the_settings_file_applies_to_cron_runs(served: LocalServer, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"max_delete": 4}')
    seed(served, 5, "tmp")
    kept = seed(served, 1, "keep")
    over = cli(served, "rm", "--where", "name:tmp-*", "--yes", CLAUDE_FILES_CONFIG=str(config))
    assert over.returncode == 2 and f"max_delete in {config}" in over.stderr and "--max-delete N|none" in over.stderr
    assert len(server_ids(served)) == 6
    config.write_text('{"max_delete": "4"}')  # unreadable: refused rather than ignored
    wrong = cli(served, "rm", "--where", "name:tmp-*", "--yes", CLAUDE_FILES_CONFIG=str(config))
    assert wrong.returncode == 2 and "must be a whole number" in wrong.stderr
    assert len(server_ids(served)) == 6
    lifted = cli(served, "rm", "--where", "name:tmp-*", "--yes", "--max-delete", "none", CLAUDE_FILES_CONFIG=str(config))
    assert lifted.returncode == 0, lifted.stderr
    assert server_ids(served) == kept


def test_a_settings_file_that_does_not_parse_is_refused_not_read_as_no_limit(served: LocalServer, tmp_path: Path) -> None:
    """A trailing comma in config.json must not lift the cron cap: rm refuses until it is fixed or overridden."""
    config = tmp_path / "config.json"
    config.write_text('{"max_delete": 2,}')
    seed(served, 5, "tmp")
    kept = seed(served, 1, "keep")
    broken = cli(served, "rm", "--where", "name:tmp-*", "--yes", CLAUDE_FILES_CONFIG=str(config))
    assert broken.returncode == 2 and str(config) in broken.stderr and "--max-delete N|none" in broken.stderr
    assert len(server_ids(served)) == 6, "nothing deleted"
    given = cli(served, "rm", "--where", "name:tmp-*", "--yes", "--max-delete", "5", CLAUDE_FILES_CONFIG=str(config))
    assert given.returncode == 0, given.stderr
    assert server_ids(served) == kept


def test_declining_at_the_prompt_exits_4(served: LocalServer) -> None:
    """No at the prompt is not "some item failed" (1): nothing was done, and a script can tell."""
    ids = seed(served, 2)
    controller, terminal = os.openpty()
    try:
        os.write(controller, b"n\n")  # waits in the terminal's line buffer until rm reads it
        result = subprocess.run(
            [CLAUDE_FILES, "rm", ids[0]], stdin=terminal, capture_output=True, text=True, env=cli_env(served), timeout=60
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert "[y/N]" in result.stderr and "Nothing deleted." in result.stderr
    assert result.returncode == 4 and not jsonl(result.stdout)
    assert server_ids(served) == ids


def _rm_on_a_terminal(served: LocalServer, *args: str, answer: bytes = b"n\n") -> subprocess.CompletedProcess[str]:
    controller, terminal = os.openpty()
    try:
        os.write(controller, answer)  # waits in the terminal's line buffer until rm reads it
        return subprocess.run(
            [CLAUDE_FILES, "rm", *args], stdin=terminal, capture_output=True, text=True, env=cli_env(served), timeout=60
        )
    finally:
        os.close(terminal)
        os.close(controller)


def test_the_prompt_asks_in_the_tuis_words(served: LocalServer) -> None:
    """rm asks with the TUI's confirmation (model/confirmation.py): where, then a rule's figures
    or the one file in full; the prompt said only the count and the bytes before."""
    ids = seed(served, 3)
    kept = seed(served, 1, "keep")  # so the rule does not take every file (that needs --all)
    ruled = _rm_on_a_terminal(served, "--where", "name:bulk-*")
    assert f"In workspace default on 127.0.0.1:{served.port}" in ruled.stderr
    assert "selected by “name:bulk-*”" in ruled.stderr and "created " in ruled.stderr
    assert "Delete 3 files? [y/N]" in ruled.stderr and ruled.returncode == 4
    one = _rm_on_a_terminal(served, ids[0])
    assert f"id       {ids[0]}" in one.stderr and "Delete this file? [y/N]" in one.stderr
    assert sorted(server_ids(served)) == sorted(ids + kept)


def test_above_one_hundred_files_the_count_is_typed(served: LocalServer) -> None:
    """The TUI's threshold: a `y` does not delete 101 files, the typed count does."""
    seed(served, 101)
    kept = seed(served, 1, "keep")  # so the rule does not take every file (that needs --all)
    refused = _rm_on_a_terminal(served, "--where", "name:bulk-*", answer=b"y\n")
    assert "Type 101 to confirm:" in refused.stderr and refused.returncode == 4
    assert len(server_ids(served)) == 102
    typed = _rm_on_a_terminal(served, "--where", "name:bulk-*", answer=b"101\n")
    assert typed.returncode == 0, typed.stderr
    assert server_ids(served) == kept
