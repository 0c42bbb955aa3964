"""SIGTERM (cron's or systemd's timeout, `kill`) stops a writing command like Ctrl-C.

The signal becomes a `Terminated` exception (a KeyboardInterrupt), so every clean-up path
runs: the open transaction is rolled back, a half-built index is removed, the index's
writer processes are stopped and the home's lock is released. The command then exits
130, as for Ctrl-C (the code `veille crawl` has always used for both).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM."""


_pending = {"sigterm": False, "forking": False}


def _forking(flag: bool) -> None:
    _pending["forking"] = flag


# Hooks run around os.fork (before: last registered first; after: in order), so the flag
# covers the fork hooks of logging and threading, registered before this module's.
os.register_at_fork(before=lambda: _forking(True),
                    after_in_parent=lambda: _forking(False),
                    after_in_child=lambda: _forking(False))


def check() -> None:
    """Raise Terminated if SIGTERM arrived: for loops to call now and then.

    Python runs a signal handler wherever the interpreter happens to be; when that is a
    place whose exceptions are printed and ignored (an at-fork hook, a finaliser), the
    stop would be lost. The flag keeps it until a loop picks it up here.
    """
    if _pending["sigterm"]:
        raise Terminated


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within this block (main thread only), SIGTERM raises Terminated."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    owner = os.getpid()

    def handler(signum: int, frame: Any) -> None:
        if os.getpid() != owner:  # a forked child inherited a signal meant for its parent
            return
        _pending["sigterm"] = True
        if not _pending["forking"]:  # inside fork hooks, check() raises it a moment later
            raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
        check()  # a stop that no loop picked up still ends the command as stopped
    finally:
        signal.signal(signal.SIGTERM, previous)
        _pending["sigterm"] = False
