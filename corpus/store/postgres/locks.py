"""Advisory locks on the store's server: the writer locks of a shared corpus."""

from __future__ import annotations

import os
import socket
from types import TracebackType
from typing import TYPE_CHECKING, Any

from corpus.errors import LockHeld

if TYPE_CHECKING:
    from corpus.home import Home
    from corpus.store.postgres.location import PostgresLocation
    from corpus.store.protocol import WriterLockHandle


class AdvisoryLock:
    """Session-level advisory locks (`pg_try_advisory_lock(class, object)`), all or none,
    on a connection of their own held while they are: the server releases them when that
    connection ends, however the process dies. Taking them first checks that the role
    connected may write (ReadOnlyStore, exit 2, otherwise).

    With a home, the home's own writer lock is taken too: a crawl indexes its home's
    index afterwards, and no `veille index` of that home runs meanwhile (as with SQLite).
    The connection's application_name, `veille HOST pid N`, tells a refused run who holds
    the lock.
    """

    def __init__(self, location: PostgresLocation, keys: list[tuple[int, int, str]],
                 home: Home | None = None, *, check_writable: bool = True) -> None:
        self._location = location
        self._check_writable = check_writable
        self.keys = keys
        self._conn: Any = None
        self._home_lock: WriterLockHandle | None = None
        if home is not None:
            from corpus.store.lock import WriterLock

            self._home_lock = WriterLock(home.lock_file)

    def acquire(self) -> None:
        if self._check_writable:
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
        me = f"veille {socket.gethostname()} pid {os.getpid()}"
        conn = self._location.connect(application=me[:63])
        try:
            for classid, objid, label in self.keys:
                got = conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                   (classid, objid)).fetchone()[0]
                if not got:
                    holder = _holder(conn, classid, objid)
                    raise LockHeld(f"{label} du corpus {self._location.display}"
                                   + (f" (tenu par {holder})" if holder else ""), None)
        except BaseException:
            conn.close()  # the locks taken so far go with the session
            raise
        self._conn = conn

    def release(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()  # ends the session: the server drops the locks
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


def _holder(conn: Any, classid: int, objid: int) -> str | None:
    """`HOST, PID N` of the session holding a lock, when the server lets us see it."""
    row = conn.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.classid = %s::bigint::oid "
        "AND l.objid = (%s::bigint & 4294967295)::oid AND l.granted "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (classid, objid)).fetchone()
    parts = str(row[0]).split() if row and row[0] else []
    if len(parts) == 4 and parts[0] == "veille" and parts[2] == "pid":
        return f"{parts[1]}, PID {parts[3]}"
    return None
