"""The French analysis chain: which forms must meet, which must not."""

from __future__ import annotations

import pytest

from indexer.analysis import ACRONYM_ONLY, STOP_WORDS, analyze
from indexer.whoosh.analysis import french_analyzer

MEET = [
    ("énergie", "energie"), ("énergie", "énergies"), ("energie", "ÉNERGIES"),
    ("industriel", "industrielle"), ("industriel", "industriels"),
    ("industrielles", "industriel"), ("marocain", "marocaine"), ("marocains", "Marocaines"),
    ("École", "ecole"), ("télécommunications", "telecommunications"),
    ("l’intelligence", "intelligence"), ("l'intelligence", "intelligence"),
    ("d’hydrogène", "hydrogène"), ("d'hydrogene", "hydrogènes"), ("phosphate", "phosphates"),
    ("qu’innovation", "innovation"), ("jusqu’Alger", "alger"), ("lorsqu’usine", "usines"),
    ("puisqu’acier", "acier"), ("quoiqu’énorme", "énorme"), ("c’était", "ETAIT"),
    ("œuvre", "oeuvre"), ("cœur", "coeur"), ("ex æquo", "ex aequo"),
    ("COP28", "cop28"), ("5G", "5g"), ("IA", "ia"), ("PME", "pme"), ("UE", "ue"),
    ("aujourd’hui", "aujourd'hui"), ("électricité", "ELECTRICITE"),
    ("data", "datas"), ("numérique", "numériques"),
]
APART = [
    ("COP27", "COP28"), ("data", "date"), ("usine", "user"), ("4.0", "4"), ("H2", "H3"),
    ("IA", "AI"), ("UE", "US"), ("5G", "4G"), ("aujourd’hui", "hui"),
]
KEPT = ["ia", "ai", "ue", "pme", "eu", "as", "h2", "5g", "cop28", "4.0"]


def _single(text: str) -> str:
    terms = analyze(text)
    assert len(terms) == 1, (text, terms)
    return terms[0]


@pytest.mark.parametrize(("a", "b"), MEET)
def test_forms_meet(a: str, b: str) -> None:
    assert analyze(a) == analyze(b)


@pytest.mark.parametrize(("a", "b"), APART)
def test_forms_stay_apart(a: str, b: str) -> None:
    assert _single(a) != _single(b)


@pytest.mark.parametrize("word", KEPT)
def test_meaningful_short_words_are_not_stop_words(word: str) -> None:
    assert word not in STOP_WORDS
    if word in ACRONYM_ONLY:  # ai, as, es, eu: the acronym in capitals, else the verb
        assert analyze(word.upper()) == [word] and analyze(word) == []
    else:
        assert analyze(word) == [word]


def test_numbers_and_alphanumerics_stay_whole() -> None:
    terms = analyze("L’industrie 4.0, la 5G, la COP28, l’H2 et 14,2 milliards en 2026.")
    for whole in ("4.0", "5g", "cop28", "h2", "14,2", "2026"):
        assert whole in terms


def test_aujourdhui_is_one_word_and_stop_words_go() -> None:
    assert analyze("Aujourd’hui, les usines de la région") == ["aujourd'hui", "usin", "region"]


def test_elision_only_strips_known_prefixes() -> None:
    assert analyze("presqu’île") == analyze("presqu'île")
    assert len(analyze("presqu’île")) == 1


def test_analyzer_positions_and_chars() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in french_analyzer()("L’énergie verte", positions=True, chars=True)]
    assert tokens == [("energ", 0, 0, 9), ("vert", 1, 10, 15)]


def test_pystemmer_matches_whooshs_snowball_on_a_word_list() -> None:
    import Stemmer
    from whoosh.lang.snowball.french import FrenchStemmer

    words = ["national", "nationaux", "industrialisation", "développement", "énergétique",
             "investissements", "chaleureusement", "constructions", "acheteuses", "voyais",
             "marchés", "télécommunications", "économiques", "propriétaires", "fermées"]
    ours = Stemmer.Stemmer("french")
    theirs = FrenchStemmer()
    assert [ours.stemWord(w) for w in words] == [theirs.stem(w) for w in words]


def test_bulk_surface_words_match_the_chain() -> None:
    from indexer.analysis import FrenchChain, surface_words

    text = ("L’énergie d’aujourd’hui : jusqu’à l’École 4.0, la COP28 et 14,2 milliards. "
            "Qu’il soit lorsqu’arrivent les Œuvres de Saint-Étienne, l'IA, l’AI et les PME.")
    assert surface_words(text) == FrenchChain(stem=False).terms(text)
