"""The French analysis chain, applied alike to indexed text and to queries.

tokenize (numbers and alphanumerics whole: 4.0, 5G, COP28, 14,2; aujourd’hui one word)
→ elision (l’ d’ j’ m’ n’ s’ t’ c’ qu’ jusqu’ lorsqu’ puisqu’ quoiqu’, ASCII ' or ’)
→ lowercase → accent folding (é→e, œ→oe, æ→ae) → French stop words (Snowball's list,
minus meaningful short words and acronyms: ai, ia, ue, pme…) → Snowball French stemming
(PyStemmer, in C), with a few loanword overrides (data ≠ date).

Everything after tokenizing depends on the raw token only, so the whole chain is memoised
per raw token: `FrenchChain.term(raw)` is one dict lookup for a known word.

Engine-neutral: the Whoosh analyzer running this chain is `indexer.whoosh.analysis`.
Whoosh pickles a schema's analyzers (and the `FrenchChain` inside them) into the index:
`FrenchChain` stays importable under this module path, its cache left out of the pickle;
indexes built before the engine moved name the analyzers here too (`__getattr__`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import Stemmer

# A number with inner dots/commas (4.0, 14,2, 1.000), or a word possibly holding
# apostrophes (l’usine, aujourd’hui). Hyphens split words (Saint-Étienne → saint, etienne).
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*")

ELISIONS = frozenset(
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)

# Snowball's French stop list (as shipped with Whoosh), folded, minus words that carry
# meaning in the press: ai/AI (artificial intelligence), as (AS Monaco), es, eu/EU,
# sommes (sums of money). Plus a/à and interrogatives, which only add noise to questions.
_SNOWBALL_FR = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes suis es est
sommes etes sont serai seras sera serons serez seront serais serait serions seriez seraient
etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient
fusse fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons
avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait
avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions
eussiez eussent
"""
KEEP_WORDS = frozenset(["ai", "as", "es", "eu", "sommes"])
# Kept only as acronyms: written in capitals and not elided (AI, AS, EU). In lower case or
# after an elision they are forms of avoir/être (j’ai, qu’ai, tu as, il a eu) and dropped,
# so that a search for AI does not find "j’ai". Queries (`QUERY_CHAIN`) also read a bare
# `ai` in lower case as the acronym: nobody searches for the verb (but `a eu`, `tu as` in a
# question stay verbs).
ACRONYM_ONLY = frozenset(["ai", "as", "es", "eu"])
EXTRA_STOPS = frozenset(
    """quel quelle quels quelles lequel laquelle lesquels lesquelles dont ou quoi comment
    pourquoi combien quand cet cette ils elles les""".split()
)
STOP_WORDS = frozenset(_SNOWBALL_FR.split()) - KEEP_WORDS | EXTRA_STOPS

# Words the French stemmer would wrongly merge with French words (data → dat = date).
STEM_OVERRIDES = {"data": "data", "datas": "data", "user": "user", "users": "user"}

_SPECIAL = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ø", "o"), ("đ", "d"), ("ł", "l"),
            ("’", "'"), ("ʼ", "'"), ("‘", "'"))
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_CACHE_LIMIT = 400_000


def _special(text: str) -> str:
    """Ligatures and letters NFKD does not decompose, and typographic apostrophes
    (str.translate with a dict is slow: a few substring tests are not)."""
    for char, repl in _SPECIAL:
        if char in text:
            text = text.replace(char, repl)
    return text


def fold(word: str) -> str:
    """Lowercase and strip accents: École → ecole, cœur → coeur, ’ → '."""
    word = _special(word.lower())
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def strip_elision(word: str) -> str:
    """`l’usine` → `usine`, `jusqu'à` → `à`; other apostrophes stay (aujourd’hui)."""
    for quote in ("'", "’"):
        head, sep, tail = word.partition(quote)
        if sep and tail and head.lower() in ELISIONS:
            return strip_elision(tail)
    return word


class FrenchChain:
    """The memoised French chain: raw token → indexed term (or None for a stop word)."""

    def __init__(self, stem: bool = True, stop: bool = True, fold: bool = True,
                 query: bool = False) -> None:
        self.stem = stem
        self.stop = stop
        self.fold = fold
        self.query = query
        self._stemmer: Any = None
        self._cache: dict[str, str | None] = {}

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = {"stem": self.stem, "stop": self.stop, "fold": self.fold}
        if self.query:
            state["query"] = True
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def term(self, raw: str) -> str | None:
        """The term for one raw token, or None when it is dropped."""
        try:
            return self._cache[raw]
        except KeyError:
            pass
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        result = self._compute(raw)
        self._cache[raw] = result
        return result

    def _compute(self, raw: str) -> str | None:
        word = strip_elision(raw)
        folded = fold(word)
        if not folded or (self.stop and folded in STOP_WORDS):
            return None
        if self.stop and folded in ACRONYM_ONLY and not _acronym(raw, word, self.query):
            return None
        if not self.fold:
            return word.lower().translate(_QUOTES)
        word = folded
        if not self.stem:
            return word
        if word in STEM_OVERRIDES:
            return STEM_OVERRIDES[word]
        if self._stemmer is None:
            self._stemmer = Stemmer.Stemmer("french")
        return str(self._stemmer.stemWord(word))

    def terms(self, text: str) -> list[str]:
        """Every kept term of `text`, in order (stop words dropped)."""
        term = self.term
        return [t for t in map(term, TOKEN_RE.findall(text)) if t is not None]

    def spans(self, text: str) -> Iterator[tuple[int, int, str | None]]:
        """(start, end, term) of every token of `text`; term None for stop words."""
        term = self.term
        for m in TOKEN_RE.finditer(text):
            yield m.start(), m.end(), term(m.group())


_PRONOUN_ELISIONS = ("j", "m", "t", "n", "s", "qu")


def _acronym(raw: str, word: str, query: bool) -> bool:
    """Whether `word` (`raw` without its elision) is the acronym, not the verb form:
    AI, l’AI, d’AI are the acronym; ai, j’ai, qu’ai, l’ai and, in a headline in capitals,
    J’AI are the verb. A query's bare `ai` is the acronym."""
    if not word.isupper():
        return query and word == raw and word.lower() == "ai"  # `eu`, `as`: the verb
    if word == raw:
        return True
    elision = raw[:len(raw) - len(word) - 1]
    return not (elision.isupper() and elision.lower() in _PRONOUN_ELISIONS)


_COMBINING = re.compile("[\u0300-\u036f]+")


def surface_words(text: str) -> list[str]:
    """The folded words of `text`, stop words dropped, no stemming, in order.

    Nearly `FrenchChain(stem=False).terms(text)` but folds the whole text at once: a few
    C calls instead of one Python call per word (re-ranking reads 50 whole articles per
    query, often on a cold cache).
    """
    folded = _special(text.lower())
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    words = TOKEN_RE.findall(folded)
    return [w for w in map(_drop_elision, words) if w not in STOP_WORDS]


def _drop_elision(word: str) -> str:
    while "'" in word:
        head, _, tail = word.partition("'")
        if head not in ELISIONS or not tail:
            break
        word = tail
    return word


DEFAULT_CHAIN = FrenchChain()
QUERY_CHAIN = FrenchChain(query=True)  # query words: `ai` in lower case is the acronym too


def analyze(text: str) -> list[str]:
    """The indexed terms of `text` (what the index holds for it)."""
    return DEFAULT_CHAIN.terms(text)


_MOVED = frozenset(["FrenchAnalyzer", "FastFrequency"])


def __getattr__(name: str) -> Any:
    """The analyzers pickled by indexes built before the engine moved to indexer.whoosh."""
    if name not in _MOVED:
        raise AttributeError(f"module 'indexer.analysis' has no attribute {name!r}")
    from indexer.whoosh import analysis

    return getattr(analysis, name)
