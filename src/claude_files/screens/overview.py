"""`U`: what fills the store, in one screen, each row one Enter away from the table filtered to it.

Computed from the rows the table already holds (model/overview.py); when pages remain it asks
the main screen to load them all and follows the model's revision as they arrive, labelling
every figure "of N loaded" until the last page is in. Esc stops the loading, then goes back;
the footer shows "Stop loading" only while there is loading to stop.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual import events, getters
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from .. import formatting
from ..components.base import Connect
from ..components.organization import OrganizationJobs
from ..keymap import OVERVIEW_KEYS, OVERVIEW_ROWS_KEYS, bindings
from ..model.files import FileList
from ..model.overview import Overview, compute
from ..model.overview_text import breakdown_title, bucket_line, cap_line, growth_lines
from ..text import clean

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp
    from ..service import FilesService
    from ..service_types import WorkspaceInfo

FOLLOW_SECONDS = 0.2  # how often the screen looks at the model's revision
BUSY_RECOMPUTE_SECONDS = 1.0  # while pages pour in, figures are recomputed at most this often


class Loader(Protocol):
    """What the overview needs from the main screen: its model (whose `loading` says how
    loading goes) and its page loader (components/loader.py)."""

    model: FileList
    connect: Connect  # the main screen's connection: the organization view lists workspaces with it

    def load_all(self) -> bool: ...
    def cancel_load_all(self) -> bool: ...


class OverviewRows(OptionList):
    """The rows; Esc here stops the loading while there is some, else it reaches the screen (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(OVERVIEW_ROWS_KEYS)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_loading":
            return isinstance(self.screen, OverviewScreen) and self.screen.loading_pages
        return True

    def action_stop_loading(self) -> None:
        if isinstance(self.screen, OverviewScreen):
            self.screen.action_stop_loading()


class OverviewScreen(Screen[str | None]):
    """Dismissed with the query of the chosen row (the caller applies it as the filter), or None."""

    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(OVERVIEW_KEYS)]
    DEFAULT_CSS = """
    OverviewScreen { layout: vertical; }
    OverviewScreen > #overview-title { height: 1; background: $primary-background; padding: 0 1; text-style: bold; }
    OverviewScreen > #overview-cap { height: 1; padding: 0 1; }
    OverviewScreen > #overview-progress { height: 1; padding: 0 1; color: $text-muted; }
    OverviewScreen > #overview-growth { height: 4; padding: 0 1; }
    OverviewScreen > OptionList { height: 1fr; scrollbar-size-vertical: 1; }
    /* the cursor shows without colour too */
    OverviewScreen > OptionList:focus > .option-list--option-highlighted { text-style: bold reverse; }
    """

    def __init__(self, loader: Loader) -> None:
        super().__init__()
        self.loader = loader
        self.overview: Overview | None = None
        self.queries: dict[str, str] = {}  # option id → the query of that row
        self._seen_revision = -1
        self._seen_fetching = False
        self._computed_at = 0.0
        self._stopped = False  # Esc stopped the loading: stay with what is loaded
        self._footer_loading = False  # what the footer was last drawn for (Stop loading or not)
        self.workspaces: list[WorkspaceInfo] | None = None  # set once listed: the organization view is offered
        self.workspaces_answered = False  # the listing answered (with workspaces or None): O need not wait

    @property
    def model(self) -> FileList:
        return self.loader.model

    @property
    def loading_pages(self) -> bool:
        """Pages are loading, or will be (between two pages): Esc has loading to stop."""
        return self.model.has_more and not self._stopped and self.model.loading.error is None

    def compose(self) -> ComposeResult:
        yield OrganizationJobs(self.loader.connect)
        yield Static(id="overview-title")
        yield Static(id="overview-cap")
        yield Static(id="overview-progress")
        yield Static(id="overview-growth")
        yield OverviewRows(id="overview-rows", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._follow(force=True)
        self.set_interval(FOLLOW_SECONDS, self._follow)
        self.query_one(OrganizationJobs).list_workspaces()

    def on_organization_jobs_listed(self, event: OrganizationJobs.Listed) -> None:
        """A credential that may list workspaces gets the organization view (O) in the footer."""
        self.workspaces = event.listed
        self.workspaces_answered = True
        self.refresh_bindings()

    def waits_before(self, key: events.Key | events.Paste) -> bool:
        """O typed ahead (and the keys behind it) waits until the workspaces are listed
        (key_order.py): `U O j Enter` in one read lost the O and moved the overview instead."""
        organization = isinstance(key, events.Key) and key.key in self.app.bound_keys()["overview.organization"]
        return organization and not self.workspaces_answered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "organization":
            return self.workspaces is not None
        return True

    def on_resize(self) -> None:
        if self.overview is not None:
            self._draw(self.overview)

    # --- following the model ------------------------------------------------------------

    def _follow(self, force: bool = False) -> None:
        """Recompute when rows came or went; start loading the rest unless told to stop."""
        model, loading = self.model, self.model.loading
        if model.has_more and not loading.fetching and not self._stopped and loading.error is None:
            self.loader.load_all()
        if self.loading_pages != self._footer_loading:
            self._footer_loading = self.loading_pages
            self.refresh_bindings()  # "Stop loading" in the footer only while there is loading to stop
        changed = model.revision != self._seen_revision or loading.fetching != self._seen_fetching
        if not (force or changed):
            return
        busy = loading.fetching and time.monotonic() - self._computed_at < BUSY_RECOMPUTE_SECONDS
        if busy and not force:
            self._show_progress()
            return
        self._seen_revision, self._seen_fetching = model.revision, loading.fetching
        self._computed_at = time.monotonic()
        self.overview = compute(model.rows, formatting.now(), complete=model.loaded_once and not model.has_more)
        self._draw(self.overview)

    def _show_progress(self) -> None:
        model, loading = self.model, self.model.loading
        if loading.fetching and model.has_more:
            text = f"loading every page… {len(model.rows):,} files so far (Esc stops)"
        elif model.has_more and loading.error is not None:
            text = f"could not load every page ({clean(loading.error.message)}); figures are of the files loaded"
        elif model.has_more:
            text = "stopped: figures are of the files loaded so far (U again loads the rest)" if self._stopped else ""
        else:
            text = "all files loaded · Enter shows a row's files in the table, ready for ctrl+a, d"
        self.query_one("#overview-progress", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    # --- drawing ------------------------------------------------------------------------

    def _draw(self, overview: Overview) -> None:
        width = max(20, self.size.width - 2)
        where = clean(self.app.session_of().where)  # the connection this overview counts
        title = f"Storage overview · {where}" if where else "Storage overview"
        self.query_one("#overview-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        self.query_one("#overview-cap", Static).update(Text(cap_line(overview, width), no_wrap=True, overflow="ellipsis"))
        chart = growth_lines(overview.growth, width, height=3)
        chart[-1] = chart[-1].replace("busiest", "added per day, busiest", 1) if len(chart[-1]) + 15 <= width else chart[-1]
        self.query_one("#overview-growth", Static).update(Text("\n".join(chart), no_wrap=True, overflow="ellipsis"))
        self._show_progress()
        self._fill_rows(overview, width - 1)

    def _fill_rows(self, overview: Overview, width: int) -> None:
        rows = self.query_one(OptionList)
        before = rows.highlighted_option.id if rows.highlighted_option is not None else None
        options: list[Option] = []
        self.queries = {}
        sections = [(breakdown.key, breakdown_title(breakdown, overview), breakdown) for breakdown in overview.breakdowns]
        for key, title, breakdown in sections:
            options.append(Option(Text(title, style="bold underline", no_wrap=True), id=f"{key}:title", disabled=True))
            for index, bucket in enumerate(breakdown.buckets):
                option_id = f"{key}:{index}"
                line = Text(bucket_line(bucket, breakdown.share(bucket), width), no_wrap=True)
                options.append(Option(line, id=option_id, disabled=bucket.query is None or bucket.count == 0))
                if bucket.query is not None:
                    self.queries[option_id] = bucket.query
        largest_title = f"The {len(overview.largest)} largest files" + (
            "" if overview.complete else f" — of {overview.count:,} loaded"
        )
        options.append(Option(Text(largest_title, style="bold underline", no_wrap=True), id="largest:title", disabled=True))
        for index, bucket in enumerate(overview.largest):
            option_id = f"largest:{index}"
            share = bucket.bytes / overview.bytes if overview.bytes else 0.0
            options.append(Option(Text(bucket_line(bucket, share, width), no_wrap=True), id=option_id))
            self.queries[option_id] = bucket.query or ""
        rows.set_options(options)
        target = before if before in self.queries else next((option.id for option in options if not option.disabled), None)
        if target is not None:
            rows.highlighted = rows.get_option_index(target)

    # --- keys ---------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def action_open_row(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self._open(option.id)

    def _open(self, option_id: str | None) -> None:
        query = self.queries.get(option_id or "")
        if query:
            self.dismiss(query)

    def action_row_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_row_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_stop_loading(self) -> None:
        """Esc while pages load: stop (figures stay, labelled as partial); the next Esc goes back."""
        if not self.loading_pages:
            return
        self.loader.cancel_load_all()
        self._stopped = True
        self._follow(force=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_organization(self) -> None:
        """O: every workspace against the organization's cap; Enter there opens one's overview."""
        from .organization import OrganizationScreen

        if self.workspaces is not None:
            self.app.push_screen(OrganizationScreen(self.workspaces, self.loader.connect), self._workspace_opened)

    def _workspace_opened(self, service: FilesService | None) -> None:
        """Switch to the chosen workspace (as `w` does) and open its overview there."""
        if service is None:
            return
        app = self.app
        self.dismiss(None)
        app.switch_session(service)

        def open_overview() -> None:
            action = getattr(app.screen, "action_overview", None)
            if action is not None:
                action()

        app.call_after_refresh(open_overview)
