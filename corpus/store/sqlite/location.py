"""Where a SQLite corpus lives: its file and the writer lock beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corpus.store.lock import WriterLock
from corpus.store.protocol import LockKind
from corpus.store.sidedb import SideName
from corpus.store.sqlite import sidedb

if TYPE_CHECKING:
    from corpus.store.sqlite.sidedb import SqliteSideDb
    from corpus.store.sqlite.store import Store

LOCK_NAME = "writer.lock"


class SqliteLocation:
    """A corpus file (`corpus.sqlite3` in a home), its lock file (`writer.lock`) and the
    directory of the side files (the home: beside the corpus unless told otherwise)."""

    def __init__(self, path: Path, lock_file: Path | None = None,
                 side_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.lock_file = lock_file if lock_file is not None else self.path.with_name(LOCK_NAME)
        self.side_dir = side_dir if side_dir is not None else self.path.parent

    def __repr__(self) -> str:
        return f"SqliteLocation({str(self.path)!r})"

    @property
    def url(self) -> str:
        return f"sqlite://{self.path.absolute().as_posix()}" if self.path.is_absolute() \
            else f"sqlite:{self.path.as_posix()}"

    @property
    def display(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def open(self, *, create: bool = True, read_only: bool = False) -> Store:
        from corpus.store.sqlite.store import Store

        return Store.open(self.path, create=create, read_only=read_only, location=self)

    def writer_lock(self, kind: LockKind) -> WriterLock:
        """One flock'd file for every kind: one writer at a time in the home."""
        return WriterLock(self.lock_file)

    def side_db(self, name: SideName, *, create: bool = True) -> SqliteSideDb | None:
        return sidedb.open_in(self.side_dir, name, create=create)

    def side_db_exists(self, name: SideName) -> bool:
        return (self.side_dir / sidedb.SCHEMAS[name].file).exists()
