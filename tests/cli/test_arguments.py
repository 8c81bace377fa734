"""Command lines as people type them: negated query terms where argparse saw options, global
options before the subcommand, and an error that says how to write what it refused."""

from __future__ import annotations

from claude_files.server import LocalServer

from .conftest import cli


def _files(srv: LocalServer) -> tuple[str, str]:
    """(an upload's id, a downloadable file's id)."""
    uploaded = srv.add_file("upload.txt", b"up", "text/plain")["id"]
    generated = srv.add_file("chart.png", b"png", "image/png", downloadable=True)["id"]
    return uploaded, generated


def test_ls_takes_a_negated_term_as_the_query(served: LocalServer) -> None:
    uploaded, _ = _files(served)
    result = cli(served, "ls", "-is:downloadable", "--format", "ids")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [uploaded]
    mixed = cli(served, "ls", "--format", "ids", "name:*.txt", "-TYPE:png")
    assert mixed.returncode == 0, mixed.stderr
    assert mixed.stdout.split() == [uploaded]


def test_rm_where_takes_a_negated_term(served: LocalServer) -> None:
    uploaded, _ = _files(served)
    for where in (["--where", "-is:downloadable"], ["--where=-is:downloadable"]):
        result = cli(served, "rm", *where, "--dry-run", "--format", "ids")
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [uploaded]


def test_du_takes_a_negated_term(served: LocalServer) -> None:
    _files(served)
    result = cli(served, "du", "-is:downloadable", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"files": 1' in result.stdout


def test_global_options_may_come_before_the_subcommand(served: LocalServer) -> None:
    uploaded, generated = _files(served)
    result = cli(served, "--base-url", served.url, "--format=ids", "-q", "ls", "--sort", "name")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [generated, uploaded]
    demo = cli(None, "--demo", "ls", "--limit", "2", "--format", "ids")
    assert demo.returncode == 0, demo.stderr
    assert len(demo.stdout.split()) == 2


def test_an_unknown_dash_word_says_how_to_write_a_query_term(served: LocalServer) -> None:
    result = cli(served, "ls", "-tmp")
    assert result.returncode == 2
    assert "a query term starting with - is written claude-files ls -- -word" in result.stderr
    where = cli(served, "rm", "--where", "-tmp", "--dry-run")
    assert where.returncode == 2
    assert "a query term starting with - is written claude-files rm --where=-word" in where.stderr


def test_help_shows_how_to_write_negated_terms_and_global_options() -> None:
    for name in ("ls", "rm", "du"):
        page = cli(None, name, "--help")
        assert "claude-files rm --where -is:downloadable" in page.stdout, name
    top = cli(None, "--help")
    assert "may come" in top.stdout and "before the subcommand" in top.stdout
