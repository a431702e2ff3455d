"""osimage: the OpenStack Image service (Glance v2) from Python, over libosimage.so.

    import osimage
    conn = osimage.connect(cloud="mycloud")          # as openstack.connect(cloud=...)
    for image in conn.image.images(status="active"):
        print(image.id, image.name, image.is_protected)

Every operation of openstacksdk's image proxy is a method of Connection with the same name
and parameters, reachable as conn.<name> and conn.image.<name>. Resources are dicts with
openstacksdk's attribute names (osimage.resource); errors are subclasses of OsimageError,
one per status, which are also openstacksdk's exception classes (osimage.exceptions); log
lines go to the "osimage" loggers (osimage.enable_logging).
"""
from . import exceptions
from ._library import osimage as _osimage
from .connection import Connection, connect
from .errors import (AbortedError, AmbiguousError, AuthError, BadRequestError, ChecksumError, ConfigError,
                     ConflictError, ForbiddenError, HttpError, InternalError, InvalidArgumentError,
                     LocalIOError, MethodNotAllowedError, NoMemoryError, NotFoundError, OsimageError,
                     PreconditionFailedError, Status, TaskFailedError, TimeoutError, TransportError,
                     UnsupportedError, status_str)
from .list_iterator import ListIterator
from .log import LogLevel, enable_logging
from .resource import DownloadResult, Image, ImportInfo, Member, Resource, Schema, Store, Task
from .stream import ImageStream

__version__ = "0.1.0"


def library_version() -> str:
    """The version of the loaded libosimage, "MAJOR.MINOR.PATCH"."""
    version: bytes = _osimage.osi_version()
    return version.decode()


def library_version_number() -> int:
    """The version of the loaded libosimage as MAJOR * 10000 + MINOR * 100 + PATCH."""
    number: int = _osimage.osi_version_number()
    return number


__all__ = [
    "Connection", "connect", "enable_logging", "exceptions", "ListIterator", "LogLevel", "Status", "status_str",
    "library_version", "library_version_number", "Resource", "Image", "Member", "Task", "Schema", "Store", "ImportInfo", "DownloadResult",
    "ImageStream",
    "OsimageError", "InvalidArgumentError", "NotFoundError", "ConflictError", "AuthError",
    "ForbiddenError", "AmbiguousError", "HttpError", "BadRequestError", "MethodNotAllowedError",
    "PreconditionFailedError", "TransportError", "TimeoutError", "ChecksumError", "AbortedError",
    "TaskFailedError", "UnsupportedError", "NoMemoryError", "ConfigError", "LocalIOError", "InternalError",
]
