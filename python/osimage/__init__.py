"""osimage: the OpenStack Image service (Glance v2) from Python, over libosimage.so.

    import osimage
    with osimage.Connection(cloud="mycloud") as conn:
        for image in conn.images(status="active"):
            print(image["id"], image["name"])

Every operation of openstacksdk's image proxy is a method of Connection with the same
name. Resources are plain dicts; errors are subclasses of OsimageError, one per status.
"""
from ._library import osimage as _osimage
from .connection import Connection
from .errors import (AbortedError, AmbiguousError, AuthError, ChecksumError, ConfigError,
                     ConflictError, ForbiddenError, HttpError, InternalError, InvalidArgumentError,
                     LocalIOError, NoMemoryError, NotFoundError, OsimageError, Status,
                     TaskFailedError, TimeoutError, TransportError, UnsupportedError, status_str)
from .list_iterator import ListIterator
from .log import LogLevel

__version__ = "0.1.0"


def library_version():
    """The version of the loaded libosimage, "MAJOR.MINOR.PATCH"."""
    return _osimage.osi_version().decode()


def library_version_number():
    """The version of the loaded libosimage as MAJOR * 10000 + MINOR * 100 + PATCH."""
    return _osimage.osi_version_number()


__all__ = [
    "Connection", "ListIterator", "LogLevel", "Status", "status_str", "library_version",
    "library_version_number",
    "OsimageError", "InvalidArgumentError", "NotFoundError", "ConflictError", "AuthError",
    "ForbiddenError", "AmbiguousError", "HttpError", "TransportError", "TimeoutError",
    "ChecksumError", "AbortedError", "TaskFailedError", "UnsupportedError", "NoMemoryError",
    "ConfigError", "LocalIOError", "InternalError",
]
