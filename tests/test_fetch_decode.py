"""Decoding page bytes: BOM, HTTP charset, <meta>, then detection; French comes out right."""

from __future__ import annotations

import pytest

from crawler.decode import choose_encoding, decode_html, normalise_label

FRENCH = ("L’industrie française « accélère » : œuvre, cœur, déjà, ça, à, è, ç, Ÿ — "
          "les entreprises du secteur investissent dans l’hydrogène vert.")


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>Essai</title></head><body><p>{text}</p></body></html>"


def test_windows_1252_without_any_declaration() -> None:
    body = page(FRENCH * 3).encode("cp1252")
    assert b"\x92" in body and b"\x9c" in body   # ’ and œ
    text, encoding = decode_html(body, "text/html")
    assert encoding == "cp1252"
    assert FRENCH in text


def test_a_short_cp1252_page_too() -> None:
    text, _ = decode_html(page("L’été où « ça » a marché").encode("cp1252"))
    assert "L’été où « ça » a marché" in text


def test_iso_8859_1_label_means_windows_1252() -> None:
    body = page(FRENCH).encode("cp1252")
    text, encoding = decode_html(body, "text/html; charset=ISO-8859-1")
    assert encoding == "cp1252" and FRENCH in text
    text, _ = decode_html(page(FRENCH, '<meta charset="latin1">').encode("cp1252"))
    assert FRENCH in text


def test_http_charset_wins_over_meta() -> None:
    body = page(FRENCH, '<meta charset="windows-1252">').encode("utf-8")
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert encoding == "utf-8" and FRENCH in text


def test_meta_http_equiv() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
    body = page("Prix en €, œuvre", head).encode("iso-8859-15")
    text, encoding = decode_html(body, "text/html")
    assert encoding == "iso8859-15" and "Prix en €, œuvre" in text


def test_bom_first() -> None:
    body = b"\xef\xbb\xbf" + page(FRENCH).encode("utf-8")
    text, encoding = decode_html(body, "text/html; charset=iso-8859-1")
    assert encoding == "utf-8" and FRENCH in text and not text.startswith("\ufeff")
    body16 = "\ufeff".encode("utf-16-le") + page(FRENCH).encode("utf-16-le")
    assert FRENCH in decode_html(body16)[0]


def test_undeclared_utf8() -> None:
    text, encoding = decode_html(page(FRENCH).encode("utf-8"))
    assert encoding == "utf-8" and FRENCH in text


def test_declared_utf8_that_is_not() -> None:
    body = page(FRENCH).encode("cp1252")
    text, _ = decode_html(body, "text/html; charset=utf-8")
    assert FRENCH in text


def test_unknown_label_falls_back_to_detection() -> None:
    body = page(FRENCH).encode("utf-8")
    assert choose_encoding(body, "text/html; charset=x-no-such-thing") == "utf-8"


@pytest.mark.parametrize(("label", "name"), [
    ("UTF-8", "utf-8"), ("latin1", "cp1252"), ("us-ascii", "cp1252"), ("bogus", None),
    (None, None), ("windows-1252", "cp1252"),
])
def test_labels(label: str | None, name: str | None) -> None:
    assert normalise_label(label) == name
