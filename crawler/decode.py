"""Turning page bytes into text: the right encoding, whatever the page declares.

Order, as browsers do it (WHATWG "encoding sniffing"): a byte-order mark, then the HTTP
`Content-Type` charset, then `<meta charset>` / `<meta http-equiv>` in the first 4 KB, then
detection. Labels are mapped the WHATWG way: `iso-8859-1`, `latin1` and `us-ascii` mean
windows-1252, so a page declaring Latin-1 while using ’ (byte 0x92) still comes out right.

Detection: valid UTF-8 is UTF-8. Otherwise charset-normalizer guesses; when it guesses a
single-byte Latin code page (it often says cp1250 or cp1257 for French windows-1252 text,
turning œ into ś) and windows-1252 decodes the bytes, windows-1252 wins: the press we crawl
is French, and its legacy pages are windows-1252.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels all decode as windows-1252.
_AS_CP1252 = frozenset({
    "iso8859-1", "latin-1", "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968",
    "cp819", "ibm819", "iso-ir-100", "iso_8859-1", "x-cp1252", "windows-1252", "cp1252",
})
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125\d|iso8859_\d+|latin_1|mac_\w+|cp850|cp437)$")


def charset_from_header(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


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
    match = _META.search(body[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def detect(body: bytes) -> str:
    """The encoding of undeclared bytes (see the module docstring)."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    guess = normalise_label(best.encoding) if best is not None else None
    if guess is None or _LATIN_SINGLE_BYTE.match(guess.replace("-", "_")):
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return guess or "utf-8"


def choose_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding to decode `body` with: BOM, HTTP charset, meta charset, detection."""
    bom = sniff_bom(body)
    if bom:
        return bom
    for label in (charset_from_header(content_type), charset_from_meta(body)):
        name = normalise_label(label)
        # A page cannot really be UTF-16 if its declaration was readable as ASCII.
        if name and not name.startswith("utf-16"):
            return name
    return detect(body)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of an HTML (or XML) body and the encoding used.

    Bytes invalid in the chosen encoding become U+FFFD rather than failing; a declared
    UTF-8 that does not decode at all falls back to detection.
    """
    encoding = choose_encoding(body, content_type)
    if encoding == "utf-8" and sniff_bom(body) is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            detected = detect(body)
            if detected != "utf-8":
                encoding = detected
    text = body.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding
