"""The workbench's themes: Textual's dark and light ones, with highlights that pass WCAG AA.

A highlight is `$text-warning on $warning-muted` (tui.app.text.HIGHLIGHT). Textual's light
theme draws it #A86D1C on #E9CEA9 (contrast 2.8:1; 187 on 251 on a 256-colour terminal):
barely visible. The light theme here keeps Textual's and only darkens the warning text and
deepens its muted background, to at least 4.5:1 in true colour and in 256 colours alike
(`tests/test_tui_themes.py` measures both).
"""

from __future__ import annotations

import dataclasses

from textual.theme import BUILTIN_THEMES, Theme

DARK, LIGHT = "textual-dark", "textual-light"

LIGHT_OVERRIDES = {
    "text-warning": "#4A2600",    # dark brown
    "warning-muted": "#FFD470",   # marker yellow
}


def light_theme() -> Theme:
    base = BUILTIN_THEMES[LIGHT]
    return dataclasses.replace(base, variables={**base.variables, **LIGHT_OVERRIDES})


def themes() -> list[Theme]:
    """The themes to register on the app (they replace the built-ins of the same name)."""
    return [light_theme()]
