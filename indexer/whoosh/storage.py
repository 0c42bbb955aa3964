"""Opening a Whoosh index directory without copying it into memory.

Whoosh keeps each segment in one compound file. When it can memory-map that file, it
hands every part of it (postings, term index, columns…) to the codec as a `BufferFile`,
which wraps it in a `BytesIO`: a full copy in the process's memory. Opening a 100,000-
article index so cost 400 MB of resident memory (the 200 MB copy, and the mapped pages
it read) and ~0.3 s; at a million articles, gigabytes. Without the memory map, the same
parts are read on demand through the file (the operating system's page cache keeps what
is read often): resident memory 79 MB after opening the same index, the same search
times (docs/performance.md, "Scale").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_dir(path: Path | str) -> Any:
    """The Whoosh index in `path`, its segments read on demand (no memory map)."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(path), supports_mmap=False).open_index()
