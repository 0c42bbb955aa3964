"""The headline, without the " | Site" / " - Site" suffix."""

from __future__ import annotations

import re
import unicodedata

from crawler.extraction.document import squash

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·|•|/)\s+")
_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(_WORD.findall("".join(c for c in text if not unicodedata.combining(c))))


def strip_site(title: str, site_names: list[str], host: str) -> str:
    """Drop leading/trailing segments naming the site (or, failing that, a short tail)."""
    title = squash(title)
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    sites = [_norm(s) for s in site_names if s] + [_norm(h) for h in _host_words(host)]
    sites = [s for s in sites if s]

    def is_site(part: str) -> bool:
        p = _norm(part)
        if not p:
            return True
        compact = p.replace(" ", "")
        first = p.split()[0]
        return any(p == s or compact == s.replace(" ", "") or (len(p) >= 3 and p in s)
                   or (len(s) >= 4 and s in p and len(p) <= len(s) + 12)
                   or (len(s) >= 3 and first == s and len(p.split()) <= 3) for s in sites)

    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    # The first segment naming the site ends the headline (taglines follow it).
    for index in range(1, len(parts)):
        if is_site(parts[index]):
            parts = parts[:index]
            break
    if len(parts) > 1:
        # No segment names the site: a short tail after " | " is still a site name.
        tail = parts[-1]
        if len(tail.split()) <= 3 and len(" ".join(parts[:-1])) > 2 * len(tail):
            parts.pop()
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def _host_words(host: str) -> list[str]:
    host = host.lower().split(":", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    name = host.rsplit(".", 1)[0] if "." in host else host
    return [name, host]


def choose(h1s: list[str], candidates: list[str], site_names: list[str], host: str) -> str:
    """The best headline from page headings and declared titles.

    A visible <h1> wins when a declared title (og:title, JSON-LD headline, <title>) agrees with
    it; otherwise the declared title with the site name stripped.
    """
    declared = [squash(c) for c in candidates if c and c.strip()]
    declared_norm = [_norm(c) for c in declared]
    segments = {_norm(part) for c in declared for part in _SEPARATORS.split(c)}
    names = {_norm(s) for s in [*site_names, *_host_words(host)] if s}
    for h1 in h1s:
        n = _norm(h1)
        if len(n) < 5 or n in names or n.replace(" ", "") in names:
            continue  # the logo's heading names the site, not the article
        if n in segments or any(n == d or (n in d and len(n) > 0.4 * len(d))
                                for d in declared_norm):
            return squash(h1)
    for title in declared:
        stripped = strip_site(title, site_names, host)
        if stripped and len(stripped) >= 5:
            return stripped
    for h1 in h1s:
        if len(h1) >= 5:
            return squash(h1)
    return declared[0] if declared else ""
