"""`veille index`: bring the index up to date with the corpus."""

from __future__ import annotations

import argparse
import sys

NAME = "index"
HELP = "mettre l’index à jour avec le corpus"
DESCRIPTION = (
    "Mettre l’index à jour avec le corpus (articles nouveaux, modifiés et supprimés). "
    "Avec --rebuild, construire un index neuf à côté de l’index en service et l’y "
    "substituer d’un coup ; les recherches continuent de fonctionner pendant ce temps. Un "
    "index endommagé, un index à moitié construit laissé par une exécution tuée, ou "
    "l’index d’un autre corpus est reconstruit automatiquement. Un article impossible à "
    "indexer est sauté et compté. SIGTERM l’arrête comme Ctrl-C (code 130) : l’index en "
    "service reste tel qu’il était."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="construire un index neuf de tout le corpus et le mettre en "
                        "service")
    parser.add_argument("--no-lock", action="store_true",
                        help="ne pas prendre le verrou d’écriture du dossier (l’appelant "
                        "le tient)")
    parser.add_argument("--force", action="store_true",
                        help="reconstruire même quand le corpus est vide et l’index non "
                        "(vide l’index)")


def run(args: argparse.Namespace) -> int:
    from tui.cli.exitcodes import nothing_yet
    from tui.cli.progress import Progress

    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)

    import indexer
    from tui.cli.signals import check, sigterm_as_interrupt

    with sigterm_as_interrupt(), Progress("indexation") as progress:
        def report(done: int, total: int | None) -> None:
            check()   # stop here on a pending SIGTERM (tui.cli.signals)
            progress.report(done, total)

        result = indexer.update_index(args.home, rebuild=args.rebuild,   # IndexRefused: 2
                                      lock=not args.no_lock, progress=report,
                                      force=args.force)
    sys.stdout.write(result.summary() + "\n")
    return 0
