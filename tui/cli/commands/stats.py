"""`veille stats`: articles per source, date span, index state, last crawl."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from corpus.french import count, decimal, number, plural
from tui.cli.exitcodes import Exit

if TYPE_CHECKING:
    from indexer import IndexState

NAME = "stats"
HELP = "articles par source, période couverte, état de l’index, dernier crawl"
DESCRIPTION = (
    "Résumer le dossier de données : combien d’articles a chaque source et la période de "
    "leurs dates de publication, si l’index est à jour, et quand le dernier crawl a eu "
    "lieu. S’exécute toujours : un corpus ou un index endommagé est signalé (avec la "
    "commande qui le répare) sous `problems` au lieu de l’arrêter."
)



def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="afficher un objet JSON")


def collect(home: Any) -> dict[str, Any]:
    """The stats of a home as a JSON-ready dict (raises CommandError when there is none).

    `problems` lists what is broken, each with what to run; a damaged corpus leaves the
    corpus figures empty but the rest is still reported.
    """
    from corpus import CorpusError
    from corpus.store.last_crawl import read_last_crawl
    from tui.cli.commands._shared import open_store_for_reading

    problems: list[str] = []
    sources: list[Any] = []
    seq: int | None = None
    last_crawl = None
    try:
        with open_store_for_reading(home) as store:
            sources = store.source_stats()
            seq = store.last_seq()
            last_crawl = read_last_crawl(store)
    except CorpusError as exc:
        problems.append(f"corpus : {exc}")
    index = _index_state(home, seq)
    problems.extend(_index_problems(index))
    store_name = _store_display(home)
    first = min((s.first_published for s in sources if s.first_published), default=None)
    last = max((s.last_published for s in sources if s.last_published), default=None)
    return {
        "home": str(home.root),
        "store": store_name,
        "articles": sum(s.articles for s in sources) if seq is not None else None,
        "sources": {
            s.source or "(none)": {
                "articles": s.articles,
                "first_published": s.first_published.isoformat() if s.first_published else None,
                "last_published": s.last_published.isoformat() if s.last_published else None,
                "last_added": s.last_added.isoformat() if s.last_added else None,
            }
            for s in sources
        },
        "first_published": first.isoformat() if first else None,
        "last_published": last.isoformat() if last else None,
        "corpus_seq": seq,
        "index": index.to_json() if index is not None else None,
        "last_crawl": last_crawl.to_json() if last_crawl else None,
        "crawl_state": _crawl_state(home),
        "problems": problems,
    }


def _store_display(home: Any) -> str | None:
    """Which store the home's corpus is in (a file, or a URL without its password)."""
    from corpus import CorpusError
    from corpus.store import locate

    try:
        return str(locate(home).display)
    except CorpusError:
        return None


def _crawl_state(home: Any) -> dict[str, Any] | None:
    """The crawl state's size (URLs per status, bytes), None before the first crawl."""
    from crawler.state import StateError, state_size

    try:
        return state_size(home)
    except StateError:
        return None


def _index_problems(index: IndexState | None) -> list[str]:
    if index is None:
        return []
    problems = []
    if index.error:
        problems.append(f"index : {index.error}")
    if index.half_built:
        versions = index.half_built
        what = plural(len(versions), "version à moitié construite laissée",
                      "versions à moitié construites laissées")
        problems.append(f"index : {what} par une exécution interrompue : {', '.join(versions)} "
                        "(`veille index` les supprime)")
    return problems


def _index_state(home: Any, seq: int | None) -> IndexState | None:
    import indexer

    state_fn = getattr(indexer, "index_state", None)
    if state_fn is None:
        return None
    state: IndexState = state_fn(home, corpus_seq=seq)
    return state


# The crawl state's URL statuses (kept as they are in --json) as the text shows them.
_STATUS_LABELS = {
    "pending": ("en attente", "en attente"), "ok": ("lue", "lues"),
    "stored": ("stockée", "stockées"), "alias": ("alias", "alias"),
    "noarticle": ("sans article", "sans article"), "failed": ("en échec", "en échec"),
    "gone": ("disparue", "disparues"),
}


def _status_label(status: str, n: int) -> str:
    return plural(n, *_STATUS_LABELS[status]) if status in _STATUS_LABELS else status


def french_day(iso: str) -> str:
    """`2025-06-30…` as `30/06/2025`."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _index_line(index: dict[str, Any] | None) -> str:
    if index is None:
        return "index : indisponible"
    if index.get("error"):
        return "index : abîmé (voir plus bas)"
    if not index.get("exists"):
        return "index : pas encore créé (lancez `veille index`)"
    behind = index.get("behind", 0)
    status = "à jour" if not behind else (
        f"en retard de {count(behind, 'modification')} (lancez `veille index`)")
    return f"index : {count(index.get('documents', 0), 'document')}, {status}"


def _crawl_line(data: dict[str, Any] | None) -> str:
    from corpus.store.last_crawl import LastCrawl

    crawl = LastCrawl.from_json(data)
    if crawl is None:
        return "dernier crawl : jamais"
    finished = crawl.finished_at.isoformat(timespec="seconds") if crawl.finished_at else "?"
    when = (f"{french_day(finished)} {finished[11:19]} UTC" if len(finished) >= 19
            else finished)
    new, updated, failed = crawl.new, crawl.updated, crawl.failed
    return (f"dernier crawl : {when} — {count(new, 'nouvel article', 'nouveaux articles')}, "
            f"{number(updated)} mis à jour, {count(failed, 'page en échec', 'pages en échec')}")


def run(args: argparse.Namespace) -> int:
    data = collect(args.home)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return Exit.OK
    if data["articles"] is None:
        out = [f"corpus de {data['home']} : illisible (voir plus bas)"]
    else:
        out = [f"{count(data['articles'], 'article')} dans {data['home']}"]
    if data["store"]:
        out.append(f"corpus : {data['store']}")
    if data["first_published"]:
        out.append(f"publiés du {french_day(data['first_published'])} "
                   f"au {french_day(data['last_published'])}")
    width = max((len(name) for name in data["sources"]), default=6)
    for name, info in data["sources"].items():
        span = ""
        if info["first_published"]:
            span = (f"  {french_day(info['first_published'])} … "
                    f"{french_day(info['last_published'])}")
        out.append(f"  {name:<{width}}  {number(info['articles']):>7}{span}")
    out.append(_index_line(data["index"]))
    out.append(_crawl_line(data["last_crawl"]))
    state = data["crawl_state"]
    if state:
        statuses = ", ".join(f"{number(n)} {_status_label(status, n)}"
                             for status, n in sorted(state["by_status"].items()))
        out.append(f"état du crawl : {count(state['urls'], 'URL', 'URL')} ({statuses}), "
                   f"{decimal(state['bytes'] / 1e6)} Mo")
    out.extend(f"problème : {problem}" for problem in data["problems"])
    sys.stdout.write("\n".join(out) + "\n")
    return Exit.OK
