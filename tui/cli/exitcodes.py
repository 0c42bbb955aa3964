"""Exit codes of the `veille` command (DESIGN.md, "Command-line contract")."""

from __future__ import annotations

import enum


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
