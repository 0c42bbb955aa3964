"""Display text for the workbench: everything from the web becomes plain `Content`.

Nothing here parses markup: titles, snippets and bodies are wrapped in `Content(...)`
literally, control characters and terminal escapes are stripped again (the corpus already
cleaned them; the display does not rely on it), and highlights are spans over the plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from textual.content import Content, Span

from corpus.text import strip_controls
from indexer.results import Marked

HIGHLIGHT = "bold $text-warning on $warning-muted"
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


def snippet_content(snippet: str | Marked, style: str = HIGHLIGHT) -> Content:
    """A search snippet as literal text on one line, its matched words (the hit's spans;
    in a bare string, its `<mark>` pairs) as highlight spans."""
    marked = line_of(snippet) if isinstance(snippet, Marked) else \
        Marked.from_html(one_line(snippet))
    spans = [Span(start, end, style) for start, end in marked.spans]
    return Content(marked.text, spans, strip_control_codes=False)


def line_of(marked: Marked) -> Marked:
    """`one_line` of a marked text, its spans moved along (a matched word holds no space)."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in marked.spans:
        pieces += [(marked.text[cursor:start], False), (marked.text[start:end], True)]
        cursor = end
    pieces.append((marked.text[cursor:], False))
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for piece, hot in pieces:
        text = _SPACES.sub(" ", clean(piece))
        if text.startswith(" ") and (length == 0 or out[-1].endswith(" ")):
            text = text[1:]
        if hot and text:
            spans.append((length, length + len(text)))
        if text:
            out.append(text)
            length += len(text)
    line = "".join(out)
    return Marked(line.rstrip(), tuple(spans))


def marked_words(snippets: Iterable[str | Marked]) -> set[str]:
    """The words the search engine marked in `snippets`, folded (lowercase, no accents)."""
    words: set[str] = set()
    for snippet in snippets:
        marked = snippet if isinstance(snippet, Marked) else Marked.from_html(one_line(snippet))
        for inner in marked.words():
            for word in _WORD.findall(_ELISION.sub(" ", clean(inner))):
                words.add(fold(word))
    return {w for w in words if w}


def fold(text: str) -> str:
    """Lowercase without accents, one character for one character (offsets are kept)."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    base = unicodedata.normalize("NFD", char)[0].lower()
    if len(base) != 1:  # pragma: no cover - NFD's first code point is one character
        return char.lower()
    return base


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


def title_content(title: Marked, words: set[str], style: str = HIGHLIGHT) -> Content:
    """A hit's title on one line: its matched words (spans) and `words` (folded)
    highlighted; `(sans titre)` when it has none."""
    line = line_of(title)
    if not line.text:
        return Content("(sans titre)")
    spans = highlight_spans(line.text, words, style)
    covered = {(s.start, s.end) for s in spans}
    spans += [Span(start, end, style) for start, end in line.spans
              if (start, end) not in covered]
    spans.sort(key=lambda s: s.start)
    return Content(line.text, spans, strip_control_codes=False)


def thousands(n: int) -> str:
    """`12 345`, the French way (narrow no-break space)."""
    return f"{n:,}".replace(",", "\u202f")
