"""`veille store copy`: copy a corpus between stores (SQLite <-> PostgreSQL), resumable."""

from __future__ import annotations

import argparse
import sys

NAME = "store"
HELP = "copier le corpus dans un autre stockage (SQLite <-> PostgreSQL)"
DESCRIPTION = (
    "`veille store copy --to URL` copie chaque article du corpus du dossier de données (ou "
    "de --from URL) dans le stockage d’URL : postgresql://… ou le chemin d’un fichier "
    "SQLite. La copie reprend où elle s’est arrêtée : interrompue (Ctrl-C, SIGTERM, une "
    "connexion perdue), relancez-la et elle repart après le dernier lot validé (--restart "
    "relit tout). À la fin, chaque article de la source est vérifié dans la destination, "
    "avec le même contenu ; une différence donne le code 1. La destination prend le verrou "
    "d’écriture d’un import (code 75 quand un import tourne) ; une destination dont le rôle "
    "ne peut que lire donne le code 2. La configuration du dossier reste telle quelle : "
    "dirigez-la vers le nouveau stockage avec `veille init --store URL`."
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    copy = sub.add_parser("copy", help="copier chaque article dans un autre stockage",
                          description="Copier chaque article dans un autre stockage, avec "
                          "reprise, nombres et contenus vérifiés à la fin.")
    copy.add_argument("--to", required=True, metavar="URL", dest="to_url",
                      help="la destination : postgresql://… ou un fichier SQLite")
    copy.add_argument("--from", metavar="URL", dest="from_url",
                      help="la source (défaut : le corpus du dossier de données)")
    copy.add_argument("--restart", action="store_true",
                      help="ignorer où en était une copie arrêtée ; tout relire")
    copy.add_argument("--json", action="store_true",
                      help="afficher le résultat en un objet JSON")


def run(args: argparse.Namespace) -> int:
    from corpus.french import count, number
    from corpus.store import locate
    from corpus.store.copy import copy_corpus
    from tui.cli.commands._shared import print_json
    from tui.cli.exitcodes import CommandError, Exit, nothing_yet
    from tui.cli.progress import Progress
    from tui.cli.signals import check, sigterm_as_interrupt

    # a BadStoreConfig ends with exit 2 (tui.cli.exitcodes)
    source_loc = locate(args.from_url) if args.from_url else locate(args.home)
    dest_loc = locate(args.to_url)
    if source_loc.url == dest_loc.url:
        raise CommandError(f"--to : c’est le corpus source lui-même ({dest_loc.display})")
    if not source_loc.exists():
        if args.from_url:
            raise CommandError(f"--from : pas de corpus dans {source_loc.display}",
                               Exit.NOTHING_YET)
        raise nothing_yet(args.home.root)
    with sigterm_as_interrupt(), dest_loc.writer_lock("import"), \
            source_loc.open(create=False, read_only=True) as source, \
            dest_loc.open(create=True) as dest, Progress("copie") as progress:
        def report(done: int, total: int) -> None:
            check()
            progress.total = total
            progress.advance(done - progress.done)

        result = copy_corpus(source, dest, progress=report, restart=args.restart)
    data = {
        "from": source_loc.display, "to": dest_loc.display,
        "source_articles": result.source_articles, "copied": result.copied,
        "resumed_after": result.resumed_after,
        "destination_articles": result.destination_articles,
        "missing": result.missing, "different": result.different, "ok": result.ok,
    }
    if args.json:
        print_json(data)
    else:
        c = result.copied
        lines = [
            f"{source_loc.display} → {dest_loc.display}",
            f"{count(result.source_articles, 'article')} dans la source"
            + (" (reprise après le dernier lot copié)" if result.resumed_after else ""),
            f"écrits : {number(c['new'])} nouveaux, {number(c['changed'])} modifiés, "
            f"{number(c['unchanged'])} déjà là",
            f"vérifié : {number(result.source_articles - result.missing - result.different)}"
            f"/{number(result.source_articles)} identiques dans la destination, qui en "
            f"compte {number(result.destination_articles)}",
        ]
        sys.stdout.write("\n".join(lines) + "\n")
    if not result.ok:
        raise CommandError(
            f"copie incomplète : {count(result.missing, 'article manquant', 'articles manquants')}"
            f", {count(result.different, 'article différent', 'articles différents')} dans "
            f"{dest_loc.display} ; relancez `veille store copy`", Exit.UNEXPECTED)
    return 0
