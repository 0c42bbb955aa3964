"""Input limits that keep HTML parsing linear, whatever a hostile page holds.

libxml2 checks each attribute of a tag against the ones before it: one tag with 200,000
attributes costs minutes of CPU. No real page has more than a few dozen attributes on a
tag, so tags beyond MAX_ATTRIBUTES keep their first ones. The scan is linear: a candidate
tag ends at the next `<` or `>`.
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 100
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{400,}>")
_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(r"""\s*[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?|\s*/""")


def _cap_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    name = _NAME.match(tag, 1)
    if name is None:
        return tag
    end = name.end()
    for count, attribute in enumerate(_ATTRIBUTE.finditer(tag, end, len(tag) - 1), start=1):
        if count > MAX_ATTRIBUTES:
            return tag[:end] + ">"
        end = attribute.end()
    return tag


def cap_attributes(html: str) -> str:
    """`html` with every tag cut down to its first MAX_ATTRIBUTES attributes."""
    return _LONG_TAG.sub(_cap_tag, html)
