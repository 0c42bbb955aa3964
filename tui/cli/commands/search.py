"""`veille search`: search the index."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.commands._grouping import add_grouping_options

if TYPE_CHECKING:
    from indexer import Marked, SearchResult

NAME = "search"
HELP = "chercher dans l’index"
DESCRIPTION = (
    "Chercher dans l’index. Des mots-clés trouvent d’abord les articles qui les contiennent "
    "tous ; quand moins de 10 articles les contiennent tous, ceux qui en contiennent une "
    "partie suivent. `total` compte chaque article trouvé, quels que soient --limit, "
    "--offset et --sort ; les pages parcourues avec --offset le couvrent une fois. Aussi : "
    '"phrase exacte", -mot, NOT mot ou SAUF mot, a OR b ou a OU b, (parenthèses), '
    "title:/titre:, author:/auteur:, source:, tag:, rubrique:, date:2025, date:2025-03, "
    'date:"juin 2025", date:[2025-01-01 TO 2025-06-30], préfixe*. Dates (--since, '
    "--until, date:) : 2025, 2025-06, 2025-06-30, 30/06/2025, 06/2025, juin 2025, "
    "1er juin 2025. Les reprises d’une même dépêche d’agence ou d’un même communiqué sont "
    "un seul résultat, un sujet, montré par son article le plus ancien (ou par celui d’une "
    "source de --prefer) avec les titres qui l’ont repris ; `total` compte alors les "
    "sujets, `total_articles` les articles ; --no-group montre chaque article."
)
def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="REQUÊTE",
                        help="la recherche (voir la syntaxe des requêtes)")
    parser.add_argument("--limit", type=int, default=10, metavar="N",
                        help="résultats à montrer (défaut : 10)")
    parser.add_argument("--offset", type=int, default=0, metavar="N",
                        help="résultats à sauter (défaut : 0)")
    parser.add_argument("--source", metavar="NOM", action="append", default=[],
                        help="seulement cette source (répétable)")
    parser.add_argument("--since", metavar="DATE", help="publiés à partir de DATE")
    parser.add_argument("--until", metavar="DATE",
                        help="publiés jusqu’à DATE (son jour, son mois ou son année entiers)")
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                        help="ordre : relevance (pertinence, le défaut) ou date (les plus "
                        "récents d’abord)")
    parser.add_argument("--json", action="store_true", help="afficher le résultat en JSON")
    add_grouping_options(parser)


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands._grouping import preferred
    from tui.cli.commands._shared import check_sources, known_sources, parse_date_arg, print_json
    from tui.cli.exitcodes import CommandError, Exit, nothing_yet

    if args.limit < 0 or args.offset < 0:
        raise CommandError("--limit et --offset ne peuvent pas être négatifs")
    since = parse_date_arg(args.since, "--since")
    until = parse_date_arg(args.until, "--until", end=True)
    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)
    if args.source or args.prefer:  # the known sources are a GROUP BY over the whole corpus
        known = known_sources(args.home)
        check_sources(args.source, known)
    else:
        known = []
    prefer = preferred(args.home, args.prefer, known)

    import indexer

    try:
        result = indexer.search(args.query, home=args.home, limit=args.limit,
                                offset=args.offset, sources=args.source, since=since,
                                until=until, sort=args.sort, group=args.group,
                                prefer=prefer)
    except indexer.NoIndex:
        raise CommandError(
            f"pas encore d’index dans {args.home.root} : lancez `veille index`",
            Exit.NOTHING_YET) from None
    if args.json:
        print_json(result.to_json())
    else:
        _print(result, args.offset)
    return 0


def _print(result: SearchResult, offset: int) -> None:
    from tui.cli.output import styled
    from tui.render import safe, short_date
    from tui.reprints import reprints_line

    out = sys.stdout
    for note in result.notes:
        sys.stderr.write(f"remarque : {safe(note)}\n")
    if not result.hits:
        if result.total and offset >= result.total:
            out.write(f"rien après le résultat {result.total} (--offset {offset})\n")
            return
        if result.total:  # --limit 0: the count alone
            out.write(summary_line(result, offset).split(" sur ", 1)[1] + "\n")
            return
        out.write(f"aucun résultat pour « {safe(result.query)} »")
        out.write(f" — essayez « {safe(result.suggestion)} »\n" if result.suggestion else "\n")
        return
    for rank, hit in enumerate(result.hits, offset + 1):
        title = safe(hit.title) or "(sans titre)"
        head = f"{rank:>3}. {short_date(hit.published)}  {safe(hit.source)}  "
        out.write(head + styled(title, "1") + "\n")
        if hit.snippet:
            out.write("     " + _marks(hit.marked_snippet) + "\n")
        out.write(f"     {safe(hit.url)}\n")
        if hit.reprints:
            out.write(f"     {reprints_line(hit)}\n")
    out.write(summary_line(result, offset) + "\n")
    if result.suggestion:
        out.write(f"vouliez-vous dire « {safe(result.suggestion)} » ?\n")


def summary_line(result: SearchResult, offset: int) -> str:
    """`1-10 sur 12 résultats, dont 8 avec tous les mots (14 ms)`; grouped, with reprints
    folded: `1-10 sur 12 sujets (15 articles), …`."""
    shown = f"{offset + 1}-{offset + len(result.hits)}"
    approx = " (au moins)" if not result.complete else ""
    folded = result.grouped and result.total_articles > result.total
    noun = ("sujet" if folded else "résultat") + ("" if result.total == 1 else "s")
    line = f"{shown} sur {_thousands(result.total)}{approx} {noun}"
    if folded:
        line += f" ({_thousands(result.total_articles)} articles)"
    if result.relaxed:
        unit = " articles" if folded and result.all_terms > 1 else \
            " article" if folded else ""
        line += (f", dont {_thousands(result.all_terms)}{unit} avec tous les mots"
                 if result.all_terms
                 else ", aucun avec tous les mots")
    return line + f" ({result.took_ms:.0f} ms)"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _marks(snippet: Marked) -> str:
    """The snippet safe for the terminal, its matched words in reverse video (colour on)."""
    from tui.cli.output import color_enabled
    from tui.render import safe

    if color_enabled():
        return snippet.render(safe, lambda word: f"\x1b[1;7m{safe(word)}\x1b[0m")
    return snippet.render(safe, safe)