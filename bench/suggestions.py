"""Did-you-mean on the demo corpus's judged queries: false suggestions on queries as written,
and corrections of one synthetic typo per query (a deleted or a swapped inner letter).

    python bench/suggestions.py HOME 1   # judged-queries-1.jsonl (the split thresholds were set on)
    python bench/suggestions.py HOME 2   # judged-queries-2.jsonl (held out)

HOME: a home holding the demo corpus, indexed (`veille demo --no-tui`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import indexer
from indexer.analysis import fold
from tui.demo.catalog import data_dir


def typos(word: str) -> list[str]:
    """Two deterministic typos of `word`: its middle letter deleted, two inner ones swapped."""
    mid = len(word) // 2
    swapped = word[:mid - 1] + word[mid] + word[mid - 1] + word[mid + 1:]
    return [word[:mid] + word[mid + 1:], swapped]


def main() -> None:
    home, split = Path(sys.argv[1]), sys.argv[2]
    queries = _read(split)
    false_pos, fixed, tried = 0, 0, 0
    with indexer.Searcher(home) as s:
        for q in queries:
            if s.search(q).suggestion is not None:
                false_pos += 1
            words = q.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            if len(words[longest]) < 5 or not words[longest].isalpha():  # one plain word
                continue
            for typo in typos(words[longest]):
                tried += 1
                typed = " ".join(words[:longest] + [typo] + words[longest + 1:])
                got = s.search(typed).suggestion
                if got is not None and fold(got.split()[longest]) == fold(words[longest]):
                    fixed += 1
    print(f"split {split}: {len(queries)} queries, false suggestions {false_pos} "
          f"({false_pos / len(queries):.1%}); typos corrected {fixed}/{tried} "
          f"({fixed / max(tried, 1):.1%})")


def _read(split: str) -> list[str]:
    import json

    path = Path(str(data_dir())) / f"judged-queries-{split}.jsonl"
    return [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


if __name__ == "__main__":
    main()
