"""Local, offline imitation of the Claude Files API (plus messages and models).

Never imports the TUI or the ``anthropic`` SDK.
"""

from .runner import LocalServer

__all__ = ["LocalServer"]
