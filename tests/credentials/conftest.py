"""Each test gets an empty ANTHROPIC_CONFIG_DIR (the root conftest already clears every
ANTHROPIC_* credential variable), and its settings file in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "anthropic"
    directory.mkdir()
    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", str(directory))
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(tmp_path / "claude-files.json"))
    return directory
