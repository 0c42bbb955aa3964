"""Progress on stderr for long-running commands: counts and time left, only on a terminal."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from corpus.french import number


class Progress:
    """A one-line progress display, redrawn at most every 0.2 s; silent when not a tty.

    `total` may be None (unknown): then it shows counts and rate only.
    """

    def __init__(self, label: str, total: int | None = None, *, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.detail = ""
        self._start = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def advance(self, n: int = 1, detail: str | None = None) -> None:
        self.done += n
        if detail is not None:
            self.detail = detail
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw >= 0.2:
            self._last_draw = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-6)
        rate = self.done / elapsed
        if self.total:
            left = (self.total - self.done) / rate if rate > 0 else 0.0
            text = (f"{self.label} : {number(self.done)}/{number(self.total)} "
                    f"({100 * self.done / self.total:.0f} %), {number(round(rate))}/s, "
                    f"encore ~{_duration(left)}")
        else:
            text = (f"{self.label} : {number(self.done)} ({number(round(rate))}/s, "
                    f"{_duration(elapsed)})")
        if self.detail:
            text += f" {self.detail}"
        self.stream.write(self._erase() + text[:200])
        self.stream.flush()
        self._drawn = True
        self._width = len(text[:200])

    def _erase(self) -> str:
        """Back to the start of the line, cleared (`TERM=dumb`: spaces, no escapes)."""
        if os.environ.get("TERM", "") == "dumb":
            return "\r" + " " * getattr(self, "_width", 0) + "\r"
        return "\r\x1b[2K"

    def finish(self) -> None:
        if self._drawn:
            self.stream.write(self._erase())
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {(seconds % 3600) // 60:02d} min"
