"""PostgreSQL URLs: checking them, showing them without a password, connecting.

A store URL is a libpq URI, `postgresql://user[:password]@host[:port]/dbname[?param=…]`;
every libpq parameter in the query string (`sslmode`, `sslrootcert`, `connect_timeout`,
`application_name`…) is handed to libpq as it is. The password may be in the URL, in the
file named by `PGPASSFILE` (or ~/.pgpass), or in `PGPASSWORD`: libpq reads them, and no
message, log line or `veille stats` ever shows it (`redact`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from corpus.errors import StoreError

SCHEMES = ("postgresql", "postgres")


def is_postgres_url(url: str) -> bool:
    return url.split("://", 1)[0].lower() in SCHEMES and "://" in url


def redact(url: str) -> str:
    """`url` with its password masked (in the authority or the query string)."""
    from corpus.store.locate import redact_url

    return re.sub(r"(?i)(^|&|\?)(sslpassword)=[^&]*", r"\1\2=***", redact_url(url))


def password_of(url: str) -> str | None:
    """The password written in `url`, if any (only to scrub it from error messages)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return unquote(parts.password)
    for key, value in parse_qsl(parts.query):
        if key.lower() == "password":
            return value
    return None


def dbname_of(url: str) -> str:
    """The database named in `url` (libpq's default, the user name, when none is)."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    for key, value in parse_qsl(parts.query):
        if key.lower() == "dbname":
            name = value
    return name or unquote(parts.username or "")


def check_url(url: str) -> str:
    """`url` if it is a usable PostgreSQL URL, else StoreError (said without a password)."""
    if not is_postgres_url(url):
        raise StoreError(f"adresse de corpus non reconnue : {redact(url)} (attendu "
                         "postgresql://utilisateur@hôte:port/base)")
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as exc:
        raise StoreError(f"adresse PostgreSQL invalide {redact(url)} : {exc}") from None
    if not dbname_of(url):
        raise StoreError(f"adresse PostgreSQL sans nom de base : {redact(url)}")
    return url


def scrub(message: str, url: str) -> str:
    """An error message from libpq with the URL's password (raw or quoted) removed."""
    secret = password_of(url)
    if secret:
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            message = message.replace(form, "****")
    return re.sub(r"\s+", " ", message).strip()


def driver() -> Any:
    """The psycopg module, or BadStoreConfig (exit 2) saying how to install it."""
    from corpus.store.locate import BadStoreConfig

    try:
        import psycopg
    except ImportError:
        raise BadStoreConfig(
            "le corpus PostgreSQL demande le pilote psycopg : installez-le avec "
            "`pip install 'veille[team]'` (ou `pip install 'psycopg[binary]'`)") from None
    return psycopg


def connect(url: str, *, application: str = "veille", autocommit: bool = True) -> Any:
    """A connection to the store at `url`, its search path set to Veille's schema."""
    psycopg = driver()
    check_url(url)
    extra: dict[str, Any] = {"connect_timeout": _timeout(url)}
    if "application_name=" not in url:
        extra["application_name"] = application
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **extra)
    except psycopg.Error as exc:
        raise StoreError(f"connexion impossible au corpus {redact(url)} : "
                         f"{scrub(str(exc), url)}") from None
    return conn


def _timeout(url: str) -> int:
    for key, value in parse_qsl(urlsplit(url).query):
        if key == "connect_timeout" and value.isdigit():
            return int(value)
    return 10
