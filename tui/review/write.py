"""Writing a review to a file, atomically (a failed write leaves no half file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tui import formats
from tui.review.model import Review


def write_review(review: Review, fmt: str, path: Path) -> None:
    """Write `review` in the format `fmt` (`formats.choices("review")`: markdown or md,
    html, docx) to `path` (replaced whole, or left as it was on failure)."""
    writer = formats.get(fmt).review if fmt in formats.choices("review", aliases=True) \
        else None
    if writer is None:
        raise ValueError(f"unknown review format {fmt!r}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        writer(review, Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
