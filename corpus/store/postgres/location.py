"""Where a PostgreSQL corpus lives, its writer locks (advisory locks per kind of writer, or
per source for a crawl) and the home's own side databases."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from corpus.errors import ReadOnlyStore, StoreError
from corpus.store.postgres import connect as pgconnect
from corpus.store.postgres import schema
from corpus.store.postgres.locks import AdvisoryLock

if TYPE_CHECKING:
    from corpus.home import Home
    from corpus.store.postgres.sidedb import PgSideDb
    from corpus.store.postgres.store import PostgresStore
    from corpus.store.protocol import LockKind, WriterLockHandle
    from corpus.store.sidedb import SideDb, SideName

# pg_try_advisory_lock(classid, objid): our class, and one object per kind of writer.
LOCK_CLASS = 0x5645494C  # "VEIL"
LOCK_OBJECTS: dict[str, int] = {"crawl": 1, "import": 2, "demo": 3, "index": 4}
SOURCE_LOCK_CLASS = 0x56454953  # "VEIS": a crawl's lock per source
HOST_LOCK_CLASS = 0x56454948    # "VEIH": a crawl's lock per host
# Kinds that write the shared corpus (a reader role may take none of them). `index` is
# not one: each home indexes into its own Whoosh index, under the home's own file lock
# (a location without a home, reached by its URL alone, locks `index` on the server).
WRITING_KINDS = frozenset({"crawl", "import", "demo"})


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
        """The crawl state is on the server, shared by the crawler machines; watches and the
        selection are each researcher's, in the home (docs/team.md)."""
        if name == "crawl":
            return self._crawl_state(create)
        from corpus.store.sqlite import sidedb

        if self._home is None:
            if not create:
                return None
            raise StoreError(f"pas de dossier local pour la base « {name} » du corpus "
                             f"{self.display}")
        return sidedb.open_in(self._home.root, name, create=create)

    def side_db_exists(self, name: SideName) -> bool:
        if name == "crawl":
            state = self._crawl_state(create=False)
            if state is None:
                return False
            try:
                return bool(state.execute("SELECT EXISTS (SELECT 1 FROM urls)").fetchone()[0])
            finally:
                state.close()
        from corpus.store.sqlite import sidedb

        return self._home is not None and \
            (self._home.root / sidedb.SCHEMAS[name].file).exists()

    def _crawl_state(self, create: bool) -> PgSideDb | None:
        from corpus.store.postgres.sidedb import PgSideDb

        conn = self.connect()
        try:
            with conn.cursor() as cur:
                found = schema.version(cur)
            if found is None and not create:
                conn.close()
                return None
            schema.upgrade(conn, self.display, create=create)
        except BaseException:
            conn.close()
            raise
        return PgSideDb(self, conn)

    def writer_lock(self, kind: LockKind) -> WriterLockHandle:
        if kind not in WRITING_KINDS:
            if self._home is None:
                return AdvisoryLock(self, [(LOCK_CLASS, LOCK_OBJECTS[kind], f"« {kind} »")],
                                    None, check_writable=False)
            from corpus.store.lock import WriterLock

            return WriterLock(self._home.lock_file)
        return AdvisoryLock(self, [(LOCK_CLASS, LOCK_OBJECTS[kind], f"« {kind} »")],
                            self._home)

    def crawl_lock(self, sources: Iterable[str], hosts: Iterable[str] = ()) -> AdvisoryLock:
        """The lock of a crawl of `sources` on `hosts`: one advisory lock per source and
        one per host, all or none. Crawls of other sources on other hosts (another
        machine's share) run at the same time; a second crawl of a source, or of a host,
        being crawled exits 75. A host is thus fetched by one crawl at a time, which keeps
        its delay between requests: two machines never hit one host faster than that."""
        keys = [(SOURCE_LOCK_CLASS, lock_key(n), f"« crawl » de la source « {n} »")
                for n in sorted(set(sources))]
        keys += [(HOST_LOCK_CLASS, lock_key(h), f"« crawl » de l’hôte « {h} »")
                 for h in sorted({h.lower() for h in hosts})]
        return AdvisoryLock(self, keys, self._home)


def lock_key(name: str) -> int:
    """A source's or host's advisory lock object: a signed 32-bit hash of its name."""
    value = zlib.crc32(name.encode("utf-8"))
    return value - (1 << 32) if value >= (1 << 31) else value
