"""Logging: osimage's lines go to Python's `logging`, as openstacksdk's do.

    logger "osimage"        warnings (retries, ...), errors, and at DEBUG re-authentication
    logger "osimage.http"   one DEBUG line per HTTP request (method, URL, status, time,
                            request id), and its request and response headers (redacted)

Nothing needs wiring: a Connection sends its lines to these loggers (the requests made
while it opens included) when they are enabled for the level, and enable_logging() mirrors
openstack.enable_logging(). Secrets (tokens, passwords) never appear in any line.
Connection.set_log(callback) replaces the bridge with the caller's own callback.
"""
from __future__ import annotations
import sys
import weakref
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import logging
    from typing import IO, Any, Callable, List, Optional, Tuple

from ._prototypes import LogLevel as LogLevel

# osi_log_level (numbers from the generated table).
LogLevel.__module__ = __name__


_HTTP_METHODS = ("GET ", "PUT ", "POST ", "PATCH ", "DELETE ", "HEAD ", "  request headers", "  response headers")


def _loggers() -> Tuple[logging.Logger, logging.Logger]:
    """The "osimage" and "osimage.http" loggers (logging is imported when first needed)."""
    import logging  # pylint: disable=import-outside-toplevel,redefined-outer-name
    return logging.getLogger("osimage"), logging.getLogger("osimage.http")


def bridge_level() -> LogLevel:
    """The library level the enabled Python loggers need (NONE when none is enabled)."""
    if "logging" not in sys.modules:
        # Nothing has configured logging (nothing has imported it): its defaults, the root
        # logger at WARNING, are what the loggers would answer. It is imported with the
        # first line that comes.
        return LogLevel.WARNING
    import logging  # pylint: disable=import-outside-toplevel,redefined-outer-name
    logger, http_logger = _loggers()
    if http_logger.isEnabledFor(logging.DEBUG):
        return LogLevel.DEBUG
    if logger.isEnabledFor(logging.DEBUG):
        return LogLevel.DEBUG
    if logger.isEnabledFor(logging.WARNING):
        return LogLevel.WARNING
    if logger.isEnabledFor(logging.ERROR):
        return LogLevel.ERROR
    return LogLevel.NONE


def to_python(level: LogLevel, line: str) -> None:
    """Writes one library line to the logger it belongs to: HTTP lines (and their headers)
    to osimage.http at DEBUG, the others to osimage at their own level."""
    import logging  # pylint: disable=import-outside-toplevel,redefined-outer-name
    logger, http_logger = _loggers()
    if line.startswith(_HTTP_METHODS):
        http_logger.debug("%s", line)
    else:
        levels = {LogLevel.ERROR: logging.ERROR, LogLevel.WARNING: logging.WARNING,
                  LogLevel.INFO: logging.INFO, LogLevel.DEBUG: logging.DEBUG}
        logger.log(levels.get(LogLevel(level), logging.INFO), "%s", line)


# Connections using the bridge, told when enable_logging() changes what is wanted.
_bridged: "weakref.WeakSet[Any]" = weakref.WeakSet()


def track(connection: Any) -> None:
    """Remembers a connection whose log is the bridge."""
    _bridged.add(connection)


def untrack(connection: Any) -> None:
    """Forgets a connection (it has its own callback now, or is closed)."""
    _bridged.discard(connection)


def enable_logging(debug: bool = False, http_debug: bool = False, path: Optional[str] = None,
                   stream: Optional[IO[str]] = None,
                   format_template: str = "%(asctime)s %(levelname)s: %(name)s %(message)s",
                   handlers: Optional[List[logging.Handler]] = None) -> None:
    """openstack.enable_logging(): logs osimage's lines to `stream` (default stdout when no
    path is given) and/or the file `path`. debug=True logs at DEBUG (re-authentication,
    retries), http_debug=True also every HTTP request with its (redacted) headers; otherwise
    INFO. Open connections follow at once."""
    import logging  # pylint: disable=import-outside-toplevel,redefined-outer-name
    if stream is None and path is None:
        stream = sys.stdout
    formatter = logging.Formatter(format_template)
    chosen: List[logging.Handler] = list(handlers or [])
    if stream is not None:
        chosen.append(logging.StreamHandler(stream))
    if path is not None:
        chosen.append(logging.FileHandler(path))
    for handler in chosen:
        handler.setFormatter(formatter)
    logger, http_logger = _loggers()
    logger.handlers = chosen
    logger.propagate = False
    logger.setLevel(logging.DEBUG if debug or http_debug else logging.INFO)
    http_logger.setLevel(logging.DEBUG if http_debug else logging.INFO)
    refresh()


def refresh() -> None:
    """Gives every bridged connection the level the loggers now need."""
    for connection in list(_bridged):
        refresher: Optional[Callable[[], None]] = getattr(connection, "_refresh_log", None)
        if refresher is not None:
            refresher()
