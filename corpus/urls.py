"""URL identity: one article is stored once, whatever URL led to it."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader, never select content.
_TRACKING_EXACT = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "xtor", "xtref", "xts", "_ga", "_gl", "igshid", "ref_src", "ref_url", "cmpid", "ocid",
    "sref", "ito", "icid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "spm", "share", "amp", "outputtype",
}
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "_hs", "vero_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class BadURL(ValueError):
    """Not an absolute http(s) URL."""


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_EXACT or name.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical form of an article URL.

    Lowercased scheme and host, default port dropped, no fragment, tracking parameters
    removed, remaining parameters sorted, path percent-encoding normalised, empty path -> "/".
    Raises BadURL for anything that is not an absolute http(s) URL.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"not a valid URL: {url!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise BadURL(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    query = urlencode(sorted(query_pairs), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def article_id(url: str) -> str:
    """A stable identifier derived from the canonical URL: 16 hex digits."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]

