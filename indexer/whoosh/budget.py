"""Time budgets for Whoosh's collectors: Whoosh has no deadline of its own, so the
innermost collector's `collect` is wrapped to stop the search once the budget is spent."""

from __future__ import annotations

import time
from typing import Any

CHECK_EVERY = 128        # budgeted searches look at the clock every this many matches


class OutOfTime(Exception):
    """Raised from inside a budgeted collector; the search stops where it is."""


def budgeted(collector: Any, budget_ms: float) -> Any:
    """Make the innermost collector stop (with OutOfTime) once `budget_ms` is spent."""
    deadline = time.perf_counter() + budget_ms / 1000.0
    inner = collector
    while hasattr(inner, "child") and hasattr(inner.child, "collect"):
        inner = inner.child
    original = inner.collect
    counter = [0]

    def collect(sub_docnum: int) -> Any:
        counter[0] += 1
        if counter[0] % CHECK_EVERY == 0 and time.perf_counter() > deadline:
            raise OutOfTime
        return original(sub_docnum)

    inner.collect = collect
    collector._veille_counter = counter
    return collector


def counted(collector: Any) -> int:
    """How many documents a budgeted collector saw before it stopped."""
    return int(getattr(collector, "_veille_counter", [0])[0])
