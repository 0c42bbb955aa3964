"""Which store a home uses, and the one way to open it.

The store is named by a URL: `$VEILLE_STORE`, else `store = "…"` in HOME/veille.toml, else
the home's own SQLite file (`corpus.sqlite3`, as always). `sqlite:///abs/path`,
`sqlite:relative/path` and a bare path name a SQLite file; `postgresql://…` (or
`postgres://…`) a PostgreSQL database, served by `corpus.store.postgres`, imported only
then. A URL may hold a password: messages print `redact_url(url)`, never the URL.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from corpus.errors import CorpusError
from corpus.home import Home
from corpus.store.protocol import CorpusStore, StoreLocation

ENV_VAR = "VEILLE_STORE"
CONFIG_KEY = "store"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class BadStoreConfig(CorpusError):
    """The configured store cannot be used as written (unknown scheme, unreadable
    veille.toml, PostgreSQL support missing): bad input, the CLI exits 2."""


def redact_url(url: str) -> str:
    """`url` with its password (and any `password=` query parameter) masked, for display."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<adresse illisible>"
    out = url
    if "@" in parts.netloc:
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user, has_password, _ = userinfo.partition(":")
        masked = f"{user}:***@{hostport}" if has_password else f"{user}@{hostport}"
        out = out.replace(parts.netloc, masked, 1)
    query = re.sub(r"(?i)(^|&)(password|passwd|pwd)=[^&]*", r"\1\2=***", parts.query)
    if query != parts.query:
        out = out.replace(f"?{parts.query}", f"?{query}", 1)
    return out


def configured_url(home: Home) -> str | None:
    """The store URL set for `home` ($VEILLE_STORE, then veille.toml), or None."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    config = home.root / "veille.toml"
    try:
        raw = config.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BadStoreConfig(f"lecture impossible de {config} : {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadStoreConfig(f"{config} n’est pas un fichier TOML valide : {exc}") from None
    value = data.get(CONFIG_KEY)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadStoreConfig(f"{config} : « {CONFIG_KEY} » doit être une adresse de corpus "
                             "(texte), par exemple \"postgresql://hôte/base\"")
    return value.strip()


def locate(where: Home | str | os.PathLike[str]) -> StoreLocation:
    """The store of a home (its configuration, else its SQLite file), or of a URL/path."""
    from corpus.store.sqlite import SqliteLocation

    if isinstance(where, Home):
        url = configured_url(where)
        if url is None:
            return SqliteLocation(where.corpus_db, where.lock_file, where.root)
        location = _by_url(url, where.root, where)
        if isinstance(location, SqliteLocation):  # the side files stay in the home
            location.side_dir = where.root
        return location
    if isinstance(where, os.PathLike):
        path = Path(where)
        return SqliteLocation(path, path.with_name("writer.lock"))
    return _by_url(where, Path.cwd())


def _by_url(url: str, base: Path, home: Home | None = None) -> StoreLocation:
    from corpus.store.sqlite import SqliteLocation

    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match and len(match.group(1)) > 1 else ""
    if scheme in ("postgresql", "postgres"):
        return _postgres_location(url, home)
    if scheme == "sqlite":
        path = Path(_sqlite_path(url))
    elif scheme == "file" or not scheme:  # a bare path (a Windows drive letter is no scheme)
        path = Path(url.removeprefix("file://") if scheme else url)
    else:
        raise BadStoreConfig(f"adresse de corpus inconnue : {redact_url(url)} (attendu un "
                             "chemin de fichier, sqlite:///chemin ou postgresql://…)")
    path = path.expanduser()
    if not path.is_absolute():
        path = base / path
    return SqliteLocation(path, path.with_name("writer.lock"))


def _sqlite_path(url: str) -> str:
    rest = url[len("sqlite:"):]
    if rest.startswith("///"):
        return rest[2:]
    if rest.startswith("//"):
        raise BadStoreConfig(f"adresse SQLite sans chemin : {redact_url(url)} "
                             "(écrivez sqlite:///chemin/absolu ou sqlite:chemin/relatif)")
    if not rest:
        raise BadStoreConfig("adresse SQLite sans chemin : « sqlite: »")
    return rest


def _postgres_location(url: str, home: Home | None = None) -> StoreLocation:
    try:
        from corpus.store import postgres  # type: ignore[attr-defined, unused-ignore]
    except ImportError as exc:
        missing = getattr(exc, "name", None) or ""
        what = ("cette version de Veille ne sait pas ouvrir un corpus PostgreSQL"
                if missing.startswith("corpus") else
                f"le pilote PostgreSQL manque ({missing or exc})")
        raise BadStoreConfig(f"{what} : {redact_url(url)}") from None
    location: StoreLocation = postgres.locate(url, home)  # home: its local index lock
    return location


def open_store(where: Home | str | os.PathLike[str], *, create: bool = True,
               read_only: bool = False) -> CorpusStore:
    """The store of a home (or at a URL/path), opened; see `StoreLocation.open`."""
    return locate(where).open(create=create, read_only=read_only)


def store_exists(where: Home | str | os.PathLike[str]) -> bool:
    """Whether there is a corpus (asks the store: a file, or a database holding one)."""
    return locate(where).exists()
