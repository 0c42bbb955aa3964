"""`veille watch`: saved searches ("veilles") that report what is new after every crawl."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui import formats
from tui.cli.exitcodes import CommandError, Exit
from tui.formats.digest import Marks

NAME = "watch"
HELP = "les recherches enregistrées (veilles), qui signalent les nouveautés"
DESCRIPTION = (
    "Enregistrer une recherche et la suivre : après chaque `veille crawl`, le bilan dit "
    "combien de nouveaux articles répondent à chaque veille. Un article est nouveau pour "
    "une veille quand il est entré dans le corpus après la dernière fois où la veille a été "
    "marquée lue (par arrivée, non par date de publication). Une veille ne compte et ne "
    "liste que les articles qui contiennent tous les mots-clés de sa requête (`veille "
    "search` peut ajouter des articles qui n’en contiennent qu’une partie quand peu les "
    "contiennent tous ; une veille jamais) : `watch show` liste exactement les articles "
    "dont les comptes sont tirés. Les comptes sont des sujets : une dépêche et ses reprises "
    "par d’autres titres arrivées ensemble sont un seul nouveau sujet, et une reprise "
    "ultérieure d’un sujet déjà compté est listée comme « nouvelle reprise », non comme "
    "nouvelle. Commandes : add NOM REQUÊTE, list, rm NOM, seen NOM, show NOM [--new]."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from tui.cli.commands._shared import add_actions

    sub = add_actions(parser)
    add = sub.add_parser("add", help="enregistrer une recherche", description=(
        "Enregistrer REQUÊTE (tout le langage de requête) comme la veille NOM, avec des "
        "filtres au choix. Les articles déjà dans le corpus comptent comme lus."))
    add.add_argument("name", metavar="NOM",
                     help="un nom court : lettres, chiffres, - _ .")
    add.add_argument("query", metavar="REQUÊTE",
                     help="la recherche, comme pour `veille search`")
    add.add_argument("--source", metavar="NOM", action="append", default=[],
                     help="seulement cette source (répétable)")
    add.add_argument("--since", metavar="DATE",
                     help="seulement les articles publiés à partir de DATE")

    lst = sub.add_parser("list", help="les veilles, avec leurs nombres de non-lus",
                         description="Lister les veilles, leurs requêtes et leurs nombres "
                         "de non-lus.")
    lst.add_argument("--json", action="store_true", help="afficher en JSON")

    rm = sub.add_parser("rm", help="supprimer une veille",
                        description="Supprimer la veille NOM.")
    rm.add_argument("name", metavar="NOM", help="le nom de la veille")

    seen = sub.add_parser("seen", help="marquer lus les articles d’une veille",
                          description="Marquer comme lus tous les articles de la veille NOM.")
    seen.add_argument("name", metavar="NOM", help="le nom de la veille")

    show = sub.add_parser("show", help="les articles d’une veille, en condensé", description=(
        "Afficher les articles de la veille, les plus récents d’abord (titre, source, date, "
        "URL, extrait), ou seulement les nouveaux avec --new : un condensé à coller dans une "
        "note ou un courriel. Seuls sont listés les articles qui contiennent tous les "
        "mots-clés de la requête, ceux dont les comptes de la veille sont tirés. Les "
        "afficher ne les marque pas lus ; `veille watch seen NOM` le fait."))
    show.add_argument("name", metavar="NOM", help="le nom de la veille")
    show.add_argument("--new", action="store_true",
                      help="seulement les articles pas encore lus")
    show.add_argument("--limit", type=int, default=20, metavar="N",
                      help="au plus N articles sans --new (défaut : 20)")
    show.add_argument("--json", action="store_true", help="afficher un objet JSON")
    show.add_argument("--format", choices=formats.choices("digest", aliases=True),
                      default="text",
                      help="format du condensé : text, jsonl ou markdown (md) (défaut : text)")


def run(args: argparse.Namespace) -> int:
    from corpus.store.sidedb import side_db_exists
    from indexer.watches import WatchBook

    if args.action != "add" and not side_db_exists(args.home, "watches"):  # create nothing
        if args.action == "list":
            return _list(args, None)
        raise CommandError(f"aucune veille nommée {args.name!r} (aucune veille pour "
                           "l’instant)", Exit.USAGE)
    with WatchBook(args.home) as book:   # a WatchError ends with exit 2 (tui.cli.exitcodes)
        action = {"add": _add, "list": _list, "rm": _rm, "seen": _seen, "show": _show}
        return action[args.action](args, book)


def _add(args: argparse.Namespace, book: Any) -> int:
    from tui.cli.commands._shared import check_sources, known_sources, parse_date_arg

    since = parse_date_arg(args.since, "--since")
    if args.source:
        check_sources(args.source, known_sources(args.home))
    watch = book.add(args.name, args.query, sources=args.source, since=since)
    sys.stderr.write(f"veille {watch.name!r} enregistrée : les nouveaux articles de "
                     f"{watch.query!r} seront signalés après chaque collecte\n")
    return Exit.OK


def _list(args: argparse.Namespace, book: Any) -> int:
    from tui.cli.commands._shared import print_json
    from tui.render import safe

    watches = book.list() if book is not None else []
    counts = book.unread_counts() if watches else {}
    if args.json:
        print_json({"watches": [w.to_json() | {"new": counts.get(w.name, 0)}
                                for w in watches]})
        return Exit.OK
    if not watches:
        sys.stderr.write("aucune veille pour l’instant : `veille watch add NOM REQUÊTE` "
                         "en enregistre une\n")
        return Exit.OK
    width = max(len(w.name) for w in watches)
    for w in watches:
        filters = "".join(f" source:{s}" for s in w.sources)
        if w.since:
            filters += f" depuis le {w.since.strftime('%d/%m/%Y')}"
        new = counts.get(w.name, 0)
        label = "nouvel" if new == 1 else "nouveaux"
        print(f"{w.name:<{width}}  {new:>4} {label:<8}  {safe(w.query)}{filters}")
    return Exit.OK


def _rm(args: argparse.Namespace, book: Any) -> int:
    book.remove(args.name)
    sys.stderr.write(f"veille {args.name!r} supprimée\n")
    return Exit.OK


def _seen(args: argparse.Namespace, book: Any) -> int:
    n = book.mark_seen(args.name)
    noun = "article marqué comme vu" if n <= 1 else "articles marqués comme vus"
    sys.stderr.write(f"veille {args.name!r} : {n} {noun}\n")
    return Exit.OK


def _show(args: argparse.Namespace, book: Any) -> int:
    from tui.cli.commands._shared import print_json
    from tui.cli.output import color_enabled

    watch = book.require(args.name)
    arrivals = book.arrivals(watch.name)
    marks = Marks(set(arrivals.ids) - set(arrivals.reprises), set(arrivals.reprises),
                  arrivals.folded())
    matching = _matching(book, watch)
    if args.new:  # one line per new story (its other arrivals folded), then the reprises
        shown = set(arrivals.leads) | marks.reprises
        ids = [i for i in matching if i in shown]
    else:
        ids = matching[:max(args.limit, 0)]
    hits = _hits(book, watch, ids)
    if args.new:
        marks.titles = _reprint_hits(book, watch, arrivals.folded())
    if args.json:
        print_json({
            "watch": watch.to_json(), "new": arrivals.new, "new_articles": len(marks.new),
            "reprises": len(marks.reprises), "matching": len(matching), "total": len(hits),
            "results": [h.to_json() | marks.json(h.id) for h in hits],
        })
    else:
        write = formats.get(args.format).digest
        assert write is not None  # --format's choices are the formats that write digests
        write(formats.Digest(watch, hits, marks, only_new=args.new, matching=len(matching),
                             bold=color_enabled()), sys.stdout)
    return Exit.OK


def _matching(book: Any, watch: Any) -> list[str]:
    """The ids the watch counts (every keyword of its query), newest first."""
    import indexer

    try:
        return list(book.matching_ids(watch, sort="date"))
    except indexer.NoIndex:
        return []


def _hits(book: Any, watch: Any, ids: list[str]) -> list[Any]:
    """Hits (with snippets) for `ids`, in that order."""
    import indexer

    if not ids:
        return []
    with indexer.Searcher(book.home) as searcher:
        return list(searcher.hits(ids, watch.query))


def _reprint_hits(book: Any, watch: Any, folded: dict[str, list[str]]) -> dict[str, Any]:
    ids = [i for others in folded.values() for i in others]
    return {h.id: h for h in _hits(book, watch, ids)}
