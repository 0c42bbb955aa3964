"""A real PostgreSQL server for the tests: a scratch cluster on a free 127.0.0.1 port.

The cluster is made by `initdb` in a temporary directory and started with `pg_ctl`; it
lives for the test session (one per xdist worker) and is stopped and removed at the end.
Each test that needs it gets a database of its own (`pg_url`). PostgreSQL refuses to run
as root: under root the server runs as the `postgres` user (or `nobody`) via runuser.

The binaries come from PATH or from Debian's /usr/lib/postgresql/N/bin (`.ci/run` installs
the `postgresql` package when they are missing). Without them the PostgreSQL tests fail
under CI=true, and elsewhere are skipped with a reason saying how to install the server.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ADMIN = "veille_admin"
ADMIN_PASSWORD = "mot-de-passe-admin-Ω"


def find_bin(name: str) -> str | None:
    """`name` (pg_ctl, initdb…) on PATH, else in the newest /usr/lib/postgresql/N/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda p: int(Path(p).parent.parent.name) if
                    Path(p).parent.parent.name.isdigit() else 0)
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("root sans utilisateur « postgres » ni « nobody » pour le serveur")


class PgServer:
    """One scratch PostgreSQL cluster. `start()`, then `new_database()`, then `stop()`."""

    def __init__(self) -> None:
        pg_ctl, initdb = find_bin("pg_ctl"), find_bin("initdb")
        if pg_ctl is None or initdb is None:
            raise FileNotFoundError("pg_ctl/initdb introuvables")
        self.pg_ctl, self.initdb = pg_ctl, initdb
        self.user = _server_user()
        self.root = Path(tempfile.mkdtemp(prefix="veille-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = 0

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def start(self, *, durable: bool = False) -> PgServer:
        """initdb and start; `durable` keeps fsync and synchronous commit on (benchmarks),
        else they are off (tests: a scratch cluster need not survive a power cut)."""
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)
            os.chown(pwfile, info.pw_uid, info.pw_gid)
        done = self._run(self.initdb, "-D", str(self.data), "-U", ADMIN, "--pwfile", str(pwfile),
                         "--auth-local=trust", "--auth-host=scram-sha-256", "-N",
                         "-E", "UTF8", "--locale=C.UTF-8")
        if done.returncode != 0:
            raise RuntimeError(f"initdb a échoué : {done.stderr.strip()}")
        for _ in range(5):  # a port taken between the probe and the start: try another
            self.port = _free_port()
            opts = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=60"
            if not durable:
                opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            done = self._run(self.pg_ctl, "-D", str(self.data), "-w", "-t", "60", "-o", opts,
                             "-l", str(self.root / "server.log"), "start")
            if done.returncode == 0:
                return self
        log = (self.root / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"le serveur PostgreSQL ne démarre pas : {log}")

    def stop(self) -> None:
        if self.data.exists():
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres", user: str = ADMIN,
            password: str | None = ADMIN_PASSWORD) -> str:
        auth = quote(user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f'CREATE DATABASE "{name}"')
        return name


_SHARED: list[PgServer] = []


def shared_server() -> PgServer:
    """This process's server, started on first use and stopped when the process exits;
    without binaries: a failure under CI, else a loud skip."""
    if _SHARED:
        return _SHARED[0]
    try:
        server = PgServer()
    except FileNotFoundError:
        message = ("serveur PostgreSQL absent (pg_ctl/initdb introuvables) : installez le "
                   "paquet Debian « postgresql » (`.ci/run` le fait)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    atexit.register(server.stop)
    _SHARED.append(server)
    return server


def server_or_fail() -> Iterator[PgServer]:
    """The session's server (see shared_server), stopped at the end of the session."""
    server = shared_server()
    try:
        yield server
    finally:
        _SHARED.clear()
        server.stop()


def fresh_location(tmp: Path) -> Any:
    """A PostgreSQL location on a new, empty database, reached from a home in `tmp` (whose
    own files hold the watches and the selection), for the store contract suite."""
    from corpus.home import Home
    from corpus.store.postgres import locate

    server = shared_server()
    home = Home.resolve(tmp / f"home-{uuid.uuid4().hex[:8]}")
    return locate(server.url(server.new_database()), home)
