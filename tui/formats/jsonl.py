"""JSON Lines: one JSON value per line, valid and lossless on any stream."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from corpus import Article

# What json.dumps leaves raw that a terminal could act on: C1 controls, DEL, and the bidi
# and zero-width marks (those `corpus.strip_controls` removes from displayed text).
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069"
                              "\ufeff\ufff9-\ufffb]")


def takes_utf8(stream: TextIO | None = None) -> bool:
    """Whether `stream` (default: stdout) encodes to a Unicode encoding."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32"))


def json_text(obj: Any, stream: TextIO | None = None) -> str:
    """`obj` as one line of JSON, valid on `stream` (default: stdout) whatever its
    encoding: UTF-8 text when it takes it, ASCII escapes otherwise. Characters a terminal
    could act on are always escaped (`\\u009b`...); the JSON value is unchanged."""
    if not takes_utf8(stream):
        return json.dumps(obj, ensure_ascii=True)
    text = json.dumps(obj, ensure_ascii=False)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_articles(articles: Iterable[Article], out: TextIO,
                   advance: Callable[[], object] | None = None,
                   extras: dict[str, dict[str, object]] | None = None) -> int:
    """Each article's JSON (DESIGN.md's article format) on its own line; `extras`: more
    fields by article id (a story's: `export --group`)."""
    n = 0
    for article in articles:
        data = article.to_json()
        if extras is not None:
            data.update(extras.get(article.id, {}))
        out.write(json_text(data, out) + "\n")
        n += 1
        if advance is not None:
            advance()
    return n
