"""The crawler package's exceptions."""

from __future__ import annotations


class CrawlerError(Exception):
    """Base of every error the crawler raises on purpose."""


class SourcesError(CrawlerError):
    """The sources file is missing, unreadable or invalid (the CLI exits 2)."""


class FetchError(CrawlerError):
    """A page could not be fetched (after retries); says why.

    `kind` says what went wrong: "http" (an error status, in `status`), "timeout",
    "network", "too-large", "decode" (a body its Content-Encoding does not fit),
    "redirect" (loop, too many, or to another host), "refused"
    (robots.txt or another host), "type" (not a kind of document we read: PDF, image...).
    `permanent` is True when retrying later is pointless for this URL (404, 410, "type").
    """

    def __init__(self, message: str, *, url: str = "", kind: str = "network",
                 status: int | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.url = url
        self.kind = kind
        self.status = status
        self.permanent = permanent
