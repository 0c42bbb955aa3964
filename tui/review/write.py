"""Writing a review to a file, atomically (a failed write leaves no half file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tui.review.model import Review

FORMATS = ("md", "html", "docx")


def write_review(review: Review, fmt: str, path: Path) -> None:
    """Write `review` as `fmt` to `path` (replaced whole, or left as it was on failure)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown review format {fmt!r}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        if fmt == "docx":
            from tui.review.docx import write_docx

            write_docx(review, Path(tmp))
        else:
            from tui.review.html import render_html
            from tui.review.markdown import render_markdown

            text = render_markdown(review) if fmt == "md" else render_html(review)
            Path(tmp).write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
