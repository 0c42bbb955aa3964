"""SIGTERM (cron's or systemd's timeout, `kill`) stops a writing command like Ctrl-C.

The signal becomes a `Terminated` exception (a KeyboardInterrupt), so every clean-up path
runs: the open transaction is rolled back, a half-built index is removed, the index's
writer processes are stopped and the home's lock is released. The command then exits
130, as for Ctrl-C (the code `veille crawl` has always used for both).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within this block (main thread only), SIGTERM raises Terminated."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
