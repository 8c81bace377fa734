"""Where the main screen is connected: `w` switches profile or workspace, and a read-only
session (--read-only, or the profile's entry in claude-files' settings) refuses `u` and `d`
(single and bulk) with the reason, before any dialog opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService


class SessionActions:
    """Mixin for MainScreen: `w`, and the read-only check its `u` and `d` ask first."""

    if TYPE_CHECKING:
        app: Any

        def say(self, message: str, *, error: bool = False) -> None: ...

    def action_switch(self) -> None:
        from .switcher import SwitcherScreen

        session = self.app.session_of(self)
        self.app.push_screen(SwitcherScreen(session, self.app.launch.base_url), self._switch_to)

    def _switch_to(self, service: FilesService | None) -> None:
        if service is not None:
            self.app.switch_session(service)

    def refused_read_only(self, what: str) -> bool:
        """True (and say why) when this session may not change anything."""
        session = self.app.session_of(self)
        if not session.read_only(self.app.settings):
            return False
        reason = (
            "started with --read-only"
            if session.read_only_flag
            else f"profile {session.profile!r} is set read-only in claude-files' settings"
        )
        self.say(f"Read-only: {what} refused ({reason}).", error=True)
        return True
