"""Exit codes of the `veille` command (DESIGN.md, "Command-line contract"), and the one
table that maps the packages' exception trees to them.

A command ends with a code by returning it, by raising `CommandError(message, code)`, or by
letting an error of a package's tree reach `tui.cli.program.main`, which prints it as one
line and ends with `error_code(exc)`: the code of the nearest class of the error's
hierarchy listed in `ERROR_CODES`. Commands do not catch such errors only to re-raise them.
"""

from __future__ import annotations

import enum
import sys


class Exit(enum.IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2          # bad usage or bad input
    NOTHING_YET = 3    # no corpus or index in the home
    LOCKED = 75        # another crawl/import/index run holds the home's lock (EX_TEMPFAIL)
    INTERRUPTED = 130  # Ctrl-C, or SIGTERM (a cron or systemd timeout, `kill`)


class CommandError(Exception):
    """Raised by a command to end with a one-line message on stderr and an exit code."""

    def __init__(self, message: str, code: Exit = Exit.USAGE) -> None:
        super().__init__(message)
        self.code = code


def nothing_yet(home: object) -> CommandError:
    """The error for a home with no corpus or index, with the hint of what to run."""
    return CommandError(
        f"rien à chercher pour l’instant dans {home} : lancez `veille crawl` (avec un "
        "fichier de sources), `veille import FICHIER`, ou `veille demo` pour essayer la démo",
        Exit.NOTHING_YET,
    )


# (module, class name) -> exit code. Looked up along the raised error's class hierarchy, so
# a subclass takes the code of its nearest listed ancestor. Classes are found in modules
# already loaded: the CLI never imports the indexer or the crawler just to classify an error.
ERROR_CODES: dict[tuple[str, str], Exit] = {
    ("corpus", "LockHeld"): Exit.LOCKED,
    ("corpus", "BadArticle"): Exit.USAGE,
    ("corpus", "BadStoreConfig"): Exit.USAGE,      # VEILLE_STORE / store.toml unusable
    ("corpus.errors", "ReadOnlyStore"): Exit.USAGE,  # writing to a store opened read-only
    ("corpus", "CorpusError"): Exit.UNEXPECTED,
    ("indexer", "NoIndex"): Exit.NOTHING_YET,
    ("indexer", "BadQuery"): Exit.USAGE,
    ("indexer", "IndexRefused"): Exit.USAGE,        # `index --rebuild` would empty it
    ("indexer.watches", "WatchError"): Exit.USAGE,  # a bad or unknown watch name, query
    ("indexer", "IndexerError"): Exit.UNEXPECTED,
    ("crawler", "SourcesError"): Exit.USAGE,        # a bad sources file or --source
    ("crawler", "CrawlerError"): Exit.UNEXPECTED,
    ("tui.selection", "SelectionError"): Exit.UNEXPECTED,
}


def error_code(exc: BaseException) -> Exit | None:
    """The exit code `ERROR_CODES` gives `exc` (a `CommandError` carries its own), or None
    for an error of no listed tree (an unexpected one)."""
    if isinstance(exc, CommandError):
        return exc.code
    listed: dict[type, Exit] = {}
    for (module_name, class_name), code in ERROR_CODES.items():
        module = sys.modules.get(module_name)
        cls = getattr(module, class_name, None) if module is not None else None
        if isinstance(cls, type):
            listed[cls] = code
    return next((listed[c] for c in type(exc).__mro__ if c in listed), None)
