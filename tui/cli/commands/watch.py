"""`veille watch`: saved searches ("veilles") that report what is new after every crawl."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui import formats
from tui.cli.exitcodes import CommandError, Exit
from tui.formats.digest import Marks

NAME = "watch"
HELP = "saved searches (veilles) that report what is new"
DESCRIPTION = (
    "Save a search and follow it: after every `veille crawl`, the summary says how many new "
    "articles match each watch. An article is new for a watch when it entered the corpus "
    "after the watch was last marked seen (by arrival, not by publication date). "
    "A watch counts and lists only the articles holding every keyword of its query "
    "(`veille search` may add articles holding some of them when few hold them all; a "
    "watch never does): `watch show` lists exactly the articles the counts are taken "
    "from. Counts are of stories: a dispatch and its reprints by other titles arriving "
    "together are one new story, and a later reprint of a story already counted is listed "
    "as « nouvelle reprise », not as new. "
    "Commands: add NAME QUERY, list, rm NAME, seen NAME, show NAME [--new]."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from tui.cli.commands._shared import add_actions

    sub = add_actions(parser)
    add = sub.add_parser("add", help="save a search", description=(
        "Save QUERY (the full query language) as the watch NAME, with optional filters. "
        "Articles already in the corpus count as seen."))
    add.add_argument("name", metavar="NAME", help="a short name: letters, digits, - _ .")
    add.add_argument("query", metavar="QUERY", help="the search, as for `veille search`")
    add.add_argument("--source", metavar="NAME", action="append", default=[],
                     help="only this source (repeatable)")
    add.add_argument("--since", metavar="DATE", help="only articles published on or after DATE")

    lst = sub.add_parser("list", help="the watches with their unread counts",
                         description="List the watches, their queries and unread counts.")
    lst.add_argument("--json", action="store_true", help="print JSON")

    rm = sub.add_parser("rm", help="delete a watch", description="Delete the watch NAME.")
    rm.add_argument("name", metavar="NAME")

    seen = sub.add_parser("seen", help="mark a watch's articles as read",
                          description="Mark every article of the watch NAME as seen.")
    seen.add_argument("name", metavar="NAME")

    show = sub.add_parser("show", help="a watch's articles, as a digest", description=(
        "Print the watch's articles, newest first (title, source, date, URL, snippet), or "
        "only the new ones with --new: a digest fit to paste into a note or a mail. Only "
        "articles holding every keyword of the query are listed, the ones the watch's "
        "counts are taken from. Showing does not mark them seen; `veille watch seen NAME` "
        "does."))
    show.add_argument("name", metavar="NAME")
    show.add_argument("--new", action="store_true", help="only the articles not seen yet")
    show.add_argument("--limit", type=int, default=20, metavar="N",
                      help="at most N articles without --new (default 20)")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.add_argument("--format", choices=formats.choices("digest", aliases=True),
                      default="text",
                      help="digest format (default: text)")


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
