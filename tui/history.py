"""Query history of the workbench, persisted in the home (`home.history_file`).

One query per line, oldest first, without duplicates (a repeated query moves to the end),
capped at `MAX_ENTRIES`. Written atomically: a crash never leaves a half-written file.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from corpus.text import clean_line

log = logging.getLogger(__name__)

MAX_ENTRIES = 500


class QueryHistory:
    """Past queries, with a cursor for walking back (↑) and forth (↓) from the newest."""

    def __init__(self, path: Path | None, entries: list[str] | None = None) -> None:
        self.path = path
        self.entries: list[str] = list(entries or [])
        self._cursor: int | None = None  # index into entries while walking; None = not

    @classmethod
    def load(cls, path: Path) -> QueryHistory:
        """The history at `path` (empty when missing or unreadable: history is a comfort)."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("lecture impossible de l’historique des requêtes %s : %s", path, exc)
            lines = []
        entries: list[str] = []
        for line in lines:
            query = clean_line(line)
            if query:
                if query in entries:
                    entries.remove(query)
                entries.append(query)
        return cls(path, entries[-MAX_ENTRIES:])

    def add(self, query: str) -> None:
        """Remember `query` as the newest entry, and save."""
        query = clean_line(query)
        self._cursor = None
        if not query:
            return
        if self.entries and self.entries[-1] == query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[:-MAX_ENTRIES]
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".history-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write("".join(f"{q}\n" for q in self.entries))
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("enregistrement impossible de l’historique des requêtes %s : %s",
                        self.path, exc)

    # -- walking -------------------------------------------------------------------------

    @property
    def walking(self) -> bool:
        return self._cursor is not None

    def current(self) -> str | None:
        return self.entries[self._cursor] if self._cursor is not None else None

    def older(self) -> str | None:
        """One step back in time (None when there is nothing older)."""
        if not self.entries:
            return None
        if self._cursor is None:
            self._cursor = len(self.entries) - 1
        elif self._cursor > 0:
            self._cursor -= 1
        else:
            return None
        return self.entries[self._cursor]

    def newer(self) -> str | None:
        """One step forward; "" past the newest entry (back to an empty box)."""
        if self._cursor is None:
            return None
        if self._cursor < len(self.entries) - 1:
            self._cursor += 1
            return self.entries[self._cursor]
        self._cursor = None
        return ""

    def stop(self) -> None:
        self._cursor = None
