"""Helpers shared by the command modules: opening the store, the writer lock, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TextIO

from corpus import CorpusStore, Home, locate, open_store
from corpus.store import LockKind
from tui.cli.exitcodes import CommandError, nothing_yet


def open_store_for_reading(home: Home) -> CorpusStore:
    """The home's corpus, or exit 3 with a hint when there is none yet."""
    if not home.has_corpus():
        raise nothing_yet(home.root)
    return open_store(home, create=False)


@contextmanager
def writing(home: Home, kind: LockKind = "import") -> Iterator[CorpusStore]:
    """Hold the home's writer lock (for `kind`) and its store open for writing."""
    home.ensure()
    where = locate(home)
    with where.writer_lock(kind), where.open() as store:
        yield store


def guard_output(home: Home, path: str) -> None:
    """Refuse an --output path that would overwrite the home's own data files (the corpus,
    its index, the crawl state...), whatever symlink or relative path leads there."""
    if home.holds_data_at(path):
        raise CommandError(
            f"--output {path} : refus d’écrire sur les données du dossier {home.root} "
            "(choisissez un fichier hors de ses bases et de son index)"
        )


def parse_date_arg(value: str | None, name: str, *, end: bool = False) -> datetime | None:
    """A date from the command line, in the one grammar (corpus.dates): `2025`, `2025-06`,
    `2025-06-30`, `30/06/2025`, `06/2025`, `juin 2025`, `1er juin 2025`. A `--since` date
    is the start of its period, an `--until` date (`end`) its last instant. Exit 2 naming
    the accepted forms for anything else."""
    if value is None:
        return None
    from corpus.dates import BadDate, parse_bound

    try:
        return parse_bound(value, end=end)
    except BadDate as exc:
        raise CommandError(f"{name} : {exc}") from None


def print_json(obj: Any) -> None:
    """One line of JSON on stdout, valid whatever the terminal's encoding."""
    from tui.formats.jsonl import json_text

    sys.stdout.write(json_text(obj) + "\n")


def corpus_sources(home: Home, store: CorpusStore | None = None) -> list[str]:
    """The source names of the articles in the corpus ([] without a corpus); read from
    `store` when the caller has it open."""
    if store is not None:
        return sorted(s.source for s in store.source_stats() if s.source)
    if not home.has_corpus():
        return []
    with open_store(home, create=False) as opened:
        return corpus_sources(home, opened)


def known_sources(home: Home, store: CorpusStore | None = None) -> list[str]:
    """Every source name Veille knows of: in the corpus, or configured in the sources file
    (a configured source not crawled yet is no typo)."""
    return sorted(set(corpus_sources(home, store)) | set(file_sources(home)))


def file_sources(home: Home) -> list[str]:
    """The source names of the home's sources file ([] when it is missing or unreadable)."""
    from tui.source_titles import source_names

    return source_names(home.sources_file)


def check_sources(names: list[str], known: list[str], option: str = "--source") -> None:
    """Exit 2 for a name of `names` not in `known`, suggesting the nearest known name or
    listing them."""
    import difflib

    known_set = set(known)
    for name in names:
        if name in known_set:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        listed = ", ".join(sorted(known_set)) if len(known_set) <= 30 else ""
        if close:
            hint = f"vouliez-vous dire « {close[0]} » ?"
            hint += f" (sources connues : {listed})" if listed else ""
        elif known:
            hint = f"sources connues : {listed or ', '.join(sorted(known_set)[:30]) + '…'}"
        else:
            hint = "aucune source connue pour l’instant"
        raise CommandError(f"{option} : source inconnue « {name} » ; {hint}")


def open_output(path: str | None) -> tuple[TextIO, bool]:
    """FILE opened for writing text (UTF-8, no newline translation), or stdout; and
    whether the caller closes it."""
    if path is None:
        return sys.stdout, False
    try:
        return open(path, "w", encoding="utf-8", newline=""), True  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"écriture impossible de {path} : {exc.strerror}") from None



def add_actions(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[Any]:
    """The ACTION sub-commands of a command (`veille watch add…`, `veille selection
    list…`): required, parsed with the CLI's own parser (bad usage: one line, exit 2)."""
    from tui.cli.program import ArgumentParser

    return parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                 parser_class=ArgumentParser)
