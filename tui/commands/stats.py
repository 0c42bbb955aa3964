"""`veille stats`: articles per source, date span, index state, last crawl."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui.exitcodes import Exit

NAME = "stats"
HELP = "articles per source, date span, index state, last crawl"
DESCRIPTION = (
    "Summarise the home: how many articles each source holds and the span of their "
    "publication dates, whether the index is up to date, and when the last crawl ran. "
    "Always runs: a damaged corpus or index is reported (with the command that repairs "
    "it) under `problems` instead of stopping it."
)

LAST_CRAWL_KEY = "last_crawl"  # store meta: JSON summary of the last crawl (crawler writes it)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def collect(home: Any) -> dict[str, Any]:
    """The stats of a home as a JSON-ready dict (raises CommandError when there is none).

    `problems` lists what is broken, each with what to run; a damaged corpus leaves the
    corpus figures empty but the rest is still reported.
    """
    from corpus import CorpusError
    from tui.commands._shared import open_store_for_reading

    problems: list[str] = []
    sources: list[Any] = []
    seq: int | None = None
    last_crawl_raw = None
    try:
        with open_store_for_reading(home) as store:
            sources = store.source_stats()
            seq = store.last_seq()
            last_crawl_raw = store.get_meta(LAST_CRAWL_KEY)
    except CorpusError as exc:
        problems.append(f"corpus: {exc}")
    index = _index_state(home, seq)
    problems.extend(_index_problems(index))
    try:
        last_crawl = json.loads(last_crawl_raw) if last_crawl_raw else None
    except ValueError:
        last_crawl = None
    first = min((s.first_published for s in sources if s.first_published), default=None)
    last = max((s.last_published for s in sources if s.last_published), default=None)
    return {
        "home": str(home.root),
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
        "index": index,
        "last_crawl": last_crawl,
        "crawl_state": _crawl_state(home),
        "problems": problems,
    }


def _crawl_state(home: Any) -> dict[str, Any] | None:
    """The crawl state's size (URLs per status, bytes), None before the first crawl."""
    from crawler.state import StateError, state_size

    try:
        return state_size(home.crawl_db)
    except StateError:
        return None


def _index_problems(index: dict[str, Any] | None) -> list[str]:
    if index is None:
        return []
    problems = []
    if index.get("error"):
        problems.append(f"index: {index['error']}")
    if index.get("half_built"):
        problems.append(f"index: half-built version(s) {', '.join(index['half_built'])} left "
                        "by an interrupted run (`veille index` removes them)")
    return problems


def _index_state(home: Any, seq: int | None) -> dict[str, Any] | None:
    import indexer

    state_fn = getattr(indexer, "index_state", None)
    if state_fn is None:
        return None
    state: dict[str, Any] = state_fn(home, corpus_seq=seq)
    return state


def run(args: argparse.Namespace) -> int:
    data = collect(args.home)
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return Exit.OK
    if data["articles"] is None:
        out = [f"corpus in {data['home']}: unreadable (see below)"]
    else:
        out = [f"{data['articles']:,} articles in {data['home']}"]
    if data["first_published"]:
        out.append(f"published {data['first_published'][:10]} … {data['last_published'][:10]}")
    width = max((len(name) for name in data["sources"]), default=6)
    for name, info in data["sources"].items():
        span = ""
        if info["first_published"]:
            span = f"  {info['first_published'][:10]} … {info['last_published'][:10]}"
        out.append(f"  {name:<{width}}  {info['articles']:>7,}{span}")
    index = data["index"]
    if index is None:
        out.append("index: not available")
    elif index.get("error"):
        out.append("index: damaged (see below)")
    elif not index.get("exists"):
        out.append("index: none yet (run `veille index`)")
    else:
        behind = index.get("behind", 0)
        status = "up to date" if not behind else f"{behind} changes behind (run `veille index`)"
        out.append(f"index: {index.get('documents', 0):,} documents, {status}")
    crawl = data["last_crawl"]
    if crawl:
        out.append(
            f"last crawl: {crawl.get('finished_at', '?')[:19].replace('T', ' ')} — "
            f"{crawl.get('new', 0)} new, {crawl.get('updated', 0)} updated, "
            f"{crawl.get('failed', 0)} failed"
        )
    else:
        out.append("last crawl: never")
    state = data["crawl_state"]
    if state:
        statuses = ", ".join(f"{n:,} {status}" for status, n in sorted(state["by_status"].items()))
        out.append(f"crawl state: {state['urls']:,} URLs ({statuses}), "
                   f"{state['bytes'] / 1e6:.1f} MB")
    out.extend(f"problem: {problem}" for problem in data["problems"])
    sys.stdout.write("\n".join(out) + "\n")
    return Exit.OK
