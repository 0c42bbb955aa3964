"""The home's writer lock: one crawl, import or index run at a time (a flock'd file).

The SQLite store's writer lock for every kind; a lock of the home's own files (the index)
whatever the store."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from corpus.errors import LockHeld
from corpus.home import Home

log = logging.getLogger(__name__)

# Descriptors of the locks this process holds: a forked child closes its copies at once
# (see _close_in_child), so no helper process ever keeps a run's lock alive.
_HELD: set[int] = set()


def _close_in_child() -> None:
    """After fork, in the child: close the inherited lock descriptors.

    flock belongs to the open file description, shared by parent and child; closing the
    child's copy (never LOCK_UN, which would release the parent's lock) leaves the parent
    the only holder, so the lock dies with the run that took it.
    """
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class WriterLock:
    """An exclusive, non-blocking lock on the home's lock file, holding the owner's PID.

    The kernel drops the lock when the process dies, even by SIGKILL, and forked helpers
    never hold it, so a stale file never blocks the next run. Should a process outside our
    control still hold the lock of a run whose PID is gone, the lock is taken over, with
    a note in the log. Use as a context manager.
    """

    def __init__(self, home: Home | Path) -> None:
        self.path: Path = home.lock_file if isinstance(home, Home) else Path(home)
        self._fd: int | None = None
        self.took_over_from: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = _read_pid(fd)
                if pid is not None and not _alive(pid) and self._take_over(fd, pid):
                    os.close(fd)
                    continue
                os.close(fd)
                raise LockHeld(str(self.path), pid) from None
            if not _same_file(fd, self.path):  # taken over meanwhile: lock the new file
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            os.fsync(fd)
            self._fd = fd
            _HELD.add(fd)
            return
        raise LockHeld(str(self.path), None)

    def _take_over(self, fd: int, pid: int) -> bool:
        """Set aside a lock file held by leftovers of run `pid`, which is gone.

        The file is renamed away only if it is still the one we found held (under a lock
        on the home directory, so two runs never both take over).
        """
        dir_fd = os.open(self.path.parent, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(dir_fd, fcntl.LOCK_EX)
            if not _same_file(fd, self.path):
                return True  # someone else took it over first: try the new file
            aside = self.path.with_name(f"{self.path.name}.stale-{pid}")
            os.replace(self.path, aside)
            aside.unlink(missing_ok=True)  # its holders keep their lock on a nameless file
        except OSError as exc:
            log.warning("impossible de reprendre le verrou %s : %s", self.path, exc)
            return False
        finally:
            os.close(dir_fd)
        log.warning("le verrou %s était tenu pour le PID %d, qui n’existe plus (des processus "
                    "qu’il a laissés le tenaient encore) : repris", self.path, pid)
        self.took_over_from = pid
        return True

    def release(self) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        raw = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(raw) if raw else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[-1].split()[0]
        return state != b"Z"
    except (OSError, IndexError):
        return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)
