"""The selection panel: the articles kept across searches (« sélection »), newest kept
first, with their count in the title; choosing one opens the selection screen on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.text import one_line, thousands
from tui.selection import Entry

EMPTY_HINT = "Espace pour garder"


@dataclass
class KeptChosen(Message):
    """An article of the selection panel was chosen."""

    article_id: str


def selection_title(count: int) -> Content:
    return Content.assemble("Sélection ", (f"({thousands(count)})", "$text-muted"))


class SelectionPanel(OptionList):
    """One line per kept article (its title), the last kept on top."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.entries: list[Entry] = []

    def show_entries(self, entries: Sequence[Entry]) -> None:
        self.entries = list(reversed(entries))
        if not self.entries:
            self.set_options([Option(Content(EMPTY_HINT).stylize("$text-muted italic"),
                                     disabled=True)])
            return
        self.set_options([Option(Content(one_line(e.title) or "(sans titre)"), id=f"k-{e.id}")
                          for e in self.entries])

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.entries):
            self.post_message(KeptChosen(self.entries[event.option_index].id))
