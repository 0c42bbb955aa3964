"""Helpers shared by the command modules: opening the store, the writer lock, output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from corpus import Home, Store, WriterLock
from tui.exitcodes import CommandError, nothing_yet


def open_store_for_reading(home: Home) -> Store:
    """The home's corpus, or exit 3 with a hint when there is none yet."""
    if not home.has_corpus():
        raise nothing_yet(home.root)
    return Store.open(home.corpus_db, create=False)


@contextmanager
def writing(home: Home) -> Iterator[Store]:
    """Hold the home's writer lock and its store open for writing."""
    home.ensure()
    with WriterLock(home), Store.open(home.corpus_db) as store:
        yield store


def guard_output(home: Home, path: str) -> None:
    """Refuse an --output path that would overwrite the home's own data files (the corpus,
    its index, the crawl state...), whatever symlink or relative path leads there."""
    if home.holds_data_at(path):
        raise CommandError(
            f"--output {path}: refusing to write over the data of the home {home.root} "
            "(choose a file outside its databases and index)"
        )


def parse_date_arg(value: str | None, name: str) -> datetime | None:
    """An ISO date from the command line (`2025`, `2025-03`, `2025-03-12`, or a datetime)."""
    if value is None:
        return None
    from corpus.article import parse_datetime

    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return parse_datetime(date(int(text), 1, 1))
        if len(text) == 7 and text[4] == "-":
            return parse_datetime(date(int(text[:4]), int(text[5:]), 1))
        return parse_datetime(text)
    except ValueError:
        raise CommandError(
            f"{name}: not a date: {value!r} (use ISO 8601, e.g. 2025-03-12)"
        ) from None


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")

