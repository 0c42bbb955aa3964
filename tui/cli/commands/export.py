"""`veille export`: the corpus, or a query's results, as JSON Lines or CSV, streamed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime

from corpus import Article, CorpusStore
from corpus.batches import articles_in_order
from tui import formats
from tui.cli.exitcodes import CommandError, Exit

NAME = "export"
HELP = "exporter le corpus ou les résultats d’une recherche (JSON Lines ou CSV)"
DESCRIPTION = (
    "Écrire chaque article stocké (ou seulement ceux que trouve --query) sur la sortie "
    "standard ou dans --output FICHIER, en JSON Lines (le JSON d’article, un par ligne) ou "
    "en CSV (une ligne par article, mots-clés joints par `; `). En flux : la mémoire reste "
    "stable quelle que soit la taille du corpus. En CSV, une cellule qui commence par =, +, "
    "-, @, une tabulation ou un retour chariot reçoit une apostrophe en tête, pour qu’un "
    "tableur l’affiche comme du texte au lieu de l’exécuter comme une formule. --output "
    "refuse les fichiers de données du dossier lui-même. Avec --query, c’est exactement ce "
    "que compte `veille search` qui est écrit, dans son ordre : une ligne par sujet par "
    "défaut (--group), l’article qui le représente (tel que `veille search` le montre, "
    "--prefer s’applique) avec `story`, `reprint_count` et `reprints` (id, url, title, "
    "source, published des autres articles trouvés ; en CSV, leurs URL) ; --no-group écrit "
    "chaque article trouvé."
)

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=formats.choices("articles"), default="jsonl",
                        help="format de sortie (défaut : jsonl)")
    parser.add_argument("--query", metavar="REQUÊTE",
                        help="n’exporter que les articles que trouve cette recherche")
    parser.add_argument("--source", metavar="NOM", action="append", default=[],
                        help="seulement cette source (répétable)")
    parser.add_argument("--since", metavar="DATE", help="publiés à partir de DATE")
    parser.add_argument("--until", metavar="DATE",
                        help="publiés jusqu’à DATE (son jour, son mois ou son année entiers)")
    parser.add_argument("--sort", choices=("relevance", "date"), default=None,
                        help="avec --query : l’ordre de `veille search --sort` "
                        "(défaut : relevance)")
    grouping = parser.add_mutually_exclusive_group()
    grouping.add_argument("--group", dest="group", action="store_true", default=None,
                          help="avec --query : une ligne par sujet, reprises regroupées "
                          "(le défaut : ce que compte `veille search`)")
    grouping.add_argument("--no-group", dest="group", action="store_false",
                          help="avec --query : une ligne par article trouvé")
    parser.add_argument("--prefer", metavar="NOM", action="append", default=None,
                        help="avec --query : la source dont l’article représente un sujet "
                        "(répétable ; comme pour `veille search`)")
    parser.add_argument("--output", "-o", metavar="FICHIER",
                        help="écrire dans FICHIER au lieu de la sortie standard")


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._shared import guard_output, open_output, open_store_for_reading
    from tui.cli.progress import Progress

    if args.output:
        guard_output(args.home, args.output)
    since, until = _period(args)
    extras: dict[str, dict[str, object]] | None = None
    articles: Iterable[Article]
    with open_store_for_reading(args.home) as store:
        _check_sources(args, store)
        if args.query and args.group is not False:
            articles, extras = _query_stories(args, store)
            total: int | None = len(extras)
        elif args.query:
            articles = _query_articles(args, store)
            total = None
        else:
            for flag, given in (("--sort", args.sort is not None), ("--group", args.group is True),
                                ("--prefer", bool(args.prefer))):
                if given:
                    raise CommandError(f"{flag} ne s’applique qu’avec --query")
            articles = _all_articles(store, args.source)
            total = store.count() if not (args.source or since or until) else None
            if since or until:
                articles = _published_within(articles, since, until)
        out, close = open_output(args.output)
        try:
            with Progress("export", total, enabled=None if args.output else False) as progress:
                n = formats.write_articles(args.format, articles, out, progress.advance,
                                           extras)
        finally:
            if close:
                out.close()
    if args.output:
        noun = "article exporté" if n == 1 else "articles exportés"
        sys.stderr.write(f"{n} {noun} vers {args.output}\n")
    return Exit.OK


def _all_articles(store: CorpusStore, sources: list[str]) -> Iterator[Article]:
    if not sources:
        yield from store.iter_articles()
    for source in sources:
        yield from store.iter_articles(source=source)


def _period(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    from tui.cli.commands._shared import parse_date_arg

    return (parse_date_arg(args.since, "--since"),
            parse_date_arg(args.until, "--until", end=True))


def _check_sources(args: argparse.Namespace, store: CorpusStore) -> None:
    from tui.cli.commands._shared import check_sources, known_sources

    if args.source:
        check_sources(args.source, known_sources(args.home, store))


def _published_within(articles: Iterable[Article], since: datetime | None,
                      until: datetime | None) -> Iterator[Article]:
    for article in articles:
        when = article.published
        if when is None or (since and when < since) or (until and when > until):
            continue
        yield article


def _query_articles(args: argparse.Namespace, store: CorpusStore) -> Iterator[Article]:
    """Exactly the articles `veille search QUERY` counts in its total, with the same
    filters, in the order of its pages (`--sort`)."""
    import indexer

    since, until = _period(args)
    try:
        ids = indexer.search_ids(args.query, home=args.home, sources=tuple(args.source),
                                 since=since, until=until, sort=args.sort or "relevance")
    except indexer.NoIndex:
        raise CommandError(
            f"pas encore d’index dans {args.home.root} : lancez `veille index`",
            Exit.NOTHING_YET) from None
    yield from articles_in_order(store, ids)


def _query_stories(args: argparse.Namespace, store: CorpusStore
                   ) -> tuple[Iterator[Article], dict[str, dict[str, object]]]:
    """The stories `veille search QUERY` shows, in its order: each one's representative
    article (read from the store a batch at a time), and its story fields by article id."""
    import indexer
    from tui.cli.commands._grouping import preferred
    from tui.cli.commands._shared import known_sources

    # The known sources (a GROUP BY over the whole corpus) only check --prefer's names.
    known = known_sources(args.home, store) if args.prefer else []
    prefer = preferred(args.home, args.prefer, known)
    since, until = _period(args)
    try:
        with indexer.Searcher(args.home) as searcher:
            result = searcher.search(args.query, limit=2**31 - 1, sources=tuple(args.source),
                                     since=since, until=until, sort=args.sort or "relevance",
                                     snippets=False, prefer=prefer)
    except indexer.NoIndex:
        raise CommandError(
            f"pas encore d’index dans {args.home.root} : lancez `veille index`",
            Exit.NOTHING_YET) from None
    extras: dict[str, dict[str, object]] = {
        h.id: {"story": h.story, "reprint_count": len(h.reprints),
               "reprints": [r.to_json() for r in h.reprints]}
        for h in result.hits}
    return articles_in_order(store, [h.id for h in result.hits]), extras
