"""Snippets: the passage of an article that best shows the query, with matched words in
<mark>…</mark> as they are written (any inflection: the match is on the stem)."""

from __future__ import annotations

import re
from collections.abc import Collection

from indexer.analysis import DEFAULT_CHAIN, TOKEN_RE, fold, strip_elision
from indexer.candidates import compiled as already_compiled
from indexer.candidates import pattern, starts
from indexer.results import Marked, Span

WINDOW = 220          # characters of context shown
MAX_SCAN = 20_000     # characters of an article examined
_SENTENCE_START = re.compile(r"(?<=[.!?…»])\s+")


def _matches(text: str, stems: Collection[str], prefixes: Collection[str],
             compiled: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, term) of every token of `text` whose term is one of `stems` or starts
    with one of `prefixes`; `start` skips an elision (l’<mark>énergie</mark>).

    `compiled=False`: unless a snippet of the same search compiled their pattern, the
    candidates are found without it (`indexer.candidates.starts`): slower on a long text,
    but a title is short and compiling costs ~1.5 ms per query, each keystroke of a typed
    query being a new one."""
    keys = tuple(sorted(set(stems) | set(prefixes)))
    regex = pattern(keys) if compiled else already_compiled(keys)
    found_at = (m.start() for m in regex.finditer(text)) if regex is not None \
        else starts(text, keys)
    found: list[tuple[int, int, str]] = []
    last_end = -1
    for begin in found_at:
        if begin < last_end:
            continue
        token = TOKEN_RE.match(text, begin)
        if token is None:
            continue
        start, end = token.span()
        last_end = end
        term = DEFAULT_CHAIN.term(token.group())
        if term is None:
            continue
        if term in stems or any(term.startswith(p) or fold(strip_elision(token.group()))
                                .startswith(p) for p in prefixes):
            bare = strip_elision(token.group())
            found.append((end - len(bare), end, term))
    return found


def make_snippet(text: str, stems: Collection[str], prefixes: Collection[str] = (),
                 width: int = WINDOW) -> str:
    """`marked_snippet` with its matched words wrapped in <mark>…</mark> (a `<` in the
    article stays `<`: callers render the snippet as text, not as HTML)."""
    return marked_snippet(text, stems, prefixes, width).html()


def marked_snippet(text: str, stems: Collection[str], prefixes: Collection[str] = (),
                   width: int = WINDOW) -> Marked:
    """The best window of `text` (most distinct matched terms, earliest on ties), on one
    line, with the spans of its matched words. With no match, the beginning of the text."""
    text = text[:MAX_SCAN]
    found = _matches(text, stems, prefixes) if (stems or prefixes) else []
    if not found:
        return _cut(text, 0, width)
    best_start, best_score = found[0][0], -1.0
    right = 0
    for left in range(len(found)):
        start = found[left][0]
        while right < len(found) and found[right][1] - start <= width:
            right += 1
        window = found[left:right]
        score = len({t for _, _, t in window}) * 10 + len(window)
        if score > best_score:
            best_score, best_start = score, start
    begin = _sentence_begin(text, best_start, width)
    end = min(len(text), begin + width)
    return _render(text, begin, end, [m for m in found if m[0] >= begin and m[1] <= end])


def title_spans(title: str, stems: Collection[str],
                prefixes: Collection[str] = ()) -> tuple[Span, ...]:
    """The spans of the matched words of a title (offsets in `title` as it is)."""
    if not (stems or prefixes):
        return ()
    return tuple((start, end) for start, end, _ in _matches(title, stems, prefixes,
                                                           compiled=False))


def _sentence_begin(text: str, pos: int, width: int) -> int:
    """Start the window at a sentence start shortly before `pos`, else a word boundary."""
    floor = max(0, pos - width // 3)
    last = None
    for m in _SENTENCE_START.finditer(text, floor, pos + 1):
        last = m.end()
    if last is not None and last <= pos:
        return last
    if floor == 0:
        return 0
    space = text.find(" ", floor, pos)
    return space + 1 if space != -1 else pos


def _render(text: str, begin: int, end: int, marks: list[tuple[int, int, str]]) -> Marked:
    if end < len(text):
        space = text.rfind(" ", begin, end)
        if space > begin + 20 and (not marks or space >= marks[-1][1]):
            end = space
    parts = ["…" if begin > 0 else ""]
    spans = []
    length = len(parts[0])
    cursor = begin
    for start, stop, _ in marks:
        if stop > end:
            break
        before, word = _flat(text[cursor:start]), _flat(text[start:stop])
        parts += [before, word]
        spans.append((length + len(before), length + len(before) + len(word)))
        length += len(before) + len(word)
        cursor = stop
    parts.append(_flat(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    joined = "".join(parts)
    lead = len(joined) - len(joined.lstrip())  # marked words hold no spaces
    return Marked(joined.strip(), tuple((a - lead, b - lead) for a, b in spans))


def _cut(text: str, begin: int, width: int) -> Marked:
    return _render(text, begin, min(len(text), begin + width), [])


_MARK_TAG = re.compile(r"</?mark>", re.IGNORECASE)
_NEWLINES = re.compile(r"\s*\n\s*")


def _flat(text: str) -> str:
    """One line, with any literal <mark> tag of the article defused."""
    return _MARK_TAG.sub(lambda m: m.group().replace("<", "‹").replace(">", "›"),
                         _NEWLINES.sub(" ", text))
