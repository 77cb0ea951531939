"""Bolt's logger, kept from writing request bodies (they carry answers) into the log."""

from __future__ import annotations

import logging
import re

BOLT = "slack_bolt"

# Where Bolt and its Socket Mode client put a payload into a message: the refused signature
# (INFO), a middleware that did not call next() and an unhandled request (WARNING), and the
# Socket Mode frames (DEBUG). Everything after the marker is withheld.
_BODY = re.compile(
    r"body: |for the request \(|Unhandled request \(|data: |Sending a message: |payload: ",
)


class WithoutBodies(logging.Filter):
    """Cuts a Bolt log message where a request body would start."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, with any body in its message withheld."""
        message = record.getMessage()
        found = _BODY.search(message)
        if found is not None:
            record.msg = message[: found.end()] + "(withheld: it may hold answers)"
            record.args = None
        return True


WITHOUT_BODIES = WithoutBodies()


def bolt_logger() -> logging.Logger:
    """The logger to give Bolt: Bolt copies its filters onto the loggers it creates."""
    logger = logging.getLogger(BOLT)
    logger.addFilter(WITHOUT_BODIES)
    return logger


def quiet_bolt_loggers() -> None:
    """Put the filter on every Bolt logger that exists now (a record is filtered only by the
    logger it was logged to, never by the parents it propagates to)."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if (name == BOLT or name.startswith(BOLT + ".")) and isinstance(logger, logging.Logger):
            logger.addFilter(WITHOUT_BODIES)
