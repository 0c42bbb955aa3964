"""The corpus package's exceptions: one tree, caught once at the edge (the CLI)."""

from __future__ import annotations


class CorpusError(Exception):
    """Base of every error the corpus package raises on purpose."""


class BadArticle(CorpusError):
    """An article record is missing a required field or holds an unusable value."""


class StoreError(CorpusError):
    """The corpus database cannot be opened or used (corrupted, foreign, unreadable)."""


class LockHeld(CorpusError):
    """Another writer (crawl, import, index) holds the home's lock."""

    def __init__(self, path: str, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f"PID {pid}" if pid else "un autre processus"
        super().__init__(f"une autre exécution de veille ({holder}) tient le verrou {path}")


class ReadOnlyStore(StoreError):
    """A write to a store opened read-only, or by a role that may only read (exit 2)."""
