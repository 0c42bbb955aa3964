"""The sources file: loading, defaults, and one clear error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

import crawler
from crawler import SourcesError, load_sources, parse_sources

GOOD = """
[crawler]
user_agent = "veille-test/1.0 (+mailto:test@example.org)"
concurrency = 4
per_host = 1
timeout = 5
max_bytes = 100_000
delay = 0.5

[[source]]
name = "usine-demo"
title = "L'Usine Démo"
url = "https://www.example.com/"
feeds = ["https://www.example.com/rss.xml"]
sitemaps = ["https://example.com/sitemap.xml"]
start_urls = ["https://www.example.com/industrie/"]
article_pattern = "/\\\\d{4}/\\\\d{2}/"
max_pages = 500
delay = 1.0
selectors = { body = "div.article-content", date = "time.published" }

[[source]]
name = "autre"
url = "http://127.0.0.1:8080/"
"""


def source_with(extra: str, name: str = "s1") -> str:
    return f'[[source]]\nname = "{name}"\nurl = "https://www.example.com/"\n{extra}\n'


def test_a_good_file_loads_with_its_values_and_defaults() -> None:
    sources = parse_sources(GOOD)
    assert sources.names() == ["usine-demo", "autre"]
    assert sources.settings.user_agent.startswith("veille-test/1.0")
    assert (sources.settings.concurrency, sources.settings.per_host) == (4, 1)
    assert sources.settings.retries == 3
    demo, other = sources.sources
    assert demo.title == "L'Usine Démo"
    assert demo.article_pattern is not None and demo.is_article_url(
        "https://www.example.com/2026/03/x")
    assert not demo.is_article_url("https://www.example.com/industrie/")
    assert demo.selectors == {"body": "div.article-content", "date": "time.published"}
    assert demo.max_pages == 500 and demo.delay == 1.0
    assert other.delay == 0.5          # the [crawler] default
    assert other.title == "autre" and other.max_pages is None


def test_same_host_rule_counts_www_twin_and_port() -> None:
    demo, other = parse_sources(GOOD).sources
    assert demo.allows("https://example.com/a") and demo.allows("http://www.example.com/b")
    assert not demo.allows("https://evil.example.net/a")
    assert not demo.allows("https://www.example.com:8443/a")
    assert not demo.allows("ftp://www.example.com/a")
    assert other.allows("http://127.0.0.1:8080/x")
    assert not other.allows("http://127.0.0.1:22/x")
    assert not other.allows("http://www.127.0.0.1:8080/x")


@pytest.mark.parametrize(("text", "message"), [
    (source_with('colour = "red"'), "source 's1' : clé 'colour' : clé inconnue"),
    (source_with('article_pattern = "(unclosed"'), "clé 'article_pattern' : expression régulière"),
    (source_with("") + source_with("", "s1"), "source 's1' : clé 'name' : nom en double"),
    ('[[source]]\nname = "s1"\nurl = "ftp://example.com/"\n',
     "source 's1' : clé 'url' : doit être une URL http(s)"),
    (source_with('feeds = ["file:///etc/passwd"]'), "clé 'feeds' : doit être une URL http"),
    (source_with('feeds = ["https://elsewhere.example.net/rss"]'),
     "clé 'feeds' : https://elsewhere.example.net/rss n’est pas sur l’hôte"),
    (source_with("max_pages = 0"), "source 's1' : clé 'max_pages' : doit être entre 1 et"),
    (source_with('delay = "fast"'), "source 's1' : clé 'delay' : doit être un nombre"),
    (source_with('selectors = { body = "div[" }'), "clé 'selectors' : body : sélecteur CSS"),
    (source_with('selectors = { colour = "p" }'), "clé 'selectors' : champ inconnu 'colour'"),
    ('[[source]]\nurl = "https://example.com/"\n', "source n° 1 : clé 'name'"),
    ('[[source]]\nname = "bad name!"\nurl = "https://example.com/"\n',
     "source 'bad name!' : clé 'name'"),
    ('[[source]]\nname = "s1"\n', "source 's1' : clé 'url' : manquante"),
    ("[crawler]\nconcurency = 3\n" + source_with(""), "[crawler] : clé 'concurency' : clé"),
    ("[crawler]\nper_host = 0\n" + source_with(""), "[crawler] : clé 'per_host' : doit être"),
    ("[crawler]\nuser_agent = \"a\\nb\"\n" + source_with(""), "clé 'user_agent'"),
    ("[crawler]\n", "aucune [[source]] définie"),
    ("[[source]\n", "TOML incorrect"),
    ("[sources]\n", "clé de premier niveau inconnue 'sources'"),
])
def test_invalid_files_name_the_source_and_key(text: str, message: str) -> None:
    with pytest.raises(SourcesError) as info:
        parse_sources(text, "sources.toml")
    assert str(info.value).startswith("sources.toml : ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_hosts_lets_a_source_use_another_host_of_its_site() -> None:
    text = source_with('hosts = ["feeds.example.com"]\nfeeds = ["https://feeds.example.com/rss"]')
    (source,) = parse_sources(text).sources
    assert source.allows("https://feeds.example.com/rss")


def test_select_by_name_and_unknown_names() -> None:
    sources = parse_sources(GOOD)
    assert [s.name for s in sources.select(["autre"])] == ["autre"]
    assert len(sources.select()) == 2
    with pytest.raises(SourcesError,
                       match="aucune source nommée 'nope' \\(connues : usine-demo, autre\\)"):
        sources.select(["nope"])


def test_load_sources_errors(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="pas de fichier de sources"):
        load_sources(tmp_path / "missing.toml")
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b'[[source]]\nname = "caf\xe9"\n')
    with pytest.raises(SourcesError, match="pas du texte UTF-8"):
        load_sources(bad)
    good = tmp_path / "sources.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert load_sources(good).path == good


def test_the_shipped_example_is_valid() -> None:
    example = Path(crawler.__file__).resolve().parent.parent / "corpus" / "sources.example.toml"
    sources = load_sources(example)
    assert len(sources.sources) >= 5
    assert all(s.delay >= 1.0 for s in sources.sources)
    assert "could NOT be checked" in example.read_text(encoding="utf-8")


def test_international_host_names_match_their_ascii_form() -> None:
    (source,) = parse_sources(
        '[[source]]\nname = "eco"\nurl = "https://www.journal-éco.fr/"\n').sources
    assert source.allows("https://www.xn--journal-co-i7a.fr/2026/03/a")
    assert source.allows("https://www.journal-éco.fr/2026/03/a")


@pytest.mark.parametrize(("where", "line", "key"), [
    ("crawler", "per_host = 2000000", "per_host"),
    ("crawler", "concurrency = 0", "concurrency"),
    ("crawler", "concurrency = 100000", "concurrency"),
    ("crawler", "timeout = nan", "timeout"),
    ("crawler", "timeout = inf", "timeout"),
    ("crawler", "timeout = -1", "timeout"),
    ("crawler", "delay = nan", "delay"),
    ("crawler", "delay = inf", "delay"),
    ("crawler", "delay = -0.5", "delay"),
    ("crawler", "max_bytes = 10", "max_bytes"),
    ("crawler", "max_bytes = 100_000_000_000", "max_bytes"),
    ("crawler", "retries = 1000", "retries"),
    ("crawler", "backoff = nan", "backoff"),
    ("crawler", "max_pending = -5", "max_pending"),
    ("source", "delay = nan", "delay"),
    ("source", "delay = inf", "delay"),
    ("source", "delay = 86400", "delay"),
    ("source", "max_pages = -1", "max_pages"),
    ("source", "max_pages = 1e9", "max_pages"),
    ("source", "max_pages = 100_000_000_000", "max_pages"),
    ("source", "depth = 1000", "depth"),
])
def test_numbers_out_of_their_range_are_refused(where: str, line: str, key: str) -> None:
    crawler_table = f"[crawler]\n{line}\n" if where == "crawler" else ""
    text = crawler_table + source_with(line if where == "source" else "")
    with pytest.raises(SourcesError) as info:
        parse_sources(text, "sources.toml")
    message = str(info.value)
    place = "[crawler]" if where == "crawler" else "source 's1'"
    assert f"{place} : clé '{key}' : doit être" in message, message
    assert "\n" not in message


def test_deep_nesting_is_refused_without_recursion_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n" + source_with(""))
    with pytest.raises(SourcesError, match="trop imbriquées"):
        load_sources(deep)
    medium = source_with("") + "selectors = " + "{ a = " * 12 + '"p"' + " }" * 12 + "\n"
    with pytest.raises(SourcesError, match="trop imbriquées"):
        parse_sources(medium)


def test_a_password_in_a_bad_url_is_not_repeated() -> None:
    text = '[[source]]\nname = "s1"\nurl = "ftp://redac:s3cret@example.com/"\n'
    with pytest.raises(SourcesError) as info:
        parse_sources(text)
    assert "s3cret" not in str(info.value) and "***@example.com" in str(info.value)
