"""Log levels of Connection.set_log (osi_log_level); a level includes those above it.
INFO logs one line per HTTP request: method, URL, status, time, request id."""
import enum

from ._prototypes import LOG_LEVELS

# osi_log_level (numbers from the generated table).
LogLevel = enum.IntEnum("LogLevel", LOG_LEVELS, module=__name__)
