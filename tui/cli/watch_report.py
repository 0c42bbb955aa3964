"""Per-watch arrivals for the crawl summary (called by `veille crawl` after indexing)."""

from __future__ import annotations

import logging
from typing import Any

from corpus import Home

log = logging.getLogger(__name__)


def report_watches(home: Home) -> dict[str, dict[str, Any]]:
    """`{"h2": {"new": 3, "ids": [...]}}`: articles matching each watch, reported once.

    A broken watch list never fails the crawl: it is logged and left out.
    """
    from indexer.watches import WatchBook

    if not home.watches_db.exists():
        return {}
    try:
        with WatchBook(home) as book:
            return book.report_arrivals()
    except Exception as exc:  # the crawl itself succeeded; say so and carry on
        log.warning("veilles non signalées : %s", exc)
        return {}


def summary_text(watches: dict[str, dict[str, Any]]) -> str:
    """`veilles : h2 +3, ia +0 (1 reprise)` for the one-line crawl summary ('' without
    watches): new stories, and the new reprints of stories reported before."""
    if not watches:
        return ""
    from corpus.french import count

    parts = []
    for name, w in watches.items():
        reprises = len(w.get("reprises", ()))
        parts.append(f"{name} +{w['new']}" + (f" ({count(reprises, 'reprise')})"
                                              if reprises else ""))
    return "veilles : " + ", ".join(parts)
