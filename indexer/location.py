"""Where the index lives in the home, and how a rebuilt index is swapped in atomically.

    index/CURRENT         the name of the live version directory (replaced atomically)
    index/v000007/        a Whoosh index, plus veille.json: {"schema", "seq", "built_at"}

`veille index` updates the live version in place (Whoosh commits are atomic); a rebuild
writes a new version beside it and then replaces CURRENT, so searches keep working on the
old version until they refresh. The last indexed corpus sequence number lives in
veille.json, written after each Whoosh commit: if a run dies in between, the next run
replays a few changes, which is harmless (updates are by id, deletes are idempotent).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from corpus import Home
from indexer.errors import IndexCorrupt, NoIndex

log = logging.getLogger(__name__)

POINTER = "CURRENT"
STATE = "veille.json"
_VERSION_RE = re.compile(r"^v(\d{6})$")
REBUILD_HINT = "lancez `veille index --rebuild` pour le refaire à partir du corpus"


def resolve_home(home: Home | str | os.PathLike[str] | None) -> Home:
    return home if isinstance(home, Home) else Home.resolve(home)


def current_version(home: Home) -> Path | None:
    """The live version directory, or None when there is no index yet."""
    pointer = home.index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexCorrupt(f"lecture impossible de {pointer} : {exc} ; {REBUILD_HINT}") from None
    if not _VERSION_RE.match(name) or not (home.index_dir / name).is_dir():
        raise IndexCorrupt(f"le pointeur d’index {pointer} est abîmé ({name!r}) ; {REBUILD_HINT}")
    return home.index_dir / name


def require_version(home: Home) -> Path:
    """The live version directory; NoIndex when the home has none."""
    version = current_version(home)
    if version is None:
        raise NoIndex(f"pas encore d’index dans {home.root} : lancez `veille index`")
    return version


def _schema_version() -> int:
    """The engine's schema version (an index of another one must be rebuilt)."""
    from indexer.engine import default_engine

    return default_engine().schema_version


def read_state(version: Path) -> dict[str, Any]:
    path = version / STATE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"lecture impossible de {path} : {exc} ; {REBUILD_HINT}") from None
    if not isinstance(state, dict) or not isinstance(state.get("seq"), int):
        raise IndexCorrupt(f"{path} est abîmé ; {REBUILD_HINT}")
    expected = _schema_version()
    if state.get("schema") != expected:
        raise IndexCorrupt(
            f"l’index de {version.parent} vient d’une autre version de Veille "
            f"(schéma {state.get('schema')}, attendu {expected}) ; {REBUILD_HINT}"
        )
    return state


def write_state(version: Path, state: dict[str, Any]) -> None:
    """Replace veille.json atomically and durably."""
    state = {**state, "schema": _schema_version()}
    _atomic_write(version / STATE, json.dumps(state, indent=1) + "\n")


def new_version(home: Home) -> Path:
    """A fresh, empty version directory (numbered after every existing one)."""
    home.index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for m in map(_VERSION_RE.match, os.listdir(home.index_dir)) if m]
    path = home.index_dir / f"v{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def swap_in(home: Home, version: Path) -> None:
    """Make `version` the live index atomically, then drop the versions before it.

    Open searchers keep reading the files they hold (POSIX keeps unlinked files alive);
    they see the new version on refresh.
    """
    _atomic_write(home.index_dir / POINTER, version.name + "\n")
    remove_stale(home, keep=version)


def stale_versions(home: Home, keep: Path | None) -> list[Path]:
    """Every version directory but `keep`: half-built ones left by interrupted runs."""
    if not home.index_dir.is_dir():
        return []
    return [home.index_dir / name for name in sorted(os.listdir(home.index_dir))
            if _VERSION_RE.match(name) and (keep is None or name != keep.name)]


def remove_stale(home: Home, keep: Path | None) -> None:
    """Delete every version directory but `keep` (half-built ones from interrupted runs)."""
    if not home.index_dir.is_dir():
        return
    for name in os.listdir(home.index_dir):
        if _VERSION_RE.match(name) and (keep is None or name != keep.name):
            shutil.rmtree(home.index_dir / name, ignore_errors=True)


def remove_stale_one(version: Path) -> None:
    """Delete one (half-built) version directory."""
    shutil.rmtree(version, ignore_errors=True)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
