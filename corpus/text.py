"""Text hygiene shared by every stage: text from the web is hostile."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters except tab and newline, plus DEL, the Unicode line/paragraph
# separators, bidi overrides and zero-width oddities that can reorder or hide terminal text.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
# Whole terminal escape sequences (CSI, OSC, other ESC sequences) go before lone controls.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI: colours, cursor moves, clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, clipboard, hyperlinks
    r"|\x1b[@-Z\\-_]"                   # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"            # 8-bit CSI
)
_CR = re.compile(r"\r\n?")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_controls(text: str) -> str:
    """Remove control characters (keeping tab and newline); CR/CRLF become newlines."""
    return _CONTROL.sub("", _CR.sub("\n", _ESCAPES.sub("", text)))


def clean_line(text: str) -> str:
    """One line of display text: NFC, no controls, spaces folded, trimmed."""
    text = strip_controls(unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def clean_text(text: str) -> str:
    """Multi-paragraph text: NFC, no controls, spaces folded per line, paragraphs kept.

    Paragraphs are separated by exactly one blank line.
    """
    text = strip_controls(unicodedata.normalize("NFC", text))
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        block_text = "\n".join(line for line in lines if line)
        if block_text:
            paragraphs.append(block_text)
    return "\n\n".join(paragraphs)
