"""The writer processes of a big rebuild, kept on a short leash.

Whoosh's multi-process writer forks helper processes that read batches of documents from
a pipe. Left alone they outlive their parent: killed or interrupted, it leaves them
blocked on the pipe forever (Whoosh's `cancel()` only flips a flag in the parent's copy).
Here every helper forked while `leashed()` is active
- dies with its parent (Linux `PR_SET_PDEATHSIG`: the kernel sends it SIGKILL when the
  parent dies, even by SIGKILL; elsewhere it checks its parent once at start);
- ignores SIGINT and takes SIGTERM's default action, so a Ctrl-C in the terminal (which
  reaches the whole process group) stops the parent, which then stops the helpers;
- never holds the home's writer lock (corpus.lock closes it in every forked child).
`stop(writer)` ends them when a rebuild is cancelled.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_leash: dict[str, Any] = {"parent": None, "prctl": None}


def _after_fork_in_child() -> None:
    parent = _leash["parent"]
    if parent is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    prctl = _leash["prctl"]
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the leash was on
        os._exit(1)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _load_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return None


@contextlib.contextmanager
def leashed() -> Iterator[None]:
    """Processes forked inside this block die with this one (see the module doc)."""
    if _leash["prctl"] is None:
        _leash["prctl"] = _load_prctl()
    previous = _leash["parent"]
    _leash["parent"] = os.getpid()
    try:
        yield
    finally:
        _leash["parent"] = previous


def stop(writer: Any, timeout: float = 5.0) -> None:
    """End the helper processes of a cancelled multi-process writer, and reap them."""
    # A signal can land inside Process.start(), after the fork but before the task records
    # it: such a task cannot be joined (its process dies with ours, being leashed).
    tasks = [t for t in getattr(writer, "tasks", ()) if getattr(t, "_popen", None) is not None]
    for task in tasks:
        if task.is_alive():
            task.terminate()
    for task in tasks:
        task.join(timeout)
        if task.is_alive():  # pragma: no cover - SIGTERM is not ignored in helpers
            task.kill()
            task.join(timeout)
    _kill_unrecorded(tasks)
    for name in ("jobqueue", "resultqueue"):
        queue = getattr(writer, name, None)
        if queue is not None:
            queue.cancel_join_thread()  # never wait at exit to flush into a dead pipe
            queue.close()
    if tasks:
        log.debug("stopped %d index writer processes", len(tasks))


def _kill_unrecorded(tasks: list[Any]) -> None:
    """Kill the helpers a signal caught between their fork and their record: forked from
    this process (the same command line) but in no task. Left alone, one would go on to
    open the half-built index that the cancelled rebuild is about to remove, and print
    Whoosh's traceback on the terminal before dying with its parent."""
    known = {t.pid for t in tasks}
    for pid in _forked_children():
        if pid in known:
            continue
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _forked_children() -> list[int]:
    """This process's children that are forks of it (Linux /proc; [] elsewhere)."""
    me = os.getpid()
    try:
        with open(f"/proc/{me}/cmdline", "rb") as f:
            mine = f.read()
        pids: set[int] = set()
        for tid in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{tid}/children") as f:
                pids.update(int(p) for p in f.read().split())
    except OSError:
        return []
    forks = []
    for pid in sorted(pids):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read() == mine:
                    forks.append(pid)
        except OSError:
            continue
    return forks
