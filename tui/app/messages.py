"""Messages the workbench's widgets send to their screen (small dataclasses; Textual's
`Message` initialises itself from a dataclass's `__post_init__`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from indexer import Hit


@dataclass
class FocusResults(Message):
    """The search box asks to move to the results (Enter or Down)."""

    submitted: bool = False


@dataclass
class FacetToggled(Message):
    """A facet was chosen: `kind` is "source" or "year"."""

    kind: str
    value: str


@dataclass
class WatchChosen(Message):
    """A saved search (veille) was chosen in the watches panel."""

    name: str


@dataclass
class ShowSimilar(Message):
    """A screen asks for the articles like `hit` (`m`); the app opens the similar screen
    (screens do not import one another's modules in a cycle)."""

    hit: Hit


@dataclass
class ShowStory(Message):
    """A screen asks for the story of `hit` (`v`: its article and its reprints); the app
    opens the story screen."""

    hit: Hit
