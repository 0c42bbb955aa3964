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
    for name in ("jobqueue", "resultqueue"):
        queue = getattr(writer, name, None)
        if queue is not None:
            queue.cancel_join_thread()  # never wait at exit to flush into a dead pipe
            queue.close()
    if tasks:
        log.debug("stopped %d index writer processes", len(tasks))
