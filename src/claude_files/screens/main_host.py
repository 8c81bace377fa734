"""What MainScreen offers the mixins beside it (previews, session), written once.

Only the type checker sees it: at run time the mixins derive from `object`. It names the
calls that cross from one mixin to another until they become components of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen

    from ..app import ClaudeFilesApp
    from ..components.loader import PageLoader
    from ..model.files import FileList
    from ..widgets.file_table import FileTable

    class MainScreenHost(Screen[None]):
        app = getters.app(ClaudeFilesApp)
        model: FileList
        loader: PageLoader

        @property
        def table(self) -> FileTable: ...
        def say(self, message: str, *, error: bool = False, toast: bool = True) -> None: ...
        def forget_files(self, ids: list[str]) -> None: ...

else:
    MainScreenHost = object
