"""`veille index`: bring the index up to date with the corpus."""

from __future__ import annotations

import argparse
import sys

NAME = "index"
HELP = "bring the index up to date with the corpus"
DESCRIPTION = (
    "Bring the index up to date with the corpus (new, changed and deleted articles). "
    "With --rebuild, build a fresh index beside the live one and swap it in atomically; "
    "searches keep working meanwhile."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="build a fresh index from the whole corpus and swap it in")
    parser.add_argument("--no-lock", action="store_true",
                        help="do not take the home's writer lock (the caller holds it)")


def run(args: argparse.Namespace) -> int:
    from tui.exitcodes import nothing_yet
    from tui.progress import Progress

    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)

    import indexer

    with Progress("indexing") as progress:
        def report(done: int, total: int | None) -> None:
            progress.total = total
            progress.advance(done - progress.done)

        result = indexer.update_index(args.home, rebuild=args.rebuild,
                                      lock=not args.no_lock, progress=report)
    sys.stdout.write(result.summary() + "\n")
    return 0
