"""Where the SDK looks for profiles, which exist, and words that never carry a secret.

The SDK resolves credentials itself (service.py constructs the client and lets it); this
module only lists the profiles on disk (`<config dir>/configs/*.json`, for the `w`
switcher) and describes what was looked at when nothing resolved. It never opens a
credentials file and never imports the SDK (it is used before the SDK is loaded).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

CONFIG_DIR_ENV = "ANTHROPIC_CONFIG_DIR"
PROFILE_ENV = "ANTHROPIC_PROFILE"
STATIC_CREDENTIAL_ENV = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")
DEFAULT_PROFILE = "default"

# Anything shaped like a secret is cut from text we show: Anthropic keys and OAuth tokens
# (sk-ant-…), a bearer value, and JSON fields holding a token.
_SECRET_SHAPES = (
    re.compile(r"sk-ant-[A-Za-z0-9_\-]+"),
    re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"),
    re.compile(r"(?i)(\"?(?:access|refresh|id)_token\"?\s*[:=]\s*\"?)[^\s\"',;}]+"),
)


def config_dir() -> Path:
    """The SDK's config directory: `ANTHROPIC_CONFIG_DIR`, else the platform default."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":  # pragma: no cover - the SDK's Windows default
        appdata = os.environ.get("APPDATA")
        return (Path(appdata) if appdata else Path.home() / "AppData" / "Roaming") / "Anthropic"
    return Path.home() / ".config" / "anthropic"


def list_profiles(directory: Path | None = None) -> list[str]:
    """Names of the profiles in `<config dir>/configs/` (sorted; hidden files skipped)."""
    configs = (directory or config_dir()) / "configs"
    try:
        entries = list(configs.iterdir())
    except OSError:
        return []
    return sorted(entry.stem for entry in entries if entry.suffix == ".json" and not entry.name.startswith("."))


def _active_config_pointer(directory: Path) -> str | None:
    try:
        name = (directory / "active_config").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


@dataclass(frozen=True)
class Lookup:
    """What the SDK's chain looked at, in words for the no-credentials screen."""

    config_dir: Path
    profile: str
    profile_source: str  # "--profile", "ANTHROPIC_PROFILE", "active_config" or "the default name"
    profiles: tuple[str, ...]
    env_set: tuple[str, ...]  # names of the static-credential variables that are set (never values)

    @classmethod
    def now(cls, profile_flag: str | None = None) -> Lookup:
        directory = config_dir()
        pointer = _active_config_pointer(directory)
        if profile_flag:
            profile, source = profile_flag, "--profile"
        elif os.environ.get(PROFILE_ENV):
            profile, source = os.environ[PROFILE_ENV], PROFILE_ENV
        elif pointer:
            profile, source = pointer, "active_config"
        else:
            profile, source = DEFAULT_PROFILE, "the default name"
        env_set = tuple(name for name in STATIC_CREDENTIAL_ENV if os.environ.get(name))
        return cls(directory, profile, source, tuple(list_profiles(directory)), env_set)

    def lines(self) -> list[str]:
        env = ", ".join(self.env_set) + " set" if self.env_set else "ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN not set"
        found = ", ".join(self.profiles) if self.profiles else "none"
        return [
            f"Environment: {env}.",
            f"Profile: {self.profile!r} (from {self.profile_source}).",
            f"Config dir: {self.config_dir}",
            f"Profiles there: {found}.",
        ]


def sanitise(text: str, secrets: tuple[str | None, ...] = ()) -> str:
    """`text` without any known secret or anything shaped like a key or token, on one line."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    for shape in _SECRET_SHAPES:
        text = shape.sub(lambda match: (match.group(1) if match.groups() else "") + "[redacted]", text)
    return " ".join(text.split())
