"""`veille review`: a press review (« revue de presse ») from the selection or a query."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui import formats
from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from corpus import Article

NAME = "review"
HELP = "une revue de presse tirée de la sélection ou d’une recherche : md, html, docx"
DESCRIPTION = (
    "Écrire une revue de presse : une page de titre, puis les articles groupés par source "
    "(ou par thème : rubrique, sinon premier mot-clé), les plus récents d’abord dans chaque "
    "groupe, chacun avec son titre, sa source, sa date en français, son auteur, le chapeau "
    "ou un extrait aux mots trouvés surlignés, et son URL en référence. À partir de la "
    "sélection (`veille selection`) ou des meilleurs résultats d’une recherche. Formats : "
    "Markdown, HTML (un seul fichier autonome, imprimable) et DOCX."
)
DEFAULT_LIMIT = 50
_QUERY_WORD = re.compile(r"(?<![:\w])\w+(?:[.,]\w+)*(?![:\w])")
_OPERATORS = {"and", "or", "not", "et", "ou", "sauf"}


def configure(parser: argparse.ArgumentParser) -> None:
    origin = parser.add_mutually_exclusive_group(required=True)
    origin.add_argument("--from-selection", action="store_true",
                        help="les articles de la sélection")
    origin.add_argument("--query", metavar="REQUÊTE",
                        help="les meilleurs résultats de cette recherche (voir --limit)")
    parser.add_argument("--format", choices=formats.choices("review", aliases=True),
                        help="markdown (md), html ou docx (défaut : d’après le suffixe de "
                        "--output)")
    parser.add_argument("--output", "-o", metavar="FICHIER", required=True,
                        help="le fichier à écrire (remplacé en entier)")
    parser.add_argument("--title", default="Revue de presse", metavar="TITRE",
                        help="le titre de la première page (défaut : Revue de presse)")
    parser.add_argument("--group", choices=("source", "theme"), default="source",
                        help="grouper les articles par source ou par thème (défaut : source)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"avec --query : au plus N articles (défaut : {DEFAULT_LIMIT})")
    parser.add_argument("--source", metavar="NOM", action="append", default=[],
                        help="avec --query : seulement cette source (répétable)")
    parser.add_argument("--since", metavar="DATE",
                        help="avec --query : publiés à partir de DATE")
    parser.add_argument("--until", metavar="DATE",
                        help="avec --query : publiés jusqu’à DATE")


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    fmt = formats.for_path(args.output, "review")
    if fmt is None:
        raise CommandError("--format md|html|docx est nécessaire (le suffixe de --output ne "
                           "le dit pas)")
    return fmt.name


def run(args: argparse.Namespace) -> int:
    from tui.review import build_review, source_titles

    fmt = output_format(args)
    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        raise CommandError(f"écriture impossible de {output} : pas de dossier {output.parent}")
    if args.from_selection:
        articles, subtitle = _from_selection(args), "Articles sélectionnés"
        snippets: dict[str, str] = {}
        words: set[str] = set()
    else:
        articles, snippets, words = _from_query(args)
        subtitle = f"Recherche « {args.query.strip()} »"
        if args.source:
            subtitle += " · " + ", ".join(args.source)
    review = build_review(articles, title=args.title, subtitle=subtitle, made_on=date.today(),
                          grouping=args.group, titles=source_titles(args.home.sources_file),
                          words=words, snippets=snippets)
    try:
        formats.write_review(fmt, review, output)
    except OSError as exc:
        raise CommandError(f"écriture impossible de {output} : {exc.strerror or exc}") from None
    sys.stderr.write(f"revue de presse : {review.count} article"
                     f"{'s' if review.count > 1 else ''} en {len(review.groups)} rubrique"
                     f"{'s' if len(review.groups) > 1 else ''} → {output}\n")
    return Exit.OK


def _from_selection(args: argparse.Namespace) -> list[Article]:
    from tui.cli.commands._shared import open_store_for_reading
    from tui.selection import Selection

    with Selection.open(args.home, create=False) as selection:
        ids = selection.ids()
    if not ids:
        raise CommandError("la sélection est vide : rien à mettre dans la revue "
                           "(`veille selection add ID`, ou espace dans l’atelier)")
    with open_store_for_reading(args.home) as store:
        found = store.get_many(ids)
    if len(found) < len(ids):
        gone = len(ids) - len(found)
        sys.stderr.write(f"veille: {gone} article{'s' if gone > 1 else ''} de la sélection "
                         f"{'ne sont' if gone > 1 else 'n’est'} plus dans le corpus\n")
    if not found:
        raise CommandError("aucun article de la sélection n’est encore dans le corpus")
    return [found[i] for i in ids if i in found]


def _from_query(args: argparse.Namespace) -> tuple[list[Article], dict[str, str], set[str]]:
    from tui.cli.commands._shared import open_store_for_reading, parse_date_arg
    from tui.cli.exitcodes import nothing_yet
    from tui.render import fold
    from tui.review.model import marked_words

    if args.limit < 1:
        raise CommandError("--limit doit valoir au moins 1")
    since = parse_date_arg(args.since, "--since")
    until = parse_date_arg(args.until, "--until", end=True)
    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)
    import indexer

    try:
        result = indexer.search(args.query, home=args.home, limit=args.limit,
                                sources=args.source, since=since, until=until)
    except indexer.NoIndex:
        raise CommandError(f"pas encore d’index dans {args.home.root} : lancez `veille index`",
                           Exit.NOTHING_YET) from None
    if not result.hits:
        raise CommandError(f"aucun résultat pour « {args.query} » : rien à mettre dans la "
                           "revue")
    with open_store_for_reading(args.home) as store:
        found = store.get_many([h.id for h in result.hits])
    snippets = {h.id: h.snippet for h in result.hits}
    words = {fold(w) for w in _QUERY_WORD.findall(args.query)} - _OPERATORS
    words |= marked_words(snippets.values())
    words = {w for w in words if len(w) > 1}
    return [found[h.id] for h in result.hits if h.id in found], snippets, words
