"""An article's head as the re-ranker reads it, asked only about one query's words.

The re-ranker (indexer.rerank) wants to know, of each candidate, whether its head (title,
lead, beginning of the body: `rerank.head_text`) holds a query word in the typed form, and
a pair of consecutive query words adjacent. Its words are the tokens of the folded head
(`fold_text`, TOKEN_RE, elisions dropped), stop words aside; two words are adjacent when
at most `MAX_STOPS` stop words (and any punctuation) separate them.

Tokenizing and pairing a whole head (~7,000 characters: 0.6 ms) to answer for two or three
words wastes most of it, so a `Head` keeps the folded text and answers each question where
the word occurs, with the same tokens as a full pass:

- every token is made of word characters and ' ’ . , only, so no token crosses any other
  character (a *separator*): the tokens around an occurrence of a word are the tokens of
  its *run* (the characters between the separators on either side), tokenized alone;
- a word token cannot begin right after a letter (only a number token, ending in a digit,
  can end right before another token), nor end right before a word character unless it is
  a number (`4.0` in `4.0abc`): most occurrences inside longer words are dismissed without
  tokenizing;
- the words after a token are TOKEN_RE's from its end, as in the full pass.

Answers are kept per head (a typed query asks the same words again keystroke after
keystroke).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from indexer.analysis import STOP_WORDS, TOKEN_RE, _drop_elision, _special

MAX_STOPS = 4       # stop words between two words still counted as adjacent
KNOWN = 512         # answers a head keeps

_RUN = re.compile(r"[\w'’.,]+")                          # characters a token may hold
_LAST_SEPARATOR = re.compile(r"[^\w'’.,][\w'’.,]*\Z")    # searched up to a position
_WORD_CHAR = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")   # what `_COMBINING` drops
_LOOK_BACK = 256    # characters searched back for the start of a run (then all of them)
_DISMISSED = 8      # occurrences dismissed in a row before a run is tokenized anyway


def fold_text(text: str) -> str:
    """Lowercase, ligatures and typographic apostrophes, accents off (as `fold`: NFKD, then
    the combining marks U+0300-U+036F dropped, by name: a few `str.replace` of the marks
    the text's own letters decompose into are faster than a regex substitution)."""
    folded = _special(text.lower())
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    marks: set[str] = set()
    for char in set(_NON_ASCII.findall(folded)):
        marks.update(_marks(char))
    for mark in marks:
        decomposed = decomposed.replace(mark, "")
    return decomposed


@lru_cache(maxsize=4096)
def _marks(char: str) -> str:
    """The combining marks U+0300-U+036F of `char`'s NFKD decomposition."""
    return "".join(_COMBINING_MARKS.findall(unicodedata.normalize("NFKD", char)))


def word_of(token: str) -> str:
    """A token without its elisions (l'usine → usine), as the re-ranker counts words."""
    return token if "'" not in token else _drop_elision(token)


class Head:
    """The folded head of an article, with the stems of its title and of its lead."""

    __slots__ = ("text", "title", "lead", "_known")

    def __init__(self, text: str, title: frozenset[str] = frozenset(),
                 lead: frozenset[str] = frozenset()) -> None:
        self.text = text      # folded (`fold_text`)
        self.title = title
        self.lead = lead
        self._known: dict[str | tuple[str, str], bool] = {}

    def has_word(self, word: str) -> bool:
        """Whether a token of the head is `word` once its elisions are dropped (`word`:
        a folded query word, not a stop word)."""
        known = self._known.get(word)
        if known is None:
            known = bool(word) and word not in STOP_WORDS and \
                next(self._ends(word), None) is not None
            self._remember(word, known)
        return known

    def has_pair(self, first: str, second: str) -> bool:
        """Whether the word `second` follows the word `first` with at most `MAX_STOPS`
        stop words between them (neither a stop word)."""
        key = (first, second)
        known = self._known.get(key)
        if known is None:
            known = self.has_word(first) and self.has_word(second) and any(
                self._next_word(end) == second for end in self._ends(first))
            self._remember(key, known)
        return known

    def _remember(self, key: str | tuple[str, str], value: bool) -> None:
        if len(self._known) >= KNOWN:
            self._known.clear()
        self._known[key] = value

    def _ends(self, word: str) -> Iterator[int]:
        """Where each token whose word is `word` ends, in order."""
        text = self.text
        size = len(word)
        number = "." in word or "," in word
        i = text.find(word)
        dismissed = 0
        while i != -1:
            if dismissed < _DISMISSED and not _may_be_token(text, i, i + size, number):
                dismissed += 1   # bounded: a long run of letters is tokenized instead
                i = text.find(word, i + 1)
                continue
            dismissed = 0
            start, end = _run(text, i)
            for m in TOKEN_RE.finditer(text, start, end):
                if word_of(m.group()) == word:
                    yield m.end()
            i = text.find(word, end)   # the run's other occurrences were all seen

    def _next_word(self, end: int) -> str | None:
        """The first word after `end` that is not a stop word, unless more than
        `MAX_STOPS` stop words come first."""
        stops = 0
        for m in TOKEN_RE.finditer(self.text, end):
            word = word_of(m.group())
            if word not in STOP_WORDS:
                return word
            stops += 1
            if stops > MAX_STOPS:
                return None
        return None


def _may_be_token(text: str, start: int, end: int, number: bool) -> bool:
    """Whether text[start:end] may be a whole token or follow an elision: not right after
    a letter, and, unless a number, not right before a word character."""
    if start and _WORD_CHAR.match(text, start - 1) and not _DIGIT.match(text, start - 1):
        return False
    return number or end >= len(text) or not _WORD_CHAR.match(text, end)


def _run(text: str, i: int) -> tuple[int, int]:
    """The run of token characters holding position `i` (itself a word character)."""
    if not i or not _RUN.match(text, i - 1):
        start = i          # the common case: right after a space or a punctuation mark
    else:
        low = max(0, i - _LOOK_BACK)
        separator = _LAST_SEPARATOR.search(text, low, i)
        if separator is None and low:
            separator = _LAST_SEPARATOR.search(text, 0, i)
        start = separator.start() + 1 if separator is not None else 0
    run = _RUN.match(text, start)
    return start, run.end() if run is not None else i + 1
