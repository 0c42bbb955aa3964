"""The search workbench: a Textual app over the home's index (`veille`, `veille tui`)."""

from tui.app.app import VeilleApp

__all__ = ["VeilleApp"]
