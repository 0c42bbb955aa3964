"""Questions in plain French: recognised, their scaffolding dropped, ranked softly."""

from __future__ import annotations

import pytest

from indexer.heads import Head, fold_text
from indexer.query import parse
from indexer.questions import is_question, trim
from indexer.ranking import Ranking
from indexer.whoosh.compile import Compiler


def words(query: str) -> list[str]:
    parsed, _ = trim(parse(query))
    return [getattr(n, "text", "") for n in parsed.root.should]


@pytest.mark.parametrize(("query", "expected"), [
    ("Quelle est la capitale du Maroc ?", True),
    ("comment renouveler sa carte grise", True),
    ("En quelle année l'usine a-t-elle fermé", True),
    ("Est-ce que l'usine ferme", True),
    ("hydrogène vert", False),
    ("charbon AND europe", False),
    ("usine quelle ville", False),
])
def test_questions_are_recognised(query: str, expected: bool) -> None:
    assert is_question(query) is expected


def test_scaffolding_is_dropped_in_the_opening_only() -> None:
    assert "s'appelle" not in words("Comment s'appelle le port de Tanger ?")
    assert "année" not in words("En quelle année l'usine a-t-elle fermé ?")
    assert "faut-il" not in words("Que faut-il faire pour obtenir un passeport ?")
    assert "passeport" in words("Que faut-il faire pour obtenir un passeport ?")
    # far from the interrogative, the same word is asked about
    assert "l'année" in words("Quelle est la durée de l'année fiscale ?")
    assert "date" in words("Quelle est la date limite de déclaration ?")
    assert "type" not in words("Quel type de visa faut-il ?")
    assert "Peut-on" not in words("Peut-on résilier un contrat ?")
    # keywords keep every word
    assert words("nom date type") == ["nom", "date", "type"]


def test_a_question_never_loses_all_its_words() -> None:
    assert "type" in words("Quel type ?")


def test_questions_have_no_all_words_tier() -> None:
    compiler = Compiler(Ranking(), lambda ids, stems: set())
    question = compiler.compile(parse("Quelle est la production de charbon en Europe ?"))
    keywords = compiler.compile(parse("production charbon europe"))
    assert question.question and question.strict is None
    assert not keywords.question and keywords.strict is not None


def test_reranker_features_are_folded_words_and_adjacent_pairs() -> None:
    head = Head(fold_text("L'Énergie SOLAIRE, et l’usine de la ville... Hydrogène vert."))
    for word in ("energie", "solaire", "usine", "ville", "hydrogene", "vert"):
        assert head.has_word(word)
    assert not head.has_word("la")                                 # a stop word
    assert not head.has_word("hydro")                              # part of a word
    assert head.has_pair("energie", "solaire")
    assert head.has_pair("usine", "ville")                         # stop words between
    assert head.has_pair("ville", "hydrogene")                     # punctuation only
    assert not head.has_pair("solaire", "ville")


def test_reranker_prefers_the_article_whose_title_holds_the_query() -> None:
    from corpus import Article
    from indexer.rerank import FeatureCache, Reranker

    body = Article(url="https://a.example/1", title="Chronique du lundi",
                   text="Le port de Tanger agrandit son terminal à conteneurs.")
    titled = Article(url="https://a.example/2", title="Tanger agrandit son terminal",
                     text="Les travaux du port commencent en mars.")
    fetched: list[list[str]] = []

    def articles(ids: list[str]) -> dict[str, Article]:
        fetched.append(list(ids))
        return {a.id: a for a in (body, titled) if a.id in ids}

    reranker = Reranker(0.0, 0.0, FeatureCache(), title_weight=2.0)
    ids = {0: body.id, 1: titled.id}
    ranked = reranker.rerank([(0, 5.0, 0), (1, 4.5, 0)], "terminal Tanger", ids.__getitem__,
                             articles, idf=lambda stem: 1.0)
    assert [d for d, _ in ranked] == [1, 0]
    # the features are kept: a second query reads nothing from the corpus
    reranker.rerank([(0, 5.0, 0), (1, 4.5, 0)], "port", ids.__getitem__, articles,
                    idf=lambda stem: 1.0)
    assert len(fetched) == 1
