"""Questions in plain French: recognised, their scaffolding dropped, ranked softly."""

from __future__ import annotations

import pytest

from indexer.compile import Compiler, Ranking
from indexer.query import parse
from indexer.questions import is_question, trim
from indexer.rerank import features


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
    feats = features("L'Énergie SOLAIRE, et l’usine de la ville... Hydrogène vert.")
    assert {"energie", "solaire", "usine", "ville", "hydrogene", "vert"} <= feats.forms
    assert hash(("energie", "solaire")) in feats.pairs
    assert hash(("usine", "ville")) in feats.pairs        # stop words between
    assert hash(("ville", "hydrogene")) in feats.pairs    # punctuation only
    assert hash(("solaire", "ville")) not in feats.pairs
