"""Whether to colour what a command prints: `--color auto|always|never`.

`auto` colours only a terminal, and never when `NO_COLOR` is set (https://no-color.org) or
`TERM=dumb`; `always` colours even a pipe; `never` never does.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

CHOICES = ("auto", "always", "never")


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=CHOICES, default="auto",
                        help="colour the output: auto (a terminal, unless NO_COLOR is set or "
                             "TERM=dumb), always, never (default: auto)")


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def bold(text: str, on: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if on else text


def dim(text: str, on: bool) -> str:
    return f"\x1b[2m{text}\x1b[0m" if on else text
