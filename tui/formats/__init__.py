"""Output formats, registered once: what each format can write (articles, a watch's digest,
a press review), its file suffixes and its label. `veille export`, `veille selection
export`, `veille watch show`, `veille review` and the workbench's export dialog all take
their choices and their writers from `FORMATS`.

    fmt = formats.get("csv")              # KeyError for a name not registered
    formats.write_articles("csv", articles, out, advance)  # -> how many were written
    formats.choices("digest")             # ("text", "jsonl", "markdown")
    formats.for_path(Path("x.csv"), "articles")  # the format a file name asks for
    formats.write_review("docx", review, path)    # atomically

A new format is one `Format(...)` entry in `table.py` and a writer module here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.formats.digest import Digest
    from tui.formats.table import (
        FORMATS,
        Format,
        choices,
        for_path,
        get,
        write_articles,
        write_review,
    )

__all__ = ["FORMATS", "Digest", "Format", "choices", "for_path", "get", "write_articles",
           "write_review"]

# Imported when first asked for: `veille search --json` writes JSON with
# tui.formats.jsonl and needs none of the writers (nor their imports).
_LAZY = {name: "tui.formats.table" for name in __all__ if name != "Digest"}
_LAZY["Digest"] = "tui.formats.digest"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.formats' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
