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
from .listing import Listing
from .log import LogLevel

__version__ = "0.1.0"


def library_version():
    """The version of the loaded libosimage, "MAJOR.MINOR.PATCH"."""
    return _osimage.osi_version().decode()


__all__ = [
    "Connection", "Listing", "LogLevel", "Status", "status_str", "library_version",
    "OsimageError", "InvalidArgumentError", "NotFoundError", "ConflictError", "AuthError",
    "ForbiddenError", "AmbiguousError", "HttpError", "TransportError", "TimeoutError",
    "ChecksumError", "AbortedError", "TaskFailedError", "UnsupportedError", "NoMemoryError",
    "ConfigError", "LocalIOError", "InternalError",
]
