"""The re-ranker's answers from `indexer.heads` are those of the full pass it replaced.

`full_features` is the re-ranker's former feature extraction, kept here word for word as
the reference: every word of the folded head and every adjacent pair, hashed and sorted.
`Head` must say the same of every query word and pair, on texts chosen for what could
make a local reading differ from a full one."""

from __future__ import annotations

import random
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass

import pytest

from corpus import Article
from indexer.analysis import (
    _COMBINING,
    DEFAULT_CHAIN,
    STOP_WORDS,
    TOKEN_RE,
    _drop_elision,
    _special,
    surface_words,
)
from indexer.heads import Head, fold_text
from indexer.rerank import MAX_STOPS, FeatureCache, Reranker, head_text


@dataclass(frozen=True)
class Features:
    forms: array[int]
    pairs: array[int]


def old_fold_text(text: str) -> str:
    """The former `indexer.rerank._fold_text`."""
    folded = _special(text.lower())
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return folded


def full_features(text: str) -> Features:
    """The former `indexer.rerank.features`."""
    words = [w if "'" not in w else _drop_elision(w)
             for w in TOKEN_RE.findall(old_fold_text(text))]
    pairs: set[int] = set()
    previous: str | None = None
    stops = 0
    stop_words = STOP_WORDS
    for word in words:
        if word in stop_words:
            stops += 1
            continue
        if previous is not None and stops <= MAX_STOPS:
            pairs.add(hash((previous, word)))
        previous, stops = word, 0
    forms = {hash(w) for w in words if w not in stop_words}
    return Features(array("q", sorted(forms)), array("q", sorted(pairs)))


def holds(values: array[int], key: int) -> bool:
    i = bisect_left(values, key)
    return i < len(values) and values[i] == key


TEXTS = [
    "L'Énergie SOLAIRE, et l’usine de la ville... Hydrogène vert.",
    "Le cœur du réacteur : l’œuvre d’EDF, aujourd’hui et aujourd'hui, jusqu’à l’aube.",
    "Qu’il pleuve ou non, lorsqu'on l'a dit : l'l'usine, d'l’eau, qu’'ile, s’",
    "Production 4.0 et 14,2 % ; 1.000 tonnes, 4.0abc, COP28 5G 3,5,7 2024. 12, 13",
    "Vert de la de la de la de vert, vert de de de de de vert ; le le le le le le vert",
    "hydrogène vert — hydrogène-vert / hydrogène_vert « hydrogène » vert(e) verte ouvert",
    "ÉCRASAIS écrasais écrasais, écrasais. Écrasais! Pervibrerions? écrasais…écrasais",
    "Saint-Étienne, Œdipe, ÆSOP, straße, Øre, đ, łódź — naïve, Noël, maïs, ça, garçon",
    "AI et l’AI, J’AI vu l’IA ; qu'ai-je dit ? EU, l'UE, as, AS Monaco, es, sommes.",
    "a.b,c d'e'f'g l'a'b x'' y'z ''' ’’ l’ d’ qu’ n'y jusqu'au prud'hommes",
    "Ⅻ ² ½ ﬁnance ﬂux ﬃ Ⓐ ｆｕｌｌ — ligatures and compatibility forms",
    "e\u0301cole e\u0301cole, cafe\u0301 du coin, noe\u0308l a\u0300 l'e\u0301cole",
    "\n\n\tTitre\n\nchapeau : le port de Tanger.\n\nCorps : le port, le port de Tanger.",
    "بالمغرب الطاقة الشمسية et 東京 et Москва, l’Ωmega, πολύ",
    "Việt Nam, Nguyễn, ǅemal ǈ ǋ, Ǆ, ﬀ, ẞ, İstanbul, ı, ſ, K, Å, µ, ª º, Ⅷ",
    "a\u0323\u0302 o\u0302\u0323 a\u1dc0 x\u20d7 e\u0301\u0327 ç\u0301 \u0303 \u0301seul",
    "한국어 텍스트 et كتاب, ﷺ, ﬡ, ㈱, ㎏ — « guillemets » et € 3 000 $",
    "",
    "...,,,'''",
]


def _queries(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Words and pairs to ask of `text`: its own words and pairs, their prefixes and
    suffixes, elided forms, and words from elsewhere."""
    words = [w for w in (_drop_elision(t) for t in TOKEN_RE.findall(old_fold_text(text)))
             if w not in STOP_WORDS]
    asked = set(words)
    for w in words:
        asked.update({w[:-1], w[1:], w[:3], w + "s", "l'" + w})
    asked.update(["vert", "hydrogene", "usine", "4", "0", "14", "2", "000", "abc", "ai",
                  "aujourd", "hui", "aujourd'hui", "coeur", "oeuvre", "ss", "strasse"])
    found = [w for w in asked if w and w not in STOP_WORDS]
    pairs = list(zip(words, words[1:], strict=False))
    rng = random.Random(len(text))
    pairs += [(rng.choice(found), rng.choice(found)) for _ in range(40)] if found else []
    pairs += [(b, a) for a, b in pairs[:20]]
    return found, pairs


def _same(text: str) -> None:
    assert fold_text(text) == old_fold_text(text)
    full = full_features(text)
    head = Head(fold_text(text))
    words, pairs = _queries(text)
    for word in words:
        assert head.has_word(word) == holds(full.forms, hash(word)), (text, word)
    for a, b in pairs:
        assert head.has_pair(a, b) == holds(full.pairs, hash((a, b))), (text, a, b)
    again = Head(fold_text(text))   # pairs asked before their words
    for a, b in pairs:
        assert again.has_pair(a, b) == holds(full.pairs, hash((a, b))), (text, a, b)


@pytest.mark.parametrize("text", TEXTS)
def test_head_answers_as_the_full_pass(text: str) -> None:
    _same(text)


PIECES = ["l'", "l’", "d’", "qu'", "jusqu’", "L’", "D'", "ÉNERGIE", "énergie", "Énergie",
          "vert", "verte", "ouvert", "hydrogène", "cœur", "Œuvre", "4", "4.0", "14,2", "1.000",
          "abc", "de", "la", "le", "et", "des", "du", "au", "ai", "AI", "aujourd’hui", "x",
          "a", "à", "y", "2", "_", "école", "e\u0301cole", "ﬁn", "Straße", "Ⅻ", "πολύ"]
GLUE = [" ", " ", " ", "  ", "\n", ", ", ". ", "... ", " — ", "-", "'", "’", ".", ",", "",
        " « ", " » ", "(", ")", "/", "\u00a0", "\u202f", ";", "!", "?", "…"]


def test_head_answers_as_the_full_pass_on_random_texts() -> None:
    rng = random.Random(17)
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 60)):
            parts += [rng.choice(PIECES), rng.choice(GLUE)]
        _same("".join(parts))


def test_a_very_long_head_is_read_to_its_end() -> None:
    filler = "la production de charbon en Europe, et des usines : " * 400   # 21,000 chars
    text = "Titre\n" + filler + "hydrogène, vert " + "x" * 300 + " puis de la fin"
    _same(text)
    assert Head(fold_text(text)).has_pair("hydrogene", "vert")
    for text, holds_vert in (("y" * 1000 + "'vert ok", False),   # runs longer than the
                             ("l'" * 600 + "vert ok", True),     # look back
                             ("zz " + "y" * 1000 + " vert", True)):
        _same(text)
        assert Head(fold_text(text)).has_word("vert") is holds_vert


def test_words_repeated_inside_long_runs_are_answered_as_the_full_pass() -> None:
    """Occurrences inside longer tokens are dismissed a few at a time, then the run is
    tokenized: the answers stay the full pass's."""
    for text in ("a" * 20_000 + " aa", "ab" * 10_000 + " ab", "4.0" * 5000 + "a b",
                 "vert" * 5000, "l'" * 3000 + "vert", "4.0abc " * 200):
        _same(text)
        head = Head(fold_text(text))
        for word in ("aa", "ab", "ba", "0a", "tv", "ver", "vert", "abc", "4.0"):
            assert head.has_word(word) == holds(full_features(text).forms, hash(word))


def test_reranker_scores_as_with_the_full_features() -> None:
    """Same bonuses, to the bit, as the former re-ranker computed from full features."""
    texts = TEXTS[:10]
    arts = [Article(url=f"https://a.example/{i}", title=t[:40], text=t) for i, t in
            enumerate(texts)]
    by_id = {a.id: a for a in arts}
    ids = {i: a.id for i, a in enumerate(arts)}
    candidates = [(i, 10.0 - i * 0.25, 0) for i in range(len(arts))]
    idf = {"vert": 2.5, "hydrogen": 4.25, "energ": 3.0, "usin": 1.5}.get
    reranker = Reranker(0.4, 2.0, FeatureCache(), title_weight=0.0)
    for query in ("hydrogène vert", "énergie solaire usine", "vert vert", "4.0 abc",
                  "aujourd'hui jusqu'à l'aube", "écrasais pervibrerions"):
        ranked = reranker.rerank(candidates, query, ids.__getitem__,
                                 lambda wanted: {i: by_id[i] for i in wanted},
                                 idf=lambda stem: idf(stem, 1.0))
        words = surface_words(query)
        weights = {w: idf(stem, 1.0) for w in set(words)
                   if (stem := DEFAULT_CHAIN.term(w)) is not None}
        pairs = {hash(p) for p in zip(words, words[1:], strict=False)}
        expected = []
        for rank, (docnum, score, tier) in enumerate(candidates):
            full = full_features(head_text(arts[docnum]))
            bonus = 0.4 * sum(w for f, w in weights.items() if holds(full.forms, hash(f)))
            bonus += 2.0 * sum(1 for p in pairs if holds(full.pairs, p))
            expected.append((tier, score + bonus, -rank, docnum))
        expected.sort(reverse=True)
        assert ranked == [(d, s) for _, s, _, d in expected], query


def test_folding_drops_the_same_marks_on_any_letters() -> None:
    rng = random.Random(3)
    pool = [chr(c) for c in range(0x20, 0x2FFF)] + ["\u0301", "\u0308", "\u0327"] * 200
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 80)))
        assert fold_text(text) == old_fold_text(text), ascii(text)
