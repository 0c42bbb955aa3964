"""Credentials never printed: `http://user:secret@host/` is shown as `http://***@host/`.

`redact(text)` rewrites every URL with a user-info part in any text (a URL, an error
message, a log line); `RedactingFilter` does it to log records, tracebacks included.
"""

from __future__ import annotations

import logging
import re

# scheme://userinfo@ — userinfo is anything up to "@" that holds no "/", "?", "#" or space.
_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]{0,20}://)[^/?#@\s'\"<>]{1,512}@")


def redact(text: str) -> str:
    """`text` with the credentials of every URL in it replaced by `***`."""
    if "@" not in text:
        return text
    return _USERINFO.sub(r"\1***@", text)


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message (arguments merged) and traceback, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: let the handler report it
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
