"""What the server logs when aiohttp refuses a request before any handler runs.

aiohttp logs the parser's error with the raw line it choked on: for a header value with a
control character that is `b'Authorization: Bearer <the token>'`. The key must never reach a
log, so such a record is replaced by the kind of error and the client's address only.
"""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError

LOGGER_NAME = "claude_files.server.protocol"


class _WithoutRequestBytes(logging.Filter):
    """Rewrites a record carrying an HTTP parse error: its message quotes the request's bytes."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            remote = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
            record.msg = "Refused a malformed request from %s (%s %s); its bytes are not logged, a header may hold a key"
            record.args = (remote, error.code, type(error).__name__)
            record.exc_info = None
            record.exc_text = None
        return True


def protocol_logger() -> logging.Logger:
    """The logger aiohttp's request handler gets (instead of `aiohttp.server`)."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(existing, _WithoutRequestBytes) for existing in logger.filters):
        logger.addFilter(_WithoutRequestBytes())
    return logger
