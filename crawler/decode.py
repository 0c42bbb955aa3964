"""Turning page bytes into text: the one decoder of the crawl and of `veille extract`.

Order: a byte-order mark; then UTF-8 when the bytes are UTF-8 (all of them, or all but a
few stray bytes, which become U+FFFD: one bad byte never turns a UTF-8 page into
"hydrogÃ¨ne"); then the HTTP `Content-Type` charset; then `<meta charset>` /
`<meta http-equiv>` in the first 8 KB; then detection. Labels are mapped the WHATWG way:
`iso-8859-1`, `latin1` and `us-ascii` mean windows-1252, so a page declaring Latin-1 while
using ’ (byte 0x92) still comes out right. A declared charset the bytes do not fit (a
multi-byte one with invalid sequences) is not trusted.

Detection: charset-normalizer guesses; when it guesses a single-byte Latin code page (it
often says cp1250 or cp1257 for French windows-1252 text, turning œ into ś) and
windows-1252 decodes the bytes, windows-1252 wins: the press we crawl is French, and its
legacy pages are windows-1252.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
                             re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels all decode as windows-1252.
_AS_CP1252 = frozenset({
    "iso8859-1", "latin-1", "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968",
    "cp819", "ibm819", "iso-ir-100", "iso_8859-1", "x-cp1252", "windows-1252", "cp1252",
})
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125\d|iso8859_\d+|latin_1|mac_\w+|cp850|cp437)$")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_DETECT_BYTES = 200_000
# Stray bytes tolerated in a UTF-8 page: at most one per this many valid UTF-8 characters.
_STRAY_RATIO = 4


def charset_from_header(content_type: str | None) -> str | None:
    """The charset of a Content-Type header, or the header itself when it is a bare label."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    if match:
        return match.group(1)
    value = content_type.strip()
    return value if value and "/" not in value and ";" not in value else None


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def sniff_bom(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def charset_from_meta(body: bytes) -> str | None:
    match = _META.search(body[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def utf8_evidence(body: bytes) -> bool:
    """Whether `body` is UTF-8: non-ASCII bytes that are valid UTF-8, but for a few strays."""
    if not _NON_ASCII.search(body):
        return False
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = body[:_DETECT_BYTES].decode("utf-8", errors="replace")
    stray = text.count("\ufffd")
    valid = sum(1 for c in text if c > "\x7f") - stray
    return valid >= _STRAY_RATIO * stray


def detect(body: bytes) -> str:
    """The encoding of undeclared bytes (see the module docstring)."""
    if not _NON_ASCII.search(body) or utf8_evidence(body):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:_DETECT_BYTES]).best()
    guess = normalise_label(best.encoding) if best is not None else None
    if guess is None or _LATIN_SINGLE_BYTE.match(guess.replace("-", "_")):
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return guess or "cp1252"


def _fits(body: bytes, encoding: str) -> bool:
    """Whether the bytes decode in `encoding` (single-byte code pages: always, near enough)."""
    try:
        body[:_DETECT_BYTES].decode(encoding)
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the sample's end is no evidence against it.
        return exc.start >= min(len(body), _DETECT_BYTES) - 4
    except LookupError:
        return False
    return True


def choose_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding to decode `body` with (see the module docstring for the order)."""
    bom = sniff_bom(body)
    if bom:
        return bom
    if utf8_evidence(body):
        return "utf-8"
    for label in (charset_from_header(content_type), charset_from_meta(body)):
        name = normalise_label(label)
        # A page cannot really be UTF-16/32 if its declaration was readable as ASCII.
        if name and not name.startswith(("utf-16", "utf-32")) and (
                name == "cp1252" or _fits(body, name)):
            return name
    return detect(body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of an HTML (or XML) body and the encoding used.

    `content_type` is the HTTP Content-Type header (or a bare charset label). Bytes invalid
    in the chosen encoding become U+FFFD rather than failing.
    """
    encoding = choose_encoding(body, content_type)
    bom = sniff_bom(body)
    start = len(next(b for b, n in _BOMS if n == bom)) if bom else 0
    text = body[start:].decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding


def decode_text(body: bytes, content_type: str | None = None) -> str:
    """The text of `body` (decode_html without the encoding)."""
    return decode_html(body, content_type)[0]
