"""`veille crawl`: crawl the configured sources, store what is new or changed, update the index.

Made for cron: holds the home's writer lock for the whole run (a second run exits 75 at
once), logs to `logs/veille.log` in the home, shows progress only on a terminal, and
otherwise prints one summary line (`--json`: one JSON object; `--quiet`: nothing).
Exit 0 when the run completed, even if some pages failed; 1 when every source failed;
2 for a bad sources file or option; 75 when another run holds the lock.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from corpus.french import number
from tui.cli.exitcodes import CommandError, Exit

NAME = "crawl"
HELP = ("parcourir les sources configurées, stocker ce qui est nouveau ou modifié, mettre "
        "l’index à jour")
DESCRIPTION = (
    "Parcourir les sources du fichier des sources (défaut : sources.toml dans le dossier de "
    "données) : découvrir les articles par les flux, les plans de site et les pages de "
    "liste, les récupérer poliment, stocker ce qui est nouveau ou modifié, puis mettre "
    "l’index à jour. Fait pour cron : une ligne de bilan, ou rien avec --quiet. Codes de "
    "sortie : 0 terminé (même si des pages ont échoué), 1 toutes les sources ont échoué, "
    "2 fichier des sources ou option incorrects (ou rôle en lecture seule sur un corpus "
    "partagé), 75 une autre exécution tient le verrou du dossier (sur un corpus PostgreSQL "
    "partagé : un autre crawl de l’une de ces sources ou de leurs hôtes, sur n’importe "
    "quelle machine ; docs/team.md)."
)
MAX_PAGES = 10_000_000

log = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="FICHIER",
                        help="fichier des sources (défaut : sources.toml dans le dossier de "
                        "données)")
    parser.add_argument("--source", metavar="NOM", action="append", default=[],
                        help="ne parcourir que cette source (répétable)")
    parser.add_argument("--max-pages", metavar="N", type=_positive,
                        help="récupérer au plus N pages par source dans cette exécution")
    parser.add_argument("--no-index", action="store_true",
                        help="ne pas mettre l’index à jour à la fin")
    parser.add_argument("--json", action="store_true", help="afficher le bilan en JSON")
    parser.add_argument("--quiet", action="store_true",
                        help="ne rien afficher en cas de succès")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"pas un nombre entier : {text!r}") from None
    if not 1 <= value <= MAX_PAGES:
        raise argparse.ArgumentTypeError(
            f"doit être entre 1 et {number(MAX_PAGES)}, pas {value}")
    return value


def example_sources() -> Path:
    """The example sources file shipped with the corpus package."""
    import corpus

    return Path(corpus.__file__).with_name("sources.example.toml")


def load(args: argparse.Namespace) -> Any:
    """The validated sources file (exit 2 with a one-line message when it is not usable)."""
    import crawler

    path = Path(args.sources).expanduser() if args.sources else args.home.sources_file
    if not path.exists():
        hint = (f"copiez l’exemple et modifiez-le : cp {example_sources()} {path}"
                if not args.sources else "vérifiez le chemin donné à --sources")
        raise CommandError(f"pas de fichier de sources {path} : {hint}", Exit.USAGE)
    sources = crawler.load_sources(path)   # a SourcesError ends with exit 2
    if args.source:  # unknown names: exit 2 with the nearest one
        from tui.cli.commands._shared import check_sources

        check_sources(args.source, list(sources.names()))
    sources.select(args.source)
    return sources


def crawl_lock(location: Any, sources: Any) -> Any:
    """The crawl's writer lock: the home's; on a shared PostgreSQL corpus, one per source
    and per host crawled, so machines crawling other sources on other hosts run at the
    same time (docs/team.md)."""
    per_source = getattr(location, "crawl_lock", None)
    if per_source is None:
        return location.writer_lock("crawl")
    chosen = list(sources)
    return per_source([s.name for s in chosen], {h for s in chosen for h in s.allowed_hosts})


def run(args: argparse.Namespace) -> int:
    import signal

    import crawler
    from corpus import locate, open_store
    from corpus.store.last_crawl import LastCrawl, write_last_crawl
    from tui.cli.program import add_file_log
    from tui.cli.progress import Progress
    from tui.cli.signals import Terminated, sigterm_as_interrupt
    from tui.cli.watch_report import report_watches

    sources = load(args)
    home = args.home.ensure()
    add_file_log(home)
    _redact_logs()
    show_progress = not (args.quiet or args.json)
    # SIGTERM (cron's or systemd's timeout) stops the crawl like Ctrl-C: what was fetched is
    # committed, the lock released, exit 130; SIGKILL loses only the last uncommitted batch.
    try:
        with sigterm_as_interrupt(), crawl_lock(locate(home), sources.select(args.source)):
            log.info("crawl started: %s", ", ".join(s.name for s in sources.select(args.source)))
            with Progress("crawl", enabled=None if show_progress else False) as progress:
                report = crawler.crawl(home, sources, only=tuple(args.source),
                                       max_pages=args.max_pages, progress=progress.report)
            index, index_error = (None, None) if args.no_index else \
                _update_index(home, show_progress)
            last = LastCrawl(report.to_json(), index=index, watches=report_watches(home))
            with open_store(home) as store:
                write_last_crawl(store, last)
            summary = last.to_json()
    except Terminated:
        log.info("crawl stopped by signal %d (SIGTERM)", signal.SIGTERM)
        raise
    _print(args, report, summary)
    if report.all_failed:
        raise CommandError("toutes les sources ont échoué : " + " ; ".join(report.errors[:3]),
                           Exit.UNEXPECTED)
    if index_error:
        raise CommandError(index_error, Exit.UNEXPECTED)
    return Exit.OK


def _redact_logs() -> None:
    """Credentials in URLs never reach stderr or the log file (tracebacks included)."""
    from crawler.redact import RedactingFilter

    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def _update_index(home: Any, show_progress: bool
                  ) -> tuple[dict[str, Any], str | None]:
    """Index what the crawl changed (we hold the lock): the summary's `index` part, and
    the error message if it failed."""
    import indexer
    from corpus.store.last_crawl import index_json
    from tui.cli.progress import Progress

    try:
        with Progress("indexation", enabled=None if show_progress else False) as progress:
            result = indexer.update_index(home, lock=False, progress=progress.report)
    except Exception as exc:  # the crawl's work is stored: record it, then report this
        # The file log gets the traceback; stderr gets one line, from the CommandError.
        log.info("indexing after the crawl failed: %s", exc, exc_info=True)
        return {"error": str(exc)}, \
            f"le crawl est terminé mais l’indexation a échoué : {exc} (lancez `veille index`)"
    log.info("%s", result.summary())
    return index_json(result), None


def _print(args: argparse.Namespace, report: Any, summary: dict[str, Any]) -> None:
    from tui.cli.watch_report import summary_text

    if args.json:
        from tui.cli.commands._shared import print_json

        print_json(summary)
        return
    if args.quiet:
        return
    line = report.summary()
    watches = summary_text(summary["watches"])
    if watches:
        line += f" ; {watches}"
    sys.stdout.write(line + "\n")
