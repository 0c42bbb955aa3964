"""Import speed and memory: `veille import` of N synthetic ~600-word French articles.

    .venv/bin/python -m bench.import_perf [--articles 100000] [--words 600]

Writes a deterministic JSON Lines file, runs `veille import FILE --no-index` in a child
process into a fresh home, and reports wall time, articles/s and the child's peak RSS
(ru_maxrss). Then re-imports the same file (every article unchanged) and reports that too.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "industrie usine production énergie hydrogène vert solaire éolien réseau port conteneur "
    "logistique phosphate engrais ciment acier automobile câblage aéronautique textile "
    "agroalimentaire cacao cajou télécoms fibre data center intelligence artificielle "
    "investissement milliards dirhams emplois exportations marché filière compétitivité "
    "transition décarbonation gouvernement ministère partenariat stratégie capacité "
    "mégawatts tonnes croissance trimestre chiffre affaires PME IA UE COP28 5G 4.0"
).split()
GLUE = ("le la les de des du un une et à au aux pour sur dans avec par qui que est sont a ont"
        .split())


def make_corpus(path: Path, n: int, words: int) -> int:
    rng = random.Random(42)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            content = rng.choices(WORDS, weights, k=words)
            glue = rng.choices(GLUE, k=words)
            pairs = zip(content, glue, strict=True)
            body_words = [g if rng.random() < 0.45 else c for c, g in pairs]
            paragraphs = [" ".join(body_words[k:k + 100]) + "." for k in range(0, words, 100)]
            record = {
                "url": f"https://presse{i % 7}.example.ma/{2024 + i % 3}/article-{i}",
                "title": " ".join(rng.choices(WORDS, weights, k=10)).capitalize(),
                "lead": " ".join(rng.choices(WORDS, weights, k=25)),
                "text": "\n\n".join(paragraphs),
                "published": f"{2024 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+01:00",
                "author": f"Auteur {i % 50}",
                "source": f"presse{i % 7}",
                "tags": ["industrie", WORDS[i % len(WORDS)]],
                "language": "fr",
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            out.write(line)
    return size


def run_import(veille: str, home: Path, src: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([veille, "--home", str(home), "import", str(src), "--no-index"],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"import failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, proc.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()
    veille = str(Path(sys.executable).with_name("veille"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        t0 = time.perf_counter()
        size = make_corpus(src, args.articles, args.words)
        print(f"generated {args.articles:,} articles ({size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f}s")
        home = Path(tmp) / "home"
        first, summary = run_import(veille, home, src)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"first import: {first:.1f}s, {args.articles / first:,.0f} articles/s, "
              f"peak RSS {peak_mb:.0f} MB — {summary}")
        second, summary = run_import(veille, home, src)
        print(f"re-import (all unchanged): {second:.1f}s, {args.articles / second:,.0f} "
              f"articles/s — {summary}")
        db = home / "corpus.sqlite3"
        print(f"corpus database: {db.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
