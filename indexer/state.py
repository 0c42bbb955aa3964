"""What `veille stats` and the workbench know of an index: `IndexState`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class IndexState:
    """The state of a home's index (`indexer.index_state`).

    `exists` False with `error` set: the index is damaged (`error` says why);
    `half_built`: version directories an interrupted rebuild left behind; `behind`: corpus
    changes the index has not seen yet.
    """

    exists: bool = False
    documents: int = 0
    seq: int = 0
    behind: int = 0
    built_at: str | None = None
    error: str | None = None
    half_built: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The `index` object of `veille stats --json` (DESIGN.md): `error` and
        `half_built` only when there is something to say."""
        out: dict[str, Any] = {"exists": self.exists, "documents": self.documents,
                               "seq": self.seq, "behind": self.behind,
                               "built_at": self.built_at}
        if self.error is not None:
            out["error"] = self.error
        if self.half_built:
            out["half_built"] = list(self.half_built)
        return out
