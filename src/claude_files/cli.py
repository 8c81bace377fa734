"""Command line: `claude-files [--demo] …` opens the TUI, `claude-files serve …` runs the local server,
`claude-files ls|info|put|get|rm|ask …` are the scripting subcommands (claude_files.commands).

Kept light: only argparse runs before the first frame; Textual, the SDK and the server
are imported when (and only if) they are needed.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__


def _parser() -> argparse.ArgumentParser:
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
        "--base-url", default=None, help="API base URL (default: $ANTHROPIC_BASE_URL or https://api.anthropic.com)"
    )
    parser.add_argument("--workspace", default=None, help="workspace id sent as anthropic-workspace-id")
    parser.add_argument(
        "--clipboard",
        choices=("auto", "osc52", "system", "off"),
        default=None,
        help="how `y` copies (default: auto, or the saved setting)",
    )
    parser.add_argument("--version", action="version", version=f"claude-files {__version__}")
    return parser


def _subcommand_list() -> str:
    from .commands import SUBCOMMANDS

    lines = ["subcommands (each has --help with examples; without one, the TUI starts):"]
    lines += [f"  {name:<6} {words}" for name, words in SUBCOMMANDS.items()]
    lines.append(f"  {'serve':<6} run the local API server alone")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"]:
        from .server.cli import serve_main

        return serve_main(args[1:])
    from .commands import SUBCOMMANDS

    if args[:1] and args[0] in SUBCOMMANDS:
        from .commands import run

        return run(args[0], args[1:])
    options = _parser().parse_args(args)
    from .launch import Launch
    from .service import DEFAULT_BASE_URL

    launch = Launch(
        base_url=options.base_url or os.environ.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL,
        api_key=os.environ.get("ANTHROPIC_API_KEY") or None,
        workspace=options.workspace,
        demo=options.demo,
        clipboard=options.clipboard,
    )
    from .app import ClaudeFilesApp

    ClaudeFilesApp(launch).run()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
