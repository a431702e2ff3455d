"""Logging: osimage's lines go to Python's `logging`, as openstacksdk's do.

    logger "osimage"        warnings (retries, ...), errors, and at DEBUG re-authentication
    logger "osimage.http"   one DEBUG line per HTTP request (method, URL, status, time,
                            request id), and its request and response headers (redacted)

Nothing needs wiring: a Connection sends its lines to these loggers (the requests made
while it opens included) when they are enabled for the level, and enable_logging() mirrors
openstack.enable_logging(). Secrets (tokens, passwords) never appear in any line.
Connection.set_log(callback) replaces the bridge with the caller's own callback.
"""
import enum
import logging
import sys
import weakref
from typing import IO, Any, Callable, List, Optional

LOGGER = logging.getLogger("osimage")
HTTP_LOGGER = logging.getLogger("osimage.http")

from ._prototypes import LogLevel as LogLevel

# osi_log_level (numbers from the generated table).
LogLevel.__module__ = __name__


_HTTP_METHODS = ("GET ", "PUT ", "POST ", "PATCH ", "DELETE ", "HEAD ", "  request headers", "  response headers")
_PYTHON_LEVELS = {LogLevel.ERROR: logging.ERROR, LogLevel.WARNING: logging.WARNING,
                  LogLevel.INFO: logging.INFO, LogLevel.DEBUG: logging.DEBUG}


def bridge_level() -> LogLevel:
    """The library level the enabled Python loggers need (NONE when none is enabled)."""
    if HTTP_LOGGER.isEnabledFor(logging.DEBUG):
        return LogLevel.DEBUG
    if LOGGER.isEnabledFor(logging.DEBUG):
        return LogLevel.DEBUG
    if LOGGER.isEnabledFor(logging.WARNING):
        return LogLevel.WARNING
    if LOGGER.isEnabledFor(logging.ERROR):
        return LogLevel.ERROR
    return LogLevel.NONE


def to_python(level: LogLevel, line: str) -> None:
    """Writes one library line to the logger it belongs to: HTTP lines (and their headers)
    to osimage.http at DEBUG, the others to osimage at their own level."""
    if line.startswith(_HTTP_METHODS):
        HTTP_LOGGER.debug("%s", line)
    else:
        LOGGER.log(_PYTHON_LEVELS.get(LogLevel(level), logging.INFO), "%s", line)


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
    LOGGER.handlers = chosen
    LOGGER.propagate = False
    LOGGER.setLevel(logging.DEBUG if debug or http_debug else logging.INFO)
    HTTP_LOGGER.setLevel(logging.DEBUG if http_debug else logging.INFO)
    refresh()


def refresh() -> None:
    """Gives every bridged connection the level the loggers now need."""
    for connection in list(_bridged):
        refresher: Optional[Callable[[], None]] = getattr(connection, "_refresh_log", None)
        if refresher is not None:
            refresher()
