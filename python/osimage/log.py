"""Log levels of Connection.set_log (osi_log_level); a level includes those above it."""
import enum


class LogLevel(enum.IntEnum):
    """osi_log_level."""
    NONE = 0
    ERROR = 1
    WARNING = 2
    INFO = 3  # one line per HTTP request: method, URL, status, time, request id
    DEBUG = 4
