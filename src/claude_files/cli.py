"""Command line: `claude-files [--demo] …` opens the TUI, `claude-files serve …` runs the local server,
`claude-files ls|info|put|get|rm|restore|log|pin|unpin|ask …` are the scripting subcommands (claude_files.commands).

Kept light: only argparse runs before the first frame; Textual, the SDK and the server
are imported when (and only if) they are needed.
"""

from __future__ import annotations

import sys

from .tui_options import tui_parser


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] and args[0].startswith("-"):  # `claude-files --demo ls`: the subcommand goes first
        from .commands import SUBCOMMANDS
        from .commands.arguments import subcommand_first

        args = subcommand_first(args, {*SUBCOMMANDS, "web"})
    if args[:1] == ["serve"]:
        from .server.cli import serve_main

        return serve_main(args[1:])
    if args[:1] == ["web"]:
        from .web import web_main

        return web_main(args[1:])
    if args[:1] == ["completion"]:
        from .completion import completion_main

        return completion_main(args[1:])
    from .commands import SUBCOMMANDS

    if args[:1] and args[0] in SUBCOMMANDS:
        from .commands import run

        return run(args[0], args[1:])
    options = tui_parser().parse_args(args)
    from .launch import Launch

    # Credentials and the base URL are not read here: the SDK resolves them (service.py).
    launch = Launch(
        base_url=options.base_url,
        workspace=options.workspace,
        profile=options.profile,
        read_only=options.read_only,
        demo=options.demo,
        clipboard=options.clipboard,
        live_seconds=options.live,
        no_cache=options.no_cache,
    )
    from .app import ClaudeFilesApp

    app = ClaudeFilesApp(launch)
    app.run()
    return app.return_code or 0  # 143 after a SIGTERM (hangup.py)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
