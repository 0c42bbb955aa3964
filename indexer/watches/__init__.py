"""Saved searches ("veilles"): a query with filters that reports what is new.

Public surface::

    from indexer.watches import WatchBook, Watch, UnreadWatch, WatchError, NAME_PATTERN

    with WatchBook(home) as book:
        book.add("h2", "hydrogène vert"); book.unread("h2"); book.mark_seen("h2")

`model.py` holds the records, `book.py` the watch book; the watches are kept in the store's
`watches` side database (corpus/store/sidedb.py), never opened here by hand.
"""

from indexer.watches.book import WatchBook
from indexer.watches.model import NAME_PATTERN, UnreadWatch, Watch, WatchError

__all__ = ["NAME_PATTERN", "UnreadWatch", "Watch", "WatchBook", "WatchError"]
