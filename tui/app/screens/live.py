"""What keeps a screen current with its home: the status line, new index commits (a crawl
in the background, or `r`), and the saved searches (watches) panel."""

from __future__ import annotations

from textual import work
from textual.widgets import Label

from indexer.watches import UnreadWatch
from tui.app.messages import WatchChosen
from tui.app.screens.browse import BrowseScreen
from tui.app.text import thousands
from tui.app.widgets.status import StatusLine
from tui.app.widgets.watches import WatchesPanel


class LiveScreen(BrowseScreen):
    """Needs `#status` (StatusLine), `#watches` (WatchesPanel) and `#watches-title`."""

    arrived = 0  # articles that entered the corpus during this session

    def watch_opened(self, watch: UnreadWatch, unread: set[str]) -> None:
        """Hook: a watch was chosen (its unread articles are now marked seen)."""

    def refreshed(self) -> None:
        """Hook: new index commits were picked up."""

    @work(thread=True, exclusive=True, group="watches", exit_on_error=False)
    def _load_watches(self) -> None:
        try:
            watches = self.backend.watches()
        except Exception as exc:  # a damaged watches database must not break searching
            self.app.call_from_thread(self.notify, f"veilles illisibles : {exc}",
                                      severity="warning", markup=False)
            watches = None
        self.app.call_from_thread(self._show_watches, watches)

    def _show_watches(self, watches: list[UnreadWatch] | None) -> None:
        panel = self.query_one("#watches", WatchesPanel)
        panel.show_watches(watches or [])
        visible = bool(watches)
        panel.display = visible
        self.query_one("#watches-title", Label).display = visible

    def on_watch_chosen(self, message: WatchChosen) -> None:
        self._open_watch(message.name)

    @work(thread=True, group="watches-open", exit_on_error=False)
    def _open_watch(self, name: str) -> None:
        try:
            watch, unread = self.backend.open_watch(name)
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"veille illisible : {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._watch_opened, watch, unread)

    def _watch_opened(self, watch: UnreadWatch, unread: set[str]) -> None:
        self.watch_opened(watch, unread)
        self._load_watches()

    def action_refresh(self) -> None:
        self._refresh_worker(force=True)

    def _poll(self) -> None:
        self._refresh_worker(force=False)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh_worker(self, force: bool) -> None:
        if not force and not self.backend.index_changed():
            return
        try:
            arrived = self.backend.refresh()
        except Exception as exc:  # a crawl mid-commit: say so, try again later
            self.app.call_from_thread(self.notify, f"actualisation impossible : {exc}",
                                      severity="warning", markup=False)
            return
        self.app.call_from_thread(self._refreshed, arrived, force)

    def _refreshed(self, arrived: int, force: bool) -> None:
        self.arrived += arrived
        if arrived:
            noun = "nouvel article" if arrived == 1 else "nouveaux articles"
            self.notify(f"{thousands(arrived)} {noun}", timeout=4)
        elif force:
            self.notify("Index à jour.", timeout=2)
        self.refreshed()
        self._update_status()
        self._load_watches()

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def _update_status(self) -> None:
        try:
            status = self.backend.status()
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"état illisible : {exc}",
                                      severity="warning", markup=False)
            return
        self.app.call_from_thread(
            self.query_one("#status", StatusLine).show, status, self.arrived)
