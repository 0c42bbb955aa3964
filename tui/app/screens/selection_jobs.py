"""The selection file read (and changed) off the UI thread, for the screens that show it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.notifications import SeverityLevel

from tui.app.screens.browse import BrowseScreen
from tui.selection import Entry, Selection

T = TypeVar("T")


def selection_job(screen: BrowseScreen, then: Callable[[T | None, list[Entry]], object],
                  change: Callable[[Selection], T] | None = None, *, create: bool = False,
                  group: str = "selection-load", exclusive: bool = True,
                  severity: SeverityLevel = "warning") -> None:
    """In a worker thread: open the home's selection (`create` it if missing), apply
    `change` to it, read its entries, then call `then(change's result, entries)` on the UI
    thread. A selection that cannot be read or written is a notification, never a crash:
    it must not break searching."""

    def job() -> None:
        try:
            with Selection.open(screen.backend.home, create=create) as selection:
                result = change(selection) if change is not None else None
                entries = selection.entries()
        except Exception as exc:
            screen.app.call_from_thread(screen.notify, f"sélection illisible : {exc}",
                                        severity=severity, markup=False)
            return
        screen.app.call_from_thread(then, result, entries)

    screen.run_worker(job, thread=True, group=group, exclusive=exclusive,
                      exit_on_error=False)
