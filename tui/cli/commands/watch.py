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
    "from. Commands: add NAME QUERY, list, rm NAME, seen NAME, show NAME [--new]."
)

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


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
    from indexer.watches import WatchBook, WatchError

    if args.action != "add" and not args.home.watches_db.exists():  # create nothing
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
    unread = book.unread(watch.name)
    new_ids = set(unread)
    matching = _matching(book, watch)
    ids = [i for i in matching if i in new_ids] if args.new else matching[:max(args.limit, 0)]
    hits = _hits(book, watch, ids)
    if args.json:
        print_json({
            "watch": watch.to_json(), "new": len(unread), "matching": len(matching),
            "total": len(hits),
            "results": [h.to_json() | {"new": h.id in new_ids} for h in hits],
        })
    elif args.format == "jsonl":
        for h in hits:
            print_json(h.to_json() | {"new": h.id in new_ids, "watch": watch.name})
    elif args.format == "markdown":
        sys.stdout.write(markdown_digest(watch, hits, new_ids, only_new=args.new))
    else:
        sys.stdout.write(text_digest(watch, hits, new_ids, only_new=args.new,
                                     matching=len(matching), bold=color_enabled()))
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


def _plain_snippet(snippet: str, left: str, right: str) -> str:
    return _MARK.sub(lambda m: f"{left}{m.group(1)}{right}", snippet)


def _count(n: int, singular: str, plural_form: str) -> str:
    from corpus.french import plural

    return f"{n} {plural(n, singular, plural_form)}"


def text_digest(watch: Any, hits: list[Any], new_ids: set[str], *, only_new: bool,
                matching: int | None = None, bold: bool = False) -> str:
    """The digest as text: matched words in bold on a terminal (`bold`), else `**…**`
    (never guillemets, which read as quotes)."""
    from tui.render import french_date, safe

    left, right = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    head = f"Veille « {safe(watch.name)} » — {safe(watch.query)}"
    if only_new:
        count = _count(len(new_ids), "nouvel article", "nouveaux articles")
    else:
        total = len(hits) if matching is None else matching
        count = _count(total, "article", "articles")
        count += ", dont " + _count(len(new_ids), "nouveau", "nouveaux")
        if len(hits) < total:
            count += f" ; les {len(hits)} plus récents" if len(hits) > 1 else \
                " ; le plus récent"
    lines = [head, count, ""]
    for h in hits:
        flag = "● " if h.id in new_ids and not only_new else "  " if not only_new else ""
        lines.append(f"{flag}{safe(h.title)}")
        meta = " · ".join(p for p in (h.source, french_date(h.published)) if p)
        pad = "  " if not only_new else ""
        lines.append(f"{pad}{safe(meta)}")
        lines.append(f"{pad}{safe(h.url)}")
        if h.snippet:
            lines.append(f"{pad}{_plain_snippet(safe(h.snippet), left, right)}")
        lines.append("")
    return "\n".join(lines) + ("\n" if not hits else "")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    from tui.render import safe

    return _MD_SPECIAL.sub(r"\\\1", safe(text))


def markdown_digest(watch: Any, hits: list[Any], new_ids: set[str], *, only_new: bool) -> str:
    from tui.render import french_date

    what = (_count(len(new_ids), "nouvel article", "nouveaux articles") if only_new
            else _count(len(hits), "article", "articles"))
    lines = [f"## Veille « {_md(watch.name)} » : {what}", "",
             f"Requête : `{watch.query.replace('`', '')}`", ""]
    for h in hits:
        new = " *(nouveau)*" if h.id in new_ids and not only_new else ""
        meta = ", ".join(p for p in (_md(h.source), french_date(h.published)) if p)
        lines.append(f"- **[{_md(h.title)}](<{h.url}>)** — {meta}{new}  ")
        if h.snippet:
            parts = _MARK.split(h.snippet)
            snippet = "".join(_md(p) if i % 2 == 0 else f"**{_md(p)}**"
                              for i, p in enumerate(parts))
            lines.append(f"  {snippet}")
    return "\n".join(lines) + "\n"
