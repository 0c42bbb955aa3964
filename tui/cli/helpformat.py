"""argparse's help layout, with French typography kept whole when the lines are wrapped.

French puts a space before « : », « ; », « ? », « ! » and « » » and after « « »: argparse's
wrapping may break a line at that space, leaving a colon or a closing guillemet alone at the
start of the next line. The formatter glues them to their word while wrapping; the printed
text keeps plain spaces. A description's paragraphs (split by a blank line) stay apart.
"""

from __future__ import annotations

import argparse
import re

_NBSP = "\u00a0"
_GLUED = re.compile(r" (?=[:;?!»])|(?<=«) ")


def _glue(text: str) -> str:
    return _GLUED.sub(_NBSP, text)


def _unglue(text: str) -> str:
    return text.replace(_NBSP, " ")


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's HelpFormatter that never breaks a line before « : » or inside « … », and
    keeps the paragraphs of a description."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return [_unglue(line) for line in super()._split_lines(_glue(text), width)]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "\n\n".join(_unglue(super(FrenchHelpFormatter, self)._fill_text(
            _glue(p), width, indent)) for p in paragraphs)
