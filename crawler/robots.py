"""robots.txt rules for our user agent, with protego.

protego (Scrapy's parser) handles what `urllib.robotparser` gets wrong: `*` and `$`
wildcards, the longest-match precedence of Allow over Disallow, fractional `Crawl-delay`,
`Request-rate`, and `Sitemap:` lines anywhere in the file.

What a robots.txt status means (RFC 9309): 2xx → its rules; 4xx → no rules (everything
allowed); 5xx or unreachable → assume everything is disallowed for this run.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from protego import Protego

log = logging.getLogger(__name__)

MAX_ROBOTS_BYTES = 500_000  # RFC 9309: parse at least 500 KiB
MAX_CRAWL_DELAY = 60.0      # a longer Crawl-delay would stall the run: this is honoured


@dataclass
class Robots:
    """The rules of one host's robots.txt as they apply to our user agent."""

    user_agent: str
    rules: Protego | None = None
    disallow_all: bool = False
    reason: str = ""
    sitemaps: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, user_agent: str) -> Robots:
        rules = Protego.parse(text[:MAX_ROBOTS_BYTES])
        return cls(user_agent, rules, sitemaps=list(rules.sitemaps))

    @classmethod
    def allow_all(cls, user_agent: str, reason: str = "") -> Robots:
        return cls(user_agent, None, reason=reason)

    @classmethod
    def deny_all(cls, user_agent: str, reason: str) -> Robots:
        return cls(user_agent, None, disallow_all=True, reason=reason)

    def can_fetch(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.rules is None:
            return True
        return bool(self.rules.can_fetch(url, self.user_agent))

    def asked_delay(self) -> float:
        """The delay between requests robots.txt asks of us (0 when it asks nothing)."""
        if self.rules is None:
            return 0.0
        delay = self.rules.crawl_delay(self.user_agent)
        seconds = float(delay) if delay else 0.0
        rate = self.rules.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            seconds = max(seconds, rate.seconds / rate.requests)
        return seconds if math.isfinite(seconds) and seconds > 0 else 0.0

    def delay(self) -> float:
        """The delay applied: the one asked, at most MAX_CRAWL_DELAY."""
        return min(self.asked_delay(), MAX_CRAWL_DELAY)
