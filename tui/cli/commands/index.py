"""`veille index`: bring the index up to date with the corpus."""

from __future__ import annotations

import argparse
import sys

NAME = "index"
HELP = "bring the index up to date with the corpus"
DESCRIPTION = (
    "Bring the index up to date with the corpus (new, changed and deleted articles). "
    "With --rebuild, build a fresh index beside the live one and swap it in atomically; "
    "searches keep working meanwhile. A damaged index, a half-built one left by a killed "
    "run, or an index of another corpus is rebuilt automatically. An article that cannot "
    "be indexed is skipped and counted. SIGTERM stops it like Ctrl-C (exit 130): the live "
    "index is left as it was."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="build a fresh index from the whole corpus and swap it in")
    parser.add_argument("--no-lock", action="store_true",
                        help="do not take the home's writer lock (the caller holds it)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even when the corpus is empty and the index is not "
                        "(empties the index)")


def run(args: argparse.Namespace) -> int:
    from tui.cli.exitcodes import nothing_yet
    from tui.cli.progress import Progress

    if not args.home.has_corpus():
        raise nothing_yet(args.home.root)

    import indexer
    from tui.cli.exitcodes import CommandError, Exit
    from tui.cli.signals import check, sigterm_as_interrupt

    with sigterm_as_interrupt(), Progress("indexation") as progress:
        def report(done: int, total: int | None) -> None:
            check()
            progress.total = total
            progress.advance(done - progress.done)

        try:
            result = indexer.update_index(args.home, rebuild=args.rebuild,
                                          lock=not args.no_lock, progress=report,
                                          force=args.force)
        except indexer.IndexRefused as exc:
            raise CommandError(str(exc), Exit.USAGE) from None
    sys.stdout.write(result.summary() + "\n")
    return 0
