"""bench/scale.py's corpus: deterministic synthetic articles, imported and indexed by the CLI.

The generator is bench/search_perf.py's (its vocabulary, Zipf distribution, ~10-word
titles, ~600-word bodies, 8 sources, dates over 2019-2026), drawn in blocks of 10,000
articles, each block from its own seed: article i is the same whatever the corpus size,
so the corpus of 100,000 is the first 100,000 of the million, and a block can be
regenerated alone (resuming an interrupted import).

The largest home is filled block by block through `veille import FILE --no-index` (the
file of the next block is written while the previous one imports); each smaller size's
home receives a copy of the corpus when the import reaches it. Then `veille index
--rebuild` builds each home's index, its wall time and peak memory (the whole process
tree: the writer processes included) sampled every 0.2 s.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.search_perf import SOURCES, Zipf, vocabulary

BLOCK = 10_000
SEED = 7
START = datetime(2019, 1, 1, tzinfo=UTC)
MINUTES = 8 * 365 * 24 * 60


def words(seed: int = SEED) -> tuple[Zipf, str]:
    """The Zipf vocabulary shared by the articles and the queries (and its origin)."""
    found, origin = vocabulary(random.Random(seed))
    return Zipf(found), origin


def article(zipf: Zipf, rng: random.Random, i: int) -> dict[str, object]:
    body_words = zipf.sample(rng, 600)
    sentences = [" ".join(body_words[j:j + 15]).capitalize() + "."
                 for j in range(0, 600, 15)]
    paragraphs = ["\n".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5)]
    return {
        "url": f"https://bench.example/{i}",
        "title": " ".join(zipf.sample(rng, 10)).capitalize(),
        "text": "\n\n".join(paragraphs),
        "source": SOURCES[i % len(SOURCES)],
        "published": (START + timedelta(minutes=rng.randrange(MINUTES))).isoformat(),
    }


def articles(zipf: Zipf, start: int, stop: int) -> Iterator[dict[str, object]]:
    """Articles [start, stop): block b's articles come from random.Random(SEED, b)."""
    block = start // BLOCK
    while block * BLOCK < stop:
        rng = random.Random(SEED * 1_000_003 + block)
        for i in range(block * BLOCK, (block + 1) * BLOCK):
            doc = article(zipf, rng, i)
            if start <= i < stop:
                yield doc
        block += 1


def write_jsonl(path: Path, docs: Iterator[dict[str, object]]) -> None:
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    tmp.replace(path)


def veille() -> str:
    return str(Path(sys.executable).with_name("veille"))


def stored(home: Path) -> int:
    db = home / "corpus.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def run_import(home: Path, path: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([veille(), "--home", str(home), "import", str(path), "--no-index",
                           "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"import of {path} failed ({proc.returncode}): {proc.stderr.strip()}")
    return time.perf_counter() - t0


def copy_corpus(src: Path, dst: Path) -> None:
    """A consistent copy of src's corpus into the home dst (SQLite's backup API)."""
    dst.mkdir(parents=True, exist_ok=True)
    target = dst / "corpus.sqlite3"
    tmp = dst / "corpus.sqlite3.part"
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(src / "corpus.sqlite3") as a, sqlite3.connect(tmp) as b:
        a.backup(b)
    tmp.replace(target)


def fill(homes: dict[int, Path], workdir: Path, zipf: Zipf, log: Any) -> dict[str, Any]:
    """Import the largest size block by block; copy the corpus to each smaller home when
    the import reaches its size. Resumes from the articles already stored."""
    sizes = sorted(homes)
    master = homes[sizes[-1]]
    master.mkdir(parents=True, exist_ok=True)
    done = {n: stored(homes[n]) == n for n in sizes}
    have = stored(master)
    begin = have // BLOCK * BLOCK  # a block cut short is imported again (unchanged: skipped)
    for n in sizes[:-1]:
        if not done[n] and n < begin:
            log(f"corpus {n:,}: the import is past it; importing it on its own")
            fill({n: homes[n]}, workdir, zipf, log)
    spent: dict[str, Any] = {}
    t0, imported = time.perf_counter(), 0.0
    chunks = workdir / "chunks"
    chunks.mkdir(parents=True, exist_ok=True)
    pending: tuple[subprocess.Popen[str], Path, int] | None = None
    for start in range(begin, sizes[-1], BLOCK):
        path = chunks / f"{start:08d}.jsonl"
        if not path.exists():
            write_jsonl(path, articles(zipf, start, start + BLOCK))
        if pending is not None:
            _finish(pending, homes, done, log)
        proc = subprocess.Popen([veille(), "--home", str(master), "import", str(path),
                                 "--no-index", "--quiet"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        pending = (proc, path, start + BLOCK)
        rate = imported / (time.perf_counter() - t0)
        log(f"corpus: importing {start:,}-{start + BLOCK:,} ({rate:.0f} articles/s so far)")
        imported += BLOCK
    if pending is not None:
        _finish(pending, homes, done, log)
    spent["seconds"] = time.perf_counter() - t0
    spent["articles"] = imported
    return spent


def _finish(pending: tuple[subprocess.Popen[str], Path, int], homes: dict[int, Path],
            done: dict[int, bool], log: Any) -> None:
    proc, path, reached = pending
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"import of {path} failed ({proc.returncode}): {err.strip()}")
    path.unlink()
    master = homes[max(homes)]
    for n, home in homes.items():
        if n == reached and n != max(homes) and not done[n]:
            copy_corpus(master, home)
            done[n] = True
            log(f"corpus {n:,}: copied")


# -- index --------------------------------------------------------------------------------

def _tree_rss(pid: int) -> tuple[int, int]:
    """(sum, max) resident bytes of pid and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, biggest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        biggest = max(biggest, rss.get(p, 0))
        todo.extend(children.get(p, []))
    return total, biggest


def measured(cmd: list[str], log_to: Path | None = None) -> dict[str, Any]:
    """Run cmd; its wall time, exit code and peak memory (whole process tree)."""
    out = log_to.open("a") if log_to else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    peak = {"tree": 0, "process": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            total, biggest = _tree_rss(proc.pid)
            peak["tree"] = max(peak["tree"], total)
            peak["process"] = max(peak["process"], biggest)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        rc = proc.wait()
    except BaseException:
        proc.terminate()
        proc.wait()
        raise
    finally:
        stop.set()
        sampler.join()
        if log_to:
            out.close()  # type: ignore[union-attr]
    return {"seconds": time.perf_counter() - t0, "rc": rc,
            "peak_tree_mb": peak["tree"] / 2**20, "peak_process_mb": peak["process"] / 2**20}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_index(home: Path, n: int, log_to: Path) -> dict[str, Any]:
    """`veille index --rebuild` of the home (a killed one starts over: a rebuild is
    swapped in whole or not at all)."""
    got = measured([veille(), "--home", str(home), "index", "--rebuild"], log_to)
    if got["rc"] != 0:
        raise SystemExit(f"index --rebuild of {home} failed ({got['rc']}); see {log_to}")
    got["docs_s"] = n / got["seconds"]
    got["index_mb"] = du(home / "index") / 1e6
    got["corpus_mb"] = (home / "corpus.sqlite3").stat().st_size / 1e6
    return got


def incremental(home: Path, n: int, zipf: Zipf, workdir: Path, log_to: Path,
                count: int = 1_000) -> dict[str, Any]:
    """Import `count` new articles (the next ones of the generator) and time `veille
    index` bringing the index up to date with them."""
    path = workdir / f"new-{n}.jsonl"
    write_jsonl(path, articles(zipf, n, n + count))
    imported = run_import(home, path)
    path.unlink()
    got = measured([veille(), "--home", str(home), "index"], log_to)
    if got["rc"] != 0:
        raise SystemExit(f"index of {home} failed ({got['rc']}); see {log_to}")
    got["import_seconds"] = imported
    got["articles"] = count
    return got


def clear(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
