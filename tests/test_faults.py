"""Killed and stopped runs: no orphaned writer processes, no stale lock, the home usable.

Real subprocesses and real signals, on a rebuild of 5,000 articles (the size at which
`veille index --rebuild` forks two writer processes).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import indexer
from corpus import Article, Home, Store
from tests.conftest import veille_exe

REBUILD_SIZE = 5_000
_WORDS = ("usine", "hydrogène", "port", "acier", "ciment", "énergie", "solaire", "éolien",
          "câblage", "automobile", "export")


def short_articles(n: int, start: int = 0) -> Iterator[Article]:
    """`n` short synthetic articles (fast to store and to index)."""
    base = datetime(2021, 1, 1, tzinfo=UTC)
    for i in range(start, start + n):
        yield Article(url=f"https://www.presse-test.ma/2021/{i}.html",
                      title=f"Dépêche {i} : {_WORDS[i % 11]}",
                      text=" ".join(_WORDS[(i + k) % 11] for k in range(24)),
                      source=f"source-{i % 3}", published=base + timedelta(hours=i))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with 5,000 articles and their index (made once), and their JSON Lines."""
    root = tmp_path_factory.mktemp("built")
    home = Home.resolve(root / "home").ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(short_articles(REBUILD_SIZE))
    indexer.update_index(home, procs=1)
    (root / "articles.jsonl").write_text(
        "".join(a.dumps() + "\n" for a in short_articles(REBUILD_SIZE)), encoding="utf-8")
    return root


@pytest.fixture
def big_home(built: Path, tmp_path: Path) -> Home:
    shutil.copytree(built / "home", tmp_path / "home")
    return Home.resolve(tmp_path / "home")


def veille(home: Home, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([veille_exe(), "--home", str(home.root), *args],
                          capture_output=True, text=True, timeout=timeout)


def start(home: Home, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([veille_exe(), "--home", str(home.root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` (a state of the system, not a guess about timing) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def writer_processes(proc: subprocess.Popen[str]) -> list[int]:
    """The rebuild's writer processes, once it has forked them (or [] if it ended first)."""
    wait_for(lambda: bool(children(proc.pid)) or proc.poll() is not None, 60,
             "the rebuild to fork its writer processes")
    workers = children(proc.pid)
    assert workers, "the rebuild ended before forking writer processes"
    return workers


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc to find the writer processes")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_rebuild_leaves_no_orphans_and_no_lock(big_home: Home, sig: int) -> None:
    live = (big_home.index_dir / "CURRENT").read_text()
    proc = start(big_home, "index", "--rebuild")
    workers = writer_processes(proc)
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 130, err          # a clean stop, like Ctrl-C
        assert "SIGTERM" in err and "Traceback" not in err
    wait_for(lambda: not any(running(w) for w in workers), 10,
             "the writer processes to die with their parent")
    # The live index is untouched, the lock is free, and the next run cleans up.
    assert (big_home.index_dir / "CURRENT").read_text() == live
    after = veille(big_home, "index")
    assert after.returncode == 0, after.stderr
    assert "index à jour : 5 000 articles" in after.stdout
    versions = sorted(p.name for p in big_home.index_dir.iterdir() if p.name.startswith("v"))
    assert versions == [live.strip()]                # no half-built version left behind
    found = veille(big_home, "search", "hydrogène", "--json")
    assert found.returncode == 0 and '"total": 5000' in found.stdout


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_first_import_leaves_the_home_usable(built: Path, tmp_path: Path,
                                                    sig: int) -> None:
    """The first import of 5,000 articles builds the index with writer processes; killed
    or stopped then, it has committed every article and leaves the lock free."""
    home = Home.resolve(tmp_path / "home")
    proc = start(home, "import", str(built / "articles.jsonl"))
    workers = writer_processes(proc)
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 130, err
        assert "Traceback" not in err
    wait_for(lambda: not any(running(w) for w in workers), 10,
             "the writer processes to die with their parent")
    again = veille(home, "index")
    assert again.returncode == 0, again.stderr
    assert f"index reconstruit : {REBUILD_SIZE:,} articles".replace(",", " ") in again.stdout
    stats = veille(home, "stats")
    assert "5 000 articles" in stats.stdout and "à jour" in stats.stdout


HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, (sys.argv[2] + "\\n").encode())
print("held", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def holding_lock(home: Home, pid: str) -> Iterator[None]:
    """Another process holds the home's lock, which names `pid` as its run."""
    with subprocess.Popen([sys.executable, "-c", HOLDER, str(home.lock_file), pid],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            yield
        finally:
            holder.kill()


def test_lock_of_a_dead_run_is_taken_over_with_a_note(tmp_path: Path) -> None:
    """A process that outlived its run (as Whoosh's writer processes used to) still holds
    the lock, which names a PID that is gone: the next run takes it over and says so."""
    home = Home.resolve(tmp_path / "home").ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(short_articles(3))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = gone.stdout.strip()
    with holding_lock(home, dead_pid):
        r = veille(home, "index")
        assert r.returncode == 0, r.stderr
        assert f"PID {dead_pid}" in r.stderr and "repris" in r.stderr
        assert veille(home, "index").returncode == 0     # and it stays usable


def test_lock_of_a_live_run_is_respected(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "home").ensure()
    with Store.open(home.corpus_db) as store:
        store.upsert_many(short_articles(3))
    with holding_lock(home, str(os.getpid())):
        r = veille(home, "index")
        assert r.returncode == 75 and f"PID {os.getpid()}" in r.stderr


def test_forked_children_never_hold_the_lock(tmp_path: Path) -> None:
    """A child forked while the lock is held does not keep it once the parent is gone."""
    home = Home.resolve(tmp_path / "home").ensure()
    script = f"""
import os, signal
from corpus import Home, WriterLock
lock = WriterLock(Home.resolve({str(home.root)!r}))
lock.acquire()
child = os.fork()
if child == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)  # let the test read the parent's output to its end
    signal.pause()       # lives until the test kills it
    os._exit(0)
print(child, flush=True)
os._exit(0)              # the parent dies holding the lock; the child lives on
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, check=True)
    child = int(out.stdout.strip())
    try:
        assert running(child)
        from corpus import WriterLock
        with WriterLock(home) as lock:
            assert lock.took_over_from is None      # free: the child never held it
    finally:
        os.kill(child, signal.SIGKILL)
