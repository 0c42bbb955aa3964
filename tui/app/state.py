"""The workbench's small persistent state (`home.state_file`, JSON).

Remembers when the researcher last looked (the corpus sequence number they had seen, so
the status line can say how many articles arrived since) and their theme.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from corpus import parse_datetime

log = logging.getLogger(__name__)


@dataclass
class WorkbenchState:
    last_looked_seq: int | None = None
    last_looked_at: datetime | None = None
    theme: str | None = None

    @classmethod
    def load(cls, path: Path) -> WorkbenchState:
        """The state at `path`; a missing or damaged file gives the defaults (logged)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("état illisible de l’atelier %s ignoré : %s", path, exc)
            return cls()
        if not isinstance(data, dict):
            return cls()
        seq = data.get("last_looked_seq")
        theme = data.get("theme")
        try:
            looked_at = parse_datetime(data.get("last_looked_at"))
        except (TypeError, ValueError):
            looked_at = None
        return cls(
            last_looked_seq=seq if isinstance(seq, int) and seq >= 0 else None,
            last_looked_at=looked_at,
            theme=theme if isinstance(theme, str) else None,
        )

    def save(self, path: Path) -> None:
        data = {
            "last_looked_seq": self.last_looked_seq,
            "last_looked_at": self.last_looked_at.isoformat() if self.last_looked_at else None,
            "theme": self.theme,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".workbench-", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=2)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("enregistrement impossible de l’état de l’atelier %s : %s", path, exc)
