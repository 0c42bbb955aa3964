"""`veille demo`: the whole pipeline offline on the bundled demo press sites.

Serves the demo articles as six press sites on 127.0.0.1, crawls them into the demo home,
indexes them, then opens the workbench (or, with --no-tui, prints a summary and a few
searches). A second run re-crawls incrementally: the sites answer conditional GETs with 304
and nothing is added twice.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import Home, locate, open_store
from corpus.french import count, number, plural
from tui.cli.exitcodes import CommandError, Exit

if TYPE_CHECKING:
    from tui.demo import DemoSites

NAME = "demo"
HELP = "toute la chaîne, hors ligne, sur les sites de presse de démonstration fournis"
DESCRIPTION = (
    "Servir les articles de démonstration fournis comme six sites de presse locaux "
    "(127.0.0.1 seulement, sans réseau), les parcourir, les indexer et ouvrir l’atelier de "
    "recherche. La démonstration a son propre dossier de données, <dossier de données de "
    "l’utilisateur>/veille-demo, pour ne jamais mêler ses articles à votre vrai corpus ; "
    "--home DOSSIER (avant la commande) la place ailleurs, à votre choix. Relancée, elle "
    "reparcourt les sites de façon incrémentale et n’ajoute rien deux fois."
)
SOURCES_NAME = "sources.toml"   # the home's default sources file: `veille crawl` reads it
OLD_SOURCES_NAME = "demo-sources.toml"  # where demo homes made before kept it
log = logging.getLogger(__name__)
DEMO_SEARCHES = (
    "hydrogène vert",
    "centres de données et intelligence artificielle",
    "phosphates",
    "Quels ports investissent dans les conteneurs ?",
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-tui", action="store_true",
                        help="afficher un bilan et quelques recherches au lieu d’ouvrir "
                             "l’atelier (pour les scripts et l’intégration continue)")


def demo_home(args: argparse.Namespace) -> Home:
    """`--home` when given, else `<user data dir>/veille-demo` (never $VEILLE_HOME)."""
    if getattr(args, "home_given", False):
        home: Home = args.home
        return home
    from platformdirs import user_data_dir

    return Home.resolve(user_data_dir("veille-demo", appauthor=False))


def run(args: argparse.Namespace) -> int:
    from tui.cli.program import add_file_log
    from tui.demo import load_articles

    home = demo_home(args).ensure()
    sources_path = home.root / SOURCES_NAME
    # First: a second demo on this home exits 75 before binding ports.
    with locate(home).writer_lock("demo"):
        articles = load_articles()        # a DemoDataError (a CorpusError) ends with exit 1
        ports = _recorded_ports(home)
        add_file_log(home, "demo.log")
        sites = _start_sites(articles, ports, sources_path)
        try:
            _write_sources(sites, sources_path)
            _drop_old_sources(home)
            crawl_report = _crawl(home, sources_path)
            served = sites.stats()
            ports = sites.ports
            index_report = _index(home)
            _record_last_crawl(home, crawl_report, index_report)
        except BaseException:
            sites.stop()
            raise
    try:
        _check_stored(home, crawl_report, len(articles))
        from tui.cli.commands.tui import has_terminal

        if args.no_tui or not has_terminal():
            _print_summary(home, sites, ports, crawl_report, served.not_modified,
                           index_report)
            if not args.no_tui:
                sys.stderr.write("veille: pas un terminal : résumé affiché au lieu "
                                 "d’ouvrir l’atelier de recherche\n")
            return Exit.OK
        # The sites keep serving while the workbench is open (`o` opens a live page, and
        # `veille --home DEMO crawl` works from another terminal); the lock is released.
        code = _open_workbench(home)
    finally:
        sites.stop()
    sys.stdout.write(after_workbench(home))
    return code


def _recorded_ports(home: Home) -> dict[str, int]:
    """The ports of the previous run: from `sources.toml`, else from the file demo homes
    made before kept (`demo-sources.toml`), so that the URLs stay the same."""
    from tui.demo import read_ports

    ports = read_ports(home.root / SOURCES_NAME)
    if not ports:
        ports = read_ports(home.root / OLD_SOURCES_NAME)
    return ports


def _drop_old_sources(home: Home) -> None:
    """Remove the `demo-sources.toml` an older demo wrote (never a file of someone else)."""
    from tui.demo.sources import MARKER

    old = home.root / OLD_SOURCES_NAME
    try:
        if old.read_text(encoding="utf-8").startswith(MARKER):
            old.unlink()
    except (OSError, UnicodeDecodeError):
        pass


def _check_stored(home: Home, crawl_report: Any, expected: int) -> None:
    stored = _stored_count(home)
    if crawl_report.all_failed or stored == 0:
        reasons = " ; ".join(crawl_report.errors[:2]) or "aucune page ne contenait d’article"
        failed = count(crawl_report.failed, "page en échec", "pages en échec")
        raise CommandError(f"le crawl de démonstration n’a stocké aucun article ({failed}) : "
                           f"{reasons} ; voir {home.log_dir / 'demo.log'}",
                           Exit.UNEXPECTED)
    if stored < expected:
        log.warning("seulement %d des %d articles de démonstration sont dans le corpus "
                    "(voir %s)",
                    stored, expected, home.log_dir / "demo.log")


def veille_command() -> str:
    """How to call this `veille` again: `veille` when that is what the PATH finds, else
    the full path of the running script (`make demo` runs `.venv/bin/veille`)."""
    import shutil

    running = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    found = shutil.which("veille")
    if running is None or running.name != "veille" or (
            found is not None and Path(found).resolve() == running):
        return "veille"
    return _shell_quote(str(running))


def after_workbench(home: Home) -> str:
    """What the demo prints once the workbench is closed: where the demo home is and how
    to search it again."""
    cmd = f"{veille_command()} --home {_shell_quote(str(home.root))}"
    query = _shell_quote(DEMO_SEARCHES[0])
    return (
        f"Corpus de démonstration : {home.root}\n"
        f"Pour y chercher à nouveau : {cmd} search {query}\n"
        f"Pour rouvrir l’atelier de recherche : {cmd}\n"
        f"Pour le recrawler (sites de démo servis par `veille demo`) : {cmd} demo\n"
    )


def _start_sites(articles: Any, ports: dict[str, int], sources_path: Path) -> DemoSites:
    from tui.demo import DemoPortBusy, DemoSites

    try:
        return DemoSites(articles, ports=ports).start()
    except DemoPortBusy as exc:
        raise CommandError(
            f"{exc} ; la démonstration reprend les ports notés dans {sources_path} pour que "
            "ses URL ne changent pas : libérez le port, ou lancez `veille --home NOUVEAU_DOSSIER "
            "demo` pour un nouveau corpus de démonstration", Exit.UNEXPECTED) from None


def _record_last_crawl(home: Home, crawl: Any, index: Any) -> None:
    """What `veille crawl` records, so that `veille stats` and the workbench show it."""
    from corpus.store.last_crawl import LastCrawl, index_json, write_last_crawl

    with open_store(home) as store:
        write_last_crawl(store, LastCrawl(crawl.to_json(), index=index_json(index)))
    log.info("demo: %s; %s", crawl.summary(), index.summary())


def _stored_count(home: Home) -> int:
    with open_store(home, create=False) as store:
        return store.count()


def _write_sources(sites: DemoSites, path: Path) -> None:
    """Write the sources file atomically (a crash never leaves half a file)."""
    from tui.demo import sources_toml

    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(sources_toml(sites), encoding="utf-8")
    os.replace(tmp, path)


def _crawl(home: Home, sources_path: Path) -> Any:
    from crawler import crawl, load_sources
    from tui.cli.progress import Progress

    sources = load_sources(sources_path)
    with Progress("crawl") as progress:
        return crawl(home, sources, progress=progress.report)


def _index(home: Home) -> Any:
    import indexer
    from tui.cli.progress import Progress

    with Progress("indexation") as progress:
        return indexer.update_index(home, lock=False, progress=progress.report)


def _print_summary(home: Home, sites: DemoSites, ports: dict[str, int], crawl: Any,
                   not_modified: int, index: Any) -> None:
    from tui.render import safe, short_date

    out = sys.stdout
    out.write(f"Corpus de démonstration : {home.root}\n")
    served = count(len(sites.sites), "site de presse de démonstration servi",
                   "sites de presse de démonstration servis")
    out.write(f"{served} sur {sites.host} ({count(len(sites.articles), 'article')}), "
              "crawlés puis indexés.\n")
    not_modified_text = count(not_modified, "réponse", "réponses") + " 304 Not Modified"
    out.write(f"Crawl : {crawl.summary()} ; {not_modified_text}.\n")
    out.write(f"Index : {index.summary()}\n\n")
    with open_store(home, create=False) as store:
        stats = {s.source: s for s in store.source_stats()}
        out.write(f"Articles par source ({number(store.count())} dans le corpus) :\n")
    for spec in sites.sites:
        stat = stats.get(spec.name)
        held = stat.articles if stat else 0
        rep = crawl.per_source.get(spec.name)
        detail = (f"  ce crawl : +{number(rep.new)} {plural(rep.new, 'nouveau', 'nouveaux')}, "
                  f"{number(rep.updated)} mis à jour"
                  + (f", {number(rep.failed)} en échec" if rep.failed else "") if rep else "")
        url = f"http://{sites.host}:{ports.get(spec.name, 0)}/"
        out.write(f"  {spec.name:<20} {held:>4}  {url:<24}{detail}\n")
    out.write("\n")
    import indexer
    from tui.reprints import story_label

    with indexer.Searcher(home) as searcher:
        for query in DEMO_SEARCHES:
            result = searcher.search(query, limit=3)
            found = count(result.total, "résultat")
            if result.total_articles > result.total:  # reprints folded into stories
                found = (f"{count(result.total, 'sujet')}, "
                         f"{count(result.total_articles, 'article')}")
            out.write(f"$ veille search {_shell_quote(query)}    ({found})\n")
            for hit in result.hits:
                reprinted = f"  ↻ {story_label(hit)}" if hit.reprints else ""
                out.write(f"  {short_date(hit.published)}  {hit.source:<20} "
                          f"{safe(hit.title)}{reprinted}\n")
            out.write("\n")
    home_opt = f"--home {_shell_quote(str(home.root))}"
    cmd = veille_command()
    out.write(f"Essayez : {cmd} {home_opt} search \"…\", ou {cmd} {home_opt} pour "
              "l’atelier de recherche.\n")


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _open_workbench(home: Home) -> int:
    from tui.cli.commands.tui import open_workbench

    return open_workbench(home, DEMO_SEARCHES[0])
