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


@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=utf-8",
                                          "text/html; charset=iso-8859-1"])
def test_a_utf8_page_with_a_few_stray_bytes_stays_utf8(content_type: str | None) -> None:
    body = page(FRENCH * 4).encode("utf-8")
    body = body.replace(b"vert", b"v\xe9rt", 1).replace(b"secteur", b"sect\x92eur", 1)
    text, encoding = decode_html(body, content_type)
    assert encoding == "utf-8"
    assert "l’hydrogène vert" in text and "œuvre" in text
    assert text.count("\ufffd") == 2


def test_crawl_and_extract_decode_alike() -> None:
    from crawler import extraction

    body = page(FRENCH).encode("cp1252").replace(b"<head>", b'<head><meta charset="utf-8">')
    assert extraction.decode_text(body, "text/html") == decode_html(body, "text/html")[0]
    assert extraction.decode_text(body, "utf-8") == decode_html(body)[0]
    assert FRENCH in decode_html(body)[0]


def test_a_bare_charset_label_is_a_declaration() -> None:
    body = page("Prix en €, œuvre").encode("iso-8859-15")
    assert decode_html(body, "iso-8859-15") == decode_html(body, "text/html; charset=ISO-8859-15")
    assert "Prix en €, œuvre" in decode_html(body, "iso-8859-15")[0]
