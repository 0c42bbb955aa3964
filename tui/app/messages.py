"""Messages the workbench's widgets send to their screen (small dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class FocusResults(Message):
    """The search box asks to move to the results (Enter or Down)."""

    submitted: bool = False

    def __post_init__(self) -> None:
        super().__init__()


@dataclass
class FacetToggled(Message):
    """A facet was chosen: `kind` is "source" or "year"."""

    kind: str
    value: str

    def __post_init__(self) -> None:
        super().__init__()


@dataclass
class WatchChosen(Message):
    """A saved search (veille) was chosen in the watches panel."""

    name: str

    def __post_init__(self) -> None:
        super().__init__()
