"""The watches panel: saved searches (veilles) with how many new articles each has."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from indexer.watches import UnreadWatch
from tui.app.messages import WatchChosen
from tui.app.text import one_line, thousands


class WatchesPanel(OptionList):
    """One line per watch: its name and its unread count; choosing one opens it."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.watches: list[UnreadWatch] = []

    def show_watches(self, watches: Sequence[UnreadWatch]) -> None:
        self.watches = list(watches)
        self.set_options([Option(self._prompt(w)) for w in self.watches])

    @staticmethod
    def _prompt(watch: UnreadWatch) -> Content:
        unread = (f" {thousands(watch.unread)} nouv.", "bold $text-success") if watch.unread \
            else ("", "")
        return Content.assemble((one_line(watch.name), "bold" if watch.unread else ""), unread)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.watches):
            self.post_message(WatchChosen(self.watches[event.option_index].name))
