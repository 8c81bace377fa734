"""The TUI's command line options, apart from cli.py so that web.py can check a tab's options
without importing the dispatcher that imports web.py. Only argparse: nothing heavy.
"""

from __future__ import annotations

import argparse

from . import __version__


def tui_parser() -> argparse.ArgumentParser:
    """The options of the TUI itself (`claude-files [--demo] …`), also checked by `claude-files web`."""
    parser = argparse.ArgumentParser(
        prog="claude-files",
        description="A keyboard-first terminal file manager for the Claude Files API.",
        epilog=_subcommand_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--demo", action="store_true", help="start a local server with sample files and open it (no key, no network)"
    )
    parser.add_argument(
        "--base-url",
        default=None,
        help="API base URL (default: $ANTHROPIC_BASE_URL, the profile's base_url, or https://api.anthropic.com)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        help="credentials profile in $ANTHROPIC_CONFIG_DIR/configs (default: $ANTHROPIC_PROFILE, then active_config)",
    )
    parser.add_argument("--workspace", default=None, help="workspace id sent as anthropic-workspace-id")
    parser.add_argument("--read-only", action="store_true", help="refuse uploads and deletes (look, don't touch)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither draw this place's last view at start nor keep it (also: settings listing_cache false)",
    )
    parser.add_argument(
        "--clipboard",
        choices=("auto", "osc52", "system", "off"),
        default=None,
        help="how `y` copies (default: auto, or the saved setting)",
    )
    parser.add_argument(
        "--live",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="ask for new files every SECONDS while you look (default: the setting live_seconds, else 10; 0: off)",
    )
    parser.add_argument("--version", action=_Version, help="print the versions of claude-files, the anthropic SDK and Textual")
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 (off) or more")
    return value


class _Version(argparse.Action):
    """`--version`: claude-files and what it runs on, read from the installed packages' metadata
    (importing Textual or the SDK just to ask would cost a second)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:  # argparse's name
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(version_text())  # stdout, as argparse's own version action
        parser.exit()


def version_text() -> str:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def of(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"

    return (
        f"claude-files {__version__} (anthropic SDK {of('anthropic')}, Textual {of('textual')}, "
        f"Python {platform.python_version()})"
    )


def _subcommand_list() -> str:
    from .commands import SUBCOMMANDS

    lines = ["subcommands (each has --help with examples; without one, the TUI starts):"]
    lines += [f"  {name:<6} {words}" for name, words in SUBCOMMANDS.items()]
    lines.append(f"  {'serve':<6} run the local API server alone")
    lines.append(f"  {'web':<6} serve the TUI to a browser tab (loopback only)")
    lines.append(f"  {'completion':<6} print a shell completion script (bash, zsh, fish)")
    lines.append("")
    lines.append("The global options (--demo, --profile, --workspace, --base-url, --format, -q) may come")
    lines.append("before the subcommand too: `claude-files --demo ls -is:downloadable`.")
    return "\n".join(lines)
