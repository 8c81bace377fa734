"""`claude-files completion bash|zsh|fish`: a completion script read from the argparse parsers
themselves and the query language's keys, so it names every option and value that exists.

    source <(claude-files completion bash)        # ~/.bashrc
    source <(claude-files completion zsh)         # ~/.zshrc (through bashcompinit)
    claude-files completion fish | source         # ~/.config/fish/config.fish
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")
QUERY_TAKERS = ("ls", "du")  # a positional QUERY; rm takes one after --where


@dataclass
class Command:
    """One subcommand (or the top level, named ""): its options and the values some take."""

    name: str
    words: str
    options: list[str] = field(default_factory=list)
    takes_value: list[str] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    helps: dict[str, str] = field(default_factory=dict)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claude-files completion",
        description="Print a shell completion script: subcommands, options, --format values and query keys.",
        epilog=(
            "bash:  source <(claude-files completion bash)    (in ~/.bashrc)\n"
            "zsh:   source <(claude-files completion zsh)     (in ~/.zshrc)\n"
            "fish:  claude-files completion fish | source     (in ~/.config/fish/config.fish)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    return parser


def completion_main(argv: list[str]) -> int:
    shell = build_parser().parse_args(argv).shell
    commands = known_commands()
    script = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[shell](commands, query_words())
    sys.stdout.write(script)
    return 0


def known_commands() -> list[Command]:
    """The top level and every subcommand, from the parsers `claude-files` itself parses with."""
    from .commands import SUBCOMMANDS
    from .server.cli import build_parser as serve_parser
    from .tui_options import tui_parser
    from .web import web_parser

    tui = tui_parser()
    commands = [_command("", "", tui)]
    for name, words in SUBCOMMANDS.items():
        module = importlib.import_module(f".commands.{name}", __package__)
        commands.append(_command(name, words, module.build_parser()))
    commands.append(_command("serve", "run the local API server alone", serve_parser()))
    web = _command("web", "serve the TUI to a browser tab (loopback only)", web_parser())
    _merge(web, _command("", "", tui))  # every other option of `web` is the TUI's
    commands.append(web)
    commands.append(_command("completion", "print a shell completion script", build_parser()))
    return commands


def query_words() -> list[str]:
    """What a query term starts with: each key that takes `:`, the `is:` values, and their
    negations. Not `>` or `<`: a completed `size>` would be a redirection unless quoted."""
    from .model.query.vocabulary import IS_VALUES, KEYS, OPS_BY_KEY

    words = [f"{key}:" for key in KEYS if ":" in OPS_BY_KEY.get(key, ())]
    words += [f"is:{value}" for value in IS_VALUES if value != "marked"]  # a script has no marks
    return words + [f"-{word}" for word in words]


def _command(name: str, words: str, parser: argparse.ArgumentParser) -> Command:
    command = Command(name, words)
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its options nowhere public
        if not action.option_strings:
            if action.choices and name == "completion":
                command.choices[""] = [str(choice) for choice in action.choices]
            continue
        command.options += action.option_strings
        for option in action.option_strings:
            command.helps[option] = (action.help or "").replace("%%", "%")
        if action.nargs != 0:
            command.takes_value += action.option_strings
        if action.choices:
            for option in action.option_strings:
                command.choices[option] = [str(choice) for choice in action.choices]
    return command


def _merge(into: Command, other: Command) -> None:
    for option in other.options:
        if option not in into.options and option not in ("-h", "--help", "--version"):
            into.options.append(option)
            into.helps[option] = other.helps.get(option, "")
            if option in other.takes_value:
                into.takes_value.append(option)
            if option in other.choices:
                into.choices[option] = other.choices[option]


# --- bash (zsh reuses it through bashcompinit) ---------------------------------------------


def bash_script(commands: list[Command], query: list[str]) -> str:
    names = [command.name for command in commands if command.name]
    lines = [
        "# claude-files completion for bash (generated by `claude-files completion bash`)",
        "_claude_files() {",
        "    # cur and prev from the line itself (COMP_WORDS splits `is:uploaded` at the colon); written",
        "    # to run in bash and in zsh's bashcompinit alike.",
        '    local line="${COMP_LINE:0:$COMP_POINT}" cur rest prev sub="" word words="" i=0',
        '    cur="${line##*[[:space:]]}"',
        '    rest="${line%"$cur"}"',
        '    rest="${rest%"${rest##*[![:space:]]}"}"',
        '    prev="${rest##*[[:space:]]}"',
        '    for word in "${COMP_WORDS[@]}"; do',
        "        (( i++ < COMP_CWORD )) || break",
        '        case "$word" in',
        f'            {"|".join(names)}) sub="$word"; break ;;',
        "        esac",
        "    done",
        '    case "$sub" in',
    ]
    for command in commands:
        valued = {option: values for option, values in command.choices.items() if option}
        if command.name == "rm":
            valued["--where"] = query
        pattern = command.name or '""'
        lines.append(f"        {pattern})")
        lines.append('            case "$prev" in')
        lines += [f"                {option}) words={shlex.quote(' '.join(values))} ;;" for option, values in valued.items()]
        plain = [option for option in command.takes_value if option not in valued]
        if plain:
            lines.append(f"                {'|'.join(plain)}) return 0 ;;  # a value of the user's own (or a path)")
        positional = list(command.choices.get("", []))
        if not command.name:
            positional += names
        if command.name in QUERY_TAKERS:
            positional += query
        lines += [
            "                *)",
            '                    if [[ "$cur" == --* || ( "$cur" == -* && "$cur" != -*[:=]* ) ]]; then',
            f"                        words={shlex.quote(' '.join(command.options))}",
            f"                    else words={shlex.quote(' '.join(positional))}; fi ;;",
            "            esac ;;",
        ]
    lines += [
        "    esac",
        '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        '    if [[ "$cur" == *[:=]* && "$COMP_WORDBREAKS" == *:* ]]; then  # bash replaces only what follows the last : or =',
        '        local typed="${cur%"${cur##*[:=]}"}"',
        "        local -a rest=()",
        '        for word in "${COMPREPLY[@]}"; do [[ "$word" != "$typed" ]] && rest+=("${word#"$typed"}"); done',
        '        COMPREPLY=("${rest[@]}")',
        "    fi",
        '    [[ ${#COMPREPLY[@]} -eq 1 && "${COMPREPLY[0]}" == *[:=] ]] && compopt -o nospace 2>/dev/null',
        "    return 0",
        "}",
        "complete -o default -F _claude_files claude-files",
        "",
    ]
    return "\n".join(lines)


def zsh_script(commands: list[Command], query: list[str]) -> str:
    return (
        "# claude-files completion for zsh (generated by `claude-files completion zsh`)\n"
        "autoload -U +X compinit && { (( $+functions[compdef] )) || compinit; }\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(commands, query)
    )


# --- fish ----------------------------------------------------------------------------------


def fish_script(commands: list[Command], query: list[str]) -> str:
    names = [command.name for command in commands if command.name]
    lines = [
        "# claude-files completion for fish (generated by `claude-files completion fish`)",
        "complete -c claude-files -e",
    ]
    for command in commands:
        if command.name:
            condition = f"__fish_seen_subcommand_from {command.name}"
            lines.append(f"complete -c claude-files -f -n '__fish_use_subcommand' -a {command.name} -d {_fish(command.words)}")
        else:
            condition = f"not __fish_seen_subcommand_from {' '.join(names)}"
        for option in command.options:
            flag = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            values = command.choices.get(option)
            if command.name == "rm" and option == "--where":
                values = query
            takes = " -x -a " + _fish(" ".join(values)) if values else (" -r" if option in command.takes_value else "")
            lines.append(f"complete -c claude-files -n {_fish(condition)} {flag}{takes} -d {_fish(command.helps[option])}")
        if command.name in QUERY_TAKERS:
            lines.append(f"complete -c claude-files -f -n {_fish(condition)} -a {_fish(' '.join(query))}")
        if command.choices.get(""):
            lines.append(f"complete -c claude-files -f -n {_fish(condition)} -a {_fish(' '.join(command.choices['']))}")
    return "\n".join(lines) + "\n"


def _fish(text: str) -> str:
    """A fish single-quoted string (only \\ and ' are special there)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
