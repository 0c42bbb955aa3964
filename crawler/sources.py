"""The sources file (TOML): crawler settings and the press sources to crawl.

`load_sources(path)` reads and validates it; every problem is a `SourcesError` whose message
names the file, the source and the key, e.g.
``sources.toml: source 'usine': key 'article_pattern': bad regex (unbalanced parenthesis)``.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from corpus.french import number as french_number
from crawler.errors import SourcesError
from crawler.redact import redact

DEFAULT_USER_AGENT = "veille/0.1 (+https://example.org/contact)"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SELECTOR_KEYS = frozenset({"title", "body", "date", "author", "lead"})
MAX_NESTING = 8                  # tables and arrays inside each other in a sources file
MAX_FILE_BYTES = 5_000_000
# The sane range of every numeric setting: (minimum, maximum).
RANGES: dict[str, tuple[float, float]] = {
    "concurrency": (1, 256),
    "per_host": (1, 32),
    "timeout": (0.1, 600),
    "max_bytes": (1024, 500_000_000),
    "delay": (0, 600),
    "retries": (0, 20),
    "backoff": (0, 600),
    "max_redirects": (0, 30),
    "max_pending": (100, 1_000_000),
    "max_pages": (1, 10_000_000),
    "depth": (0, 20),
    "listing_pages": (1, 1_000),
}


@dataclass(frozen=True)
class CrawlerSettings:
    """The `[crawler]` table: limits shared by every source."""

    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 8          # requests in flight overall
    per_host: int = 2             # requests in flight per host
    timeout: float = 20.0         # seconds: connect, read, and the whole request
    max_bytes: int = 5_000_000    # larger bodies are abandoned
    delay: float = 1.0            # default seconds between request starts to one host
    retries: int = 3              # extra attempts on connection errors, 429 and 5xx
    backoff: float = 1.0          # first retry waits about this long, then doubles
    max_redirects: int = 5
    max_pending: int = 20_000     # URLs kept waiting in the crawl state, per source


@dataclass(frozen=True)
class Source:
    """One `[[source]]`: a press site, crawled on its own host only."""

    name: str
    url: str
    title: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: re.Pattern[str] | None = None
    max_pages: int | None = None
    delay: float = 1.0
    depth: int = 1                # link hops followed from start_urls
    listing_pages: int = 5        # pages followed through pagination, per start URL
    hosts: tuple[str, ...] = ()   # extra hosts of the same site (e.g. an AMP or feeds host)
    selectors: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return _host(self.url)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The source's own host, its `www.` twin, and the extra `hosts` it declares."""
        hosts = {self.host, *self.hosts}
        for host in list(hosts):
            if host.startswith("www."):
                hosts.add(host[4:])
            elif "." in host and not _is_ip(host):
                hosts.add("www." + host)
        return frozenset(hosts)

    def allows(self, url: str) -> bool:
        """Whether `url` is http(s) on one of the source's hosts (and on its port).

        The port must be the source's own, except that the default ports (80, 443) count as
        one, so that http → https redirects stay allowed.
        """
        try:
            parts = urlsplit(url)
            port = _port(parts.scheme, parts.port)
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or _host(url) not in self.allowed_hosts:
            return False
        own = urlsplit(self.url)
        own_port = _port(own.scheme, own.port)
        return port == own_port or {port, own_port} <= {80, 443}

    def is_article_url(self, url: str) -> bool:
        """Whether `url` may be an article (matches `article_pattern` when there is one)."""
        if self.article_pattern is None:
            return True
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        return self.article_pattern.search(target) is not None


@dataclass(frozen=True)
class Sources:
    """A validated sources file."""

    path: Path
    settings: CrawlerSettings
    sources: tuple[Source, ...]

    def names(self) -> list[str]:
        return [s.name for s in self.sources]

    def select(self, only: Iterable[str] = ()) -> list[Source]:
        """The sources named in `only` (all when empty); raises SourcesError for unknown names."""
        wanted = list(only)
        if not wanted:
            return list(self.sources)
        by_name = {s.name: s for s in self.sources}
        unknown = [n for n in wanted if n not in by_name]
        if unknown:
            raise SourcesError(
                f"{self.path.name} : aucune source nommée {unknown[0]!r} "
                f"(connues : {', '.join(self.names())})"
            )
        return [by_name[n] for n in dict.fromkeys(wanted)]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _port(scheme: str, port: int | None) -> int:
    return port if port is not None else (443 if scheme == "https" else 80)


def _host(url: str) -> str:
    """The URL's host, lowercased, in its ASCII (IDNA) form, as canonical URLs have it."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


class _Checker:
    """Validation helpers that know where they are (file, source) for the error message."""

    def __init__(self, filename: str, where: str) -> None:
        self.filename = filename
        self.where = where

    def fail(self, key: str, why: str) -> SourcesError:
        place = f"{self.where} : " if self.where else ""
        return SourcesError(f"{self.filename} : {place}clé {key!r} : {why}")

    def string(self, table: dict[str, Any], key: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(key, "doit être une chaîne non vide" if key not in table
                            else f"doit être une chaîne, pas {_kind(value)}")
        return value.strip()

    def number(self, table: dict[str, Any], key: str, default: float, *,
               integer: bool = False) -> float:
        """The value of `key`, checked against its range in RANGES."""
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or (
            integer and not isinstance(value, int)
        ):
            raise self.fail(key, f"doit être {'un entier' if integer else 'un nombre'}, "
                                 f"pas {_kind(value)}")
        low, high = RANGES[key]
        if not math.isfinite(value):
            raise self.fail(key, f"doit être un nombre fini entre {low:g} et {high:g}, "
                                 f"pas {value}")
        if not low <= value <= high:
            raise self.fail(key, f"doit être entre {low:g} et {high:g}, pas {value:g}")
        return value

    def url(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"doit être une URL (chaîne), pas {_kind(value)}")
        try:
            parts = urlsplit(value.strip())
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise self.fail(key, f"URL incorrecte : {redact(repr(value))}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(key, f"doit être une URL http(s), pas {redact(repr(value))}")
        return value.strip()

    def urls(self, table: dict[str, Any], key: str,
             source: Source | None = None) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, f"doit être une liste d’URL, pas {_kind(value)}")
        result = tuple(self.url(item, key) for item in value)
        if source is not None:
            for url in result:
                if not source.allows(url):
                    raise self.fail(
                        key, f"{url} n’est pas sur l’hôte de la source {source.host} "
                        "(ajoutez son hôte à `hosts` s’il fait partie du même site)")
        return result


def _kind(value: Any) -> str:
    return {bool: "un booléen", int: "un entier", float: "un nombre", str: "une chaîne",
            list: "une liste", dict: "une table"}.get(type(value), type(value).__name__)


_SETTINGS_KEYS = frozenset(CrawlerSettings.__dataclass_fields__)
_SOURCE_KEYS = frozenset(Source.__dataclass_fields__)


def parse_settings(table: Any, filename: str) -> CrawlerSettings:
    check = _Checker(filename, "[crawler]")
    if not isinstance(table, dict):
        raise SourcesError(f"{filename} : [crawler] doit être une table")
    unknown = sorted(set(table) - _SETTINGS_KEYS)
    if unknown:
        raise check.fail(unknown[0],
                         f"clé inconnue (connues : {', '.join(sorted(_SETTINGS_KEYS))})")
    d = CrawlerSettings()
    user_agent = check.string(table, "user_agent", d.user_agent)
    if not user_agent or any(ord(c) < 32 or ord(c) == 127 for c in user_agent):
        raise check.fail("user_agent", "doit être une seule ligne non vide")
    return CrawlerSettings(
        user_agent=user_agent,
        concurrency=int(check.number(table, "concurrency", d.concurrency,
                                     integer=True)),
        per_host=int(check.number(table, "per_host", d.per_host, integer=True)),
        timeout=float(check.number(table, "timeout", d.timeout)),
        max_bytes=int(check.number(table, "max_bytes", d.max_bytes,
                                   integer=True)),
        delay=float(check.number(table, "delay", d.delay)),
        retries=int(check.number(table, "retries", d.retries, integer=True)),
        backoff=float(check.number(table, "backoff", d.backoff)),
        max_redirects=int(check.number(table, "max_redirects", d.max_redirects,
                                       integer=True)),
        max_pending=int(check.number(table, "max_pending", d.max_pending, integer=True)),
    )


def parse_source(table: Any, index: int, filename: str, settings: CrawlerSettings) -> Source:
    if not isinstance(table, dict):
        raise SourcesError(f"{filename} : [[source]] n° {index} doit être une table")
    raw_name = table.get("name")
    where = f"source {raw_name!r}" if isinstance(raw_name, str) else f"source n° {index}"
    check = _Checker(filename, where)
    unknown = sorted(set(table) - _SOURCE_KEYS)
    if unknown:
        raise check.fail(unknown[0],
                         f"clé inconnue (connues : {', '.join(sorted(_SOURCE_KEYS))})")
    name = check.string(table, "name")
    if not _NAME.match(name):
        raise check.fail("name", "lettres, chiffres, « . », « _ » et « - » (64 au plus)")
    url = check.url(table.get("url"), "url") if "url" in table else None
    if url is None:
        raise check.fail("url", "manquante (la page d’accueil de la source)")
    hosts = tuple(_host(f"http://{h}/") or h.lower() for h in _strings(check, table, "hosts"))
    bare = Source(name=name, url=url, hosts=hosts)
    pattern = None
    if "article_pattern" in table:
        text = check.string(table, "article_pattern")
        try:
            pattern = re.compile(text)
        except re.error as exc:
            raise check.fail("article_pattern",
                             f"expression régulière incorrecte ({exc})") from None
    max_pages = None
    if "max_pages" in table:
        max_pages = int(check.number(table, "max_pages", 0, integer=True))
    selectors = table.get("selectors", {})
    if not isinstance(selectors, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in selectors.items()
    ):
        raise check.fail("selectors", "doit être une table de sélecteurs CSS (chaînes)")
    bad = sorted(set(selectors) - _SELECTOR_KEYS)
    if bad:
        raise check.fail("selectors", f"champ inconnu {bad[0]!r} "
                                      f"(connus : {', '.join(sorted(_SELECTOR_KEYS))})")
    _check_selectors(check, selectors)
    return Source(
        name=name,
        url=url,
        title=check.string(table, "title", name) or name,
        feeds=check.urls(table, "feeds", bare),
        sitemaps=check.urls(table, "sitemaps", bare),
        start_urls=check.urls(table, "start_urls", bare),
        article_pattern=pattern,
        max_pages=max_pages,
        delay=float(check.number(table, "delay", settings.delay)),
        depth=int(check.number(table, "depth", 1, integer=True)),
        listing_pages=int(check.number(table, "listing_pages", 5, integer=True)),
        hosts=hosts,
        selectors={k: v.strip() for k, v in selectors.items()},
    )


def _strings(check: _Checker, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise check.fail(key, "doit être une liste de chaînes")
    return [v.strip() for v in value]


def _check_selectors(check: _Checker, selectors: dict[str, str]) -> None:
    import soupsieve

    for key, value in selectors.items():
        try:
            soupsieve.compile(value)
        except soupsieve.SelectorSyntaxError as exc:
            message = str(exc).splitlines()[0]
            raise check.fail("selectors", f"{key} : sélecteur CSS incorrect ({message})") from None


def parse_sources(text: str, filename: str = "sources.toml", path: Path | None = None) -> Sources:
    """Validate the text of a sources file; raises SourcesError naming the source and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{filename} : TOML incorrect ({exc})") from None
    except RecursionError:
        raise SourcesError(f"{filename} : tables ou listes trop imbriquées "
                           f"({MAX_NESTING} niveaux au plus)") from None
    _check_nesting(data, filename)
    unknown = sorted(set(data) - {"crawler", "source"})
    if unknown:
        raise SourcesError(f"{filename} : clé de premier niveau inconnue {unknown[0]!r} "
                           "(attendu : des tables [crawler] et [[source]])")
    settings = parse_settings(data.get("crawler", {}), filename)
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{filename} : aucune [[source]] définie")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, table in enumerate(tables, start=1):
        source = parse_source(table, index, filename, settings)
        if source.name in seen:
            raise SourcesError(f"{filename} : source {source.name!r} : clé 'name' : nom en double")
        seen.add(source.name)
        sources.append(source)
    return Sources(path or Path(filename), settings, tuple(sources))


def _check_nesting(data: dict[str, Any], filename: str) -> None:
    """Refuse values nested deeper than MAX_NESTING (iteratively: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise SourcesError(f"{filename} : tables ou listes trop imbriquées "
                               f"({MAX_NESTING} niveaux au plus)")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_sources(path: str | os.PathLike[str]) -> Sources:
    """Read and validate a sources file; raises SourcesError (the CLI exits 2)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            size = french_number(MAX_FILE_BYTES)
            raise SourcesError(f"{path.name} : plus de {size} octets : pas un fichier de sources")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourcesError(f"pas de fichier de sources {path}") from None
    except OSError as exc:
        raise SourcesError(f"lecture impossible du fichier de sources {path} : "
                           f"{exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourcesError(f"{path.name} : pas du texte UTF-8") from None
    return parse_sources(text, path.name, path)
