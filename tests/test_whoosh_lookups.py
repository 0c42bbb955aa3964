"""The suggestions' two lookups give what Whoosh's own calls give, reading less
(indexer.whoosh.lookups), on an index of several segments with deletions."""

from __future__ import annotations

import itertools
import random

from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.whoosh.lookups import first_docs_with_all, words_within

WORDS = ["hydrogene", "hydrogène", "hydrogenes", "hydraulique", "vert", "verte", "vers",
         "ver", "ouvert", "energie", "énergie", "energies", "energetique", "solaire",
         "solaires", "solde", "usine", "usines", "usinage", "port", "porte", "portes"]


def _index() -> object:
    schema = Schema(id=ID(stored=True, unique=True), text=KEYWORD(scorable=True),
                    words=KEYWORD)
    ix = RamStorage().create_index(schema)
    rng = random.Random(4)
    n = 0
    for _segment in range(3):
        writer = ix.writer()
        for _ in range(60):
            chosen = rng.sample(WORDS, rng.randint(1, 6))
            writer.add_document(id=str(n), text=" ".join(chosen), words=" ".join(chosen))
            n += 1
        writer.commit(merge=False)
    writer = ix.writer()
    for gone in ("3", "70", "71", "150"):
        writer.delete_by_term("id", gone)
    writer.commit(merge=False)
    return ix


def test_first_docs_with_all_are_whooshs_first_docs() -> None:
    ix = _index()
    with ix.searcher() as searcher:   # type: ignore[attr-defined]
        assert not searcher.reader().is_atomic()
        for terms in itertools.chain(itertools.combinations(WORDS[:12], 2),
                                     [("vert",), ("absent", "vert"), ("vert", "absent")]):
            for limit in (1, 5, 20, None):
                expected = list(itertools.islice(searcher.docs_for_query(
                    wq.And([wq.Term("text", t) for t in terms])), limit))
                assert first_docs_with_all(searcher, "text", terms, limit) == expected


def test_words_within_are_whooshs_terms_within() -> None:
    ix = _index()
    with ix.searcher() as searcher:   # type: ignore[attr-defined]
        reader = searcher.reader()
        found = 0
        for word in WORDS + ["hydrgene", "enrgie", "vrt", "x", "usinnes", "portees"]:
            for maxdist, prefix in ((1, 2), (2, 2), (2, 0), (1, 1)):
                expected = list(reader.terms_within("words", word, maxdist, prefix=prefix))
                assert list(words_within(reader, "words", word, maxdist, prefix)) == expected
                found += len(expected)
        assert found > 100
