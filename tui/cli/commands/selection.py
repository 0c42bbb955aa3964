"""`veille selection`: the articles kept across searches (« sélection »), for a review."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui import formats
from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from tui.selection import Selection

NAME = "selection"
HELP = "les articles gardés d’une recherche à l’autre (la « sélection »)"
DESCRIPTION = (
    "La sélection garde des articles d’une recherche à l’autre (dans l’atelier : espace sur "
    "un résultat), dans l’ordre où ils ont été gardés, jusqu’à ce qu’on les retire ; "
    "`veille review --from-selection` en fait une revue de presse. Actions : list, add "
    "ID|URL..., rm ID|URL..., clear, export [--format jsonl|csv] [--output FICHIER]."
)


def configure(parser: argparse.ArgumentParser) -> None:
    from tui.cli.commands._shared import add_actions

    sub = add_actions(parser)
    lst = sub.add_parser("list", help="les articles gardés", description=(
        "Lister les articles gardés dans l’ordre où ils ont été gardés : position, date, "
        "source, titre, id."))
    lst.add_argument("--json", action="store_true", help="un objet JSON par article")
    add = sub.add_parser("add", help="garder des articles", description=(
        "Garder les articles ID|URL (les id tels que `veille search --json` les affiche, ou "
        "des URL). Tous doivent être dans le corpus, sinon rien n’est ajouté (code 2)."))
    add.add_argument("ids", nargs="+", metavar="ID|URL",
                     help="id d’article (16 chiffres hexadécimaux) ou URL")
    rm = sub.add_parser("rm", help="retirer des articles", description=(
        "Retirer de la sélection les articles ID|URL. Tous doivent y être, sinon rien n’est "
        "retiré (code 2)."))
    rm.add_argument("ids", nargs="+", metavar="ID|URL",
                    help="id d’article (16 chiffres hexadécimaux) ou URL")
    sub.add_parser("clear", help="vider la sélection", description="Vider la sélection.")
    exp = sub.add_parser("export", help="les articles gardés, en entier", description=(
        "Écrire les articles gardés, en entier, en JSON Lines (le JSON d’article) ou en CSV, "
        "dans l’ordre où ils ont été gardés, sur la sortie standard ou dans --output "
        "FICHIER."))
    exp.add_argument("--format", choices=formats.choices("articles"), default="jsonl",
                     help="format de sortie (défaut : jsonl)")
    exp.add_argument("--output", "-o", metavar="FICHIER",
                     help="écrire dans FICHIER au lieu de la sortie standard")


def run(args: argparse.Namespace) -> int:
    from tui.selection import Selection

    actions = {"list": _list, "add": _add, "rm": _rm, "clear": _clear, "export": _export}
    with Selection.open(args.home, create=args.action in ("add",)) as selection:
        return actions[args.action](args, selection)


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
    from tui.cli.commands._shared import open_output, open_store_for_reading

    ids = selection.ids()
    with open_store_for_reading(args.home) as store:
        found = store.get_many(ids)
        missing = len(ids) - len(found)
        out, close = open_output(args.output)
        try:
            n = formats.write_articles(args.format, (found[i] for i in ids if i in found), out)
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
