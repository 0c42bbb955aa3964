"""The data home: one directory holding all state. Every path under it is derived here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "VEILLE_HOME"


def default_home() -> Path:
    """`$VEILLE_HOME`, else the platform's user data directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("veille", appauthor=False))


@dataclass(frozen=True)
class Home:
    """Paths of one Veille home. Creating the object touches nothing on disk."""

    root: Path

    @classmethod
    def resolve(cls, path: str | os.PathLike[str] | None = None) -> Home:
        """`--home DIR`, else `$VEILLE_HOME`, else the platform user data directory."""
        root = Path(path).expanduser() if path else default_home()
        return cls(root.absolute())

    @property
    def corpus_db(self) -> Path:
        return self.root / "corpus.sqlite3"

    @property
    def crawl_db(self) -> Path:
        return self.root / "crawl.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def lock_file(self) -> Path:
        return self.root / "writer.lock"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def sources_file(self) -> Path:
        return self.root / "sources.toml"

    @property
    def watches_db(self) -> Path:
        return self.root / "watches.sqlite3"

    @property
    def selection_db(self) -> Path:
        """The articles kept across searches (the researcher's « sélection »)."""
        return self.root / "selection.sqlite3"

    @property
    def history_file(self) -> Path:
        return self.root / "history.txt"

    @property
    def state_file(self) -> Path:
        """Small JSON state of the workbench (when the researcher last looked, etc.)."""
        return self.root / "workbench.json"

    def ensure(self) -> Home:
        """Create the home directory (and its log directory) if missing."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(exist_ok=True)
        return self

    def has_corpus(self) -> bool:
        """Whether the home has a corpus: asks its store (its SQLite file, or the database
        its configuration names; see corpus/store/locate.py)."""
        from corpus.store.locate import store_exists

        return store_exists(self)

    def data_paths(self) -> tuple[list[Path], list[Path]]:
        """(files, directories) that hold the home's data: nothing but Veille writes them.

        SQLite's companions (-wal, -shm, -journal) of each database are included.
        """
        files = [self.lock_file, self.sources_file, self.history_file, self.state_file,
                 self.root / "veille.toml"]
        for db in (self.corpus_db, self.crawl_db, self.watches_db, *self._store_file()):
            files += [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))]
        return files, [self.index_dir, self.log_dir]

    def _store_file(self) -> list[Path]:
        """The corpus file named by the home's store setting, when it is a SQLite file."""
        from corpus.store.locate import locate

        path = getattr(locate(self), "path", None)
        return [path] if isinstance(path, Path) and path != self.corpus_db else []

    def holds_data_at(self, path: str | os.PathLike[str]) -> bool:
        """Whether writing `path` would overwrite the home's data (symlinks resolved, and
        hard links to an existing data file recognised)."""
        target = Path(os.path.realpath(Path(path).expanduser()))
        files, dirs = self.data_paths()
        for data in files:
            if target == Path(os.path.realpath(data)) or _same_inode(target, data):
                return True
        return any(target.is_relative_to(os.path.realpath(d)) for d in dirs)


def _same_inode(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
