"""Where a PostgreSQL corpus lives, and its writer locks (advisory locks per kind)."""

from __future__ import annotations

import os
import socket
from types import TracebackType
from typing import TYPE_CHECKING, Any

from corpus.errors import LockHeld, ReadOnlyStore, StoreError
from corpus.store.postgres import connect as pgconnect
from corpus.store.postgres import schema

if TYPE_CHECKING:
    from corpus.home import Home
    from corpus.store.postgres.store import PostgresStore
    from corpus.store.protocol import LockKind, WriterLockHandle
    from corpus.store.sidedb import SideDb, SideName

# pg_try_advisory_lock(classid, objid): our class, and one object per kind of writer.
LOCK_CLASS = 0x5645494C  # "VEIL"
LOCK_OBJECTS: dict[str, int] = {"crawl": 1, "import": 2, "demo": 3}
# Kinds that write the shared corpus (a reader role may take none of them). `index` is
# not one: each home indexes into its own Whoosh index, under the home's own file lock.
WRITING_KINDS = frozenset(LOCK_OBJECTS)


class PostgresLocation:
    """A corpus in the PostgreSQL database at `url`, followed by the home `home` (whose
    own lock guards its local index)."""

    def __init__(self, url: str, home: Home | None = None) -> None:
        self._url = pgconnect.check_url(url)
        self._home = home

    @property
    def url(self) -> str:
        return self._url

    @property
    def display(self) -> str:
        return pgconnect.redact(self._url)

    @property
    def dbname(self) -> str:
        return pgconnect.dbname_of(self._url)

    def scrub(self, message: str) -> str:
        return pgconnect.scrub(message, self._url)

    def connect(self, application: str = "veille") -> Any:
        conn = pgconnect.connect(self._url, application=application)
        conn.execute("SET search_path TO veille, public")
        return conn

    def exists(self) -> bool:
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                return schema.version(cur) is not None
        finally:
            conn.close()

    def open(self, *, create: bool = True, read_only: bool = False) -> PostgresStore:
        from corpus.store.postgres.store import PostgresStore

        conn = self.connect()
        try:
            schema.upgrade(conn, self.display, create=create and not read_only)
            writable, why_not = self._may_write(conn)
            if read_only:
                conn.execute("SET default_transaction_read_only = on")
                writable, why_not = False, "(ouvert en lecture seule)"
        except BaseException:
            conn.close()
            raise
        return PostgresStore(self, conn, writable=writable, why_not=why_not)

    def create_roles(self) -> tuple[str, str]:
        """Create the corpus's writer and reader roles (see corpus.store.postgres.schema)."""
        conn = self.connect()
        try:
            return schema.create_roles(conn, self.dbname)
        finally:
            conn.close()

    @staticmethod
    def _may_write(conn: Any) -> tuple[bool, str]:
        row = conn.execute(
            "SELECT current_user, has_table_privilege('veille.articles', 'INSERT') "
            "AND has_table_privilege('veille.feed', 'UPDATE')").fetchone()
        if row[1]:
            return True, ""
        return False, (f"du rôle {row[0]}, qui n’a que le droit de lire : les écritures "
                       "(crawl, import, store copy) demandent le rôle d’écriture")

    def check_writable(self) -> None:
        """ReadOnlyStore unless the role connected may write the corpus."""
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                if schema.version(cur) is None:
                    return  # nothing yet: creating it will say whether we may
            writable, why_not = self._may_write(conn)
        finally:
            conn.close()
        if not writable:
            raise ReadOnlyStore(f"le corpus {self.display} n’accepte pas d’écriture {why_not}")

    def side_db(self, name: SideName, *, create: bool = True) -> SideDb | None:
        """The home's own side database `name`: watches and the selection are each
        researcher's, the crawl state each crawler machine's (docs/team.md)."""
        from corpus.store.sqlite import sidedb

        if self._home is None:
            if not create:
                return None
            raise StoreError(f"pas de dossier local pour la base « {name} » du corpus "
                             f"{self.display}")
        return sidedb.open_in(self._home.root, name, create=create)

    def side_db_exists(self, name: SideName) -> bool:
        from corpus.store.sqlite import sidedb

        return self._home is not None and \
            (self._home.root / sidedb.SCHEMAS[name].file).exists()

    def writer_lock(self, kind: LockKind) -> WriterLockHandle:
        if kind not in WRITING_KINDS:
            if self._home is None:
                raise StoreError(f"pas de dossier local pour le verrou « {kind} »")
            from corpus.store.lock import WriterLock

            return WriterLock(self._home.lock_file)
        return AdvisoryLock(self, kind, self._home)


class AdvisoryLock:
    """A session-level advisory lock on the store's server, on a connection of its own
    held while the lock is: the server releases it when that connection ends, however
    the process dies. Taking it also checks that the role connected may write.

    With a home, the home's own writer lock is taken first: a crawl indexes its home's
    index afterwards, and no `veille index` of that home runs meanwhile (as with SQLite).
    """

    def __init__(self, location: PostgresLocation, kind: str, home: Home | None = None
                 ) -> None:
        self._location = location
        self.kind = kind
        self._conn: Any = None
        self._home_lock: WriterLockHandle | None = None
        if home is not None:
            from corpus.store.lock import WriterLock

            self._home_lock = WriterLock(home.lock_file)

    def acquire(self) -> None:
        self._location.check_writable()
        if self._home_lock is not None:
            self._home_lock.acquire()
        try:
            self._acquire_advisory()
        except BaseException:
            if self._home_lock is not None:
                self._home_lock.release()
            raise

    def _acquire_advisory(self) -> None:
        me = f"veille {self.kind} {socket.gethostname()} pid {os.getpid()}"
        conn = self._location.connect(application=me[:63])
        try:
            got = conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                               (LOCK_CLASS, LOCK_OBJECTS[self.kind])).fetchone()[0]
            if not got:
                holder = self._holder(conn)
                raise LockHeld(f"« {self.kind} » du corpus {self._location.display}"
                               + (f" (tenu par {holder})" if holder else ""), None)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _holder(self, conn: Any) -> str | None:
        row = conn.execute(
            "SELECT a.application_name, a.client_addr FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
            "AND l.classid = %s AND l.objid = %s AND l.granted AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            (LOCK_CLASS, LOCK_OBJECTS[self.kind])).fetchone()
        if row is None or not row[0] or not str(row[0]).startswith("veille "):
            return None
        parts = str(row[0]).split()  # "veille KIND HOST pid N"
        return f"{parts[2]}, PID {parts[4]}" if len(parts) == 5 else None

    def release(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()  # ends the session: the server drops the lock
        finally:
            self._conn = None
            if self._home_lock is not None:
                self._home_lock.release()

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
