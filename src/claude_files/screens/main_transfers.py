"""Upload, download and delete from the main screen (dialogs live in screens/)."""

from __future__ import annotations


class TransferActions:
    """Mixin for MainScreen: `u`, `s`, `d`."""

    def action_upload(self) -> None:
        self.say("Upload is not available yet.")  # type: ignore[attr-defined]

    def action_download(self) -> None:
        self.say("Download is not available yet.")  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        self.say("Delete is not available yet.")  # type: ignore[attr-defined]

    def cancel_transfers(self) -> bool:
        """Esc while a transfer runs: cancel it. True when something was cancelled."""
        return False
