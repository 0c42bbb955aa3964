"""Writing to any terminal: encodings that cannot show every character, and colour.

- `setup(color)` (called once by the CLI) makes stdout and stderr replace what their
  encoding cannot represent instead of raising UnicodeEncodeError: typographic
  punctuation becomes its ASCII look-alike (’ → ', … → ..., « » → "), accented letters
  lose their accent when the encoding has no room for them, anything else becomes `?`.
- JSON that stays valid and lossless on any stream is `tui.formats.jsonl.json_text`.
- `color_enabled()`: `--color always|never` decides; with `auto` (the default), colour
  and text attributes only on a terminal, never with `NO_COLOR` set (https://no-color.org)
  or `TERM=dumb`.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from typing import TextIO

from tui.formats.jsonl import takes_utf8

COLOR_CHOICES = ("auto", "always", "never")
ERRORS = "veille-replace"

_LOOKALIKE = {
    "’": "'", "‘": "'", "ʼ": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "«": '"',
    "»": '"', "‹": "<", "›": ">", "…": "...", "–": "-", "—": "-", "‑": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "œ": "oe", "Œ": "OE",
    "æ": "ae", "Æ": "AE", "€": "EUR", "•": "*", "·": ".", "●": "*", "→": "->", "←": "<-",
    "×": "x", "ß": "ss",
}

_state = {"color": "auto"}


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        out.append(_fallback(char, exc.encoding))
    return "".join(out), exc.end


def _fallback(char: str, encoding: str) -> str:
    for candidate in (_LOOKALIKE.get(char), _unaccented(char)):
        if candidate:
            try:
                candidate.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                continue
            return candidate
    return "?"


def _unaccented(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


codecs.register_error(ERRORS, _replace)


def setup(color: str = "auto") -> None:
    """Choose the colour mode; make stdout and stderr safe for their encoding."""
    _state["color"] = color if color in COLOR_CHOICES else "auto"
    for stream in (sys.stdout, sys.stderr):
        make_safe(stream)


def make_safe(stream: TextIO) -> None:
    """Let `stream` replace the characters its encoding lacks (UTF-8 streams lack none)."""
    if takes_utf8(stream):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        reconfigure(errors=ERRORS)
    except (ValueError, OSError, AttributeError):  # a closed or exotic stream: leave it
        pass


def color_mode() -> str:
    """The `--color` choice in force: auto, always or never."""
    return _state["color"]


def color_enabled(stream: TextIO | None = None) -> bool:
    """Whether to send colour and text attributes to `stream` (default: stdout)."""
    mode = _state["color"]
    if mode in ("always", "never"):
        return mode == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM", "") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (ValueError, AttributeError):
        return False


def cursor_control(stream: TextIO | None = None) -> bool:
    """Whether `stream` may receive cursor movements (progress lines): a terminal that
    is not `TERM=dumb`."""
    if os.environ.get("TERM", "") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (ValueError, AttributeError):
        return False


def styled(text: str, sgr: str, stream: TextIO | None = None) -> str:
    """`text` with the SGR attributes `sgr` (e.g. "1" bold, "1;7" bold reverse) when
    colour is on for `stream`, else as it is."""
    if not text or not color_enabled(stream):
        return text
    return f"\x1b[{sgr}m{text}\x1b[0m"
