"""Command line: `claude-files [--demo] …` opens the TUI, `claude-files serve …` runs the local server.

Kept light: only argparse runs before the first frame; Textual, the SDK and the server
are imported when (and only if) they are needed.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claude-files",
        description="A keyboard-first terminal file manager for the Claude Files API.",
        epilog="`claude-files serve --help` runs the local API server alone.",
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
        "--clipboard",
        choices=("auto", "osc52", "system", "off"),
        default=None,
        help="how `y` copies (default: auto, or the saved setting)",
    )
    parser.add_argument("--version", action="version", version=f"claude-files {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"]:
        from .server.cli import serve_main

        return serve_main(args[1:])
    options = _parser().parse_args(args)
    from .launch import Launch

    # Credentials and the base URL are not read here: the SDK resolves them (service.py).
    launch = Launch(
        base_url=options.base_url,
        workspace=options.workspace,
        profile=options.profile,
        read_only=options.read_only,
        demo=options.demo,
        clipboard=options.clipboard,
    )
    from .app import ClaudeFilesApp

    ClaudeFilesApp(launch).run()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
