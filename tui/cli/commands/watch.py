"""`veille watch`: saved searches ("veilles") that report what is new after every crawl."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from tui.cli.exitcodes import CommandError, Exit

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
    from tui.cli.program import ArgumentParser

    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                parser_class=ArgumentParser)
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
    show.add_argument("--format", choices=("text", "jsonl", "markdown"), default="text",
                      help="digest format (default: text)")


def run(args: argparse.Namespace) -> int:
    from corpus.store.sidedb import side_db_exists
    from indexer.watches import WatchBook, WatchError

    if args.action != "add" and not side_db_exists(args.home, "watches"):  # create nothing
        if args.action == "list":
            return _list(args, None)
        raise CommandError(f"aucune veille nommée {args.name!r} (aucune veille pour "
                           "l’instant)", Exit.USAGE)
    try:
        with WatchBook(args.home) as book:
            action = {"add": _add, "list": _list, "rm": _rm, "seen": _seen, "show": _show}
            return action[args.action](args, book)
    except WatchError as exc:
        raise CommandError(str(exc), Exit.USAGE) from None


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
    elif args.format == "jsonl":
        for h in hits:
            print_json(h.to_json() | marks.json(h.id) | {"watch": watch.name})
    elif args.format == "markdown":
        sys.stdout.write(markdown_digest(watch, hits, marks, only_new=args.new))
    else:
        sys.stdout.write(text_digest(watch, hits, marks, only_new=args.new,
                                     matching=len(matching), bold=color_enabled()))
    return Exit.OK


class Marks:
    """What a digest says of each article: new (a new story's), « nouvelle reprise » (a
    new reprint of a story seen before), and the other arrivals folded into a new story."""

    def __init__(self, new: set[str] | None = None, reprises: set[str] | None = None,
                 folded: dict[str, list[str]] | None = None) -> None:
        self.new = new or set()
        self.reprises = reprises or set()
        self.folded = folded or {}
        self.titles: dict[str, Any] = {}   # folded ids -> their hits (`--new`)
        self.stories = sum(1 for i in self.new if i in self.folded) if folded is not None \
            else len(self.new)

    def json(self, aid: str) -> dict[str, Any]:
        return {"new": aid in self.new, "reprise": aid in self.reprises,
                "new_reprints": self.folded.get(aid, [])}

    def note(self, aid: str) -> str:
        """`repris par 2 titres : …` under a new story's representative (`--new`)."""
        others = [self.titles[i] for i in self.folded.get(aid, []) if i in self.titles]
        if not others:
            return ""
        from tui.render import safe

        sources = {h.source for h in others}
        listed = ", ".join(safe(h.source) for h in others)
        return f"repris par {_count(len(sources), 'titre', 'titres')} : {listed}"


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


def _count(n: int, singular: str, plural_form: str) -> str:
    from corpus.french import plural

    return f"{n} {plural(n, singular, plural_form)}"


def _heading(marks: Marks, only_new: bool, total: int, shown: int) -> str:
    """`2 nouveaux sujets, 1 nouvelle reprise` / `12 articles, dont 2 nouveaux`."""
    reprises = len(marks.reprises)
    again = (", " + _count(reprises, "nouvelle reprise", "nouvelles reprises")
             if reprises else "")
    if only_new:
        return _count(marks.stories, "nouveau sujet", "nouveaux sujets") + again
    count = _count(total, "article", "articles")
    count += ", dont " + _count(len(marks.new), "nouveau", "nouveaux") + again
    if shown < total:
        count += f" ; les {shown} plus récents" if shown > 1 else " ; le plus récent"
    return count


def text_digest(watch: Any, hits: list[Any], marks: Marks | set[str], *, only_new: bool,
                matching: int | None = None, bold: bool = False) -> str:
    """The digest as text: matched words in bold on a terminal (`bold`), else `**…**`
    (never guillemets, which read as quotes). `marks`: the new ids, or the Marks."""
    from tui.render import french_date, safe

    if not isinstance(marks, Marks):
        marks = Marks(set(marks))
    left, right = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    head = f"Veille « {safe(watch.name)} » — {safe(watch.query)}"
    total = len(hits) if matching is None else matching
    lines = [head, _heading(marks, only_new, total, len(hits)), ""]
    pad = "" if only_new else "  "
    for h in hits:
        flag = "" if only_new else "● " if h.id in marks.new else \
            "↻ " if h.id in marks.reprises else "  "
        lines.append(f"{flag}{safe(h.title)}")
        meta = " · ".join(p for p in (h.source, french_date(h.published)) if p)
        if h.id in marks.reprises:
            meta += " · nouvelle reprise"
        lines.append(f"{pad}{safe(meta)}")
        lines.append(f"{pad}{safe(h.url)}")
        if h.snippet:
            snippet = h.marked_snippet.render(safe, lambda w: f"{left}{safe(w)}{right}")
            lines.append(f"{pad}{snippet}")
        if only_new and (note := marks.note(h.id)):
            lines.append(f"{pad}{note}")
        lines.append("")
    return "\n".join(lines) + ("\n" if not hits else "")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    from tui.render import safe

    return _MD_SPECIAL.sub(r"\\\1", safe(text))


def markdown_digest(watch: Any, hits: list[Any], marks: Marks | set[str], *,
                    only_new: bool) -> str:
    from tui.render import french_date

    if not isinstance(marks, Marks):
        marks = Marks(set(marks))
    what = _heading(marks, True, len(hits), len(hits)) if only_new \
        else _count(len(hits), "article", "articles")
    lines = [f"## Veille « {_md(watch.name)} » : {what}", "",
             f"Requête : `{watch.query.replace('`', '')}`", ""]
    for h in hits:
        new = " *(nouvelle reprise)*" if h.id in marks.reprises else \
            " *(nouveau)*" if h.id in marks.new and not only_new else ""
        meta = ", ".join(p for p in (_md(h.source), french_date(h.published)) if p)
        lines.append(f"- **[{_md(h.title)}](<{h.url}>)** — {meta}{new}  ")
        if h.snippet:
            snippet = h.marked_snippet.render(_md, lambda w: f"**{_md(w)}**")
            lines.append(f"  {snippet}")
        if only_new and (note := marks.note(h.id)):
            lines.append(f"  {_md(note)}")
    return "\n".join(lines) + "\n"
