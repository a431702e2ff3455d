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

`import osimage` loads nothing but this file: the modules behind each name are imported
when the name is first used, and libosimage.so is loaded by the first C call, which raises
ImportError when the library cannot be found or has the wrong ABI (library_version() is
such a call, for a program that wants to know at once).
"""
from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, List

    from . import exceptions
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

# `import osimage` imports nothing more: each name below is imported from its module the
# first time it is read (PEP 562), as is a submodule (osimage.log, ...), and libosimage is
# loaded by the first C call (_library). A script that imports osimage and does not use it
# (a --help, a branch not taken) pays only for this file.
_MODULES = {
    "Connection": "connection", "connect": "connection", "ListIterator": "list_iterator", "LogLevel": "log",
    "enable_logging": "log", "ImageStream": "stream",
    **dict.fromkeys(["Resource", "Image", "Member", "Task", "Schema", "Store", "ImportInfo", "DownloadResult"],
                    "resource"),
    **dict.fromkeys(["Status", "status_str", "OsimageError", "InvalidArgumentError", "NotFoundError",
                     "ConflictError", "AuthError", "ForbiddenError", "AmbiguousError", "HttpError",
                     "BadRequestError", "MethodNotAllowedError", "PreconditionFailedError", "TransportError",
                     "TimeoutError", "ChecksumError", "AbortedError", "TaskFailedError", "UnsupportedError",
                     "NoMemoryError", "ConfigError", "LocalIOError", "InternalError"], "errors"),
}

# Hidden from type checkers, which see the imports above (and so still flag a misspelt name).
if not TYPE_CHECKING:
    def __getattr__(name: str) -> Any:
        """A public name or a submodule, imported on first use (then an ordinary attribute)."""
        module_name = "%s.%s" % (__name__, _MODULES.get(name, name))
        if not name.startswith("__"):  # a dunder (__wrapped__, ...) is never a module
            try:
                __import__(module_name)  # importlib's import_module(), without importing importlib
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
        module = sys.modules.get(module_name)
        if module is None:
            raise AttributeError("module %r has no attribute %r" % (__name__, name))
        found = getattr(module, name) if name in _MODULES else module
        globals()[name] = found
        return found

    def __dir__() -> List[str]:
        return sorted(set(globals()) | set(_MODULES) | {"exceptions"})


def library_version() -> str:
    """The version of the loaded libosimage, "MAJOR.MINOR.PATCH"."""
    from ._library import osimage  # pylint: disable=import-outside-toplevel
    version: bytes = osimage.osi_version()
    return version.decode()


def library_version_number() -> int:
    """The version of the loaded libosimage as MAJOR * 10000 + MINOR * 100 + PATCH."""
    from ._library import osimage  # pylint: disable=import-outside-toplevel
    number: int = osimage.osi_version_number()
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
