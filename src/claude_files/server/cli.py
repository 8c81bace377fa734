"""``claude-files serve``: run the local API server in the foreground."""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
import threading
from pathlib import Path

from platformdirs import user_data_dir

from . import arguments
from .runner import LocalServer
from .tokens import DEFAULT_TTL


def default_data_dir() -> Path:
    return Path(user_data_dir("claude-files")) / "server"


def is_loopback(host: str) -> bool:
    """A host name or address that only this machine can reach (`serve` and `web` bind only these freely)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="claude-files serve",
        description="Run a local, offline imitation of the Claude Files API (no model is ever called).",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=arguments.port, default=8765, help="port (default 8765; 0 picks a free port)")
    p.add_argument("--data-dir", type=Path, default=None, help="where files are kept (default: user data dir)")
    p.add_argument("--demo-data", action="store_true", help="seed a realistic demo organisation's files")
    p.add_argument("--synthetic", type=arguments.count, default=0, metavar="N", help="insert N synthetic file records")
    p.add_argument("--api-key", default=None, help="accept only this API key (default: any key)")
    p.add_argument("--latency", type=arguments.milliseconds, default=0.0, metavar="MS", help="delay every request by MS ms")
    p.add_argument("--fail-rate", type=arguments.fraction, default=0.0, metavar="R", help="fail this fraction (0..1) of requests")
    p.add_argument(
        "--storage-limit",
        type=arguments.byte_count,
        default=None,
        metavar="BYTES",
        help="the organization's storage quota, shared by all its workspaces (default: 100 GB, as the API)",
    )
    p.add_argument(
        "--refuse-beta",
        action="append",
        default=[],
        metavar="NAME",
        help="answer 400 to requests carrying this anthropic-beta value, as the API does for one it does not know "
        "(repeatable; e.g. managed-agents-2026-04-01 to test a client's fallback to the GA files list)",
    )
    oauth = p.add_argument_group(
        "OAuth and admin credentials",
        "Profiles made by `ant auth login` send `Authorization: Bearer <token>` with `anthropic-beta: oauth-2025-04-20` "
        "and refresh through POST /v1/oauth/token (grant_type refresh_token). Access tokens the server issues expire "
        "after --token-ttl seconds; an expired one gets the API's 401, so the SDK refreshes and retries. Every refresh "
        "rotates the refresh token (a used one is refused). Without --refresh-token any refresh token not used before "
        "is honoured; without --oauth-client-id any client id is.",
    )
    oauth.add_argument(
        "--token-ttl", type=arguments.seconds, default=DEFAULT_TTL, metavar="SECONDS", help="access token lifetime (default 3600)"
    )
    oauth.add_argument("--oauth-client-id", default=None, metavar="ID", help="accept refreshes only for this client id")
    oauth.add_argument("--refresh-token", default=None, metavar="TOKEN", help="the refresh token honoured first")
    oauth.add_argument(
        "--admin-key",
        default=None,
        metavar="KEY",
        help="the Admin API key that may list workspaces (GET /v1/organizations/workspaces); other keys get 403",
    )
    oauth.add_argument(
        "--locked-workspace",
        action="append",
        default=[],
        metavar="ID",
        help="a workspace no credential may act on (403, as one the credential is not a member of); repeatable",
    )
    p.add_argument("--seed", type=int, default=None, help="seed for fault injection and synthetic data")
    return p


def serve_main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if not is_loopback(args.host) and not args.api_key:
        print(
            f"Refusing to listen on non-loopback host {args.host!r} without --api-key: "
            "anyone on the network could read and delete your files.",
            file=sys.stderr,
        )
        return 2
    data_dir = args.data_dir or default_data_dir()
    srv = LocalServer(
        data_dir=data_dir,
        demo_data=args.demo_data,
        synthetic=args.synthetic,
        api_key=args.api_key,
        latency_ms=args.latency,
        fail_rate=args.fail_rate,
        storage_limit=args.storage_limit,
        host=args.host,
        seed=args.seed,
        refuse_betas=args.refuse_beta,
        token_ttl=args.token_ttl,
        oauth_client_id=args.oauth_client_id,
        refresh_token=args.refresh_token,
        admin_key=args.admin_key,
        locked_workspaces=args.locked_workspace,
    )
    try:
        url = srv.start(port=args.port)
    except OSError as exc:
        print(f"Could not listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        srv.close()
        return 1
    done = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())  # before the line a supervisor waits for
    try:  # from the first line on: a Ctrl-C while the rest is printed stops it too, without a traceback
        print(f"claude-files local API server listening on {url}", flush=True)
        print(f"data directory: {data_dir}", flush=True)
        if not args.api_key:
            print("No --api-key given: any API key is accepted.", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        srv.close()
    print("stopped.", flush=True)
    return 0
