"""The ranking harness: evaluation sets, the systems compared, and how they are scored.

Sets (each a small corpus of its own, indexed separately):
- PIAF split by Wikipedia article (`title`) with a fixed seed into a *tuning* half and a
  *held-out* half; a question goes with the article of its relevant paragraph. Every
  ranking decision is taken on the tuning half; the held-out half is only reported.
- the demo corpus's judged queries (tui/demo), where titles are real headlines and
  articles have leads (a third set, also never tuned on).

Systems: Veille through its real pipeline (corpus store → `indexer.update_index` →
`indexer.Searcher.search`), stock Whoosh (`LanguageAnalyzer("fr")` on title and text, OR
of the words, BM25F defaults) and bm25s (PyStemmer French + French stop words, title and
text as one document; the optional `bench` extra). Metrics are the shared scorer's
(`../shared/bench/french-ir/score_ir.py`: MRR@10, Recall@10, Recall@1).
"""

from __future__ import annotations

import atexit
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

SCORER_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "french-ir"
SEED = 15           # the PIAF split (by article title)
K = 10


@dataclass
class EvalSet:
    name: str
    docs: list[dict[str, Any]]      # id, title, text (+ lead, source, published)
    queries: list[dict[str, Any]]   # id, text (+ sources, since, until)
    qrels: dict[str, set[str]]


Search = Callable[[dict[str, Any], int], list[str]]
Factory = Callable[[list[dict[str, Any]]], Search]


def scorer() -> Any:
    """The shared scorer module, or None when the benchmark data is absent."""
    if not (SCORER_DIR / "score_ir.py").exists():
        return None
    if str(SCORER_DIR) not in sys.path:
        sys.path.insert(0, str(SCORER_DIR))
    import score_ir  # type: ignore[import-not-found]

    return score_ir


def piaf_halves(seed: int = SEED) -> tuple[EvalSet, EvalSet]:
    """(tuning, held-out): PIAF's articles shuffled with `seed`, cut in two halves."""
    score_ir = scorer()
    docs, queries, qrels = score_ir.load(str(SCORER_DIR / "piaf"))
    titles = sorted({d["title"] for d in docs})
    random.Random(seed).shuffle(titles)
    tuning_titles = set(titles[:len(titles) // 2])
    title_of = {d["id"]: d["title"] for d in docs}
    halves = []
    for name, inside in (("PIAF tuning", True), ("PIAF held-out", False)):
        part_docs = [d for d in docs if (d["title"] in tuning_titles) == inside]
        ids = {d["id"] for d in part_docs}
        part_q = [q for q in queries if q["id"] in qrels
                  and all(title_of[d] in tuning_titles for d in qrels[q["id"]]) == inside
                  and set(qrels[q["id"]]) <= ids]
        halves.append(EvalSet(name, part_docs, part_q,
                              {q["id"]: set(qrels[q["id"]]) for q in part_q}))
    return halves[0], halves[1]


def as_articles(half: EvalSet) -> EvalSet:
    """The same half at article level: one document per Wikipedia article (its title,
    its paragraphs in order), a question relevant to its paragraph's article. Unlike
    the paragraphs, which all share their article's title, here each title is its own
    document's: the case of press articles and administrative pages."""
    by_title: dict[str, list[dict[str, Any]]] = {}
    for d in half.docs:
        by_title.setdefault(d["title"], []).append(d)
    docs = [{"id": t, "title": t, "text": "\n\n".join(p["text"] for p in sorted(
        paragraphs, key=lambda p: p["id"]))} for t, paragraphs in sorted(by_title.items())]
    title_of = {d["id"]: d["title"] for d in half.docs}
    qrels = {q: {title_of[d] for d in rel} for q, rel in half.qrels.items()}
    return EvalSet(half.name.replace("PIAF", "PIAF articles"), docs, half.queries, qrels)


def demo_set() -> EvalSet:
    """The demo corpus and its judged queries (filters kept)."""
    from tui.demo import load_articles, load_judged_queries

    docs = [{"id": a.key, "title": a.title, "lead": a.lead, "text": a.text,
             "source": a.site, "published": a.published, "tags": list(a.tags),
             "section": a.section, "author": a.author} for a in load_articles()]
    queries, qrels = [], {}
    for i, j in enumerate(load_judged_queries()):
        qid = f"demo-{i}"
        queries.append({"id": qid, "text": j.query, "kind": j.kind, "sources": j.sources,
                        "since": j.since, "until": j.until})
        qrels[qid] = set(j.expected)
    return EvalSet("demo judged", docs, queries, qrels)


def _keep(doc: dict[str, Any], query: dict[str, Any]) -> bool:
    """The demo filters, applied by the baselines after ranking."""
    if query.get("sources") and doc.get("source") not in query["sources"]:
        return False
    when: datetime | None = doc.get("published")
    since, until = query.get("since"), query.get("until")
    if when is not None and since is not None and when < since:
        return False
    return not (when is not None and until is not None and when > until)


def _filtered(docs: list[dict[str, Any]], search: Callable[[str, int], list[str]]) -> Search:
    by_id = {d["id"]: d for d in docs}

    def run(query: dict[str, Any], k: int) -> list[str]:
        if not (query.get("sources") or query.get("since") or query.get("until")):
            return search(query["text"], k)
        ranked = search(query["text"], len(docs))
        return [d for d in ranked if _keep(by_id[d], query)][:k]

    return run


# -- systems -------------------------------------------------------------------------------

def veille(**ranking: Any) -> Factory:
    """Veille's real pipeline, with `ranking` overriding `indexer.ranking.Ranking`."""

    def factory(docs: list[dict[str, Any]]) -> Search:
        import indexer
        from indexer.ranking import Ranking

        home, by_article = veille_home(docs)
        searcher = indexer.Searcher(home, ranking=Ranking(**ranking))
        atexit.register(searcher.close)

        def search(query: dict[str, Any], k: int) -> list[str]:
            result = searcher.search(query["text"], limit=k, snippets=False,
                                     sources=query.get("sources", ()),
                                     since=query.get("since"), until=query.get("until"))
            return [by_article[h.id] for h in result.hits]

        return search

    return factory


_HOMES: dict[tuple[str, ...], tuple[Any, dict[str, str]]] = {}


def veille_home(docs: list[dict[str, Any]]) -> tuple[Any, dict[str, str]]:
    """A home holding `docs`, indexed (built once per set of documents and run):
    (home, article id -> bench doc id)."""
    key = tuple(d["id"] for d in docs)
    if key in _HOMES:
        return _HOMES[key]
    import indexer
    from corpus import Article, Home, open_store

    root = tempfile.mkdtemp(prefix="veille-rank-")
    atexit.register(shutil.rmtree, root, True)
    home = Home.resolve(root).ensure()
    by_article: dict[str, str] = {}
    articles = []
    for doc in docs:
        art = Article(url=f"https://bench.example/{doc['id']}", title=doc["title"],
                      text=doc["text"], lead=doc.get("lead", ""),
                      source=doc.get("source", "bench"), published=doc.get("published"),
                      tags=doc.get("tags", []), section=doc.get("section", ""),
                      author=doc.get("author", ""))
        by_article[art.id] = doc["id"]
        articles.append(art)
    with open_store(home) as store:
        store.upsert_many(articles)
    indexer.update_index(home, rebuild=True, procs=1)
    _HOMES[key] = (home, by_article)
    return home, by_article


def stock_whoosh(docs: list[dict[str, Any]]) -> Search:
    """Whoosh as shipped: LanguageAnalyzer("fr") on title and text, OR, BM25F."""
    searcher, parser = _stock_index(docs)

    def search(text: str, k: int) -> list[str]:
        return [hit["id"] for hit in searcher.search(parser.parse(text), limit=k)]

    return _filtered(docs, search)


def _stock_index(docs: list[dict[str, Any]], stored: bool = False) -> tuple[Any, Any]:
    from whoosh import index
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    fr = LanguageAnalyzer("fr")
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(fr, stored=stored),
                    text=TEXT(fr, stored=stored))
    root = tempfile.mkdtemp(prefix="whoosh-rank-")
    atexit.register(shutil.rmtree, root, True)
    ix = index.create_in(root, schema)
    writer = ix.writer(limitmb=256)
    for doc in docs:
        body = f"{doc['lead']}\n\n{doc['text']}" if doc.get("lead") else doc["text"]
        writer.add_document(id=doc["id"], title=doc["title"], text=body)
    writer.commit()
    searcher = ix.searcher()
    atexit.register(searcher.close)
    return searcher, MultifieldParser(["title", "text"], ix.schema, group=OrGroup)


FRENCH_STOPS = "french"


def bm25s_system(docs: list[dict[str, Any]]) -> Search:
    """bm25s with PyStemmer's French stemmer and bm25s's French stop words."""
    import bm25s  # type: ignore[import-not-found]
    import Stemmer

    stemmer = Stemmer.Stemmer("french")
    corpus = [f"{d['title']}\n{d.get('lead', '')}\n{d['text']}" for d in docs]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="fr", stemmer=stemmer,
                                   show_progress=False), show_progress=False)
    ids = [d["id"] for d in docs]

    def search(text: str, k: int) -> list[str]:
        tokens = bm25s.tokenize([text], stopwords="fr", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        k = min(k, len(ids))
        found, scores = retriever.retrieve(tokens, k=k, show_progress=False)
        return [ids[i] for i, s in zip(found[0], scores[0], strict=True) if s > 0]

    return _filtered(docs, search)


SYSTEMS: dict[str, Factory] = {"stock Whoosh fr OR": stock_whoosh, "bm25s fr": bm25s_system}


# -- scoring -------------------------------------------------------------------------------

@dataclass
class Scores:
    mrr: float
    r1: float
    r10: float
    ms: float                      # median ms per query
    n: int
    ranks: dict[str, int | None] = field(default_factory=dict)


def evaluate(factory: Factory, data: EvalSet) -> Scores:
    metrics_for = scorer().metrics_for
    search = factory(data.docs)
    per, lat, ranks = [], [], {}
    for q in data.queries:
        t0 = time.perf_counter()
        ranked = search(q, K)   # what a user asks for: the re-ranking depth is the real one
        lat.append((time.perf_counter() - t0) * 1000)
        rel = {d: 1 for d in data.qrels[q["id"]]}
        per.append(metrics_for(ranked, rel, K))
        ranks[q["id"]] = next((i + 1 for i, d in enumerate(ranked[:K]) if d in rel), None)
    mean = statistics.mean
    return Scores(mean(p["MRR@10"] for p in per), mean(p["Recall@1"] for p in per),
                  mean(p["Recall@10"] for p in per), statistics.median(lat), len(per), ranks)
