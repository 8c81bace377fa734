"""Profiles on disk exactly as the SDK reads them (anthropic/lib/credentials/_providers.py):

`<config dir>/configs/<name>.json` (not secret; must not be group/other writable) holds the
`authentication` object and top-level `base_url` / `workspace_id`; `<config dir>/credentials/
<name>.json` (secret, 0600) holds `access_token`, `expires_at` and, for a `user_oauth` with a
`client_id`, the `refresh_token`. `active_config` names the active profile.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_profile(
    config_dir: Path,
    name: str,
    *,
    base_url: str | None,
    access_token: str,
    workspace_id: str | None = None,
    client_id: str | None = None,
    refresh_token: str | None = None,
    expires_at: int | None = None,
) -> Path:
    """A `user_oauth` profile (without `client_id`: a token some other process rotates)."""
    auth: dict[str, Any] = {"type": "user_oauth"}
    if client_id:
        auth["client_id"] = client_id
    config: dict[str, Any] = {"version": "1.0", "authentication": auth}
    if base_url:
        config["base_url"] = base_url
    if workspace_id:
        config["workspace_id"] = workspace_id
    configs = config_dir / "configs"
    configs.mkdir(parents=True, exist_ok=True)
    config_path = configs / f"{name}.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    config_path.chmod(0o644)
    write_token(config_dir, name, access_token, refresh_token=refresh_token, expires_at=expires_at)
    return config_path


def write_token(
    config_dir: Path, name: str, access_token: str, *, refresh_token: str | None = None, expires_at: int | None = None
) -> None:
    """(Re)write the secret half, 0600 from the start, replaced atomically as a rotating daemon does."""
    secret: dict[str, Any] = {"version": "1.0", "type": "oauth_token", "access_token": access_token}
    if refresh_token:
        secret["refresh_token"] = refresh_token
    if expires_at is not None:
        secret["expires_at"] = expires_at
    directory = config_dir / "credentials"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{name}.json"
    tmp = directory / f".{name}.json.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(secret, handle)
    os.replace(tmp, path)


def activate(config_dir: Path, name: str) -> None:
    (config_dir / "active_config").write_text(name + "\n", encoding="utf-8")
