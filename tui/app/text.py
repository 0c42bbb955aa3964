"""Display text for the workbench: everything from the web becomes plain `Content`.

Nothing here parses markup: titles, snippets and bodies are wrapped in `Content(...)`
literally, control characters and terminal escapes are stripped again (the corpus already
cleaned them; the display does not rely on it), and highlights are spans over the plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content, Span

from corpus.text import strip_controls
from tui.render import fold

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
HIGHLIGHT = "bold $text-warning on $warning-muted"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
_WORD = re.compile(r"\w+(?:[.,]\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


def clean(text: str | None) -> str:
    """Text from the web, safe for the terminal (newlines kept)."""
    return strip_controls(text or "")


def one_line(text: str | None) -> str:
    """Safe text on one line: newlines and runs of spaces become one space."""
    return _SPACES.sub(" ", clean(text)).strip()


def plain(text: str | None, style: str = "") -> Content:
    """`text` as literal content (markup characters stay characters)."""
    content = Content(one_line(text))
    return content.stylize(style) if style else content


def snippet_content(snippet: str, style: str = HIGHLIGHT) -> Content:
    """A search snippet: `<mark>` pairs become highlight spans, the rest is literal text."""
    text = one_line(snippet)
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _MARK.finditer(text):
        before = text[pos:match.start()].replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
        parts.append(before)
        length += len(before)
        inner = match.group(1).replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
        if inner:
            spans.append(Span(length, length + len(inner), style))
        parts.append(inner)
        length += len(inner)
        pos = match.end()
    parts.append(text[pos:].replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))
    return Content("".join(parts), spans, strip_control_codes=False)


def marked_words(snippets: Iterable[str]) -> set[str]:
    """The words the search engine marked in `snippets`, folded (lowercase, no accents)."""
    words: set[str] = set()
    for snippet in snippets:
        for inner in _MARK.findall(one_line(snippet)):
            for word in _WORD.findall(_ELISION.sub(" ", inner)):
                words.add(fold(word))
    return {w for w in words if w}


def highlight_spans(text: str, words: set[str], style: str = HIGHLIGHT) -> list[Span]:
    """Spans over every whole-word occurrence of `words` (folded) in `text`."""
    if not words or not text:
        return []
    folded = fold(text)
    spans: list[Span] = []
    for match in _WORD.finditer(folded):
        if match.group() in words:
            spans.append(Span(match.start(), match.end(), style))
    return spans


def highlighted(text: str, words: set[str], style: str = HIGHLIGHT) -> Content:
    """Multi-line `text` as literal content with `words` highlighted."""
    body = clean(text)
    return Content(body, highlight_spans(body, words, style), strip_control_codes=False)


def thousands(n: int) -> str:
    """`12 345`, the French way (narrow no-break space)."""
    return f"{n:,}".replace(",", "\u202f")
