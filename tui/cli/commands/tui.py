"""`veille tui`: open the search workbench (the default command)."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from corpus import Home
from tui.cli.exitcodes import CommandError, Exit

NAME = "tui"
HELP = "ouvrir l’atelier de recherche (la commande par défaut)"
DESCRIPTION = (
    "Ouvrir l’atelier de recherche sur l’index du dossier de données : recherche à la "
    "frappe, résultats avec aperçu, facettes et filtres, export. Quand rien n’est encore "
    "indexé, il dit comment obtenir des articles. Dans l’atelier, ? montre toutes les "
    "touches."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", default=[], metavar="REQUÊTE",
                        help="commencer par cette recherche (plusieurs mots sans guillemets)")


def has_terminal() -> bool:
    """Whether stdin and stdout are a terminal (the workbench draws on it and reads keys)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    words = args.query if isinstance(args.query, list) else [args.query or ""]
    query = " ".join(w for w in words if w)
    if not has_terminal():
        example = f"veille search {shlex.quote(query)}" if query else "veille search QUERY"
        raise CommandError(
            "la recherche interactive a besoin d’un terminal ; depuis un script ou cron, "
            f"utilisez `{example} [--json]`", Exit.USAGE)
    from corpus.text import clean_line

    return open_workbench(args.home, clean_line(query))


def open_workbench(home: Home, query: str = "") -> int:
    """Run the workbench on `home` (logs kept off the screen); its exit code."""
    from corpus import locate
    from tui.app import VeilleApp

    locate(home)  # a store it cannot use is said on the terminal, before the app takes it
    app = VeilleApp(home, query)
    with _logs_off_the_terminal(home):
        app.run()
    return int(app.return_code or 0)  # 1 when the app stopped on an unexpected error


@contextmanager
def _logs_off_the_terminal(home: Home) -> Iterator[None]:
    """While the app owns the terminal, log records go to `logs/workbench.log` in the home
    (when it exists), never to stderr: a warning written there would garble the screen."""
    root = logging.getLogger()
    muted = [h for h in root.handlers
             if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)]
    for handler in muted:
        root.removeHandler(handler)
    added: logging.Handler | None = None
    if home.root.is_dir():
        try:
            home.log_dir.mkdir(exist_ok=True)
            added = logging.FileHandler(home.log_dir / "workbench.log", encoding="utf-8")
        except OSError:
            added = None
    if added is not None:
        added.setLevel(logging.INFO)
        added.setFormatter(logging.Formatter(
            "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
        root.addHandler(added)
    try:
        yield
    finally:
        if added is not None:
            root.removeHandler(added)
            added.close()
        for handler in muted:
            root.addHandler(handler)
