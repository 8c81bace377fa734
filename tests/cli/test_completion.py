"""`claude-files completion SHELL`: the bash script sourced in a real bash and asked what it
completes; zsh and fish checked by their own shells when installed. `--version` names the SDK
and Textual it runs on without importing either."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from claude_files.commands import SUBCOMMANDS
from claude_files.commands.common import FORMATS
from claude_files.model.query.vocabulary import IS_VALUES, KEYS

from .conftest import cli

ASK = r"""
source "$1"
ask() {
    COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    _claude_files
    echo "${COMPREPLY[*]}"
}
complete -p claude-files
"""


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = cli(None, "completion", "bash")
    assert result.returncode == 0, result.stderr
    path = tmp_path_factory.mktemp("completion") / "claude-files.bash"
    path.write_text(result.stdout)
    return path


def _completions(script: Path, *lines: str) -> list[str]:
    calls = "\n".join(f"ask {line!r}" for line in lines)
    done = subprocess.run(["bash", "-c", ASK + calls, "bash", str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and not done.stderr, done.stderr
    registered, *answers = done.stdout.splitlines()
    assert registered.endswith("-F _claude_files claude-files")
    return answers


def test_bash_completes_subcommands_options_formats_and_query_keys(bash_script: Path) -> None:
    top, sub, option, formats, keys, values, negated, where, shells, globals_first = _completions(
        bash_script,
        "claude-files ",
        "claude-files d",
        "claude-files put --skip",
        "claude-files ls --format ",
        "claude-files ls ",
        "claude-files du is:",
        "claude-files ls -is:dup",
        "claude-files rm --where -ty",
        "claude-files completion ",
        "claude-files --demo ls --so",
    )
    assert top.split() == [*SUBCOMMANDS, "serve", "web", "completion"]
    assert sub.split() == ["du"]
    assert option.split() == ["--skip-duplicates"]
    assert formats.split() == list(FORMATS)
    assert {f"{key}:" for key in KEYS if key != "age"} <= set(keys.split())
    assert values.split() == [value for value in IS_VALUES if value != "marked"]
    assert negated.split() == ["duplicate"]  # bash keeps the "-is:" typed and adds the rest
    assert where.split() == ["-type:"]
    assert shells.split() == ["bash", "zsh", "fish"]
    assert globals_first.split() == ["--sort"]


def test_every_subcommands_options_are_in_the_script(bash_script: Path) -> None:
    text = bash_script.read_text()
    for name in (*SUBCOMMANDS, "serve", "web"):
        page = cli(None, name, "--help").stdout
        for word in page.split():
            option = word.strip("[],")
            if option.startswith("--") and option[2:].replace("-", "").isalpha():
                assert option in text, (name, option)


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_parses_and_offers_the_formats(tmp_path: Path) -> None:
    result = cli(None, "completion", "zsh")
    assert result.returncode == 0
    check = subprocess.run(["zsh", "-n"], input=result.stdout, capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    script = tmp_path / "claude-files.zsh"
    script.write_text(result.stdout)
    line = "claude-files ls --format "
    ask = (  # as bashcompinit calls it; zsh itself then filters by what is typed
        f'source {script}; COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=(claude-files ls --format "");'
        ' COMP_CWORD=3; _claude_files; print -r -- "${COMPREPLY[*]}"'
    )
    asked = subprocess.run(["zsh", "-f", "-c", ask], capture_output=True, text=True, timeout=30)
    assert asked.returncode == 0 and not asked.stderr, asked.stderr
    assert asked.stdout.split() == list(FORMATS)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_formats_from_the_script(tmp_path: Path) -> None:
    result = cli(None, "completion", "fish")
    assert result.returncode == 0
    script = tmp_path / "claude-files.fish"
    script.write_text(result.stdout)
    asked = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C 'claude-files ls --format '"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert asked.returncode == 0, asked.stderr
    assert sorted(line.split("\t")[0] for line in asked.stdout.splitlines()) == sorted(FORMATS)


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = cli(None, "completion", "tcsh")
    assert result.returncode == 2 and "invalid choice: 'tcsh'" in result.stderr


def test_version_names_the_sdk_and_textual_without_importing_them() -> None:
    result = cli(None, "--version")
    assert result.returncode == 0
    assert f"anthropic SDK {version('anthropic')}" in result.stdout and f"Textual {version('textual')}" in result.stdout
    code = (
        "import sys\nfrom claude_files.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'anthropic'}))"
    )
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert imported.stdout.strip().splitlines()[-1] == "[]"
