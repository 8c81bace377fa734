"""claude-files: a keyboard-first terminal file manager for the Claude Files API."""

__version__ = "0.1.0"
