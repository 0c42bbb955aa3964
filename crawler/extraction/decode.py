"""Bytes of a web page into text: BOM, then the declared charset, then detection."""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers treat as windows-1252 (the WHATWG encoding standard).
_LATIN1_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}
_DETECT_BYTES = 200_000
_WESTERN = {"cp1252", "iso8859-15", "iso8859-1", "latin-1"}


def _codec(label: str) -> str | None:
    name = label.strip().lower()
    if name in _LATIN1_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The codec named by a `<meta charset>` or http-equiv in the head, if Python knows it."""
    match = _META_CHARSET.search(data[:8192])
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode a page: BOM, HTTP charset, `<meta charset>`, UTF-8, then charset-normalizer.

    A declared charset that fails on the bytes is not trusted; undecodable bytes become
    U+FFFD rather than an error.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    for label in (http_charset, None):
        codec = _codec(label) if label else declared_charset(data)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            log.debug("declared charset %s does not fit the bytes", codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:_DETECT_BYTES]))
    # Single-byte guesses are close calls; the press this tool reads is Western European,
    # so windows-1252 wins whenever the detector ranks it among its first candidates.
    names = [m.encoding for m in matches[:5]]
    if any(_codec(n) in _WESTERN for n in names):
        codec = "cp1252"
    else:
        codec = _codec(names[0]) if names else None
    return data.decode(codec or "cp1252", "replace")
