"""`veille selection`: the articles kept across searches (« sélection »), for a review."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from tui.selection import Selection

NAME = "selection"
HELP = "articles kept across searches (the « sélection »)"
DESCRIPTION = (
    "The selection holds articles kept across searches (in the workbench: space on a "
    "result), in the order they were kept, until removed; `veille review --from-selection` "
    "turns it into a press review. Actions: list, add ID|URL..., rm ID|URL..., clear, "
    "export [--format jsonl|csv] [--output FILE]."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from tui.cli.program import ArgumentParser

    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                parser_class=ArgumentParser)
    lst = sub.add_parser("list", help="the kept articles", description=(
        "List the kept articles in the order they were kept: position, date, source, "
        "title, id."))
    lst.add_argument("--json", action="store_true", help="one JSON object per article")
    add = sub.add_parser("add", help="keep articles", description=(
        "Keep the articles ID|URL (ids as `veille search --json` prints them, or URLs). "
        "All must be in the corpus, else nothing is added (exit 2)."))
    add.add_argument("ids", nargs="+", metavar="ID|URL")
    rm = sub.add_parser("rm", help="drop articles", description=(
        "Drop the articles ID|URL from the selection. All must be in it, else nothing is "
        "dropped (exit 2)."))
    rm.add_argument("ids", nargs="+", metavar="ID|URL")
    sub.add_parser("clear", help="empty the selection", description="Empty the selection.")
    exp = sub.add_parser("export", help="the kept articles, whole", description=(
        "Write the kept articles, whole, as JSON Lines (the article JSON) or CSV, in the "
        "order they were kept, to standard output or --output FILE."))
    exp.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                     help="output format (default: jsonl)")
    exp.add_argument("--output", "-o", metavar="FILE",
                     help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from tui.selection import Selection, SelectionError

    actions = {"list": _list, "add": _add, "rm": _rm, "clear": _clear, "export": _export}
    try:
        with Selection.open(args.home, create=args.action in ("add",)) as selection:
            return actions[args.action](args, selection)
    except SelectionError as exc:
        raise CommandError(str(exc), Exit.UNEXPECTED) from None


def _list(args: argparse.Namespace, selection: Selection) -> int:
    from tui.cli.commands._shared import print_json
    from tui.cli.output import styled
    from tui.render import safe, short_date

    entries = selection.entries()
    if args.json:
        for entry in entries:
            print_json(entry.to_json())
        return Exit.OK
    if not entries:
        sys.stderr.write("la sélection est vide : espace sur un résultat dans l’atelier, "
                         "ou `veille selection add ID`\n")
        return Exit.OK
    for n, entry in enumerate(entries, 1):
        title = safe(entry.title).replace("\n", " ") or "(sans titre)"
        sys.stdout.write(f"{n:>3}. {short_date(entry.published)}  {safe(entry.source)}  "
                         f"{styled(title, '1')}\n     {styled(entry.id, '2')}  "
                         f"{safe(entry.url)}\n")
    sys.stdout.write(f"{len(entries)} article{'s' if len(entries) > 1 else ''} "
                     "dans la sélection\n")
    return Exit.OK


def _add(args: argparse.Namespace, selection: Selection) -> int:
    from tui.cli.commands._shared import open_store_for_reading
    from tui.selection import Entry

    entries: list[Entry] = []
    with open_store_for_reading(args.home) as store:
        for wanted in args.ids:
            article = store.get(wanted)
            if article is None:
                raise CommandError(f"aucun article {wanted!r} dans le corpus : rien n’a été "
                                   "ajouté (les ids : `veille search QUERY --json`)")
            entries.append(Entry.of(article))
    added = selection.add(entries)
    already = len({e.id for e in entries}) - added
    note = f" ({already} y étai{'en' if already > 1 else ''}t déjà)" if already else ""
    sys.stderr.write(f"{added} article{'s' if added > 1 else ''} ajouté"
                     f"{'s' if added > 1 else ''}{note} ; {selection.count()} dans la "
                     "sélection\n")
    return Exit.OK


def _rm(args: argparse.Namespace, selection: Selection) -> int:
    from corpus.urls import article_id
    kept = set(selection.ids())
    ids: list[str] = []
    for wanted in args.ids:
        try:
            aid = article_id(wanted) if "://" in wanted else wanted.strip().lower()
        except ValueError:
            aid = wanted
        if aid not in kept:
            raise CommandError(f"{wanted!r} n’est pas dans la sélection : rien n’a été retiré")
        ids.append(aid)
    removed = selection.remove(ids)
    sys.stderr.write(f"{removed} article{'s' if removed > 1 else ''} retiré"
                     f"{'s' if removed > 1 else ''} ; {selection.count()} dans la sélection\n")
    return Exit.OK


def _clear(args: argparse.Namespace, selection: Selection) -> int:
    n = selection.clear() if selection.count() else 0
    sys.stderr.write(f"sélection vidée ({n} article{'s' if n > 1 else ''})\n")
    return Exit.OK


def _export(args: argparse.Namespace, selection: Selection) -> int:
    from tui.cli.commands._shared import open_store_for_reading
    from tui.cli.commands.export import _open_output, write_articles
    ids = selection.ids()
    with open_store_for_reading(args.home) as store:
        found = store.get_many(ids)
        missing = len(ids) - len(found)
        out, close = _open_output(args.output)
        try:
            n = write_articles((found[i] for i in ids if i in found), out, args.format)
        finally:
            if close:
                out.close()
    if missing:
        sys.stderr.write(f"veille: {missing} article{'s' if missing > 1 else ''} de la "
                         f"sélection {'ne sont' if missing > 1 else 'n’est'} plus dans le "
                         "corpus\n")
    if args.output:
        sys.stderr.write(f"{n} article{'s' if n > 1 else ''} exporté{'s' if n > 1 else ''} "
                         f"vers {args.output}\n")
    return Exit.OK
