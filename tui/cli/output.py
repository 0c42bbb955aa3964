"""Writing to any terminal: encodings that cannot show every character, and colour.

- `setup(color)` (called once by the CLI) makes stdout and stderr replace what their
  encoding cannot represent instead of raising UnicodeEncodeError: typographic
  punctuation becomes its ASCII look-alike (’ → ', … → ..., « » → "), accented letters
  lose their accent when the encoding has no room for them, anything else becomes `?`.
- `json_text(obj)`: JSON that stays valid and lossless on any stream: UTF-8 text when the
  stream takes UTF-8, ASCII `\\u` escapes otherwise.
- `color_enabled()`: `--color always|never` decides; with `auto` (the default), colour
  and text attributes only on a terminal, never with `NO_COLOR` set (https://no-color.org)
  or `TERM=dumb`.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
import unicodedata
from typing import Any, TextIO

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


def takes_utf8(stream: TextIO | None = None) -> bool:
    """Whether `stream` (default: stdout) encodes to a Unicode encoding."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32"))


# What json.dumps leaves raw that a terminal could act on: C1 controls, DEL, and the bidi
# and zero-width marks (those `corpus.strip_controls` removes from displayed text).
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069"
                              "\ufeff\ufff9-\ufffb]")


def json_text(obj: Any, stream: TextIO | None = None) -> str:
    """`obj` as one line of JSON, valid on `stream` (default: stdout) whatever its
    encoding: UTF-8 text when it takes it, ASCII escapes otherwise. Characters a terminal
    could act on are always escaped (`\\u009b`...); the JSON value is unchanged."""
    if not takes_utf8(stream):
        return json.dumps(obj, ensure_ascii=True)
    text = json.dumps(obj, ensure_ascii=False)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
