"""URL identity: one article is stored once, whatever URL led to it."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader, never select content.
_TRACKING_EXACT = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "xtor", "xtref", "xts", "_ga", "_gl", "igshid", "ref_src", "ref_url", "cmpid", "ocid",
    "sref", "ito", "icid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "spm", "share", "amp", "outputtype",
}
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "_hs", "vero_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Escapes that must stay escaped: an encoded "/" is not a path separator (`/a%2Fb` is one
# segment, `/a/b` two) and an encoded "%" is not the start of an escape.
_KEPT_ESCAPES = re.compile(r"(%2[Ff5])")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


class BadURL(ValueError):
    """Not an absolute http(s) URL."""


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_EXACT or name.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical form of an article URL.

    Lowercased scheme and host, default port dropped, no fragment, tracking parameters
    removed, remaining parameters sorted, empty path -> "/". The path's percent-encoding is
    normalised (unreserved and UTF-8 characters written one way, hex digits upper case) but
    `%2F` and `%25` stay encoded, and its dot segments are resolved: `/a/./b/../c` is
    `/a/c`, while `/a%2Fb` and `/a/b` stay two URLs.
    Raises BadURL for anything that is not an absolute http(s) URL.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"URL incorrecte : {url!r}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise BadURL(f"pas une URL http(s) absolue : {url!r}")
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = remove_dot_segments(normalise_path_escapes(parts.path)) or "/"
    query_pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    query = urlencode(sorted(query_pairs), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def normalise_path_escapes(path: str) -> str:
    """The path with one spelling per character: escapes decoded to bytes and re-encoded
    where needed (so `%7E` is `~` and `é` is `%C3%A9`), except `%2F` and `%25`."""
    out = []
    for piece in _KEPT_ESCAPES.split(path):
        if _KEPT_ESCAPES.fullmatch(piece):
            out.append(piece.upper())
        elif piece:
            out.append(quote(unquote_to_bytes(piece), safe=_PATH_SAFE))
    return "".join(out)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: `.` and `..` segments resolved (never above the root)."""
    if "." not in path:
        return path
    segments = path.split("/")
    kept: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                kept.append("")
        elif segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    result = "/".join(kept)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result


def article_id(url: str) -> str:
    """A stable identifier derived from the canonical URL: 16 hex digits."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]

