"""Highlights pass WCAG AA (4.5:1) in both themes, in true colour and in 256 colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from tui.app import VeilleApp
from tui.app.themes import DARK, LIGHT, light_theme


def luminance(color: Color) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def eight_bit(color: Color) -> Color:
    triplet = RichColor.from_rgb(color.r, color.g, color.b).downgrade(
        ColorSystem.EIGHT_BIT).get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def highlight_colours(app: VeilleApp, name: str) -> tuple[Color, Color]:
    app.theme = name
    variables = app.get_css_variables()  # what the running app resolves `$…` to
    return Color.parse(variables["text-warning"]), Color.parse(variables["warning-muted"])


@pytest.mark.parametrize("name", [DARK, LIGHT])
def test_highlights_pass_wcag_aa(name: str, tmp_path: Path) -> None:
    text, background = highlight_colours(VeilleApp(tmp_path / "home"), name)
    assert contrast(text, background) >= 4.5
    assert contrast(eight_bit(text), eight_bit(background)) >= 4.5


def test_the_light_theme_is_textuals_but_for_the_highlight() -> None:
    ours, theirs = light_theme(), BUILTIN_THEMES[LIGHT]
    assert (ours.primary, ours.background, ours.dark) == (
        theirs.primary, theirs.background, theirs.dark)


def test_textual_light_alone_would_fail() -> None:
    variables = BUILTIN_THEMES[LIGHT].to_color_system().generate()
    ratio = contrast(Color.parse(variables["text-warning"]),
                     Color.parse(variables["warning-muted"]))
    assert ratio < 3  # what the issue saw, and why the light theme is ours
