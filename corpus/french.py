"""French wording shared by the messages people read: counts with their plurals, numbers.

French puts 0 and 1 in the singular ("0 page en échec", "1 article"), 2 and up in the
plural; thousands are grouped with a space ("12 345"), decimals take a comma ("1,5 s").
"""

from __future__ import annotations


def number(n: int) -> str:
    """`12 345`: thousands grouped with a space, as the search summary prints them."""
    return f"{n:,}".replace(",", " ")


def decimal(x: float, digits: int = 1) -> str:
    """`1,5`: a decimal number with a comma."""
    return f"{x:.{digits}f}".replace(".", ",")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`singular` for 0 and 1, else `plural_form` (default: singular + "s")."""
    if abs(n) < 2:
        return singular
    return plural_form if plural_form is not None else singular + "s"


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """`1 article`, `2 articles`, `12 345 pages`."""
    return f"{number(n)} {plural(n, singular, plural_form)}"
