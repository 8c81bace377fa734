"""User settings remembered between runs (platformdirs config dir, one small JSON file)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


def config_path() -> Path:
    override = os.environ.get("CLAUDE_FILES_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("claude-files")) / "config.json"


DEFAULT_LIVE_SECONDS = 10.0
"""Live refresh's interval when the settings say nothing (tests set it to 0: no check they did not ask for)."""

_OPTIONAL_TYPES: dict[str, type] = {"chat_model": str, "archive_dir": str, "max_delete": int}  # fields whose default is None


@dataclass
class Settings:
    chat_model: str | None = None
    chat_max_tokens: int = 1024
    clipboard: str = "auto"  # auto, osc52, system, off
    delete_concurrency: int = 8
    archive_dir: str | None = None  # where "archive first" saves files before deleting them (last folder used)
    show_details: bool = True
    show_preview: bool = True
    # Per credentials profile, e.g. {"prod": {"read_only": true}}: that profile opens read-only.
    profiles: dict[str, dict[str, object]] = field(default_factory=dict)
    keymap: dict[str, object] = field(default_factory=dict)  # key id → keys; checked by keymap.check_keymap
    # `rm` refuses to delete more files than this at once (cron runs too); `--max-delete` overrides.
    max_delete: int | None = None
    live_seconds: float = field(default_factory=lambda: DEFAULT_LIVE_SECONDS)  # 0: live refresh off
    # Draw each place's last view at start, marked stale, while the fresh listing loads (listing_cache.py).
    listing_cache: bool = True

    def __post_init__(self) -> None:
        self.refused: dict[str, object] = {}  # values in the file load could not use, as written
        # Why the file exists but could not be read as settings: it may hold limits (max_delete, read-only
        # profiles) that `rm` must not silently drop, and that a save must not erase.
        self.unreadable: str | None = None

    @classmethod
    def load(cls) -> Settings:
        settings = cls()
        try:
            text = config_path().read_text(encoding="utf-8")
            if not text.strip():  # an empty file (or /dev/null) holds no settings
                return settings
            data = json.loads(text)
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as error:
            settings.unreadable = str(error) if isinstance(error, ValueError) else error.strerror or type(error).__name__
            return settings
        if not isinstance(data, dict):
            settings.unreadable = "it is not a JSON object"
            return settings
        defaults = {f.name: getattr(settings, f.name) for f in fields(cls)}
        for key, value in data.items():
            if key not in defaults:
                continue
            default = defaults[key]
            expected = _OPTIONAL_TYPES.get(key, type(default))
            if expected is float and type(value) is int:
                value = float(value)  # JSON writes 10.0 as 10
            if type(value) is expected and _in_range(key, value):
                setattr(settings, key, value)
            elif value is not None or default is not None:
                settings.refused[key] = value
        return settings

    def profile_read_only(self, profile: str | None) -> bool:
        entry = self.profiles.get(profile or "")
        return isinstance(entry, dict) and entry.get("read_only") is True

    def save(self) -> None:
        """Best effort: a read-only home must not break the app; a file load could not read is left to fix."""
        if self.unreadable is not None:
            return
        path = config_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            data = asdict(self)
            # A value load refused stays as written while unchanged: a mistyped limit is the user's to fix, not to lose.
            defaults = asdict(Settings())
            data.update((key, value) for key, value in self.refused.items() if data[key] == defaults[key])
            tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass


def _in_range(key: str, value: object) -> bool:
    if key == "max_delete":
        return isinstance(value, int) and value >= 1
    if key == "live_seconds":
        return isinstance(value, float) and value >= 0
    return True
