"""`veille store copy`: copy a corpus between stores (SQLite <-> PostgreSQL), resumable."""

from __future__ import annotations

import argparse
import sys

NAME = "store"
HELP = "copy the corpus to another store (SQLite <-> PostgreSQL)"
DESCRIPTION = (
    "`veille store copy --to URL` copies every article of the home's corpus (or of "
    "--from URL) into the store at URL: postgresql://… or a SQLite file path. It is "
    "resumable: stopped (Ctrl-C, SIGTERM, a lost connection), run it again and it goes on "
    "after the last batch committed (--restart reads everything again). At the end every "
    "source article is checked to be in the destination with the same content; a mismatch "
    "exits 1. The destination takes the writer lock of an import (exit 75 when one runs); "
    "a destination whose role may only read exits 2. The home's configuration is left as "
    "it is: point it at the new store with `veille init --store URL`."
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    copy = sub.add_parser("copy", help="copy every article into another store",
                          description="Copy every article into another store, resumable, "
                          "counts and contents checked at the end.")
    copy.add_argument("--to", required=True, metavar="URL", dest="to_url",
                      help="the destination: postgresql://… or a SQLite file")
    copy.add_argument("--from", metavar="URL", dest="from_url",
                      help="the source (default: the home's corpus)")
    copy.add_argument("--restart", action="store_true",
                      help="ignore where a stopped copy got to; read everything again")
    copy.add_argument("--json", action="store_true", help="print the result as one JSON object")


def run(args: argparse.Namespace) -> int:
    from corpus.french import count, number
    from corpus.store import locate
    from corpus.store.copy import copy_corpus
    from corpus.store.locate import BadStoreConfig
    from tui.cli.commands._shared import print_json
    from tui.cli.exitcodes import CommandError, Exit, nothing_yet
    from tui.cli.progress import Progress
    from tui.cli.signals import check, sigterm_as_interrupt

    try:
        source_loc = locate(args.from_url) if args.from_url else locate(args.home)
        dest_loc = locate(args.to_url)
    except BadStoreConfig as exc:
        raise CommandError(str(exc)) from None
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
